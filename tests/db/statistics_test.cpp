// Student t quantiles and confidence intervals against SciPy.
#include "db/statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace actsearch::db {
namespace {

struct QuantileCase {
  double p, df, expected;
};

// scipy.stats.t.ppf(p, df) with SciPy 1.10.1. Its stdtrit is accurate to a few 1e-9 relative only (e.g.
// 3.2498355440 for p=0.995, df=9, where the true value is 3.2498355416), hence the looser tolerance here
// and the high-precision table below.
const QuantileCase kScipy[] = {
    {0.975, 1, 12.706204736432095},    {0.975, 2, 4.302652729911275},    {0.975, 4, 2.7764451051977987},
    {0.975, 9, 2.2621571627409915},    {0.975, 29, 2.045229642132703},   {0.995, 1, 63.65674116287399},
    {0.995, 2, 9.92484320091807},      {0.995, 4, 4.604094871415897},    {0.995, 9, 3.2498355440153697},
    {0.995, 29, 2.756385903670335},    {0.9, 1, 3.0776835372078066},     {0.9, 2, 1.8856180831641507},
    {0.9, 4, 1.533206273713144},       {0.9, 9, 1.3830287383964925},     {0.9, 29, 1.311433643950529},
    {0.975, 1000, 1.9623390808264074}, {0.975, 2.5, 3.5746548420118773},
};

// The same quantiles to 17 digits with mpmath at 40 digits: root of betainc(df/2, 1/2, 0, df/(df+t^2),
// regularized=True)/2 = 1 - p, found with mpmath.findroot.
const QuantileCase kExact[] = {
    {0.975, 1, 12.706204736174705},    {0.975, 2, 4.3026527297494639},   {0.975, 4, 2.7764451051977944},
    {0.975, 9, 2.2621571627982055},    {0.975, 29, 2.0452296421327043},  {0.995, 1, 63.656741162871581},
    {0.995, 2, 9.9248432009182931},    {0.995, 4, 4.6040948713499932},   {0.995, 9, 3.2498355415921263},
    {0.995, 29, 2.7563859036706055},   {0.9, 1, 3.0776835371752534},     {0.9, 2, 1.8856180831641267},
    {0.9, 4, 1.5332062740589439},      {0.9, 9, 1.3830287383966323},     {0.9, 29, 1.3114336473015511},
    {0.975, 1000, 1.9623390808264085}, {0.975, 2.5, 3.5746548420036832},
};

TEST(StudentT, QuantilesMatchScipy) {
  for (const auto& c : kScipy) {
    EXPECT_NEAR(student_t_quantile(c.p, c.df), c.expected, 1e-8 * c.expected) << "p=" << c.p << " df=" << c.df;
  }
}

TEST(StudentT, QuantilesMatchHighPrecisionValues) {
  for (const auto& c : kExact) {
    EXPECT_NEAR(student_t_quantile(c.p, c.df), c.expected, 1e-13 * c.expected) << "p=" << c.p << " df=" << c.df;
    // Symmetric about zero.
    EXPECT_NEAR(student_t_quantile(1 - c.p, c.df), -c.expected, 1e-13 * c.expected) << "df=" << c.df;
  }
}

TEST(StudentT, CdfInvertsQuantile) {
  for (double df : {1.0, 3.0, 7.5, 50.0}) {
    for (double p : {0.001, 0.2, 0.5, 0.8, 0.9999}) {
      EXPECT_NEAR(student_t_cdf(student_t_quantile(p, df), df), p, 1e-12) << "p=" << p << " df=" << df;
    }
  }
}

TEST(StudentT, InvalidInputIsNaN) {
  EXPECT_TRUE(std::isnan(student_t_quantile(0.0, 5)));
  EXPECT_TRUE(std::isnan(student_t_quantile(1.0, 5)));
  EXPECT_TRUE(std::isnan(student_t_quantile(0.9, 0)));
  EXPECT_TRUE(std::isnan(student_t_quantile(std::nan(""), 5)));
  EXPECT_TRUE(std::isnan(regularized_incomplete_beta(1, 1, 1.5)));
}

TEST(IncompleteBeta, KnownValues) {
  // I_x(1, 1) = x and I_x(a, 1) = x^a.
  EXPECT_NEAR(regularized_incomplete_beta(1, 1, 0.3), 0.3, 1e-15);
  EXPECT_NEAR(regularized_incomplete_beta(2.5, 1, 0.7), std::pow(0.7, 2.5), 1e-14);
  // scipy.special.betainc(2, 3, 0.4)
  EXPECT_NEAR(regularized_incomplete_beta(2, 3, 0.4), 0.5248, 1e-14);
}

TEST(Summarize, MeanSdAndIntervalMatchScipy) {
  // mean, std(ddof=1) and mean ± t.ppf(0.975, 4)·sd/√5 computed with NumPy/SciPy (bounds to 1e-9: see above).
  const std::vector<double> xs{0.84, 0.85, 0.83, 0.86, 0.82};
  const Summary s = summarize(xs);
  EXPECT_EQ(s.n, 5);
  EXPECT_NEAR(s.mean, 0.8400000000000001, 1e-15);
  EXPECT_NEAR(s.sd, 0.01581138830084191, 1e-15);
  EXPECT_NEAR(s.ci_low, 0.8203675683852245, 1e-9);
  EXPECT_NEAR(s.ci_high, 0.8596324316147756, 1e-9);
  // 90% interval: t.ppf(0.95, 4).
  const Summary s90 = summarize(xs, 0.90);
  EXPECT_NEAR(s90.ci_low, 0.824925566844664, 1e-9);
  EXPECT_NEAR(s90.ci_high, 0.8550744331553362, 1e-9);
}

TEST(Summarize, SkipsNaNAndHandlesSmallSamples) {
  const std::vector<double> with_nan{0.5, std::nan(""), 0.7};
  const Summary s = summarize(with_nan);
  EXPECT_EQ(s.n, 2);
  EXPECT_DOUBLE_EQ(s.mean, 0.6);
  EXPECT_TRUE(std::isfinite(s.ci_low));

  const std::vector<double> one{0.9};
  const Summary single = summarize(one);
  EXPECT_EQ(single.n, 1);
  EXPECT_DOUBLE_EQ(single.mean, 0.9);
  EXPECT_TRUE(std::isnan(single.sd));
  EXPECT_TRUE(std::isnan(single.ci_low));
  EXPECT_TRUE(std::isnan(single.ci_high));

  const Summary none = summarize(std::vector<double>{});
  EXPECT_EQ(none.n, 0);
  EXPECT_TRUE(std::isnan(none.mean));
}

}  // namespace
}  // namespace actsearch::db
