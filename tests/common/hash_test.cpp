#include "common/hash.hpp"

#include <gtest/gtest.h>

#include <string>

namespace actsearch::hash {
namespace {

TEST(Fnv1a, StandardTestVectors) {
  // FNV-1a 64 with the standard offset basis (test vectors of the FNV reference, fnv.h / test_fnv.c).
  EXPECT_EQ(fnv1a(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fnv1a("b"), 0xaf63df4c8601f1a5ULL);
  EXPECT_EQ(fnv1a("foobar"), 0x85944171f73967e8ULL);
  EXPECT_EQ(kFnv1aOffsetBasis, 0xcbf29ce484222325ULL);
  static_assert(fnv1a("") == kFnv1aOffsetBasis, "usable at compile time");
  // Bytes above 0x7f are taken as unsigned, as the reference does.
  EXPECT_EQ(fnv1a("\xff"), (kFnv1aOffsetBasis ^ 0xffULL) * kFnv1aPrime);
}

TEST(Fnv1a, LegacyBasisIsKept) {
  // Stored fingerprints use the basis with the lost digit: the value must never change.
  EXPECT_EQ(kFnv1aLegacyBasis, 1469598103934665603ULL);
  EXPECT_NE(kFnv1aLegacyBasis, kFnv1aOffsetBasis);
  EXPECT_EQ(fnv1a("", kFnv1aLegacyBasis), 1469598103934665603ULL);
  // The same recurrence from the other basis: h = (h ^ byte) * prime.
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : std::string("0.5;-1.25e+00;nan;")) h = (h ^ c) * 1099511628211ULL;
  EXPECT_EQ(fnv1a("0.5;-1.25e+00;nan;", kFnv1aLegacyBasis), h);
  EXPECT_NE(fnv1a("x", kFnv1aLegacyBasis), fnv1a("x"));
}

TEST(Fnv1a, HexText) {
  EXPECT_EQ(hex16(0), "0000000000000000");
  EXPECT_EQ(hex16(0xabcULL), "0000000000000abc");
  EXPECT_EQ(hex16(0xffffffffffffffffULL), "ffffffffffffffff");
  EXPECT_EQ(fnv1a_hex(""), "cbf29ce484222325");
  EXPECT_EQ(fnv1a_hex("foobar"), "85944171f73967e8");
}

}  // namespace
}  // namespace actsearch::hash
