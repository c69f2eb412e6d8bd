// Likeness of shapes: d(f -> g) = min over c in ±[1/2, 2] and a, b of RMS(a f(c z) + b - g(z)) / SD(g(z)),
// z ~ N(0, 1). Neighbouring linear layers absorb a, b and c (the sign of c too: flipping the previous
// layer's weights reflects the input, expr/equivalence.hpp), so this compares shapes, not
// parameterisations: 0 means f can stand in for g exactly (d(x*sigmoid(-x) -> swish) = 0), 1 means f
// explains nothing of g.
#pragma once

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "expr/expr.hpp"
#include "expr/program.hpp"

namespace actsearch::probes {

// For each c the best a, b are the weighted least-squares fit (closed form) under the normal rule of
// probes.hpp; for each sign, |c| is searched on a 33-point grid uniform in log |c|, then refined by golden
// section on log |c| around the best grid point; the better sign wins. Deterministic. NaN when f or g is not finite on
// the rule's nodes or g is constant. Trainable parameters are at their initial values.
double likeness_distance(const expr::Expr& f, const expr::Expr& g);

struct Likeness {
  std::string nearest;  // the known activation with the smallest distance ("" if none is finite)
  double distance = 0;
  std::vector<std::pair<std::string, double>> all;  // d(f -> known) for every known activation, in table order
};

// Against expr::known_activations(). `identity` is listed in `all` but never chosen as nearest: every
// nearly linear candidate would be labelled with it, and near-linearity has its own probe. A function
// equal to a known activation gets that name at distance 0.
Likeness likeness_to_known(const expr::Expr& f);
// The same from f compiled (simplified first); the known activations are compiled once per process.
// theta: f's trainable constants (empty: their initial values), e.g. what training learned.
Likeness likeness_to_known(const expr::Program& f, std::span<const double> theta = {});

}  // namespace actsearch::probes
