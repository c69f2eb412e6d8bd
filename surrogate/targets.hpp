// How fitness values are presented to a model. First-rung fitness is skewed: most plausible functions
// sit within a percent of each other near the top while diverged or dead ones score near 0, so
// standardised targets spend the model's signal variance on the outliers and leave the differences that
// decide what is proposed inside its noise. Normal scores (van der Waerden) replace each value by the
// normal quantile of its rank, which spreads the top evenly; predictions map back through the empirical
// quantile function, so means keep their order and units.
#pragma once

#include <Eigen/Dense>
#include <span>
#include <string_view>
#include <vector>

namespace actsearch::surrogate {

enum class Targets { Standardised, NormalScores };
std::span<const Targets> all_target_kinds();
std::string_view to_string(Targets targets);

// Phi^-1(p) for p in (0, 1), to about 1e-15 (Newton on the normal CDF written with erfc).
double normal_quantile(double p);

// The monotone warp y -> z of NormalScores, learned on training targets.
class NormalScoreWarp {
 public:
  // z_i = Phi^-1((r_i - 1/2) / n) with r_i the average rank of y_i (ties share a score).
  Eigen::VectorXd fit(const Eigen::VectorXd& y);
  // The inverse warp: piecewise linear through the training (z, y) pairs, linear beyond them with the
  // slope across the outer tenth of the points (at least two) on each side. Non-decreasing in z.
  double inverse(double z) const;

 private:
  std::vector<double> z_, y_;  // knots, ascending in z (distinct), y non-decreasing
  double low_slope_ = 0, high_slope_ = 0;
};

}  // namespace actsearch::surrogate
