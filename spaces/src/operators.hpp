// Resolving operator names (table rows, named templates, user-written templates) to bodies over x1/x2.
#pragma once

#include <string>

#include "common/expected.hpp"
#include "expr/expr.hpp"

namespace actsearch::spaces::detail {

// The body of the named operator with the given arity (1 = over x1, 2 = over x1 and x2).
// Errors say why (unknown name, wrong arity, excluded row) without a location.
Expected<expr::Expr> resolve_operator(const std::string& name, int arity);
// A user-written template; it may use x1 (and x2 when arity is 2) but not x.
Expected<expr::Expr> parse_operator(const std::string& text, int arity);

}  // namespace actsearch::spaces::detail
