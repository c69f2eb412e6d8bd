// The primitive table. Adding a primitive is one row here plus its value in scalar_functions.h;
// parser, printer, evaluator, simplifier, derivative engine, code generators, exporters and the
// `actsearch primitives` listing all read this table.
#include "expr/primitives.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "expr/src/vector/kernels.hpp"

namespace actsearch::expr {

namespace scalar {
using std::asinh;
using std::atan;
using std::cos;
using std::cosh;
using std::erf;
using std::erfc;
using std::exp;
using std::expm1;
using std::fabs;
using std::fmax;
using std::fmin;
using std::log;
using std::log1p;
using std::pow;
using std::sin;
using std::sinh;
using std::sqrt;
using std::tanh;
#include "expr/src/scalar_functions.h"
}  // namespace scalar

namespace {

// The compiled forms of one scalar function: single values and whole blocks, in both precisions.
struct Kernels {
  std::string_view c_function;
  double (*f64)(double, double);
  float (*f32)(float, float);
  BlockFn<double> block_f64;
  BlockFn<float> block_f32;
};

template <class T, auto F>
void unary_block(const T* a, const T*, T* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = F(a[i]);
}
template <class T, auto F>
void binary_block(const T* a, const T* b, T* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = F(a[i], b[i]);
}
template <auto F>
Kernels unary_kernels(std::string_view c_function) {
  return {c_function, [](double a, double) { return F(a); }, [](float a, float) { return F(a); },
          &unary_block<double, F>, &unary_block<float, F>};
}
template <auto F>
Kernels binary_kernels(std::string_view c_function) {
  return {c_function, [](double a, double b) { return F(a, b); }, [](float a, float b) { return F(a, b); },
          &binary_block<double, F>, &binary_block<float, F>};
}
#define AS_UNARY(fn) unary_kernels<[](auto a) { return scalar::fn(a); }>(#fn)
#define AS_BINARY(fn) binary_kernels<[](auto a, auto b) { return scalar::fn(a, b); }>(#fn)

struct RowText {
  std::string_view name;
  std::string_view alias;
  int arity;
  Group group;
  Notation notation;
  std::string_view definition;
  std::string_view convention;
  std::array<std::string_view, 2> derivative;
  double cost;
  Spellings spell;
  std::string_view expansion = "";
};

Primitive row(const RowText& t, const Kernels& k, const VectorSpec& v) {
  Primitive p;
  p.name = t.name;
  p.alias = t.alias;
  p.arity = t.arity;
  p.group = t.group;
  p.notation = t.notation;
  p.definition = t.definition;
  p.convention = t.convention;
  p.derivative = t.derivative;
  p.cost = t.cost;
  p.expansion = t.expansion;
  p.spell = t.spell;
  p.c_function = k.c_function;
  p.f64 = k.f64;
  p.f32 = k.f32;
  p.block_f64 = k.block_f64;
  p.block_f32 = k.block_f32;
  p.vector = v;
  return p;
}

// Vector paths (the last argument of each row): exact rows are bit-identical to the scalar float32
// path; the bounds (value ULPs, derivative ULPs; see VectorSpec) are the maxima that
// vector_accuracy_test measures on SSE4, AVX2 and AVX-512, rounded up, so that a change that loses
// accuracy fails the test. 0.5 is correct rounding. The large bounds belong to float32 itself, not
// to the vector code: the scalar path measures the same, because the row's definition amplifies a
// rounding (an argument of exp or erfc far in the tail) or cancels (derivative rules near 0, next
// to a root, or 1 - sigmoid for large arguments). docs/EVALUATOR.md lists which rows and why.
constexpr VectorSpec exact(double ulp, double ulp_derivative) { return {VectorPath::Exact, "", ulp, ulp_derivative}; }
constexpr VectorSpec sleef(std::string_view functions, double ulp, double ulp_derivative) {
  return {VectorPath::Sleef, functions, ulp, ulp_derivative};
}
constexpr VectorSpec per_element(double ulp, double ulp_derivative) {
  return {VectorPath::PerElement, "", ulp, ulp_derivative};
}

constexpr auto A = Group::Arithmetic;
constexpr auto E = Group::Elementary;
constexpr auto N = Group::Activation;
constexpr auto S = Group::Special;
constexpr auto H = Group::Helper;
constexpr auto C = Notation::Call;

// Spellings: {numpy, torch, jax, sympy, latex}. An empty jax spelling means "the NumPy one with
// np -> jnp and sp -> jsp"; an empty LaTeX spelling means \operatorname{name}(...).
std::vector<Primitive> build_table() {
  std::vector<Primitive> t;
  // clang-format off
  t.push_back(row({"add", "", 2, A, Notation::InfixAdd, "a + b", "", {"1", "1"}, 1,
      {"{0} + {1}", "{0} + {1}", "", "{0} + {1}", "{0} + {1}"}}, AS_BINARY(as_add),
      exact(0.5, 0)));
  t.push_back(row({"sub", "subtract", 2, A, Notation::InfixSub, "a - b", "", {"1", "-1"}, 1,
      {"{0} - {1}", "{0} - {1}", "", "{0} - {1}", "{0} - {1}"}}, AS_BINARY(as_sub),
      exact(0.5, 0)));
  t.push_back(row({"mul", "multiply", 2, A, Notation::InfixMul, "a * b", "", {"b", "a"}, 1,
      {"{0} * {1}", "{0} * {1}", "", "{0} * {1}", "{0} \\cdot {1}"}}, AS_BINARY(as_mul),
      exact(0.5, 0)));
  t.push_back(row({"div", "divide", 2, A, Notation::InfixDiv,
      "a / b, where b is replaced by +-1e-6 (the sign of b; + for 0) when |b| < 1e-6",
      "d/db is 0 where |b| < 1e-6", {"reciprocal(b)", "-a*reciprocal(b)^2*step(abs(b)-0.000001)"}, 4,
      {"{0} / _protect({1})", "{0} / _protect({1})", "", "{0} / {1}", "\\frac{{0}}{{1}}"}}, AS_BINARY(as_div),
      exact(0.55, 3)));
  t.push_back(row({"pow", "", 2, A, Notation::InfixPow,
      "max(|a|, 1e-6)^b: the power of the magnitude (exponents other than integer literals)",
      "d/da is 0 where |a| < 1e-6", {"b*pow(a, b-1)*sign(a)*step(abs(a)-0.000001)", "pow(a, b)*log(a)"}, 20,
      {"np.power(np.maximum(np.abs({0}), EPS), {1})", "torch.pow(torch.clamp(torch.abs({0}), min=EPS), {1})", "",
       "sympy.Abs({0}) ** {1}", "\\left|{0}\\right|^{{1}}"}}, AS_BINARY(as_pow),
      sleef("powf_u10", 1, 2.5)));
  t.push_back(row({"powi", "", 2, A, Notation::InfixPow,
      "a^n for an integer literal n: the signed power; for n < 0, |a| < 1e-6 is moved to +-1e-6 as in division",
      "", {"b*powi(a, b-1)", "0"}, 2,
      {"np.power(_protect({0}) if {1} < 0 else {0}, {1})", "torch.pow(_protect({0}) if {1} < 0 else {0}, {1})", "",
       "{0} ** {1}", "{0}^{{1}}"}}, AS_BINARY(as_powi),
      sleef("powf_u10", 1.5, 2)));
  t.push_back(row({"neg", "negative", 1, A, Notation::PrefixNeg, "-a", "", {"-1", ""}, 1,
      {"-{0}", "-{0}", "", "-{0}", "-{0}"}}, AS_UNARY(as_neg),
      exact(0, 0)));

  t.push_back(row({"max", "maximum", 2, E, C, "the larger of a and b", "at a tie each argument gets 1/2",
      {"0.5+0.5*sign(a-b)", "0.5-0.5*sign(a-b)"}, 1,
      {"np.maximum({0}, {1})", "torch.maximum({0}, {1})", "", "sympy.Max({0}, {1})", "\\max\\left({0}, {1}\\right)"}},
      AS_BINARY(as_max),
      exact(0, 0)));
  t.push_back(row({"min", "minimum", 2, E, C, "the smaller of a and b", "at a tie each argument gets 1/2",
      {"0.5-0.5*sign(a-b)", "0.5+0.5*sign(a-b)"}, 1,
      {"np.minimum({0}, {1})", "torch.minimum({0}, {1})", "", "sympy.Min({0}, {1})", "\\min\\left({0}, {1}\\right)"}},
      AS_BINARY(as_min),
      exact(0, 0)));
  t.push_back(row({"abs", "", 1, E, C, "|a|", "0 at 0", {"sign(a)", ""}, 1,
      {"np.abs({0})", "torch.abs({0})", "", "sympy.Abs({0})", "\\left|{0}\\right|"}}, AS_UNARY(as_abs),
      exact(0, 0)));
  t.push_back(row({"sqrt", "", 1, E, C, "sqrt(a) for a >= 0, 0 for a < 0", "0 for a <= 0",
      {"0.5*reciprocal(sqrt(a))*step(a)", ""}, 4,
      {"np.sqrt(np.maximum({0}, 0.0))", "torch.sqrt(torch.clamp({0}, min=0.0))", "", "sympy.sqrt(sympy.Max({0}, 0))",
       "\\sqrt{{0}}"}}, AS_UNARY(as_sqrt),
      exact(0.5, 1.5)));
  t.push_back(row({"log", "", 1, E, C, "log(max(|a|, 1e-6))", "0 where |a| < 1e-6",
      {"reciprocal(a)*step(abs(a)-0.000001)", ""}, 10,
      {"np.log(np.maximum(np.abs({0}), EPS))", "torch.log(torch.clamp(torch.abs({0}), min=EPS))", "",
       "sympy.log(sympy.Abs({0}))", "\\log\\left|{0}\\right|"}}, AS_UNARY(as_log),
      sleef("logf_u10", 1, 1)));
  t.push_back(row({"reciprocal", "recip", 1, E, C, "1 / a, with |a| < 1e-6 moved to +-1e-6 as in division",
      "0 where |a| < 1e-6", {"-reciprocal(a)^2*step(abs(a)-0.000001)", ""}, 4,
      {"1.0 / _protect({0})", "1.0 / _protect({0})", "", "1 / {0}", "\\frac{1}{{0}}"}}, AS_UNARY(as_reciprocal),
      exact(0.5, 2)));
  t.push_back(row({"exp", "", 1, E, C, "e^a", "", {"exp(a)", ""}, 10,
      {"np.exp({0})", "torch.exp({0})", "", "sympy.exp({0})", "e^{{0}}"}}, AS_UNARY(as_exp),
      sleef("expf_u10", 1, 1)));
  t.push_back(row({"expm1", "", 1, E, C, "e^a - 1", "", {"exp(a)", ""}, 12,
      {"np.expm1({0})", "torch.expm1({0})", "", "sympy.exp({0}) - 1", "\\left(e^{{0}} - 1\\right)"}},
      AS_UNARY(as_expm1),
      sleef("expm1f_u10", 1.25, 1)));
  t.push_back(row({"sin", "", 1, E, C, "sin(a)", "", {"cos(a)", ""}, 15,
      {"np.sin({0})", "torch.sin({0})", "", "sympy.sin({0})", "\\sin\\left({0}\\right)"}}, AS_UNARY(as_sin),
      sleef("sinf_u10", 1, 1)));
  t.push_back(row({"cos", "", 1, E, C, "cos(a)", "", {"-sin(a)", ""}, 15,
      {"np.cos({0})", "torch.cos({0})", "", "sympy.cos({0})", "\\cos\\left({0}\\right)"}}, AS_UNARY(as_cos),
      sleef("cosf_u10", 1, 1)));
  t.push_back(row({"sinh", "", 1, E, C, "sinh(a)", "", {"cosh(a)", ""}, 20,
      {"np.sinh({0})", "torch.sinh({0})", "", "sympy.sinh({0})", "\\sinh\\left({0}\\right)"}}, AS_UNARY(as_sinh),
      sleef("sinhf_u10", 2.5, 2.5)));
  t.push_back(row({"cosh", "", 1, E, C, "cosh(a)", "", {"sinh(a)", ""}, 20,
      {"np.cosh({0})", "torch.cosh({0})", "", "sympy.cosh({0})", "\\cosh\\left({0}\\right)"}}, AS_UNARY(as_cosh),
      sleef("coshf_u10", 2.5, 2.5)));
  t.push_back(row({"tanh", "", 1, E, C, "tanh(a)", "", {"1-tanh(a)^2", ""}, 12,
      {"np.tanh({0})", "torch.tanh({0})", "", "sympy.tanh({0})", "\\tanh\\left({0}\\right)"}}, AS_UNARY(as_tanh),
      sleef("tanhf_u10", 1.25, 1.25)));
  t.push_back(row({"asinh", "", 1, E, C, "asinh(a) = log(a + sqrt(a^2 + 1))", "", {"reciprocal(sqrt(a^2+1))", ""}, 25,
      {"np.arcsinh({0})", "torch.asinh({0})", "", "sympy.asinh({0})", "\\operatorname{asinh}\\left({0}\\right)"}},
      AS_UNARY(as_asinh),
      sleef("asinhf_u10", 1.25, 1.25)));
  t.push_back(row({"atan", "", 1, E, C, "arctan(a)", "", {"reciprocal(1+a^2)", ""}, 15,
      {"np.arctan({0})", "torch.atan({0})", "", "sympy.atan({0})", "\\arctan\\left({0}\\right)"}}, AS_UNARY(as_atan),
      sleef("atanf_u10", 1, 1)));
  t.push_back(row({"sinc", "", 1, E, C, "sin(a) / a, and 1 at a = 0 (unnormalised)", "0 at 0",
      {"(cos(a)-sinc(a))/a", ""}, 16,
      {"np.where({0} == 0, 1.0, np.sin({0}) / np.where({0} == 0, 1.0, {0}))",
       "torch.where({0} == 0, torch.ones_like({0}), torch.sin({0}) / torch.where({0} == 0, torch.ones_like({0}), {0}))",
       "", "sympy.sinc({0})", "\\operatorname{sinc}\\left({0}\\right)"}}, AS_UNARY(as_sinc),
      sleef("sinf_u10", 2, 2000)));
  t.push_back(row({"erf", "", 1, E, C, "the error function", "", {"1.1283791670955126*exp(-a^2)", ""}, 15,
      {"sp.erf({0})", "torch.erf({0})", "", "sympy.erf({0})", "\\operatorname{erf}\\left({0}\\right)"}},
      AS_UNARY(as_erf),
      sleef("erff_u10", 1, 1.5)));
  t.push_back(row({"erfc", "", 1, E, C, "1 - erf(a)", "", {"-1.1283791670955126*exp(-a^2)", ""}, 15,
      {"sp.erfc({0})", "torch.erfc({0})", "", "sympy.erfc({0})", "\\operatorname{erfc}\\left({0}\\right)"}},
      AS_UNARY(as_erfc),
      sleef("expf_u10", 7, 1.5)));

  t.push_back(row({"sigmoid", "", 1, N, C, "1 / (1 + e^-a)", "", {"sigmoid(a)*(1-sigmoid(a))", ""}, 12,
      {"sp.expit({0})", "torch.sigmoid({0})", "", "1 / (1 + sympy.exp(-{0}))", "\\sigma\\left({0}\\right)"}},
      AS_UNARY(as_sigmoid),
      sleef("expf_u10", 3, 1)));
  t.push_back(row({"softplus", "", 1, N, C, "log(1 + e^a)", "", {"sigmoid(a)", ""}, 20,
      {"np.logaddexp(0.0, {0})", "torch.nn.functional.softplus({0})", "", "sympy.log(1 + sympy.exp({0}))", ""}},
      AS_UNARY(as_softplus),
      sleef("expf_u10, log1pf_u10", 2, 1)));
  t.push_back(row({"log_sigmoid", "", 1, N, C, "log(1 / (1 + e^-a)) = -softplus(-a)", "", {"sigmoid(-a)", ""}, 20,
      {"-np.logaddexp(0.0, -{0})", "torch.nn.functional.logsigmoid({0})", "", "-sympy.log(1 + sympy.exp(-{0}))",
       "\\log\\sigma\\left({0}\\right)"}}, AS_UNARY(as_log_sigmoid),
      sleef("expf_u10, log1pf_u10", 2, 1)));
  t.push_back(row({"softsign", "", 1, N, C, "a / (1 + |a|)", "", {"(1+abs(a))^-2", ""}, 5,
      {"{0} / (1.0 + np.abs({0}))", "torch.nn.functional.softsign({0})", "", "{0} / (1 + sympy.Abs({0}))", ""}},
      AS_UNARY(as_softsign),
      exact(1.5, 1.5)));
  t.push_back(row({"relu", "", 1, N, C, "max(a, 0)", "0 at 0", {"step(a)", ""}, 1,
      {"np.where({0} < 0, 0.0, {0})", "torch.relu({0})", "", "sympy.Max({0}, 0)", ""}}, AS_UNARY(as_relu),
      exact(0, 0)));
  t.push_back(row({"leaky_relu", "", 1, N, C, "a for a >= 0, 0.01 a otherwise", "0.01 at 0",
      {"0.01+0.99*step(a)", ""}, 1,
      {"np.where({0} < 0, 0.01 * {0}, {0})", "torch.nn.functional.leaky_relu({0}, 0.01)", "",
       "sympy.Piecewise((sympy.Rational(1, 100) * {0}, {0} < 0), ({0}, True))", ""}}, AS_UNARY(as_leaky_relu),
      exact(1, 0.01)));
  t.push_back(row({"elu", "", 1, N, C, "a for a > 0, e^a - 1 otherwise (alpha = 1)", "1 at 0 (both one-sided limits)",
      {"step(a)+(1-step(a))*exp(min(a,0))", ""}, 12,
      {"np.where({0} > 0, {0}, np.expm1(np.minimum({0}, 0.0)))", "torch.nn.functional.elu({0})", "",
       "sympy.Piecewise(({0}, {0} > 0), (sympy.exp({0}) - 1, True))", ""}}, AS_UNARY(as_elu),
      sleef("expm1f_u10", 1.25, 0.5)));
  t.push_back(row({"selu", "", 1, N, C,
      "lambda (a for a > 0, alpha (e^a - 1) otherwise), lambda = 1.0507009873554805, alpha = 1.6732632423543772",
      "lambda alpha at 0 (the left limit)",
      {"1.0507009873554805*(step(a)+(1-step(a))*1.6732632423543772*exp(min(a,0)))", ""}, 12,
      {"1.0507009873554805 * np.where({0} > 0, {0}, 1.6732632423543772 * np.expm1(np.minimum({0}, 0.0)))",
       "torch.selu({0})", "",
       "1.0507009873554805 * sympy.Piecewise(({0}, {0} > 0), (1.6732632423543772 * (sympy.exp({0}) - 1), True))", ""}},
      AS_UNARY(as_selu),
      sleef("expm1f_u10", 2, 2)));
  t.push_back(row({"gelu", "", 1, N, C, "a Phi(a) = a (1 + erf(a / sqrt 2)) / 2 (exact, erf form)", "",
      {"normal_cdf(a)+a*normal_pdf(a)", ""}, 16,
      {"0.5 * {0} * sp.erfc(-{0} * 0.7071067811865476)", "torch.nn.functional.gelu({0})", "",
       "{0} * (1 + sympy.erf({0} / sympy.sqrt(2))) / 2", "\\operatorname{GELU}\\left({0}\\right)"},
      "a*normal_cdf(a)"}, AS_UNARY(as_gelu),
      sleef("expf_u10", 200, 2)));
  t.push_back(row({"gelu_tanh", "", 1, N, C, "a (1 + tanh(sqrt(2/pi) (a + 0.044715 a^3))) / 2", "",
      {"0.5*(1+tanh(0.7978845608028654*(a+0.044715*a^3)))+0.5*a*(1-tanh(0.7978845608028654*(a+0.044715*a^3))^2)*"
       "0.7978845608028654*(1+0.134145*a^2)", ""}, 15,
      {"0.5 * {0} * (1.0 + np.tanh(0.7978845608028654 * ({0} + 0.044715 * {0} ** 3)))",
       "torch.nn.functional.gelu({0}, approximate='tanh')", "",
       "{0} * (1 + sympy.tanh(sympy.sqrt(2 / sympy.pi) * ({0} + 0.044715 * {0} ** 3))) / 2", ""},
      "a*sigmoid(1.5957691216057307*(a+0.044715*a^3))"}, AS_UNARY(as_gelu_tanh),
      sleef("expf_u10", 200, 20)));
  t.push_back(row({"silu", "swish", 1, N, C, "a sigmoid(a) = a / (1 + e^-a)", "",
      {"sigmoid(a)+a*sigmoid(a)*(1-sigmoid(a))", ""}, 12,
      {"{0} * sp.expit({0})", "torch.nn.functional.silu({0})", "", "{0} / (1 + sympy.exp(-{0}))",
       "\\operatorname{SiLU}\\left({0}\\right)"},
      "a*sigmoid(a)"}, AS_UNARY(as_silu),
      sleef("expf_u10", 3, 10)));
  t.push_back(row({"mish", "", 1, N, C, "a tanh(softplus(a))", "",
      {"mish_slope(a)", ""}, 35,
      {"{0} * np.tanh(np.logaddexp(0.0, {0}))", "torch.nn.functional.mish({0})", "",
       "{0} * sympy.tanh(sympy.log(1 + sympy.exp({0})))", ""}}, AS_UNARY(as_mish),
      sleef("expf_u10", 4, 3)));
  t.push_back(row({"hard_sigmoid", "", 1, N, C, "0 for a <= -3, 1 for a >= 3, a/6 + 1/2 between", "0 at -3 and 3",
      {"step(a+3)*step(3-a)/6", ""}, 2,
      {"np.clip({0} / 6.0 + 0.5, 0.0, 1.0)", "torch.nn.functional.hardsigmoid({0})", "",
       "sympy.Min(sympy.Max({0} / 6 + sympy.Rational(1, 2), 0), 1)", ""}}, AS_UNARY(as_hard_sigmoid),
      exact(1, 0.05)));
  t.push_back(row({"hard_swish", "", 1, N, C, "a hard_sigmoid(a)", "the slope term is 0 at -3 and 3 (so 0 at -3, 1 at 3)",
      {"hard_sigmoid(a)+a*step(a+3)*step(3-a)/6", ""}, 3,
      {"{0} * np.clip({0} / 6.0 + 0.5, 0.0, 1.0)", "torch.nn.functional.hardswish({0})", "",
       "{0} * sympy.Min(sympy.Max({0} / 6 + sympy.Rational(1, 2), 0), 1)", ""}}, AS_UNARY(as_hard_swish),
      exact(2, 1)));
  t.push_back(row({"relu6", "", 1, N, C, "min(max(a, 0), 6)", "0 at 0 and at 6", {"step(a)*step(6-a)", ""}, 1,
      {"np.clip({0}, 0.0, 6.0)", "torch.nn.functional.relu6({0})", "", "sympy.Min(sympy.Max({0}, 0), 6)", ""}},
      AS_UNARY(as_relu6),
      exact(0, 0)));
  t.push_back(row({"squared_relu", "", 1, N, C, "max(a, 0)^2", "", {"2*relu(a)", ""}, 2,
      {"np.where({0} < 0, 0.0, {0}) ** 2", "torch.relu({0}) ** 2", "", "sympy.Max({0}, 0) ** 2", ""}},
      AS_UNARY(as_squared_relu),
      exact(0.5, 0)));
  t.push_back(row({"elish", "", 1, N, C, "(e^a - 1) sigmoid(a) for a < 0, a sigmoid(a) for a >= 0", "",
      {"step(-a)*sigmoid(a)*(exp(min(a,0))+expm1(min(a,0))*(1-sigmoid(a)))+"
       "(1-step(-a))*(sigmoid(a)+a*sigmoid(a)*(1-sigmoid(a)))", ""}, 25,
      {"np.where({0} < 0, np.expm1(np.minimum({0}, 0.0)), {0}) * sp.expit({0})",
       "torch.where({0} < 0, torch.expm1(torch.clamp({0}, max=0.0)), {0}) * torch.sigmoid({0})", "",
       "sympy.Piecewise(((sympy.exp({0}) - 1) / (1 + sympy.exp(-{0})), {0} < 0), ({0} / (1 + sympy.exp(-{0})), True))",
       ""}}, AS_UNARY(as_elish),
      sleef("expf_u10, expm1f_u10", 4, 10)));

  t.push_back(row({"bessel_i0e", "", 1, S, C, "e^-|a| I0(a), the exponentially scaled modified Bessel function of order 0",
      "", {"bessel_i1e(a)-sign(a)*bessel_i0e(a)", ""}, 60,
      {"sp.i0e({0})", "torch.special.i0e({0})", "", "sympy.exp(-sympy.Abs({0})) * sympy.besseli(0, {0})",
       "e^{-\\left|{0}\\right|} I_0\\left({0}\\right)"}}, AS_UNARY(as_bessel_i0e),
      per_element(15, 2)));
  t.push_back(row({"bessel_i1e", "", 1, S, C, "e^-|a| I1(a), the exponentially scaled modified Bessel function of order 1",
      "", {"bessel_i0e(a)-sign(a)*bessel_i1e(a)-bessel_i1e_x(a)", ""}, 60,
      {"sp.i1e({0})", "torch.special.i1e({0})", "", "sympy.exp(-sympy.Abs({0})) * sympy.besseli(1, {0})",
       "e^{-\\left|{0}\\right|} I_1\\left({0}\\right)"}}, AS_UNARY(as_bessel_i1e),
      per_element(12, 2)));

  t.push_back(row({"sign", "", 1, H, C, "-1 for a < 0, 0 at 0, 1 for a > 0", "0 everywhere", {"0", ""}, 1,
      {"np.sign({0})", "torch.sign({0})", "", "sympy.sign({0})", "\\operatorname{sgn}\\left({0}\\right)"}},
      AS_UNARY(as_sign),
      exact(0, 0)));
  t.push_back(row({"step", "", 1, H, C, "1 for a > 0, 0 otherwise (Heaviside with H(0) = 0)", "0 everywhere",
      {"0", ""}, 1,
      {"np.where({0} > 0, 1.0, 0.0)", "({0} > 0).to({0}.dtype)", "", "sympy.Heaviside({0}, 0)", "H\\left({0}\\right)"}},
      AS_UNARY(as_step),
      exact(0, 0)));
  t.push_back(row({"bessel_i1e_x", "", 1, H, C, "e^-|a| I1(a) / a, and 1/2 at 0 (used by the derivative of bessel_i1e)",
      "0 where |a| < 1e-6", {"(bessel_i0e(a)-sign(a)*bessel_i1e(a)-2*bessel_i1e_x(a))/a", ""}, 60,
      {"np.where({0} == 0, 0.5, sp.i1e({0}) / np.where({0} == 0, 1.0, {0}))",
       "torch.where({0} == 0, torch.full_like({0}, 0.5), torch.special.i1e({0}) / torch.where({0} == 0, "
       "torch.ones_like({0}), {0}))", "",
       "sympy.exp(-sympy.Abs({0})) * sympy.besseli(1, {0}) / {0}",
       "\\frac{e^{-\\left|{0}\\right|} I_1\\left({0}\\right)}{{0}}"}}, AS_UNARY(as_bessel_i1e_x),
      per_element(12, 2000)));
  t.push_back(row({"normal_cdf", "", 1, H, C,
      "Phi(a) = erfc(-a / sqrt 2) / 2, the standard normal distribution function (gelu is a Phi(a))", "",
      {"normal_pdf(a)", ""}, 15,
      {"0.5 * sp.erfc(-{0} * 0.7071067811865476)", "torch.special.ndtr({0})", "",
       "sympy.erfc(-{0} / sympy.sqrt(2)) / 2", "\\Phi\\left({0}\\right)"}}, AS_UNARY(as_normal_cdf),
      sleef("expf_u10", 200, 1)));
  t.push_back(row({"normal_pdf", "", 1, H, C, "phi(a) = e^(-a^2 / 2) / sqrt(2 pi), the standard normal density", "",
      {"-a*normal_pdf(a)", ""}, 12,
      {"0.3989422804014327 * np.exp(-0.5 * {0} ** 2)", "0.3989422804014327 * torch.exp(-0.5 * {0} ** 2)", "",
       "sympy.exp(-{0} ** 2 / 2) / sympy.sqrt(2 * sympy.pi)", "\\varphi\\left({0}\\right)"}},
      AS_UNARY(as_normal_pdf),
      sleef("expf_u10", 70, 1)));
  t.push_back(row({"mish_slope", "", 1, H, C,
      "mish'(a) = t + a (1 - t^2) sigmoid(a), t = tanh(softplus(a)) (mish's slope, one exponential)", "",
      {"(1-tanh(softplus(a))^2)*sigmoid(a)*(2+a*(1-sigmoid(a)-2*tanh(softplus(a))*sigmoid(a)))", ""}, 36,
      {"np.tanh(np.logaddexp(0.0, {0})) + {0} * (1.0 - np.tanh(np.logaddexp(0.0, {0})) ** 2) * sp.expit({0})",
       "torch.tanh(torch.nn.functional.softplus({0})) + {0} * (1 - torch.tanh(torch.nn.functional.softplus({0})) ** 2)"
       " * torch.sigmoid({0})", "",
       "sympy.tanh(sympy.log(1 + sympy.exp({0}))) + {0} * (1 - sympy.tanh(sympy.log(1 + sympy.exp({0}))) ** 2) /"
       " (1 + sympy.exp(-{0}))", ""}},
      AS_UNARY(as_mish_slope),
      sleef("expf_u10", 7500, 16)));
  // clang-format on
  return t;
}

// Each row's float32 kernel per instruction set: the vector kernel of its scalar function where the
// row has a vector path and the set is compiled in, else the scalar loop. A row that claims a
// vector path without a kernel, or a kernel that no row claims, is a defect of the table.
void attach_vector_kernels(std::vector<Primitive>& rows) {
  for (Primitive& p : rows) p.block_f32_isa.fill(p.block_f32);
  using Registry = const vector::Kernel* (*)(std::size_t&);
  const std::pair<VectorIsa, Registry> sets[] = {{VectorIsa::Sse4, &vector::kernels_sse4},
                                                 {VectorIsa::Avx2, &vector::kernels_avx2},
                                                 {VectorIsa::Avx512, &vector::kernels_avx512}};
  for (const auto& [isa, registry] : sets) {
    std::size_t count = 0;
    const vector::Kernel* kernels = registry(count);
    if (count == 0) continue;
    for (Primitive& p : rows) {
      const vector::Kernel* found = nullptr;
      for (std::size_t i = 0; i < count; ++i) {
        if (p.c_function == kernels[i].c_function) found = &kernels[i];
      }
      const bool vectorised = p.vector.path != VectorPath::PerElement;
      if (vectorised != (found != nullptr)) {
        throw std::logic_error("primitive '" + std::string(p.name) + "': the table says " +
                               std::string(vector_path_name(p.vector.path)) + " but the " +
                               std::string(vector_isa_name(isa)) + " kernels " + (found ? "have" : "lack") + " " +
                               std::string(p.c_function));
      }
      if (found) p.block_f32_isa[static_cast<std::size_t>(isa)] = found->f32;
    }
    for (std::size_t i = 0; i < count; ++i) {
      bool claimed = false;
      for (const Primitive& p : rows) claimed = claimed || p.c_function == kernels[i].c_function;
      if (!claimed) throw std::logic_error(std::string("vector kernel ") + kernels[i].c_function + " has no table row");
    }
  }
}

const std::vector<Primitive>& table() {
  static const std::vector<Primitive> rows = [] {
    std::vector<Primitive> t = build_table();
    attach_vector_kernels(t);
    return t;
  }();
  return rows;
}

}  // namespace

std::string_view group_name(Group g) {
  switch (g) {
    case Group::Arithmetic: return "arithmetic";
    case Group::Elementary: return "elementary";
    case Group::Activation: return "activation";
    case Group::Special: return "special";
    case Group::Helper: return "helper";
  }
  return "?";
}

std::string_view vector_path_name(VectorPath p) {
  switch (p) {
    case VectorPath::Exact: return "exact";
    case VectorPath::Sleef: return "sleef";
    case VectorPath::PerElement: return "per-element";
  }
  return "?";
}

std::span<const Primitive> primitives() { return table(); }

const Primitive& primitive(PrimId id) { return table().at(id); }

std::optional<PrimId> find_primitive(std::string_view name) {
  const auto& rows = table();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].name == name || (!rows[i].alias.empty() && rows[i].alias == name)) return static_cast<PrimId>(i);
  }
  return std::nullopt;
}

PrimId primitive_id(std::string_view name) {
  if (auto id = find_primitive(name)) return *id;
  throw std::logic_error("no primitive named '" + std::string(name) + "'");
}

}  // namespace actsearch::expr
