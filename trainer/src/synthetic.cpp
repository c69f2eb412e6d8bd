// Small seeded synthetic data sets for fast tests and smoke runs.
#include <cmath>
#include <numbers>

#include "trainer/dataset.hpp"
#include "trainer/random.hpp"

namespace actsearch::trainer {
// Example i: class = i % 2; t = uniform in [0, 1); radius 0.1 + t, angle 2 pi turns t plus pi for
// class 1; then normal noise of sd `noise` on each coordinate.
Split make_two_spirals(std::size_t count, double noise, double turns, std::uint64_t key) {
  SplitMix64 rng(key);
  Split out;
  out.size = count;
  out.features.resize(2 * count);
  out.labels.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    const int label = static_cast<int>(i % 2);
    const double t = rng.uniform();
    const double radius = 0.1 + t;
    const double angle = 2.0 * std::numbers::pi * turns * t + (label == 1 ? std::numbers::pi : 0.0);
    const double dx = noise * rng.normal();
    const double dy = noise * rng.normal();
    out.features[2 * i] = static_cast<float>(radius * std::cos(angle) + dx);
    out.features[2 * i + 1] = static_cast<float>(radius * std::sin(angle) + dy);
    out.labels[i] = label;
  }
  return out;
}

// Class centres: `separation` times standard normals from stream_key(seed, SyntheticCentres) (shared
// by the pool and the test set); example i has class i % classes and is its centre plus normal noise
// of sd `noise`.
Split make_gaussian_blobs(std::size_t count, int classes, int features, double noise, double separation,
                          std::uint64_t seed, std::uint64_t key) {
  const auto nf = static_cast<std::size_t>(features);
  std::vector<double> centres(static_cast<std::size_t>(classes) * nf);
  SplitMix64 centre_rng(stream_key(seed, Stream::SyntheticCentres));
  for (double& c : centres) c = separation * centre_rng.normal();

  SplitMix64 rng(key);
  Split out;
  out.size = count;
  out.features.resize(count * nf);
  out.labels.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto label = static_cast<std::size_t>(i % static_cast<std::size_t>(classes));
    for (std::size_t f = 0; f < nf; ++f) {
      out.features[i * nf + f] = static_cast<float>(centres[label * nf + f] + noise * rng.normal());
    }
    out.labels[i] = static_cast<std::int32_t>(label);
  }
  return out;
}

}  // namespace actsearch::trainer
