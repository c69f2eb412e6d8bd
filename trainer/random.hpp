// The trainer's random streams: SplitMix64 streams keyed by (seed, purpose, index) and the shuffle,
// over the project's generator and recipes (common/random.hpp). Any backend (the CUDA one included, or
// a reference script) reproduces the same numbers from the same seed; nothing depends on thread count
// or on call order between jobs.
#pragma once

#include <cstdint>
#include <span>

#include "common/random.hpp"

namespace actsearch::trainer {

// The generator and its recipes are the project's (common/random.hpp); the trainer adds the purposes
// of its streams and the shuffle.
using random::bounded;
using random::kGoldenGamma;
using random::normal_at;
using random::SplitMix64;
using random::splitmix64_mix;
using random::stream_bits;
using random::uniform01;

// What a stream is used for. The values are part of the reproducibility contract: never renumber.
enum class Stream : std::uint64_t {
  DatasetSplit = 1,      // permutation that splits the official training set into train/validation
  SyntheticTrain = 2,    // synthetic examples of the train+validation pool
  SyntheticTest = 3,     // synthetic examples of the test set
  SyntheticCentres = 4,  // class centres of Gaussian blobs
  WeightInit = 5,        // index = layer (0 = first hidden layer, hidden count = output layer)
  EpochShuffle = 6,      // index = epoch (0-based)
};

// Key of stream `purpose` number `index` under `seed`: mix(mix(seed + purpose * gamma) + index).
constexpr std::uint64_t stream_key(std::uint64_t seed, Stream purpose, std::uint64_t index = 0) {
  return splitmix64_mix(splitmix64_mix(seed + static_cast<std::uint64_t>(purpose) * kGoldenGamma) + index);
}

// Fisher-Yates with the sequential stream of `key`: for i = n-1 down to 1, j = below(i + 1) (one
// stream output per i), swap(values[i], values[j]).
template <class Index>
void shuffle(std::span<Index> values, std::uint64_t key) {
  SplitMix64 rng(key);
  for (std::size_t i = values.size(); i > 1; --i) {
    const std::size_t j = static_cast<std::size_t>(rng.below(i));
    const Index t = values[i - 1];
    values[i - 1] = values[j];
    values[j] = t;
  }
}

}  // namespace actsearch::trainer
