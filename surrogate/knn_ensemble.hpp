// An ensemble of nearest-neighbour regressors: each member sees a bootstrap sample of the training
// points (drawn from a fixed seed) and predicts the mean fitness of its k nearest neighbours; the
// ensemble predicts the members' mean, with their spread (plus a floor) as the uncertainty.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "surrogate/regression.hpp"

namespace actsearch::surrogate {

class KnnEnsemble {
 public:
  KnnEnsemble(int members, int k, std::uint64_t seed) : members_(members), k_(k), seed_(seed) {}
  void fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y);
  Prediction predict(const Eigen::MatrixXd& x) const;  // x in the same (standardised) coordinates

 private:
  int members_, k_;
  std::uint64_t seed_;
  Eigen::MatrixXd x_;
  Eigen::VectorXd y_;
  std::vector<std::vector<int>> samples_;  // training rows of each member (distinct, sorted)
};

}  // namespace actsearch::surrogate
