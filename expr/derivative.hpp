// Symbolic differentiation by the derivative rules of the primitive table, simplified.
#pragma once

#include <string_view>
#include <vector>

#include "expr/expr.hpp"

namespace actsearch::expr {

// d e / d x.
Expr derivative_x(const Expr& e);
// d e / d (parameter `name`).
Expr derivative_param(const Expr& e, std::string_view name);

// The derivatives a training step needs: d/dx, then d/d(theta_k) for each parameter in the order
// of parameters(e).
struct Derivatives {
  Expr dx;
  std::vector<Expr> dparams;
};
Derivatives derivatives(const Expr& e);

}  // namespace actsearch::expr
