// Rank statistics on hand-checkable cases, and cross-validation that tells a good model from noise.
#include "surrogate/validation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "common/random.hpp"
#include "surrogate/acquisition.hpp"

namespace actsearch::surrogate {
namespace {

TEST(Validation, RankStatistics) {
  const std::vector<double> a = {1, 2, 3, 4}, b = {1, 3, 2, 4}, c = {10, 20, 30, 40}, d = {4, 3, 2, 1};
  EXPECT_DOUBLE_EQ(spearman(a, c), 1.0);
  EXPECT_DOUBLE_EQ(spearman(a, d), -1.0);
  EXPECT_NEAR(spearman(a, b), 0.8, 1e-12);  // 1 - 6 * 2 / (4 * 15)
  EXPECT_NEAR(kendall_tau(a, b), 4.0 / 6.0, 1e-12);
  EXPECT_NEAR(kendall_tau(a, d), -1.0, 1e-12);
  const auto r = ranks(std::vector<double>{5, 1, 5, 2});
  EXPECT_EQ(r(0), 3.5);
  EXPECT_EQ(r(1), 1);
  EXPECT_EQ(r(3), 2);
  const std::vector<double> truth = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, guess = {10, 9, 8, 7, 6, 5, 4, 3, 1, 2};
  EXPECT_EQ(top_fraction_precision(truth, truth, 0.2), 1.0);
  EXPECT_EQ(top_fraction_precision(guess, truth, 0.2), 0.0);
}

TEST(Validation, CrossValidationSeparatesSignalFromNoise) {
  random::Xoshiro256 rng(9);
  const int n = 120;
  Eigen::MatrixXd x(n, 4);
  Eigen::VectorXd y(n), noise(n);
  for (int i = 0; i < n; ++i) {
    for (int c = 0; c < 4; ++c) x(i, c) = rng.normal();
    y(i) = x(i, 0) - 0.5 * x(i, 1) * x(i, 1) + 0.1 * rng.normal();
    noise(i) = rng.normal();
  }
  const std::vector<int> groups = {0, 0, 0, 0};
  for (ModelKind kind : all_model_kinds()) {
    const auto good = cross_validate(kind, x, y, groups, 5, 1);
    const auto bad = cross_validate(kind, x, noise, groups, 5, 1);
    EXPECT_GT(good.spearman, 0.7) << to_string(kind);
    EXPECT_LT(std::abs(bad.spearman), 0.3) << to_string(kind);
    EXPECT_EQ(good.points, n);
  }
}

TEST(Acquisition, DiversityPenaltySpreadsTheBatch) {
  // Two tight clusters: the best three scores all sit in cluster A.
  Eigen::MatrixXd z(6, 1);
  z << 0.0, 0.01, 0.02, 5.0, 5.01, 9.0;
  Eigen::VectorXd scores(6);
  scores << 1.0, 0.99, 0.98, 0.9, 0.89, 0.5;
  const auto greedy = select_diverse(z, scores, 3, 0.0, 0.1);
  EXPECT_EQ(greedy, (std::vector<Eigen::Index>{0, 1, 2}));
  const auto diverse = select_diverse(z, scores, 3, 10.0, 0.1);
  EXPECT_EQ(diverse, (std::vector<Eigen::Index>{0, 3, 5}));
  EXPECT_NEAR(typical_spacing(z), 0.01, 1e-9);
}

TEST(Acquisition, UcbAndExpectedImprovement) {
  Prediction p{Eigen::VectorXd(2), Eigen::VectorXd(2)};
  p.mean << 1.0, 0.8;
  p.sd << 0.0, 0.5;
  const auto ucb = acquisition_scores(p, Acquisition::Ucb, 1.0, 1.0);
  EXPECT_DOUBLE_EQ(ucb(0), 1.0);
  EXPECT_DOUBLE_EQ(ucb(1), 1.3);
  const auto ei = acquisition_scores(p, Acquisition::Ei, 0.0, 1.0);
  EXPECT_NEAR(ei(0), 0.0, 1e-12);
  // EI = (mu - best) Phi(z) + sd phi(z), z = (mu - best) / sd = -0.4.
  const double z = -0.4;
  EXPECT_NEAR(ei(1), -0.2 * 0.5 * std::erfc(-z / std::sqrt(2.0)) + 0.5 * std::exp(-0.5 * z * z) / std::sqrt(2 * M_PI),
              1e-12);
}

}  // namespace
}  // namespace actsearch::surrogate
