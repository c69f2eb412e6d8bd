// The trainer's only source of randomness: SplitMix64 streams keyed by (seed, purpose, index), plus
// the exact recipes that turn their bits into uniforms, normals, bounded integers and permutations.
// Everything is integer arithmetic or a few double-precision libm calls, so any backend (the CUDA one
// included, or a reference script) reproduces the same numbers from the same seed; nothing depends on
// the standard library's implementation-defined distributions, on thread count or on call order
// between jobs.
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>
#include <span>

namespace actsearch::trainer {

inline constexpr std::uint64_t kGoldenGamma = 0x9e3779b97f4a7c15ULL;

// The SplitMix64 output function (Steele, Lea & Flood 2014).
constexpr std::uint64_t splitmix64_mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

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

// Output number i (0-based) of the SplitMix64 generator whose state starts at `key`:
// mix(key + (i + 1) * gamma). Random access makes parallel generation trivial.
constexpr std::uint64_t stream_bits(std::uint64_t key, std::uint64_t i) {
  return splitmix64_mix(key + (i + 1) * kGoldenGamma);
}

// Sequential view of the same stream: the n-th call of next() returns stream_bits(key, n).
class SplitMix64 {
 public:
  explicit constexpr SplitMix64(std::uint64_t key) : state_(key) {}
  constexpr std::uint64_t next() {
    state_ += kGoldenGamma;
    return splitmix64_mix(state_);
  }
  double uniform();                      // [0, 1)
  std::uint64_t below(std::uint64_t n);  // [0, n)

 private:
  std::uint64_t state_;
};

// The top 53 bits as a double in [0, 1).
constexpr double uniform01(std::uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

// floor(bits * n / 2^64): an integer in [0, n) (Lemire's multiply-shift without rejection; the bias
// is below n / 2^64, immaterial for any data set). The high half of the 128-bit product is built
// from 32-bit halves so that every compiler and device computes it the same way.
constexpr std::uint64_t bounded(std::uint64_t bits, std::uint64_t n) {
  const std::uint64_t a_lo = bits & 0xffffffffULL, a_hi = bits >> 32;
  const std::uint64_t b_lo = n & 0xffffffffULL, b_hi = n >> 32;
  const std::uint64_t lo_lo = a_lo * b_lo, hi_lo = a_hi * b_lo, lo_hi = a_lo * b_hi, hi_hi = a_hi * b_hi;
  const std::uint64_t middle = (lo_lo >> 32) + (hi_lo & 0xffffffffULL) + lo_hi;
  return hi_hi + (hi_lo >> 32) + (middle >> 32);
}

inline double SplitMix64::uniform() { return uniform01(next()); }
inline std::uint64_t SplitMix64::below(std::uint64_t n) { return bounded(next(), n); }

// Standard normal number i of stream `key` (Box-Muller, cosine branch):
//   u1 = uniform01(stream_bits(key, 2i)), u2 = uniform01(stream_bits(key, 2i + 1)),
//   z = sqrt(-2 log(1 - u1)) * cos(2 pi u2), computed in double precision.
inline double normal_at(std::uint64_t key, std::uint64_t i) {
  const double u1 = uniform01(stream_bits(key, 2 * i));
  const double u2 = uniform01(stream_bits(key, 2 * i + 1));
  return std::sqrt(-2.0 * std::log1p(-u1)) * std::cos(2.0 * std::numbers::pi * u2);
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
