// Features of a function that need no training: what the surrogate models regress fitness on.
//
// shape    phi and phi' at K fixed N(0, 1) quantiles z_i = Phi^-1((i + 1/2) / K) (a grid symmetric about
//          0), from one float32 run of the block evaluator at z_i and z_i +- 1/128 (phi' by central
//          differences: compiling the symbolic derivative would cost 25 times more), normalised against the affine maps
//          the neighbouring layers absorb: phi~ = (phi - m) / s with m, s the mean and standard deviation of phi over
//          the quantiles (so E, Var under N(0, 1) up to the grid), phi~' = phi' / s, compressed by asinh. Made
//          invariant to the exact symmetries phi -> -phi and phi(x) -> phi(-x) by a canonical choice among the four
//          transforms +-phi(+-x): the sign of phi makes the first non-negligible even moment E[phi~ He_k(z)] (k = 2, 4,
//          6) positive, then the sign of x makes the first non-negligible odd one (k = 1, 3, 5) positive. (On the
//          symmetric grid x -> -x reverses the arrays, so every transform is exact.)
// moments  probe-like statistics on the same grid, unnormalised (the scale at initialisation matters for
//          signal propagation): log E[phi^2], |E phi| / sqrt(E phi^2), log E[phi'^2], |E phi'| /
//          sqrt(E phi'^2), log of the per-layer gain E[phi'^2] / E[phi^2], the share of quantiles with
//          |phi'| < 1e-6 (dead fraction), the R^2 of the best affine fit, and the number of trainable
//          parameters. Each is invariant to the same symmetries.
//
// Trainable parameters are at their initial values. A function that is constant or not finite on the
// grid has no features; one that is not finite at the wide check points has max_abs_slope = inf.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "expr/expr.hpp"

namespace actsearch::surrogate {

enum class FeatureSet { Shape, Moments, ShapeAndMoments };
std::span<const FeatureSet> all_feature_sets();
std::string_view to_string(FeatureSet set);

inline constexpr int kQuantiles = 24;  // grid points (even: the grid is symmetric about 0)
inline constexpr int kShapeDims = 2 * kQuantiles;
inline constexpr int kMomentDims = 8;

// Every feature of one function, with the quick checks a pool member must pass before it is proposed.
struct FunctionFeatures {
  std::vector<double> shape;    // kShapeDims values: canonical phi~ then asinh(phi~')
  std::vector<double> moments;  // kMomentDims values
  double max_abs_slope = 0;     // max |phi'| on the grid and at 0, +-5, +-10, +-20, +-50 (inf: not finite there)
  double dead_fraction = 0;
  double near_linearity = 0;  // R^2 of the affine fit
  // A hash of the rounded features and parameter count: equal for the four symmetric twins (and for
  // functions equal up to rounding), so a strategy proposes each such class once.
  std::uint64_t key = 0;
};

// The fixed quantile grid (kQuantiles points, ascending, z[K-1-i] == -z[i] exactly).
std::span<const double> quantile_grid();

// Features of one expression (simplified or not); nullopt when constant or not finite on the grid.
std::optional<FunctionFeatures> compute_features(const expr::Expr& e);
// The same for many expressions, in parallel; result i belongs to expressions[i] whatever the threads.
std::vector<std::optional<FunctionFeatures>> compute_features(std::span<const expr::Expr> expressions);

// Whether a pool member is worth proposing: the grid versions of the default probe bounds (finite,
// not affine, not mostly dead, bounded slope, a per-layer gradient gain the 50-layer probe network
// survives). The campaign's own probes decide for real.
bool plausible(const FunctionFeatures& f);

// The feature vector of one set, and the group of each of its columns (shape = 0, moments = 1): models
// give each group its own length scale.
std::vector<double> feature_vector(const FunctionFeatures& f, FeatureSet set);
std::vector<int> feature_groups(FeatureSet set);

}  // namespace actsearch::surrogate
