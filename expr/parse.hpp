// The infix expression language: x, numbers, + - * / ^, unary minus, calls (`max(a, b)`,
// `sigmoid(x)`, AQuaSurF names such as `relu(x)`), named trainable parameters (`beta`,
// `beta=1.5`) and the constant `pi`.
#pragma once

#include <string_view>

#include "common/expected.hpp"
#include "expr/expr.hpp"

namespace actsearch::expr {

struct ParseOptions {
  // Accept x1, x2, ... as template placeholders (space definitions) instead of parameter names.
  bool placeholders = false;
  // Require powi's exponent to be an integer literal. Derivative rules turn this off: there the
  // exponent is an expression of the arguments (b - 1) that becomes a literal once substituted.
  bool literal_powi_exponent = true;
  // Longest accepted input and deepest nesting; longer or deeper input is an error, never a crash.
  std::size_t max_length = 64 * 1024;
  int max_depth = 200;
};

// Parse errors carry the 1-based column in Error::where.column and say what was expected.
Expected<Expr> parse(std::string_view text, const ParseOptions& options = {});

}  // namespace actsearch::expr
