// The canonical simplifier: constant folding, identities, like-term and like-factor collection,
// commutative ordering and sign normalisation. Equal inputs up to these rules give the identical
// (structurally equal) output, so the printed canonical form and the structural hash identify a
// candidate. Simplification never changes the function wherever it is finite.
#pragma once

#include "expr/expr.hpp"

namespace actsearch::expr {

Expr simplify(const Expr& e);

}  // namespace actsearch::expr
