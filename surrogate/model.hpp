// Regression models of fitness with an uncertainty, behind one interface. Inputs are feature rows
// (surrogate/features.hpp) with a group per column; every model standardises columns and targets (or
// their normal scores, surrogate/targets.hpp) on its training data and weighs each group by
// 1 / sqrt(its width), so the shape group's 48 columns do not drown the moments' 8.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "surrogate/regression.hpp"
#include "surrogate/targets.hpp"

namespace actsearch::surrogate {

enum class ModelKind { GaussianProcess, KnnEnsemble };
std::span<const ModelKind> all_model_kinds();
std::string_view to_string(ModelKind kind);

class Model {
 public:
  virtual ~Model();
  virtual ModelKind kind() const = 0;
  // Rows of x are training points, y their fitness (finite). Deterministic.
  virtual void fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) = 0;
  // Predictions for the rows of x (raw features, as given to fit). Thread-count independent.
  virtual Prediction predict(const Eigen::MatrixXd& x) const = 0;
  // The coordinates distances are measured in (after fit).
  virtual Eigen::MatrixXd embed(const Eigen::MatrixXd& x) const = 0;
};

std::unique_ptr<Model> make_model(ModelKind kind, std::span<const int> group_of_column, std::uint64_t seed,
                                  Targets targets = Targets::Standardised);

}  // namespace actsearch::surrogate
