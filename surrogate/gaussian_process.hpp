// Gaussian-process regression (Rasmussen & Williams 2006, algorithm 2.1) with a squared-exponential
// kernel that has one length scale per column group:
//   k(a, b) = sf^2 exp(-1/2 sum_g |a_g - b_g|^2 / l_g^2),  K_y = K + sn^2 I,
// hyperparameters theta = (log sf, log sn, log l_0, ...) chosen by maximising the log marginal likelihood
//   log p(y | X, theta) = -1/2 y' K_y^-1 y - 1/2 log |K_y| - n/2 log 2 pi
// with its analytic gradient 1/2 tr((alpha alpha' - K_y^-1) dK_y/dtheta_j), by projected gradient ascent
// from a few fixed starts. Inputs here are already standardised (the Model wrapper does it).
#pragma once

#include <Eigen/Dense>
#include <utility>
#include <vector>

#include "surrogate/regression.hpp"

namespace actsearch::surrogate {

class GaussianProcess {
 public:
  explicit GaussianProcess(ColumnGroups groups) : groups_(std::move(groups)) {}

  // Log marginal likelihood of (x, y) at theta; the gradient when `gradient` is not null.
  double log_marginal_likelihood(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& theta,
                                 Eigen::VectorXd* gradient = nullptr) const;
  // Chooses theta by the marginal likelihood (on at most max_hyper_points rows, a fixed subset), then
  // conditions on every row.
  void fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, int max_hyper_points = 400);
  // Conditions on (x, y) at a given theta.
  void condition(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& theta);
  // Posterior mean and standard deviation of the latent function (noise excluded).
  Prediction predict(const Eigen::MatrixXd& x) const;

  const Eigen::VectorXd& theta() const { return theta_; }
  Eigen::MatrixXd kernel(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, const Eigen::VectorXd& theta) const;

 private:
  ColumnGroups groups_;
  Eigen::VectorXd theta_;
  Eigen::MatrixXd x_;
  Eigen::VectorXd alpha_;
  Eigen::MatrixXd chol_l_;  // lower Cholesky factor of K_y
};

}  // namespace actsearch::surrogate
