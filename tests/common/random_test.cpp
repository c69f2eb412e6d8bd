#include "common/random.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <vector>

namespace actsearch::random {
namespace {

// Known answers. Stored results depend on these streams bit for bit, so the values below were printed
// by the generators as they stood before they moved to common/ (spaces' Rng, the trainer's SplitMix64
// recipes, the probes' weight stream), in the order each call is made here.
struct XoshiroCase {
  std::uint64_t seed;
  std::uint64_t next[3];
  std::uint64_t below7, below_1e12;
  double uniform, normal1, normal2;
  std::uint64_t fork3[2];
  std::uint64_t fork4_first;
  std::uint64_t next_after_forks;
};
const XoshiroCase kXoshiro[] = {
    {0ULL,
     {11091344671253066420ULL, 13793997310169335082ULL, 1900383378846508768ULL},
     3,
     990117723737ULL,
     0x1.ffdf06ebb3d79p-1,
     -0x1.0570903b6c74p+0,
     0x1.b78508f2ca9d2p+0,
     {11219382122227688490ULL, 1965625943038723052ULL},
     2837541010294867163ULL,
     2108416074180405844ULL},
    {1ULL,
     {12966619160104079557ULL, 9600361134598540522ULL, 10590380919521690900ULL},
     6,
     823995680371ULL,
     0x1.260918937fedp-3,
     -0x1.2092bdfed5791p-2,
     -0x1.e7755e0a9a28ap+0,
     {7693906218909878227ULL, 11144287660116630504ULL},
     16290088423878751853ULL,
     17202925169076741841ULL},
    {42ULL,
     {1546998764402558742ULL, 6990951692964543102ULL, 12544586762248559009ULL},
     4,
     978065317476ULL,
     0x1.8a1b4a6202f2ap-1,
     0x1.dfb989fa22575p-1,
     -0x1.77492ea9c737dp+0,
     {6664040818628415941ULL, 10396617482852728981ULL},
     9652201524614866005ULL,
     12589033428110817649ULL},
    {18446744073709551615ULL,
     {10328197420357168392ULL, 14156678507024973869ULL, 9357971779955476126ULL},
     6,
     26814718762ULL,
     0x1.76a6bd2728374p-1,
     0x1.b4f2578e69cb1p-4,
     -0x1.0e9b63991d9f5p+0,
     {1995255840348573378ULL, 12555847633389518068ULL},
     6601378009997705080ULL,
     4742038592102647401ULL},
};

// The probes' random network: SplitMix64 from the seed, normals with log(1 - u1); inputs from the
// seed xor 0xD1B54A32D192ED03.
struct ProbeCase {
  std::uint64_t seed;
  double weights[3];
  double first_input;
};
const ProbeCase kProbes[] = {
    {0ULL, {-0x1.e247d108691cfp+0, 0x1.d2241bf902964p-3, -0x1.c581393a15295p-3}, -0x1.341d7dba8a63p-1},
    {1ULL, {-0x1.18b7c84d5c3b6p-5, -0x1.4002362ce87bdp+1, 0x1.674facc896de5p-4}, -0x1.9d0fe4f0f7d1dp-1},
    {42ULL, {0x1.c3b620ee5015bp-1, -0x1.cdab96fe79013p-2, 0x1.81bf069d25a44p-3}, 0x1.a5d2cfa6cd649p-3},
    {18446744073709551615ULL, {0x1.ce90bb8312787p+0, -0x1.426a096ddcd5ep-1, 0x1.6a04ddde69877p-1}, 0x1.036d9f38f37ep+0},
};

// The trainer's recipes: stream_key(seed, WeightInit = 5, 2) spelled out, normal_at, stream_bits, the
// sequential stream, bounded and uniform draws.
struct TrainerCase {
  std::uint64_t seed;
  std::uint64_t weight_key;
  double normal0, normal5;
  std::uint64_t bits3, first, second;
  std::uint64_t below1000;
  double uniform;
};
const TrainerCase kTrainer[] = {
    {0ULL, 7125943816384881502ULL, -0x1.e247d108691cfp+0, 0x1.1d280f2433e9ep-4, 17909611376780542444ULL,
     16294208416658607535ULL, 7960286522194355700ULL, 883, 0x1.c4415072f63b9p-1},
    {1ULL, 15948758444940452120ULL, -0x1.18b7c84d5c3b6p-5, -0x1.9ad5854bf4fecp-1, 8196980753821780235ULL,
     10451216379200822465ULL, 13757245211066428519ULL, 566, 0x1.22145bd91204bp-1},
    {42ULL, 4986198969006086013ULL, 0x1.c3b620ee5015bp-1, -0x1.5a61e05392f97p-1, 6349198060258255764ULL,
     13679457532755275413ULL, 2949826092126892291ULL, 741, 0x1.7bae644c5fd6dp-1},
    {18446744073709551615ULL, 5096661544734186257ULL, 0x1.ce90bb8312787p+0, 0x1.e572453a1d55bp-5,
     7862637804313477842ULL, 16490336266968443936ULL, 16834447057089888969ULL, 893, 0x1.c9b2e2ee36ca5p-1},
};

TEST(SplitMix64, MatchesTheReferenceImplementation) {
  // Outputs of Vigna's splitmix64.c for the seed 1234567 (its widely reproduced test values).
  SplitMix64 rng(1234567);
  for (std::uint64_t expected : {6457827717110365317ULL, 3203168211198807973ULL, 9817491932198370423ULL,
                                 4593380528125082431ULL, 16408922859458223821ULL}) {
    EXPECT_EQ(rng.next(), expected);
  }
  static_assert(SplitMix64(0).next() == 0xe220a8397b1dcdafULL, "first output for the seed 0");
}

TEST(SplitMix64, StoredStreamsAreUnchanged) {
  for (const auto& c : kTrainer) {
    SCOPED_TRACE(c.seed);
    EXPECT_EQ(splitmix64_mix(splitmix64_mix(c.seed + 5 * kGoldenGamma) + 2), c.weight_key);
    EXPECT_EQ(normal_at(c.seed, 0), c.normal0);
    EXPECT_EQ(normal_at(c.seed, 5), c.normal5);
    EXPECT_EQ(stream_bits(c.seed, 3), c.bits3);
    SplitMix64 rng(c.seed);
    EXPECT_EQ(rng.next(), c.first);
    EXPECT_EQ(rng.next(), c.second);
    EXPECT_EQ(SplitMix64(c.seed).below(1000), c.below1000);
    EXPECT_EQ(SplitMix64(c.seed).uniform(), c.uniform);
  }
  for (const auto& c : kProbes) {
    SCOPED_TRACE(c.seed);
    SplitMix64 weights(c.seed);
    for (double expected : c.weights) EXPECT_EQ(weights.normal(LogForm::LogOfComplement), expected);
    EXPECT_EQ(SplitMix64(c.seed ^ 0xD1B54A32D192ED03ULL).normal(LogForm::LogOfComplement), c.first_input);
  }
}

TEST(SplitMix64, RandomAccessEqualsSequential) {
  for (std::uint64_t key : {0ULL, 99ULL, 0x8000000000000000ULL}) {
    SplitMix64 rng(key);
    for (std::uint64_t i = 0; i < 64; ++i) EXPECT_EQ(rng.next(), stream_bits(key, i));
    // normal_at(key, i) is the i-th log1p normal of the sequential stream.
    SplitMix64 normals(key);
    for (std::uint64_t i = 0; i < 16; ++i) EXPECT_EQ(normals.normal(), normal_at(key, i));
  }
}

TEST(Xoshiro256, StoredStreamsAreUnchanged) {
  for (const auto& c : kXoshiro) {
    SCOPED_TRACE(c.seed);
    Xoshiro256 rng(c.seed);
    for (std::uint64_t expected : c.next) EXPECT_EQ(rng.next(), expected);
    EXPECT_EQ(rng.below(7), c.below7);
    EXPECT_EQ(rng.below(1'000'000'000'000ULL), c.below_1e12);
    EXPECT_EQ(rng.uniform(), c.uniform);
    EXPECT_EQ(rng.normal(), c.normal1);
    EXPECT_EQ(rng.normal(), c.normal2);
    Xoshiro256 fork = rng.fork(3);
    EXPECT_EQ(fork.next(), c.fork3[0]);
    EXPECT_EQ(fork.next(), c.fork3[1]);
    EXPECT_EQ(rng.fork(4).next(), c.fork4_first);
    EXPECT_EQ(rng.next(), c.next_after_forks);
  }
}

TEST(Xoshiro256, ForksAreReproducibleAndIndependent) {
  Xoshiro256 parent(2026);
  const Xoshiro256 snapshot = parent;
  Xoshiro256 a = parent.fork(1), a_again = parent.fork(1), b = parent.fork(2);
  // Forking leaves the parent where it was.
  Xoshiro256 untouched = snapshot;
  EXPECT_EQ(parent.next(), untouched.next());
  // The same stream number gives the same stream; different numbers and the parent differ.
  const int n = 20000;
  std::vector<double> ua, ub, up;
  std::set<std::uint64_t> seen;
  for (int i = 0; i < n; ++i) {
    const std::uint64_t x = a.next();
    EXPECT_EQ(x, a_again.next());
    const std::uint64_t y = b.next();
    const std::uint64_t z = parent.next();
    seen.insert(x);
    seen.insert(y);
    seen.insert(z);
    ua.push_back(uniform01(x));
    ub.push_back(uniform01(y));
    up.push_back(uniform01(z));
  }
  EXPECT_EQ(seen.size(), 3u * n);  // no output shared between the three streams
  // Sample correlations of independent uniforms have standard deviation 1/sqrt(n) = 0.007.
  auto correlation = [&](const std::vector<double>& p, const std::vector<double>& q) {
    double mp = 0, mq = 0;
    for (int i = 0; i < n; ++i) {
      mp += p[i] / n;
      mq += q[i] / n;
    }
    double spq = 0, spp = 0, sqq = 0;
    for (int i = 0; i < n; ++i) {
      spq += (p[i] - mp) * (q[i] - mq);
      spp += (p[i] - mp) * (p[i] - mp);
      sqq += (q[i] - mq) * (q[i] - mq);
    }
    return spq / std::sqrt(spp * sqq);
  };
  EXPECT_LT(std::abs(correlation(ua, ub)), 0.035);
  EXPECT_LT(std::abs(correlation(ua, up)), 0.035);
  EXPECT_LT(std::abs(correlation(ub, up)), 0.035);
  // Nearby stream numbers and seeds do not give shifted copies of one stream.
  Xoshiro256 c = snapshot.fork(3);
  const std::uint64_t c0 = c.next();
  Xoshiro256 a2 = snapshot.fork(1), b2 = snapshot.fork(2);
  for (int i = 0; i < 100; ++i) {
    EXPECT_NE(a2.next(), c0);
    EXPECT_NE(b2.next(), c0);
  }
}

TEST(Distributions, BoundsAndMoments) {
  EXPECT_EQ(bounded(0, 10), 0u);
  EXPECT_EQ(bounded(0x8000000000000000ULL, 10), 5u);
  EXPECT_EQ(bounded(std::numeric_limits<std::uint64_t>::max(), 10), 9u);
  EXPECT_EQ(bounded(std::numeric_limits<std::uint64_t>::max(), std::numeric_limits<std::uint64_t>::max()),
            std::numeric_limits<std::uint64_t>::max() - 1);
  EXPECT_EQ(uniform01(0), 0.0);
  EXPECT_EQ(uniform01(std::numeric_limits<std::uint64_t>::max()), 1.0 - 0x1.0p-53);
  EXPECT_EQ(Xoshiro256(5).below(1), 0u);
  EXPECT_EQ(Xoshiro256(5).below(0), 0u);

  // Both spellings of the Box-Muller logarithm give standard normals and agree to a few ulps.
  SplitMix64 rng(11);
  Xoshiro256 xo(11);
  const int n = 200000;
  double sum = 0, sum2 = 0, xsum = 0, xsum2 = 0;
  std::vector<int> counts(7, 0);
  for (int i = 0; i < n; ++i) {
    const double u1 = rng.uniform(), u2 = rng.uniform();
    const double z = box_muller(u1, u2, LogForm::Log1p);
    const double w = box_muller(u1, u2, LogForm::LogOfComplement);
    ASSERT_NEAR(z, w, 1e-14 * (1 + std::abs(z)));
    sum += z;
    sum2 += z * z;
    const double x = xo.normal();
    xsum += x;
    xsum2 += x * x;
    ++counts[xo.below(7)];
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01);  // standard error 0.0022
  EXPECT_NEAR(sum2 / n, 1.0, 0.015);
  EXPECT_NEAR(xsum / n, 0.0, 0.01);
  EXPECT_NEAR(xsum2 / n, 1.0, 0.015);
  // below(7) without bias: chi-square with 6 degrees of freedom stays below 22.5 (p = 0.001).
  double chi2 = 0;
  for (int c : counts) chi2 += (c - n / 7.0) * (c - n / 7.0) / (n / 7.0);
  EXPECT_LT(chi2, 22.5);
}

}  // namespace
}  // namespace actsearch::random
