// Rank statistics: the ranks behind the normal-score targets (surrogate/targets.hpp) and the measures of
// how well one scoring orders another (cross-validation, calibration of the fidelity ladder).
#pragma once

#include <Eigen/Dense>
#include <span>

namespace actsearch::surrogate {

// Ranks 1..n with ties given their average rank.
Eigen::VectorXd ranks(std::span<const double> v);
double spearman(std::span<const double> a, std::span<const double> b);
// Kendall's tau-b (ties in either ranking reduce the denominator).
double kendall_tau(std::span<const double> a, std::span<const double> b);
// Of the ceil(fraction * n) members the prediction ranks highest, the share that are among the
// ceil(fraction * n) highest by truth.
double top_fraction_precision(std::span<const double> predicted, std::span<const double> truth, double fraction);

}  // namespace actsearch::surrogate
