// Internal: expression templates of the primitive table (derivative rules, expansions), written over
// the arguments `a` and `b`.
#pragma once

#include <span>
#include <string_view>

#include "expr/expr.hpp"

namespace actsearch::expr {

// Parses a template of the table; a template that does not parse is a defect of the table.
Expr parse_row_template(std::string_view row, std::string_view text);

// The template with `a` and `b` replaced by the arguments.
Expr instantiate_row_template(const Expr& rule, std::span<const Expr> args);

}  // namespace actsearch::expr
