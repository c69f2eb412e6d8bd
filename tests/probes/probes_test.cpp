#include "probes/probes.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "expr/known.hpp"
#include "expr/parse.hpp"
#include "expr/simplify.hpp"

namespace actsearch::probes {
namespace {

ProbeValues probes_of(std::string_view text) {
  auto e = expr::parse(text);
  EXPECT_TRUE(e.has_value()) << text;
  return compute_probes(expr::simplify(*e));
}

double probe(std::string_view text, std::string_view name) { return probe_value(probes_of(text), name); }

double double_factorial(int n) { return n <= 1 ? 1.0 : n * double_factorial(n - 2); }

TEST(Quadrature, GaussHermiteIntegratesMomentsExactly) {
  for (int n : {1, 2, 5, 20, 64}) {
    const QuadratureRule rule = gauss_hermite(n);
    ASSERT_EQ(rule.nodes.size(), static_cast<std::size_t>(n));
    for (int k = 0; k < 2 * n && k <= 40; ++k) {
      double sum = 0;
      for (int i = 0; i < n; ++i) sum += rule.weights[i] * std::pow(rule.nodes[i], k);
      // E[z^k] = (k-1)!! for even k, 0 for odd k.
      const double exact = k % 2 ? 0.0 : double_factorial(k - 1);
      // Relative to the size of the terms (about E|z|^k <= k!!): odd moments cancel large terms.
      EXPECT_NEAR(sum, exact, 1e-12 * std::max(1.0, double_factorial(k))) << "n=" << n << " k=" << k;
    }
  }
  // The 2-point rule is +-1 with weights 1/2; the 3-point rule is 0, +-sqrt(3) with weights 2/3, 1/6.
  const QuadratureRule three = gauss_hermite(3);
  EXPECT_NEAR(three.nodes[2], std::sqrt(3.0), 1e-14);
  EXPECT_NEAR(three.weights[1], 2.0 / 3.0, 1e-14);
}

TEST(Quadrature, GaussLegendreAndNormalRule) {
  const QuadratureRule rule = gauss_legendre(8);
  for (int k = 0; k < 16; ++k) {
    double sum = 0;
    for (std::size_t i = 0; i < rule.nodes.size(); ++i) sum += rule.weights[i] * std::pow(rule.nodes[i], k);
    EXPECT_NEAR(sum, k % 2 ? 0.0 : 2.0 / (k + 1), 1e-14) << k;
  }
  const QuadratureRule normal = normal_rule();
  double m0 = 0, m2 = 0, m4 = 0;
  for (std::size_t i = 0; i < normal.nodes.size(); ++i) {
    m0 += normal.weights[i];
    m2 += normal.weights[i] * normal.nodes[i] * normal.nodes[i];
    m4 += normal.weights[i] * std::pow(normal.nodes[i], 4);
  }
  EXPECT_NEAR(m0, 1.0, 1e-14);
  EXPECT_NEAR(m2, 1.0, 1e-13);
  EXPECT_NEAR(m4, 3.0, 1e-13);
}

TEST(Probes, ReluClosedForms) {
  const auto v = probes_of("relu(x)");
  EXPECT_NEAR(probe_value(v, "mean"), 1.0 / std::sqrt(2.0 * std::numbers::pi), 1e-13);
  EXPECT_NEAR(probe_value(v, "second_moment"), 0.5, 1e-13);
  EXPECT_NEAR(probe_value(v, "mean_slope"), 0.5, 1e-13);
  EXPECT_NEAR(probe_value(v, "slope_second_moment"), 0.5, 1e-13);
  EXPECT_NEAR(probe_value(v, "dead_fraction"), 0.5, 1e-12);
  EXPECT_EQ(probe_value(v, "max_slope"), 1.0);
  EXPECT_EQ(probe_value(v, "curvature_sign_changes"), 0.0);
  EXPECT_EQ(probe_value(v, "non_finite"), 0.0);
  // R^2 = E[z relu(z)]^2 / Var(relu) = (1/4) / (1/2 - 1/(2 pi)) = 0.7334711034621299.
  EXPECT_NEAR(probe_value(v, "near_linearity"), 0.25 / (0.5 - 0.5 / std::numbers::pi), 1e-12);
  EXPECT_TRUE(check_probes(v, ProbeBounds::defaults()).empty());
  ASSERT_EQ(v.size(), probe_names().size());
  for (std::size_t i = 0; i < v.size(); ++i) EXPECT_EQ(v[i].first, probe_names()[i]);
}

TEST(Probes, DeadFractionIsZeroForLeakyAndSmoothFunctions) {
  for (const char* f : {"leaky_relu(x)", "elu(x)", "silu(x)", "x*sigmoid(x)", "tanh(x)"}) {
    EXPECT_EQ(probe(f, "dead_fraction"), 0.0) << f;
  }
  EXPECT_NEAR(probe("relu(-x)", "dead_fraction"), 0.5, 1e-12);
  // relu(x - 1) is dead below 1: P(z < 1) = Phi(1) = 0.8413447460685429.
  EXPECT_NEAR(probe("relu(x - 1)", "dead_fraction"), 0.8413447460685429, 1e-12);
}

TEST(Probes, SeluIsSelfNormalising) {
  const auto v = probes_of("selu(x)");
  // With the table's lambda = 1.0507009873554805 and alpha = 1.6732632423543772, mpmath quad gives
  // E[selu(z)] = 2.1e-17 and E[selu(z)^2] = 1 - 3.3e-17.
  EXPECT_NEAR(probe_value(v, "mean"), 0.0, 1e-10);
  EXPECT_NEAR(probe_value(v, "second_moment"), 1.0, 1e-10);
}

TEST(Probes, EluAlphaThatCentresTheOutput) {
  // The mean of relu(x) + alpha*(exp(min(x, 0)) - 1) is affine in alpha; solve mean = 0 from the probes.
  auto mean_at = [](double alpha) {
    const std::string text = "relu(x) + " + std::to_string(alpha) + "*(exp(min(x, 0)) - 1)";
    return probe(text, "mean");
  };
  const double m0 = mean_at(0.0), m1 = mean_at(1.0);
  const double alpha = -m0 / (m1 - m0);
  // Independent: mpmath (30 digits) quad of E[max(z,0)] / -E[exp(min(z,0)) - 1], equal to the closed
  // form (1/sqrt(2 pi)) / (1/2 - sqrt(e) Phi(-1)) = 1.67326324235437728481704299167 (SELU's alpha).
  EXPECT_NEAR(alpha, 1.6732632423543772848, 1e-11);
}

TEST(Probes, TanhSlopeSecondMomentAgainstHighPrecision) {
  // mpmath quad (30 digits): E[(1 - tanh(z)^2)^2] = 0.464402902448268241972, E[tanh(z)^2] = 0.394294490397841174416.
  EXPECT_NEAR(probe("tanh(x)", "slope_second_moment"), 0.464402902448268242, 1e-13);
  EXPECT_NEAR(probe("tanh(x)", "second_moment"), 0.394294490397841174, 1e-13);
  EXPECT_EQ(probe("tanh(x)", "curvature_sign_changes"), 1.0);
  // Swish: mpmath gives E[swish] = 0.206620964141907037, E[swish^2] = 0.355775519817352156; its second
  // derivative changes sign at about +-2.4.
  EXPECT_NEAR(probe("silu(x)", "mean"), 0.206620964141907037, 1e-13);
  EXPECT_NEAR(probe("silu(x)", "second_moment"), 0.355775519817352156, 1e-13);
  EXPECT_EQ(probe("silu(x)", "curvature_sign_changes"), 2.0);
  EXPECT_EQ(probe("sin(x)", "curvature_sign_changes"), 7.0);  // zeros of sin at 0, +-pi, +-2pi, +-3pi in [-10, 10]
}

TEST(Probes, LinearAndBrokenFunctionsAreRejected) {
  const ProbeBounds bounds = ProbeBounds::defaults();
  const auto identity = probes_of("x");
  EXPECT_NEAR(probe_value(identity, "near_linearity"), 1.0, 1e-12);
  auto reasons = check_probes(identity, bounds);
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_EQ(reasons[0].rfind("near_linearity=1 > max", 0), 0u) << reasons[0];
  EXPECT_FALSE(check_probes(probes_of("3*x + 2"), bounds).empty());
  EXPECT_EQ(probe("2", "near_linearity"), 1.0);  // a constant counts as affine

  const auto blowup = probes_of("exp(exp(x))");  // overflows beyond x ~ 6.56
  EXPECT_GT(probe_value(blowup, "non_finite"), 0.0);
  reasons = check_probes(blowup, bounds);
  EXPECT_FALSE(reasons.empty());
  EXPECT_EQ(reasons[0].rfind("non_finite=", 0), 0u);

  // A pole: the protected division is finite but its slope reaches 1e12 near x = 1.
  EXPECT_FALSE(check_probes(probes_of("x/(x - 1)"), bounds).empty());
  // Mostly dead.
  const auto dead = probes_of("relu(x - 3)");
  EXPECT_GT(probe_value(dead, "dead_fraction"), 0.95);
  EXPECT_FALSE(check_probes(dead, bounds).empty());
}

TEST(Probes, KnownActivationsPassTheDefaults) {
  const ProbeBounds bounds = ProbeBounds::defaults();
  for (const auto& k : expr::known_activations()) {
    const auto reasons = check_probes(probes_of(k.expression), bounds);
    if (k.name == "identity" || k.name == "squared_relu") {
      EXPECT_FALSE(reasons.empty()) << k.name;
    } else {
      EXPECT_TRUE(reasons.empty()) << k.name << ": " << reasons.front();
    }
  }
}

TEST(Probes, PropagationIsDeterministicAndSensible) {
  const auto a = probes_of("tanh(x)");
  const auto b = probes_of("tanh(x)");
  EXPECT_EQ(probe_value(a, "forward_variance_ratio"), probe_value(b, "forward_variance_ratio"));
  EXPECT_EQ(probe_value(a, "gradient_norm_ratio"), probe_value(b, "gradient_norm_ratio"));
  // Identity with sigma_w^2 = 1 / E[z^2] = 1 is a product of random orthogonal-ish maps: the variance
  // stays within a modest factor over 50 layers of width 128.
  const double identity_forward = probe("x", "forward_variance_ratio");
  EXPECT_GT(identity_forward, 0.2);
  EXPECT_LT(identity_forward, 5.0);
  // Sigmoid: per-layer gradient gain E[phi'^2] / E[phi^2] = 0.0448 / 0.2934 = 0.153, 0.153^49 ~ 1e-40.
  const double sigmoid_gradient = probe("sigmoid(x)", "gradient_norm_ratio");
  EXPECT_GT(sigmoid_gradient, 1e-46);
  EXPECT_LT(sigmoid_gradient, 1e-35);
  // A different seed draws a different network.
  ProbeOptions other;
  other.propagation_seed = 1;
  const auto c = compute_probes(expr::simplify(*expr::parse("tanh(x)")), other);
  EXPECT_NE(probe_value(a, "forward_variance_ratio"), probe_value(c, "forward_variance_ratio"));
}

}  // namespace
}  // namespace actsearch::probes
