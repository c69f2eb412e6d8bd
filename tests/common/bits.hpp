// Bitwise equality of doubles: "the same result" for determinism tests (NaN equals itself, -0 is not 0).
#pragma once

#include <cstring>

namespace actsearch::testing {

inline bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace actsearch::testing
