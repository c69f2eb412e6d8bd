// How well a model ranks what it has not seen: k-fold cross-validated Spearman correlation and top-
// decile precision (the rank statistics are in surrogate/ranks.hpp).
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <span>

#include "surrogate/model.hpp"
#include "surrogate/ranks.hpp"

namespace actsearch::surrogate {

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
