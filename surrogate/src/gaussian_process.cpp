#include "surrogate/gaussian_process.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace actsearch::surrogate {
namespace {

constexpr double kJitter = 1e-8;
constexpr double kLog2Pi = 1.8378770664093454836;

// Bounds of theta: signal sd, noise sd, then length scales relative to sqrt(width) of their group
// (standardised columns scaled by 1 / sqrt(width) have about unit spread per group).
struct Bounds {
  Eigen::VectorXd lo, hi;
};
Bounds bounds_for(int groups) {
  Bounds b{Eigen::VectorXd(2 + groups), Eigen::VectorXd(2 + groups)};
  b.lo(0) = std::log(0.05), b.hi(0) = std::log(10.0);
  b.lo(1) = std::log(1e-3), b.hi(1) = std::log(3.0);
  for (int g = 0; g < groups; ++g) b.lo(2 + g) = std::log(0.02), b.hi(2 + g) = std::log(50.0);
  return b;
}

}  // namespace

Eigen::MatrixXd GaussianProcess::kernel(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                                        const Eigen::VectorXd& theta) const {
  Eigen::MatrixXd exponent = Eigen::MatrixXd::Zero(a.rows(), b.rows());
  for (int g = 0; g < groups_.count(); ++g) {
    const double l = std::exp(theta(2 + g));
    exponent -= 0.5 / (l * l) * squared_distances(a, b, groups_.start[g], groups_.width[g]);
  }
  return std::exp(2 * theta(0)) * exponent.array().exp().matrix();
}

double GaussianProcess::log_marginal_likelihood(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                                const Eigen::VectorXd& theta, Eigen::VectorXd* gradient) const {
  const Eigen::Index n = x.rows();
  const Eigen::MatrixXd kf = kernel(x, x, theta);
  const double noise = std::exp(2 * theta(1));
  Eigen::MatrixXd ky = kf;
  ky.diagonal().array() += noise + kJitter;
  Eigen::LLT<Eigen::MatrixXd> llt(ky);
  if (llt.info() != Eigen::Success) return -std::numeric_limits<double>::infinity();
  const Eigen::VectorXd alpha = llt.solve(y);
  const Eigen::MatrixXd l = llt.matrixL();
  const double log_det = 2 * l.diagonal().array().log().sum();
  const double value = -0.5 * y.dot(alpha) - 0.5 * log_det - 0.5 * static_cast<double>(n) * kLog2Pi;
  if (gradient) {
    const Eigen::MatrixXd w = alpha * alpha.transpose() - llt.solve(Eigen::MatrixXd::Identity(n, n));
    gradient->resize(theta.size());
    (*gradient)(0) = 0.5 * (w.array() * (2 * kf).array()).sum();
    (*gradient)(1) = 0.5 * w.trace() * 2 * noise;
    for (int g = 0; g < groups_.count(); ++g) {
      const double l2 = std::exp(2 * theta(2 + g));
      const Eigen::MatrixXd d = squared_distances(x, x, groups_.start[g], groups_.width[g]);
      (*gradient)(2 + g) = 0.5 * (w.array() * kf.array() * d.array() / l2).sum();
    }
  }
  return value;
}

void GaussianProcess::fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, int max_hyper_points) {
  // Hyperparameters from a fixed, evenly spaced subset when there are many rows (O(n^3) per step).
  Eigen::MatrixXd hx = x;
  Eigen::VectorXd hy = y;
  if (x.rows() > max_hyper_points) {
    hx.resize(max_hyper_points, x.cols());
    hy.resize(max_hyper_points);
    for (int i = 0; i < max_hyper_points; ++i) {
      const Eigen::Index row = static_cast<Eigen::Index>(static_cast<double>(i) * x.rows() / max_hyper_points);
      hx.row(i) = x.row(row);
      hy(i) = y(row);
    }
  }
  const int groups = groups_.count();
  const Bounds b = bounds_for(groups);
  Eigen::VectorXd best_theta;
  double best = -std::numeric_limits<double>::infinity();
  for (double start_l : {0.5, 1.5, 4.0}) {
    for (double start_noise : {0.1, 0.5}) {
      Eigen::VectorXd theta(2 + groups);
      theta(0) = 0;
      theta(1) = std::log(start_noise);
      for (int g = 0; g < groups; ++g) theta(2 + g) = std::log(start_l);
      Eigen::VectorXd grad;
      double value = log_marginal_likelihood(hx, hy, theta, &grad);
      double step = 0.05;
      for (int it = 0; it < 60 && step > 1e-5 && std::isfinite(value); ++it) {
        const double norm = grad.norm();
        if (!(norm > 1e-10)) break;
        Eigen::VectorXd next = (theta + step * grad / norm).cwiseMax(b.lo).cwiseMin(b.hi);
        Eigen::VectorXd next_grad;
        const double next_value = log_marginal_likelihood(hx, hy, next, &next_grad);
        if (next_value > value) {
          theta = next, grad = next_grad, value = next_value;
          step *= 1.5;
        } else {
          step *= 0.4;
        }
      }
      if (value > best) best = value, best_theta = theta;
    }
  }
  if (best_theta.size() == 0) {  // every start failed to factorise: a safe, very smooth prior
    best_theta = Eigen::VectorXd::Zero(2 + groups);
    best_theta(1) = std::log(1.0);
  }
  condition(x, y, best_theta);
}

void GaussianProcess::condition(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& theta) {
  theta_ = theta;
  x_ = x;
  Eigen::MatrixXd ky = kernel(x, x, theta);
  ky.diagonal().array() += std::exp(2 * theta(1)) + kJitter;
  Eigen::LLT<Eigen::MatrixXd> llt(ky);
  chol_l_ = llt.matrixL();
  alpha_ = llt.solve(y);
}

Prediction GaussianProcess::predict(const Eigen::MatrixXd& x) const {
  Prediction p{Eigen::VectorXd(x.rows()), Eigen::VectorXd(x.rows())};
  const double prior = std::exp(2 * theta_(0));
  constexpr Eigen::Index kBlock = 2048;
  const Eigen::Index blocks = (x.rows() + kBlock - 1) / kBlock;
  // Blocks are independent and each row's arithmetic is fixed: the same values on any number of threads.
  tbb::parallel_for(Eigen::Index{0}, blocks, [&](Eigen::Index blk) {
    const Eigen::Index begin = blk * kBlock, rows = std::min(kBlock, x.rows() - begin);
    const Eigen::MatrixXd ks = kernel(x.middleRows(begin, rows), x_, theta_);  // rows x n
    p.mean.segment(begin, rows) = ks * alpha_;
    const Eigen::MatrixXd v = chol_l_.triangularView<Eigen::Lower>().solve(ks.transpose());  // n x rows
    const Eigen::VectorXd var = (prior - v.colwise().squaredNorm().array()).matrix().transpose();
    p.sd.segment(begin, rows) = var.cwiseMax(1e-12).cwiseSqrt();
  });
  return p;
}

}  // namespace actsearch::surrogate
