// Stability probes: what a candidate's shape says about trainability before any training. All
// expectations are over z ~ N(0, 1) with trainable parameters at their initial values; nothing here
// throws or crashes on non-finite values, which become NaN/inf probe values and fail their bounds.
//
//   mean                    E[phi(z)]
//   second_moment           E[phi(z)^2]   (SELU's fixed point: mean 0, second moment 1)
//   mean_slope              E[phi'(z)]
//   slope_second_moment     E[phi'(z)^2]  (about 1 at the edge of chaos / dynamical isometry)
//   dead_fraction           P(|phi'(z)| < dead_threshold), from a fine grid of cells on [-9, 9] each
//                           weighted by its exact normal mass (ReLU: 0.5 up to 1e-19)
//   max_slope               sup |phi'| on a grid over [-50, 50] (+inf where phi' is not finite)
//   curvature_sign_changes  sign changes of phi'' on a grid over [-10, 10]; phi'' is the symbolic second
//                           derivative by the table's rules (kinks contribute nothing, as in training);
//                           values below 1e-8 of the largest |phi''| on the grid count as zero
//   non_finite              grid points on [-50, 50] where phi or phi' is not finite (poles, overflow)
//   near_linearity          R^2 of the best affine fit of phi(z): Cov(z, phi)^2 / Var(phi); 1 = affine
//                           (a constant function counts as affine: 1)
//   forward_variance_ratio  mean squared pre-activation after the last layer / after the first layer of
//   gradient_norm_ratio     a deep random network at init, and squared gradient norm at the first layer /
//                           at the last (backpropagating a standard normal vector). The network: width
//                           propagation_width, propagation_layers fully connected layers without biases,
//                           propagation_batch N(0, 1) input vectors; weights drawn from propagation_seed
//                           by a fixed generator, the same for every candidate: N(0, 1 / fan_in) in the
//                           first layer, N(0, sigma_w^2 / fan_in) after it with sigma_w^2 = 1 / E[phi(z)^2].
//                           That init keeps unit variance a fixed point for every phi, so the ratios
//                           compare functions, not how well each suits one fixed init such as He's
//                           (docs/PROBES.md derives it).
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/expected.hpp"
#include "expr/expr.hpp"
#include "expr/program.hpp"

namespace actsearch::probes {

struct ProbeOptions {
  // Expectations use composite Gauss-Legendre panels of panel_width on [-quadrature_range, range],
  // weighted by the normal density, not Gauss-Hermite: Gauss-Hermite converges only like 1/n for a
  // function with a kink (E[relu(z)] is off by 2.6e-3 with 64 nodes, 8e-4 with 200), and most
  // activations have one at 0. Panel edges fall on multiples of panel_width, so the kinks of the
  // table's piecewise rows (0, +-3, 6) are integrated exactly.
  int quadrature_points = 8;  // Gauss-Legendre nodes per panel
  double panel_width = 0.25;
  double quadrature_range = 12;  // the normal mass beyond is 4e-33
  int dead_cells = 18000;        // cells on [-9, 9]
  double dead_threshold = 1e-10;
  int wide_grid_points = 10001;      // on [-50, 50]: max_slope, non_finite
  int curvature_grid_points = 2001;  // on [-10, 10]
  int propagation_layers = 50;
  int propagation_width = 128;
  int propagation_batch = 8;
  double propagation_weight_variance = 0;  // sigma_w^2 after the first layer; 0 = 1 / E[phi(z)^2] (He: 2)
  std::uint64_t propagation_seed = 0;
};

using ProbeValues = std::vector<std::pair<std::string, double>>;  // in probe_names() order

// The probe names in their fixed order (stable API: databases and configs use them).
std::span<const std::string_view> probe_names();

// Probes of a canonical (simplified) expression.
ProbeValues compute_probes(const expr::Expr& canonical, const ProbeOptions& options = {});
// The same from the compiled canonical expression (it must have been compiled with derivatives).
ProbeValues compute_probes(const expr::Program& program, const ProbeOptions& options = {});

// The value of one probe, NaN if absent.
double probe_value(const ProbeValues& values, std::string_view name);

struct ProbeBound {
  std::string probe;
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
};

struct ProbeBounds {
  std::vector<ProbeBound> bounds;
  // The default bounds reject only clearly broken candidates; no known activation but identity fails
  // them (see probes.cpp for the reason behind each).
  static ProbeBounds defaults();
};

// A probe value or bound as reasons and errors print it: four significant digits.
std::string format_probe_value(double v);

// Why the values fail the bounds, one reason per violated bound, e.g. "dead_fraction=0.97 > max 0.95";
// empty when they pass. A non-finite value fails its bound whatever the limits; a bounded probe missing
// from the values fails too.
std::vector<std::string> check_probes(const ProbeValues& values, const ProbeBounds& bounds);

// Quadrature rules, exposed for tests and other expectation computations.
struct QuadratureRule {
  std::vector<double> nodes;
  std::vector<double> weights;
};
// Probabilists' Gauss-Hermite: exact for E[p(z)], z ~ N(0, 1), p of degree < 2n; weights sum to 1.
QuadratureRule gauss_hermite(int n);
// Gauss-Legendre on [-1, 1]; weights sum to 2.
QuadratureRule gauss_legendre(int n);
// The rule compute_probes and the likeness measure use for E over N(0, 1) (see ProbeOptions).
QuadratureRule normal_rule(const ProbeOptions& options = {});

}  // namespace actsearch::probes
