// A small deterministic random generator (xoshiro256** seeded through SplitMix64). Sampling and
// mutation must give the same members on every platform and standard library, so nothing here uses
// the std:: distributions, whose algorithms are implementation-defined.
#pragma once

#include <array>
#include <cstdint>

namespace actsearch::spaces {

class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  std::uint64_t next();
  // Uniform on {0, ..., n-1} by rejection (no modulo bias); n must be positive.
  std::uint64_t below(std::uint64_t n);
  // Uniform on [0, 1) with 53 random bits.
  double uniform();
  // Standard normal by the Box-Muller transform (one value per call, no cached second value, so the
  // stream position depends only on the number of calls).
  double normal();
  // An independent generator for sub-stream `stream`, leaving this one untouched: parallel workers get
  // fork(worker) and their results do not depend on scheduling.
  Rng fork(std::uint64_t stream) const;

 private:
  std::array<std::uint64_t, 4> s_{};
};

}  // namespace actsearch::spaces
