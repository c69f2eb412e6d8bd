// The generator that sampling and mutation draw from: the project's xoshiro256** (common/random.hpp).
// Sampling and mutation must give the same members on every platform and standard library, so nothing
// here uses the std:: distributions, whose algorithms are implementation-defined.
#pragma once

#include "common/random.hpp"

namespace actsearch::spaces {

using Rng = random::Xoshiro256;

}  // namespace actsearch::spaces
