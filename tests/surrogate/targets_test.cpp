// Normal scores of fitness: the quantile function against closed-form values, the warp and its inverse,
// and what the warp is for: a model fitted on skewed targets with outliers still ranks the good ones.
#include "surrogate/targets.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "common/random.hpp"
#include "surrogate/validation.hpp"

namespace actsearch::surrogate {
namespace {

TEST(NormalScores, QuantileAgreesWithKnownValues) {
  EXPECT_NEAR(normal_quantile(0.5), 0.0, 1e-15);
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-13);
  EXPECT_NEAR(normal_quantile(0.025), -1.959963984540054, 1e-13);
  // Phi(1) = (1 + erf(1 / sqrt 2)) / 2.
  EXPECT_NEAR(normal_quantile(0.5 * (1 + std::erf(1 / std::sqrt(2.0)))), 1.0, 1e-13);
  EXPECT_NEAR(normal_quantile(1e-10), -6.361340902404056, 1e-10);
}

TEST(NormalScores, WarpIsTheQuantileOfTheRankAndInvertsAtTheKnots) {
  const Eigen::VectorXd y = (Eigen::VectorXd(6) << 0.80, 0.0, 0.82, 0.81, 0.82, 0.79).finished();
  NormalScoreWarp warp;
  const Eigen::VectorXd z = warp.fit(y);
  // Ranks 3, 1, 5.5, 4, 5.5, 2 of 6: z = Phi^-1((r - 1/2) / 6).
  const double expected_ranks[] = {3, 1, 5.5, 4, 5.5, 2};
  for (int i = 0; i < 6; ++i) {
    EXPECT_NEAR(z(i), normal_quantile((expected_ranks[i] - 0.5) / 6), 1e-15) << i;
    EXPECT_NEAR(warp.inverse(z(i)), y(i), 1e-15) << "the inverse passes through the training pairs";
  }
  EXPECT_EQ(z(2), z(4)) << "tied values share a score";
  // Monotone between and beyond the knots; linear outside them.
  double previous = -INFINITY;
  for (double t = -4; t <= 4; t += 0.01) {
    const double v = warp.inverse(t);
    EXPECT_GE(v, previous - 1e-15) << t;
    previous = v;
  }
  const double top = z.maxCoeff();
  EXPECT_NEAR(warp.inverse(top + 2) - warp.inverse(top + 1), warp.inverse(top + 1) - warp.inverse(top), 1e-12);
}

// Fitness as a campaign sees it: a smooth function of the features for most members, and a tenth of
// them at 0 (diverged) wherever they are. Ranked among the members that trained, the model on normal
// scores does better than the one on standardised values, which spends its variance on the zeros.
TEST(NormalScores, ModelsRankTheTopDespiteDivergedOutliers) {
  random::Xoshiro256 rng(21);
  const int n = 150;
  Eigen::MatrixXd x(n, 3);
  Eigen::VectorXd y(n);
  std::vector<bool> diverged(n);
  for (int i = 0; i < n; ++i) {
    for (int c = 0; c < 3; ++c) x(i, c) = rng.normal();
    diverged[static_cast<std::size_t>(i)] = rng.below(10) == 0;
    y(i) = diverged[static_cast<std::size_t>(i)]
               ? 0.0
               : 0.82 + 0.01 * std::tanh(x(i, 0) - 0.5 * x(i, 1)) + 0.001 * rng.normal();
  }
  const std::vector<int> groups = {0, 0, 0};
  auto trained_spearman = [&](Targets targets) {
    const auto cv = cross_validate(ModelKind::GaussianProcess, x, y, groups, 5, 3, targets);
    std::vector<double> predicted, truth;
    for (int i = 0; i < n; ++i) {
      if (!diverged[static_cast<std::size_t>(i)]) predicted.push_back(cv.held_out(i)), truth.push_back(y(i));
    }
    return spearman(predicted, truth);
  };
  const double standardised = trained_spearman(Targets::Standardised);
  const double scores = trained_spearman(Targets::NormalScores);
  EXPECT_GT(scores, 0.8);
  EXPECT_GT(scores, standardised + 0.05) << "standardised " << standardised;
}

}  // namespace
}  // namespace actsearch::surrogate
