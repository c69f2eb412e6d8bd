// Small-sample statistics for the leaderboard: Student t quantiles and mean confidence intervals.
#pragma once

#include <span>
#include <vector>

namespace actsearch::db {

// I_x(a, b), the regularised incomplete beta function, for a, b > 0 and x in [0, 1] (NaN outside).
double regularized_incomplete_beta(double a, double b, double x);

// P(T <= t) for Student's t with df > 0 degrees of freedom (non-integer df allowed).
double student_t_cdf(double t, double df);

// The p-quantile of Student's t with df > 0 degrees of freedom, p in (0, 1); NaN for invalid input.
// Accurate to about 1e-12 relative (Newton steps on the CDF above, safeguarded by bisection).
double student_t_quantile(double p, double df);

struct Summary {
  int n = 0;
  double mean, sd, ci_low, ci_high;  // sd uses n - 1; the CI is NaN for n < 2, everything is NaN for n = 0
};

// Two-sided critical values t_{(1+confidence)/2, df} for integer df, each computed once: the leaderboard
// summarises thousands of candidates that share a handful of seed counts.
class CriticalValues {
 public:
  explicit CriticalValues(double confidence) : confidence_(confidence) {}
  double confidence() const { return confidence_; }
  double operator()(int df);  // NaN for df < 1

 private:
  double confidence_;
  std::vector<double> by_df_;  // NaN = not computed yet
};

// Mean, sample standard deviation and the two-sided `confidence` interval mean ± t·sd/√n. NaN values are
// skipped (they are missing results, not results).
Summary summarize(std::span<const double> values, double confidence = 0.95);
Summary summarize(std::span<const double> values, CriticalValues& critical);

}  // namespace actsearch::db
