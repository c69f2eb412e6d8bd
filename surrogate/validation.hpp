// How well a model ranks what it has not seen: k-fold cross-validated Spearman correlation and top-
// decile precision, and the rank statistics they use.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <span>

#include "surrogate/model.hpp"

namespace actsearch::surrogate {

// Ranks 1..n with ties given their average rank.
Eigen::VectorXd ranks(std::span<const double> v);
double spearman(std::span<const double> a, std::span<const double> b);
// Kendall's tau-b (ties in either ranking reduce the denominator).
double kendall_tau(std::span<const double> a, std::span<const double> b);
// Of the ceil(fraction * n) members the prediction ranks highest, the share that are among the
// ceil(fraction * n) highest by truth.
double top_fraction_precision(std::span<const double> predicted, std::span<const double> truth, double fraction);

struct CrossValidation {
  double spearman = 0;
  double top_decile_precision = 0;
  int points = 0;
  Eigen::VectorXd held_out;  // each point's prediction by the model fitted without its fold
};

// Folds are a fixed shuffle of the rows from `seed`.
CrossValidation cross_validate(ModelKind kind, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                               std::span<const int> group_of_column, int folds, std::uint64_t seed,
                               Targets targets = Targets::Standardised);

}  // namespace actsearch::surrogate
