// The functional fingerprint: values on a fixed probe set, rounded (7 significant digits, 1e-9 absolute) and
// hashed. Equal functions (x*sigmoid(x), x/(1+exp(-x)), silu(x)) get equal fingerprints; the
// parameter dependence is part of it (each parameter is also probed away from its initial value).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "expr/expr.hpp"
#include "expr/program.hpp"

namespace actsearch::expr {

struct Fingerprint {
  std::uint64_t hash = 0;
  bool finite = true;       // every probe value was finite
  bool constant = false;    // the same value at every probe point (not a usable activation)
  std::string hex() const;  // 16 hex digits
  friend bool operator==(const Fingerprint&, const Fingerprint&) = default;
};

// The probe points (sorted, in [-5, 5]).
std::span<const double> fingerprint_points();

Fingerprint fingerprint(const Expr& e);
// The same from an already compiled program (its value output; derivatives, if compiled, are unused).
Fingerprint fingerprint(const Program& program);

// The rounded values the fingerprint hashes, for psi(x) = ±phi(±x) computed from phi's program (both
// false: phi itself, fingerprint(program).hash = FNV-1a of this text). Used by the equivalence key.
std::string fingerprint_text(const Program& program, bool negate_input, bool negate_output);

}  // namespace actsearch::expr
