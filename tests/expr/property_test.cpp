// Properties over thousands of random expressions: printing round-trips, simplification keeps the
// function, symbolic derivatives agree with finite differences, the fingerprint ignores
// simplification, float32 agrees with float64.
#include <gtest/gtest.h>

#include <cmath>

#include "expr/derivative.hpp"
#include "expr/fingerprint.hpp"
#include "expr/parse.hpp"
#include "expr/print.hpp"
#include "expr/program.hpp"
#include "expr/simplify.hpp"
#include "tests/common/finite_difference.hpp"
#include "tests/expr/random_expression.hpp"

namespace actsearch::expr {
namespace {

constexpr int kExpressions = 3000;

std::vector<double> probe_points() {
  std::vector<double> xs;
  for (int i = 0; i < 41; ++i) xs.push_back(-4.0 + 0.2 * i + 0.0137);
  return xs;
}

std::vector<double> values(const Expr& e, const std::vector<double>& xs, int output = 0) {
  Program p = Program::compile(e, ProgramOptions{.derivatives = output > 0});
  std::vector<double> out(xs.size());
  std::vector<double*> outs(static_cast<std::size_t>(output + 1), nullptr);
  outs[static_cast<std::size_t>(output)] = out.data();
  p.evaluate(xs, p.initial_params(), outs);
  return out;
}

// The largest magnitude any subexpression takes at each point: where it is huge (exp(exp(x)),
// sin(1e4)), finite differences and float32 cannot resolve the function, so such points are skipped.
std::vector<double> largest_intermediate(const Expr& e, const std::vector<double>& xs, std::span<const double> theta) {
  std::vector<double> largest(xs.size(), 0.0);
  std::vector<Expr> pending = {e};
  while (!pending.empty()) {
    Expr sub = pending.back();
    pending.pop_back();
    if (!sub.is_call()) continue;
    for (const Expr& a : sub.args()) pending.push_back(a);
    Program p = Program::compile(sub, ProgramOptions{.derivatives = false});
    std::vector<double> th;
    for (const ParamInfo& info : p.params()) {
      const auto all = parameters(e);
      for (std::size_t k = 0; k < all.size(); ++k) {
        if (all[k].name == info.name) th.push_back(theta[k]);
      }
    }
    std::vector<double> v(xs.size());
    double* out[] = {v.data()};
    p.evaluate(xs, th, out);
    for (std::size_t j = 0; j < xs.size(); ++j) {
      largest[j] = std::isfinite(v[j]) ? std::max(largest[j], std::abs(v[j])) : HUGE_VAL;
    }
  }
  return largest;
}

bool close(double a, double b, double tol) { return std::abs(a - b) <= tol * (1 + std::abs(a) + std::abs(b)); }

TEST(Properties, PrintParseRoundTripIsIdentical) {
  testing::RandomExpressions gen(1);
  for (int i = 0; i < kExpressions; ++i) {
    for (const Expr& e : {gen.next(5), simplify(gen.next(5))}) {
      const std::string text = print(e);
      auto back = parse(text);
      ASSERT_TRUE(back.has_value()) << text << "\n" << back.error().describe();
      EXPECT_EQ(*back, e) << text << "\n  reprinted: " << print(*back);
      EXPECT_EQ(print(*back), text);
    }
  }
}

TEST(Properties, SimplificationKeepsValuesWhereFinite) {
  testing::RandomExpressions gen(2);
  const auto xs = probe_points();
  int compared = 0;
  for (int i = 0; i < kExpressions; ++i) {
    const Expr e = gen.next(4);
    const Expr s = simplify(e);
    const auto a = values(e, xs), b = values(s, xs);
    for (std::size_t j = 0; j < xs.size(); ++j) {
      if (!std::isfinite(a[j]) || std::abs(a[j]) > 1e6) continue;
      EXPECT_TRUE(close(a[j], b[j], 1e-9))
          << print(e) << "\n  simplified: " << print(s) << "\n  at x = " << xs[j] << ": " << a[j] << " vs " << b[j];
      ++compared;
    }
  }
  EXPECT_GT(compared, kExpressions * 20);
}

TEST(Properties, SimplifyIsIdempotent) {
  testing::RandomExpressions gen(3);
  for (int i = 0; i < kExpressions; ++i) {
    const Expr s = simplify(gen.next(5));
    EXPECT_EQ(simplify(s), s) << print(s) << " -> " << print(simplify(s));
  }
}

TEST(Properties, DerivativesAgreeWithFiniteDifferences) {
  testing::RandomExpressions gen(4);
  const auto xs = probe_points();
  int compared = 0;
  for (int i = 0; i < kExpressions; ++i) {
    const Expr e = simplify(gen.next(4));
    const Program p = Program::compile(e);
    const auto theta = p.initial_params();
    const auto scale = largest_intermediate(e, xs, theta);
    for (std::size_t j = 0; j < xs.size(); ++j) {
      const double x = xs[j];
      if (scale[j] > 1e4) continue;
      const auto v = p.evaluate_at(x, theta);
      // d/dx and d/dtheta_k by Richardson-extrapolated central differences; points where the
      // two step sizes disagree straddle a kink and are skipped (of the slope too, which leaves
      // them only 1e-5 apart: softsign(hard_swish(x) + 0.1) at x = -2.7863).
      for (std::size_t k = 0; k < 1 + theta.size(); ++k) {
        auto f = [&](double t) {
          std::vector<double> th = theta;
          if (k == 0) return p.evaluate_at(t, th)[0];
          th[k - 1] = t;
          return p.evaluate_at(x, th)[0];
        };
        const auto reference = actsearch::testing::richardson_derivative(f, k == 0 ? x : theta[k - 1], 1e-5);
        if (!reference) continue;
        const double fd = *reference;
        const double symbolic = v[k == 0 ? 1 : 1 + k];
        EXPECT_TRUE(close(symbolic, fd, 1e-5))
            << print(e) << "\n  d/d" << (k == 0 ? "x" : p.params()[k - 1].name) << " at x = " << x << ": symbolic "
            << symbolic << ", FD " << fd << "\n  derivative: "
            << print(k == 0 ? p.derivative_expressions().dx : p.derivative_expressions().dparams[k - 1]);
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, kExpressions * 20);
}

TEST(Properties, FingerprintIsUnchangedBySimplification) {
  testing::RandomExpressions gen(5);
  for (int i = 0; i < kExpressions; ++i) {
    const Expr e = gen.next(4);
    EXPECT_EQ(fingerprint(e), fingerprint(simplify(e))) << print(e) << "\n  simplified: " << print(simplify(e));
  }
}

TEST(Properties, Float32AgreesWithFloat64) {
  testing::RandomExpressions gen(6);
  int compared = 0;
  for (int i = 0; i < kExpressions; ++i) {
    const Expr e = simplify(gen.next(3));
    const Program p = Program::compile(e);
    std::vector<float> xf;
    for (double x : probe_points()) xf.push_back(static_cast<float>(x));
    const std::vector<double> xd(xf.begin(), xf.end());
    std::vector<float> yf(xf.size()), dyf(xf.size());
    std::vector<double> yd(xf.size()), dyd(xf.size());
    std::vector<float> thf;
    for (double t : p.initial_params()) thf.push_back(static_cast<float>(t));
    float* of[] = {yf.data(), dyf.data()};
    double* od[] = {yd.data(), dyd.data()};
    p.evaluate(xf, thf, of);
    p.evaluate(xd, p.initial_params(), od);
    const auto scale = largest_intermediate(e, xd, p.initial_params());
    for (std::size_t j = 0; j < xf.size(); ++j) {
      if (scale[j] > 100) continue;  // float32 cannot resolve sin(3854.6) to 1e-4
      if (!std::isfinite(yd[j]) || std::abs(yd[j]) > 1e4 || !std::isfinite(dyd[j]) || std::abs(dyd[j]) > 1e4) continue;
      EXPECT_TRUE(close(yf[j], yd[j], 1e-4)) << print(e) << " at " << xd[j] << ": " << yf[j] << " vs " << yd[j];
      EXPECT_TRUE(close(dyf[j], dyd[j], 1e-3))
          << "d/dx " << print(e) << " at " << xd[j] << ": " << dyf[j] << " vs " << dyd[j];
      ++compared;
    }
  }
  EXPECT_GT(compared, kExpressions * 20);
}

}  // namespace
}  // namespace actsearch::expr
