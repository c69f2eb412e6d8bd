// Internal: filling the primitive table's spelling templates.
#pragma once

#include <string>
#include <string_view>

namespace actsearch::expr {

// Replaces {0} and {1} in a spelling template by the argument texts.
std::string fill_spelling(std::string_view pattern, const std::string& a, const std::string& b);

}  // namespace actsearch::expr
