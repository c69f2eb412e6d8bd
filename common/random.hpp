// The project's one source of random numbers: SplitMix64 (Steele, Lea & Flood 2014) as a keyed,
// randomly addressable stream, xoshiro256** (Blackman & Vigna 2018) seeded through it for long
// sequential draws, and the exact recipes that turn their bits into uniforms, bounded integers and
// normals. Everything is integer arithmetic or a few double-precision libm calls, so every platform,
// standard library, device and reference script reproduces the same numbers from the same seed; the
// std:: distributions are never used because their algorithms are implementation-defined.
//
// Stored results (trained weights, sampled space members, probe values) depend on every recipe here
// bit for bit: a change is a change of every database's contents, not a refactoring.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>

namespace actsearch::random {

// 2^64 / golden ratio, SplitMix64's state increment.
inline constexpr std::uint64_t kGoldenGamma = 0x9e3779b97f4a7c15ULL;

// The SplitMix64 output function: a bijective mix of all 64 bits.
constexpr std::uint64_t splitmix64_mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Output number i (0-based) of the SplitMix64 generator whose state starts at `key`:
// mix(key + (i + 1) * gamma). Random access makes parallel generation trivial.
constexpr std::uint64_t stream_bits(std::uint64_t key, std::uint64_t i) {
  return splitmix64_mix(key + (i + 1) * kGoldenGamma);
}

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

// How ln(1 - u1) is spelled in the Box-Muller transform. Mathematically the same, the two differ in
// the last bit for roughly a third of the inputs with glibc's libm, and stored results depend on each:
//   Log1p:           log1p(-u1): the trainer's weights and synthetic data sets (reproduced by the CUDA
//                    backend and bench/trainer_vs_pytorch.py).
//   LogOfComplement: log(1 - u1): space sampling (Xoshiro256::normal) and the probes' random network.
enum class LogForm { Log1p, LogOfComplement };

// A standard normal from two uniforms on [0, 1) (the cosine branch of Box-Muller; the sine branch is
// not kept, so a stream's position depends only on the number of draws):
//   z = sqrt(-2 ln(1 - u1)) * cos(2 pi u2), in double precision.
inline double box_muller(double u1, double u2, LogForm form = LogForm::Log1p) {
  const double log_complement = form == LogForm::Log1p ? std::log1p(-u1) : std::log(1.0 - u1);
  return std::sqrt(-2.0 * log_complement) * std::cos(2.0 * std::numbers::pi * u2);
}

// Standard normal number i of stream `key`: box_muller(uniform01(stream_bits(key, 2i)),
// uniform01(stream_bits(key, 2i + 1))) with log1p.
inline double normal_at(std::uint64_t key, std::uint64_t i) {
  return box_muller(uniform01(stream_bits(key, 2 * i)), uniform01(stream_bits(key, 2 * i + 1)));
}

// Sequential view of a SplitMix64 stream: the n-th call of next() returns stream_bits(key, n).
class SplitMix64 {
 public:
  explicit constexpr SplitMix64(std::uint64_t key) : state_(key) {}
  constexpr std::uint64_t next() {
    state_ += kGoldenGamma;
    return splitmix64_mix(state_);
  }
  double uniform() { return uniform01(next()); }                       // [0, 1)
  std::uint64_t below(std::uint64_t n) { return bounded(next(), n); }  // [0, n)
  // Two consecutive uniforms through box_muller: the first is u1, the second u2.
  double normal(LogForm form = LogForm::Log1p) {
    const double u1 = uniform();
    const double u2 = uniform();
    return box_muller(u1, u2, form);
  }

 private:
  std::uint64_t state_;
};

// xoshiro256** with its state filled by SplitMix64 from the seed (any seed, 0 included, gives the
// nonzero state xoshiro requires). For long sequential draws where parallel work forks sub-streams.
class Xoshiro256 {
 public:
  explicit Xoshiro256(std::uint64_t seed) {
    SplitMix64 fill(seed);
    for (auto& word : s_) word = fill.next();
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform on {0, ..., n-1} by rejection (no modulo bias); n <= 1 gives 0.
  std::uint64_t below(std::uint64_t n) {
    if (n <= 1) return 0;
    // Values below 2^64 mod n would make the low residues more likely; reject them.
    const std::uint64_t threshold = (0 - n) % n;
    for (;;) {
      const std::uint64_t r = next();
      if (r >= threshold) return r % n;
    }
  }
  // Uniform on [0, 1) with 53 random bits.
  double uniform() { return uniform01(next()); }
  // Standard normal: box_muller with log(1 - u1), u1 drawn first.
  double normal() {
    const double u1 = uniform();
    const double u2 = uniform();
    return box_muller(u1, u2, LogForm::LogOfComplement);
  }
  // An independent generator for sub-stream `stream`, leaving this one untouched: parallel workers get
  // fork(worker) and their results do not depend on scheduling.
  Xoshiro256 fork(std::uint64_t stream) const {
    const std::uint64_t mix = s_[0] ^ rotl(s_[1], 13) ^ rotl(s_[2], 29) ^ rotl(s_[3], 47);
    return Xoshiro256(mix ^ SplitMix64(stream).next());
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> s_{};
};

}  // namespace actsearch::random
