#include "db/statistics.hpp"

#include <cmath>
#include <limits>
#include <numbers>

namespace actsearch::db {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Continued fraction for I_x(a, b) by the modified Lentz method; converges quickly for x < (a+1)/(a+b+2).
double beta_continued_fraction(double a, double b, double x) {
  constexpr double tiny = 1e-300;
  constexpr double eps = 1e-16;
  double c = 1.0;
  double d = 1.0 - (a + b) * x / (a + 1.0);
  if (std::abs(d) < tiny) d = tiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= 1000; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
    d = 1.0 + aa * d;
    if (std::abs(d) < tiny) d = tiny;
    c = 1.0 + aa / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
    d = 1.0 + aa * d;
    if (std::abs(d) < tiny) d = tiny;
    c = 1.0 + aa / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::abs(delta - 1.0) < eps) break;
  }
  return h;
}

double student_t_pdf(double t, double df) {
  const double log_norm = std::lgamma((df + 1.0) / 2.0) - std::lgamma(df / 2.0) - 0.5 * std::log(df * std::numbers::pi);
  return std::exp(log_norm - (df + 1.0) / 2.0 * std::log1p(t * t / df));
}

}  // namespace

double regularized_incomplete_beta(double a, double b, double x) {
  if (!(a > 0) || !(b > 0) || !(x >= 0) || !(x <= 1)) return kNaN;
  if (x == 0 || x == 1) return x;
  const double log_front = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  // The continued fraction converges fast on one side of the mean; use the symmetry I_x(a,b) = 1 - I_{1-x}(b,a).
  if (x < (a + 1.0) / (a + b + 2.0)) return std::exp(log_front) * beta_continued_fraction(a, b, x) / a;
  return 1.0 - std::exp(log_front) * beta_continued_fraction(b, a, 1.0 - x) / b;
}

double student_t_cdf(double t, double df) {
  if (std::isnan(t) || !(df > 0)) return kNaN;
  if (std::isinf(t)) return t > 0 ? 1.0 : 0.0;
  // P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2); written with t² in the denominator's complement so that
  // tails keep their relative precision.
  const double x = df / (df + t * t);
  const double tail = 0.5 * regularized_incomplete_beta(df / 2.0, 0.5, x);
  return t > 0 ? 1.0 - tail : tail;
}

double student_t_quantile(double p, double df) {
  if (!(p > 0) || !(p < 1) || !(df > 0)) return kNaN;
  if (p == 0.5) return 0.0;
  // Symmetry: solve in the upper half, where the CDF is computed as 1 - tail.
  if (p < 0.5) return -student_t_quantile(1.0 - p, df);
  // Closed forms where they exist (exact, and they anchor the general method's tests).
  if (df == 1.0) return std::tan(std::numbers::pi * (p - 0.5));
  if (df == 2.0) return (2.0 * p - 1.0) / std::sqrt(2.0 * p * (1.0 - p));

  // Solve tail(t) = 1 - p rather than cdf(t) = p: the tail keeps its relative precision far out.
  const double q = 1.0 - p;
  auto tail = [df](double t) { return 0.5 * regularized_incomplete_beta(df / 2.0, 0.5, df / (df + t * t)); };
  // Bracket the root, then Newton with bisection as the safeguard.
  double lo = 0.0, hi = 1.0;
  while (tail(hi) > q) {
    lo = hi;
    hi *= 2.0;
    if (hi > 1e300) return std::numeric_limits<double>::infinity();
  }
  double t = 0.5 * (lo + hi);
  for (int i = 0; i < 200; ++i) {
    const double f = tail(t) - q;  // decreasing in t
    if (f == 0) return t;
    if (f > 0) {
      lo = t;
    } else {
      hi = t;
    }
    double next = t + f / student_t_pdf(t, df);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (std::abs(next - t) <= 1e-15 * std::abs(t)) return next;
    t = next;
  }
  return t;
}

double CriticalValues::operator()(int df) {
  if (df < 1) return kNaN;
  if (static_cast<std::size_t>(df) >= by_df_.size()) by_df_.resize(df + 1, kNaN);
  double& t = by_df_[df];
  if (std::isnan(t)) t = student_t_quantile(0.5 + confidence_ / 2.0, df);
  return t;
}

Summary summarize(std::span<const double> values, double confidence) {
  CriticalValues critical(confidence);
  return summarize(values, critical);
}

Summary summarize(std::span<const double> values, CriticalValues& critical) {
  Summary s{0, kNaN, kNaN, kNaN, kNaN};
  double sum = 0;
  for (double v : values) {
    if (std::isnan(v)) continue;
    sum += v;
    ++s.n;
  }
  if (s.n == 0) return s;
  s.mean = sum / s.n;
  if (s.n < 2) return s;
  // Two passes: accuracies agree in their leading digits, where the one-pass formula cancels.
  double squares = 0;
  for (double v : values) {
    if (!std::isnan(v)) squares += (v - s.mean) * (v - s.mean);
  }
  s.sd = std::sqrt(squares / (s.n - 1));
  const double half_width = critical(s.n - 1) * s.sd / std::sqrt(s.n);
  s.ci_low = s.mean - half_width;
  s.ci_high = s.mean + half_width;
  return s;
}

}  // namespace actsearch::db
