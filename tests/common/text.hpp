// Substring checks on error messages and generated code. Shared by every test suite.
#pragma once

#include <cstddef>
#include <string>

namespace actsearch::testing {

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// How many times `what` occurs in `text`, overlapping occurrences included.
inline std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace actsearch::testing
