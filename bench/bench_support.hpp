// What every benchmark program does with a library call that fails: print the error and exit, since a
// figure taken after a failed step would be meaningless.
#pragma once

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "common/expected.hpp"

namespace actsearch::bench {

template <class T>
T check(Expected<T> result, const char* what) {
  if (!result) {
    fmt::print(stderr, "{}: {}\n", what, result.error().describe());
    std::exit(1);
  }
  return std::move(*result);
}

inline void check(const Expected<void>& result, const char* what) {
  if (!result) {
    fmt::print(stderr, "{}: {}\n", what, result.error().describe());
    std::exit(1);
  }
}

}  // namespace actsearch::bench
