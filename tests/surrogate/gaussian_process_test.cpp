// The Gaussian process against closed forms: one training point by hand, the posterior on a small set
// against an explicit inverse, the log marginal likelihood against determinant and inverse, and its
// gradient against central finite differences.
#include "surrogate/gaussian_process.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "common/random.hpp"

namespace actsearch::surrogate {
namespace {

// Kernel written out element by element (independent of the implementation's distance code).
double k(const Eigen::RowVectorXd& a, const Eigen::RowVectorXd& b, const Eigen::VectorXd& theta,
         const std::vector<int>& group) {
  double e = 0;
  for (Eigen::Index c = 0; c < a.size(); ++c) {
    const double l = std::exp(theta(2 + group[static_cast<std::size_t>(c)]));
    e += (a(c) - b(c)) * (a(c) - b(c)) / (l * l);
  }
  return std::exp(2 * theta(0)) * std::exp(-0.5 * e);
}

struct Problem {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
  std::vector<int> group = {0, 0, 1};
};

Problem problem(int n, std::uint64_t seed) {
  random::Xoshiro256 rng(seed);
  Problem p{Eigen::MatrixXd(n, 3), Eigen::VectorXd(n)};
  for (int i = 0; i < n; ++i) {
    for (int c = 0; c < 3; ++c) p.x(i, c) = 2 * rng.uniform() - 1;
    p.y(i) = std::sin(2 * p.x(i, 0)) + 0.5 * p.x(i, 1) * p.x(i, 2) + 0.05 * rng.normal();
  }
  return p;
}

Eigen::VectorXd theta_of(double sf, double sn, double l0, double l1) {
  Eigen::VectorXd t(4);
  t << std::log(sf), std::log(sn), std::log(l0), std::log(l1);
  return t;
}

TEST(GaussianProcess, OnePointByHand) {
  GaussianProcess gp(ColumnGroups::from(std::vector<int>{0}));
  Eigen::MatrixXd x(1, 1);
  x << 0.3;
  Eigen::VectorXd y(1);
  y << 2.0;
  Eigen::VectorXd theta(3);
  theta << std::log(1.5), std::log(0.5), std::log(0.7);
  gp.condition(x, y, theta);
  Eigen::MatrixXd at(2, 1);
  at << 0.3, 1.0;
  const Prediction p = gp.predict(at);
  const double sf2 = 2.25, sn2 = 0.25;
  EXPECT_NEAR(p.mean(0), sf2 / (sf2 + sn2) * 2.0, 1e-6);
  EXPECT_NEAR(p.sd(0), std::sqrt(sf2 - sf2 * sf2 / (sf2 + sn2)), 1e-6);
  const double kx = sf2 * std::exp(-0.5 * 0.49 / 0.49);
  EXPECT_NEAR(p.mean(1), kx / (sf2 + sn2) * 2.0, 1e-6);
  EXPECT_NEAR(p.sd(1), std::sqrt(sf2 - kx * kx / (sf2 + sn2)), 1e-6);
}

TEST(GaussianProcess, PosteriorMatchesTheDirectSolve) {
  const Problem pr = problem(12, 1);
  const Eigen::VectorXd theta = theta_of(1.3, 0.2, 0.8, 1.7);
  GaussianProcess gp(ColumnGroups::from(pr.group));
  gp.condition(pr.x, pr.y, theta);
  const Problem test = problem(5, 2);
  const Prediction p = gp.predict(test.x);
  const Eigen::Index n = pr.x.rows();
  Eigen::MatrixXd ky(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) ky(i, j) = k(pr.x.row(i), pr.x.row(j), theta, pr.group) + (i == j ? 0.04 : 0);
  }
  const Eigen::MatrixXd inverse = ky.fullPivLu().inverse();
  for (Eigen::Index t = 0; t < test.x.rows(); ++t) {
    Eigen::VectorXd ks(n);
    for (Eigen::Index i = 0; i < n; ++i) ks(i) = k(test.x.row(t), pr.x.row(i), theta, pr.group);
    const double mean = ks.dot(inverse * pr.y);
    const double var = 1.69 - ks.dot(inverse * ks);
    EXPECT_NEAR(p.mean(t), mean, 1e-6) << t;
    EXPECT_NEAR(p.sd(t), std::sqrt(var), 1e-6) << t;
  }
}

TEST(GaussianProcess, LogMarginalLikelihoodMatchesTheFormula) {
  const Problem pr = problem(10, 3);
  const Eigen::VectorXd theta = theta_of(0.9, 0.3, 0.5, 2.0);
  GaussianProcess gp(ColumnGroups::from(pr.group));
  const Eigen::Index n = pr.x.rows();
  Eigen::MatrixXd ky(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) ky(i, j) = k(pr.x.row(i), pr.x.row(j), theta, pr.group) + (i == j ? 0.09 : 0);
  }
  const double expected = -0.5 * pr.y.dot(ky.fullPivLu().inverse() * pr.y) - 0.5 * std::log(ky.determinant()) -
                          0.5 * static_cast<double>(n) * std::log(2 * M_PI);
  EXPECT_NEAR(gp.log_marginal_likelihood(pr.x, pr.y, theta), expected, 1e-6);
}

TEST(GaussianProcess, GradientMatchesFiniteDifferences) {
  const Problem pr = problem(15, 4);
  GaussianProcess gp(ColumnGroups::from(pr.group));
  for (const Eigen::VectorXd& theta : {theta_of(0.9, 0.3, 0.5, 2.0), theta_of(2.0, 0.05, 1.5, 0.3)}) {
    Eigen::VectorXd gradient;
    gp.log_marginal_likelihood(pr.x, pr.y, theta, &gradient);
    for (Eigen::Index j = 0; j < theta.size(); ++j) {
      const double h = 1e-5;
      Eigen::VectorXd up = theta, down = theta;
      up(j) += h;
      down(j) -= h;
      const double fd =
          (gp.log_marginal_likelihood(pr.x, pr.y, up) - gp.log_marginal_likelihood(pr.x, pr.y, down)) / (2 * h);
      EXPECT_NEAR(gradient(j), fd, 1e-4 * (1 + std::abs(fd))) << "theta " << j;
    }
  }
}

TEST(GaussianProcess, FitRaisesTheLikelihoodAndPredictsASmoothFunction) {
  const Problem pr = problem(60, 5);
  GaussianProcess gp(ColumnGroups::from(pr.group));
  gp.fit(pr.x, pr.y);
  const double start = gp.log_marginal_likelihood(pr.x, pr.y, theta_of(1, 0.1, 1.5, 1.5));
  EXPECT_GT(gp.log_marginal_likelihood(pr.x, pr.y, gp.theta()), start);
  const Problem test = problem(40, 6);
  const Prediction p = gp.predict(test.x);
  const double rmse = std::sqrt((p.mean - test.y).squaredNorm() / 40.0);
  EXPECT_LT(rmse, 0.15);
}

}  // namespace
}  // namespace actsearch::surrogate
