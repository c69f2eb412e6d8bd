// One test per primitive-table row, generated from the table: values against an independent
// reference (standard library in long double, closed forms, std::cyl_bessel_i) and the symbolic
// derivative against central finite differences away from kinks. A new row without a reference
// here fails.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <map>
#include <random>

#include "expr/derivative.hpp"
#include "expr/parse.hpp"
#include "expr/primitives.hpp"
#include "expr/program.hpp"
#include "expr/simplify.hpp"

namespace actsearch::expr {
namespace {

using LD = long double;
using Reference = std::function<LD(LD, LD)>;

LD sig(LD a) { return 0.5L * (1 + std::tanh(a / 2)); }  // sigmoid by a different formula
LD softplus_ref(LD a) { return std::log1p(std::exp(a)); }
LD selu_ref(LD a) {
  const LD lambda = 1.0507009873554804934193349852946L, alpha = 1.6732632423543772848170429916717L;
  return lambda * (a > 0 ? a : alpha * (std::exp(a) - 1));
}
LD i0e_ref(LD a) { return std::cyl_bessel_i(0.0L, std::fabs(a)) * std::exp(-std::fabs(a)); }
LD i1e_ref(LD a) {
  LD v = std::cyl_bessel_i(1.0L, std::fabs(a)) * std::exp(-std::fabs(a));
  return a < 0 ? -v : v;
}

const std::map<std::string_view, Reference>& references() {
  static const std::map<std::string_view, Reference> refs = {
      {"add", [](LD a, LD b) { return a + b; }},
      {"sub", [](LD a, LD b) { return a - b; }},
      {"mul", [](LD a, LD b) { return a * b; }},
      {"div", [](LD a, LD b) { return a / b; }},
      {"pow", [](LD a, LD b) { return std::pow(std::fabs(a), b); }},
      {"powi", [](LD a, LD b) { return std::pow(a, b); }},
      {"neg", [](LD a, LD) { return -a; }},
      {"max", [](LD a, LD b) { return a > b ? a : b; }},
      {"min", [](LD a, LD b) { return a < b ? a : b; }},
      {"abs", [](LD a, LD) { return std::fabs(a); }},
      {"sqrt", [](LD a, LD) { return a > 0 ? std::sqrt(a) : 0; }},
      {"log", [](LD a, LD) { return std::log(std::fabs(a)); }},
      {"reciprocal", [](LD a, LD) { return 1 / a; }},
      {"exp", [](LD a, LD) { return std::exp(a); }},
      {"expm1", [](LD a, LD) { return std::expm1(a); }},
      {"sin", [](LD a, LD) { return std::sin(a); }},
      {"cos", [](LD a, LD) { return std::cos(a); }},
      {"sinh", [](LD a, LD) { return std::sinh(a); }},
      {"cosh", [](LD a, LD) { return std::cosh(a); }},
      {"tanh", [](LD a, LD) { return std::tanh(a); }},
      {"asinh", [](LD a, LD) { return std::log(a + std::sqrt(a * a + 1)); }},
      {"atan", [](LD a, LD) { return std::atan(a); }},
      {"sinc", [](LD a, LD) { return std::sin(a) / a; }},
      {"erf", [](LD a, LD) { return std::erf(a); }},
      {"erfc", [](LD a, LD) { return std::erfc(a); }},
      {"sigmoid", [](LD a, LD) { return sig(a); }},
      {"softplus", [](LD a, LD) { return softplus_ref(a); }},
      {"log_sigmoid", [](LD a, LD) { return std::log(sig(a)); }},
      {"softsign", [](LD a, LD) { return a / (1 + std::fabs(a)); }},
      {"relu", [](LD a, LD) { return a > 0 ? a : 0; }},
      {"leaky_relu", [](LD a, LD) { return a > 0 ? a : 0.01L * a; }},
      {"elu", [](LD a, LD) { return a > 0 ? a : std::exp(a) - 1; }},
      {"selu", [](LD a, LD) { return selu_ref(a); }},
      {"gelu", [](LD a, LD) { return 0.5L * a * (1 + std::erf(a / std::sqrt(2.0L))); }},
      {"gelu_tanh",
       [](LD a, LD) {
         return 0.5L * a * (1 + std::tanh(std::sqrt(2 / std::acos(-1.0L)) * (a + 0.044715L * a * a * a)));
       }},
      {"silu", [](LD a, LD) { return a * sig(a); }},
      {"mish", [](LD a, LD) { return a * std::tanh(softplus_ref(a)); }},
      {"hard_sigmoid", [](LD a, LD) { return std::clamp(a / 6 + 0.5L, 0.0L, 1.0L); }},
      {"hard_swish", [](LD a, LD) { return a * std::clamp(a / 6 + 0.5L, 0.0L, 1.0L); }},
      {"relu6", [](LD a, LD) { return std::clamp(a, 0.0L, 6.0L); }},
      {"squared_relu", [](LD a, LD) { return a > 0 ? a * a : 0; }},
      {"elish", [](LD a, LD) { return (a < 0 ? std::exp(a) - 1 : a) * sig(a); }},
      {"bessel_i0e", [](LD a, LD) { return i0e_ref(a); }},
      {"bessel_i1e", [](LD a, LD) { return i1e_ref(a); }},
      {"bessel_i1e_x", [](LD a, LD) { return i1e_ref(a) / a; }},
      {"sign", [](LD a, LD) { return LD(a > 0) - LD(a < 0); }},
      {"step", [](LD a, LD) { return LD(a > 0); }},
      {"normal_cdf", [](LD a, LD) { return 0.5L * std::erfc(-a / std::sqrt(2.0L)); }},
      {"normal_pdf", [](LD a, LD) { return std::exp(-a * a / 2) / std::sqrt(2 * std::acos(-1.0L)); }},
      {"mish_slope",
       [](LD a, LD) {
         const LD t = std::tanh(softplus_ref(a));
         return t + a * (1 - t * t) * sig(a);
       }},
  };
  return refs;
}

// Points of the row's domain away from its kinks and protected regions.
std::vector<std::array<double, 2>> sample_points(const Primitive& p, int count) {
  std::mt19937_64 rng(12345);
  std::uniform_real_distribution<double> wide(-6, 6);
  std::uniform_int_distribution<int> exponent(-3, 5);
  std::vector<std::array<double, 2>> out;
  const std::vector<double> kinks = {0, -3, 3, 6};
  while (static_cast<int>(out.size()) < count) {
    double a = wide(rng), b = wide(rng);
    if (p.name == "powi") b = exponent(rng);
    if (p.name == "pow") b = std::uniform_real_distribution<double>(-2, 3)(rng);
    bool near_kink = false;
    for (double k : kinks) near_kink = near_kink || std::abs(a - k) < 1e-3;
    if (p.arity == 2 && p.name != "powi" && p.name != "pow")
      near_kink = near_kink || std::abs(a - b) < 1e-3 || std::abs(b) < 1e-3;
    if (!near_kink) out.push_back({a, b});
  }
  return out;
}

double relative_error(double got, double want) { return std::abs(got - want) / std::max(1.0, std::abs(want)); }

class PrimitiveRow : public ::testing::TestWithParam<std::size_t> {};

TEST_P(PrimitiveRow, ValueMatchesIndependentReference) {
  const Primitive& p = primitives()[GetParam()];
  auto it = references().find(p.name);
  ASSERT_NE(it, references().end()) << "row '" << p.name << "' has no reference in this test";
  for (auto [a, b] : sample_points(p, 200)) {
    const double want = static_cast<double>(it->second(a, b));
    EXPECT_LE(relative_error(p.f64(a, b), want), 1e-13)
        << p.name << "(" << a << ", " << b << ") = " << p.f64(a, b) << ", reference " << want;
    // The float32 kernel computes the same function to float precision.
    const float f = p.f32(static_cast<float>(a), static_cast<float>(b));
    const double want32 =
        static_cast<double>(it->second(static_cast<LD>(static_cast<float>(a)), static_cast<LD>(static_cast<float>(b))));
    EXPECT_LE(relative_error(f, want32), 2e-5) << p.name << " in float32 at (" << a << ", " << b << ")";
  }
}

TEST_P(PrimitiveRow, BlockKernelsAgreeWithScalarFunction) {
  const Primitive& p = primitives()[GetParam()];
  auto points = sample_points(p, 300);  // more than one block-sized chunk would need; odd length
  std::vector<double> a, b, out(points.size());
  for (auto [u, v] : points) {
    a.push_back(u);
    b.push_back(v);
  }
  p.block_f64(a.data(), b.data(), out.data(), out.size());
  for (std::size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i], p.f64(a[i], b[i])) << p.name;
}

// d/d(argument i) by the symbolic rule, evaluated through a compiled Program, against central
// differences of the reference. Binary rows are checked per argument with the other one fixed.
TEST_P(PrimitiveRow, DerivativeMatchesFiniteDifferences) {
  const Primitive& p = primitives()[GetParam()];
  const Reference& ref = references().at(p.name);
  int checked = 0;
  for (const auto& point : sample_points(p, 60)) {
    // Named copies, not a structured binding: clang 14 (the coverage build) cannot capture those.
    const double a = point[0], b = point[1];
    for (int arg = 0; arg < p.arity; ++arg) {
      if (p.name == "powi" && arg == 1) continue;  // the exponent is an integer literal
      const double at = arg == 0 ? a : b;
      const Expr other = Expr::constant(arg == 0 ? b : a);
      const Expr e = p.arity == 1
                         ? Expr::call(p.name, {Expr::x()})
                         : Expr::call(p.name, arg == 0 ? std::vector{Expr::x(), other} : std::vector{other, Expr::x()});
      const Program prog = Program::compile(e);
      const double symbolic = prog.evaluate_at(at)[1];
      auto f = [&](double t) { return arg == 0 ? ref(t, b) : ref(a, t); };
      // Central differences at h and h/2, combined by Richardson extrapolation (error O(h^4)).
      const double h = 1e-3 * std::max(0.01, std::abs(at));  // relative: small near the poles of 1/x, log
      const double fd_h = static_cast<double>((f(at + h) - f(at - h)) / (2 * h));
      const double fd_half = static_cast<double>((f(at + h / 2) - f(at - h / 2)) / h);
      const double fd = (4 * fd_half - fd_h) / 3;
      if (std::abs(fd_h - fd_half) > 1e-3 * std::max(1.0, std::abs(fd))) continue;  // a kink within h
      EXPECT_LE(relative_error(symbolic, fd), 1e-7)
          << "d/d(arg " << arg << ") " << p.name << " at (" << a << ", " << b << "): rule " << symbolic << ", FD " << fd
          << "\n  derivative: " << p.derivative[static_cast<std::size_t>(arg)];
      ++checked;
    }
  }
  EXPECT_GE(checked, 40 * p.arity - (p.name == "powi" ? 40 : 0)) << "too few smooth points for " << p.name;
}

TEST_P(PrimitiveRow, HasDocumentationSpellingsAndKernels) {
  const Primitive& p = primitives()[GetParam()];
  EXPECT_FALSE(p.definition.empty()) << p.name;
  EXPECT_FALSE(p.spell.numpy.empty()) << p.name;
  EXPECT_FALSE(p.spell.torch.empty()) << p.name;
  EXPECT_FALSE(p.spell.sympy.empty()) << p.name;
  EXPECT_FALSE(p.c_function.empty()) << p.name;
  EXPECT_GT(p.cost, 0) << p.name;
  EXPECT_TRUE(p.f64 && p.f32 && p.block_f64 && p.block_f32) << p.name;
  for (int i = 0; i < p.arity; ++i) {
    EXPECT_FALSE(p.derivative[static_cast<std::size_t>(i)].empty()) << p.name << " argument " << i;
  }
  EXPECT_EQ(find_primitive(p.name), static_cast<PrimId>(GetParam()));
  if (!p.alias.empty()) {
    EXPECT_EQ(find_primitive(p.alias), static_cast<PrimId>(GetParam()));
  }
}

// Totality: finite inputs give finite values wherever the definition is finite, and the protected
// rows stay finite at and around zero; NaN propagates.
TEST_P(PrimitiveRow, TotalAtZeroAndPropagatesNaN) {
  const Primitive& p = primitives()[GetParam()];
  const double nan = std::nan("");
  for (double a : {0.0, -0.0, 1e-300, -1e-300, 5e-7, -5e-7}) {
    double b = p.name == "powi" ? -2.0 : (p.arity == 2 ? a : 0.0);
    EXPECT_TRUE(std::isfinite(p.f64(a, b))) << p.name << "(" << a << ", " << b << ")";
  }
  EXPECT_TRUE(std::isnan(p.f64(nan, p.name == "powi" ? 2.0 : 1.0)) || p.name == "step" || p.name == "sign")
      << p.name << " hides a NaN argument";
}

std::string row_name(const ::testing::TestParamInfo<std::size_t>& info) {
  return std::string(primitives()[info.param].name);
}

INSTANTIATE_TEST_SUITE_P(EveryRow, PrimitiveRow, ::testing::Range<std::size_t>(0, primitives().size()), row_name);

TEST(PrimitiveTable, NamesAndAliasesAreUnique) {
  std::set<std::string_view> seen;
  for (const Primitive& p : primitives()) {
    EXPECT_TRUE(seen.insert(p.name).second) << p.name;
    if (!p.alias.empty()) {
      EXPECT_TRUE(seen.insert(p.alias).second) << p.alias;
    }
  }
}

TEST(PrimitiveTable, HoldsTheNamedActivationsAndAquasurfOperators) {
  for (std::string_view name :
       {"relu",         "leaky_relu", "elu",     "selu",        "gelu",       "gelu_tanh",    "silu",       "swish",
        "mish",         "softplus",   "sigmoid", "tanh",        "softsign",   "hard_sigmoid", "hard_swish", "relu6",
        "squared_relu", "erfc",       "expm1",   "log_sigmoid", "reciprocal", "bessel_i0e",   "bessel_i1e", "elish",
        "sinc",         "asinh",      "atan",    "erf",         "sinh",       "cosh"}) {
    EXPECT_TRUE(find_primitive(name).has_value()) << name;
  }
}

TEST(ScalarFunctionsSource, IsTheFileTheEvaluatorCompiles) {
  const std::string_view text = scalar_functions_source();
  for (const Primitive& p : primitives()) {
    EXPECT_NE(text.find(std::string(p.c_function) + "(T a"), std::string_view::npos) << p.c_function;
  }
}

}  // namespace
}  // namespace actsearch::expr
