#include "spaces/src/operators.hpp"

#include <functional>

#include "expr/parse.hpp"
#include "expr/primitives.hpp"
#include "spaces/space.hpp"

namespace actsearch::spaces {
namespace {

// Items of the published spaces that are not rows of the primitive table. Everything that is a row
// (neg, abs, sqrt, log, exp, sin, ..., add, mul, div, max, ...) is used by its table name instead.
constexpr OperatorTemplate kTemplates[] = {
    {"identity", 1, "x1", "x"},
    {"zero", 1, "0", "the constant 0"},
    {"one", 1, "1", "the constant 1"},
    {"square", 1, "x1^2", "x^2"},
    {"cube", 1, "x1^3", "x^3"},
    {"scale", 1, "beta*x1", "beta x, beta trainable (initial 1)"},
    {"shift", 1, "x1 + beta", "x + beta, beta trainable (initial 1)"},
    {"gaussian", 1, "exp(-x1^2)", "exp(-x^2)"},
    {"min0", 1, "min(x1, 0)", "min(x, 0)"},
    {"const", 1, "beta", "the trainable constant beta (initial 1)"},
    {"sigmoid_gate", 2, "sigmoid(x1)*x2", "sigma(x1) x2"},
    {"gaussian_distance", 2, "exp(-beta*(x1 - x2)^2)", "exp(-beta (x1 - x2)^2)"},
    {"laplace_distance", 2, "exp(-beta*abs(x1 - x2))", "exp(-beta |x1 - x2|)"},
    {"interpolate", 2, "beta*x1 + (1 - beta)*x2", "beta x1 + (1 - beta) x2"},
};

// Ramachandran, Zoph & Le 2017, section 3 (the 25 unary and 10 binary functions of the search).
// log(|x|+eps) is the table's log (log(max(|x|, 1e-6))), x1/(x2+eps) the table's protected division.
constexpr std::string_view kRamachandranUnary[] = {"identity", "neg",      "abs",  "square", "cube", "sqrt", "scale",
                                                   "shift",    "log",      "exp",  "sin",    "cos",  "sinh", "cosh",
                                                   "tanh",     "asinh",    "atan", "sinc",   "relu", "min0", "sigmoid",
                                                   "softplus", "gaussian", "erf",  "const"};
constexpr std::string_view kRamachandranBinary[] = {
    "add", "mul", "sub", "div", "max", "min", "sigmoid_gate", "gaussian_distance", "laplace_distance", "interpolate"};

// AQuaSurF (Bingham & Miikkulainen 2023) draws on TensorFlow's element-wise operations. The exact lists
// are reconstructed from the table: the constants 0 and 1, the elementary functions and the common
// activation functions (27 unary); the four arithmetic operations, max, min and the power of the
// magnitude (7 binary). GELU is left out of the unary set to keep the published count.
constexpr std::string_view kAquasurfUnary[] = {
    "zero",        "one",      "identity", "neg",  "abs",     "square",   "cube",       "sqrt",       "exp",
    "log",         "sin",      "cos",      "tanh", "sigmoid", "softplus", "erf",        "erfc",       "expm1",
    "log_sigmoid", "softsign", "relu",     "elu",  "selu",    "silu",     "reciprocal", "bessel_i0e", "bessel_i1e"};
constexpr std::string_view kAquasurfBinary[] = {"add", "sub", "mul", "div", "max", "min", "pow"};

// Highest placeholder index used by e, and whether x itself occurs.
void scan(const expr::Expr& e, int& highest, bool& uses_x) {
  if (e.is_var()) {
    if (e.node().var == 0)
      uses_x = true;
    else
      highest = std::max(highest, e.node().var);
  }
  for (const auto& a : e.args()) scan(a, highest, uses_x);
}

}  // namespace

std::span<const OperatorTemplate> operator_templates() { return kTemplates; }
std::span<const std::string_view> ramachandran_unary() { return kRamachandranUnary; }
std::span<const std::string_view> ramachandran_binary() { return kRamachandranBinary; }
std::span<const std::string_view> aquasurf_unary() { return kAquasurfUnary; }
std::span<const std::string_view> aquasurf_binary() { return kAquasurfBinary; }

namespace detail {

Expected<expr::Expr> parse_operator(const std::string& text, int arity) {
  expr::ParseOptions options;
  options.placeholders = true;
  auto parsed = expr::parse(text, options);
  if (!parsed) return fail("cannot parse '" + text + "': " + parsed.error().describe());
  int highest = 0;
  bool uses_x = false;
  scan(*parsed, highest, uses_x);
  if (uses_x)
    return fail("'" + text + "' uses x; operator templates are written over x1" + (arity == 2 ? " and x2" : ""));
  if (highest > arity) {
    return fail("'" + text + "' uses x" + std::to_string(highest) + " but a " + (arity == 1 ? "unary" : "binary") +
                " operator has only " + (arity == 1 ? "x1" : "x1 and x2"));
  }
  return *parsed;
}

Expected<expr::Expr> resolve_operator(const std::string& name, int arity) {
  const char* kind = arity == 1 ? "unary" : "binary";
  for (const auto& t : kTemplates) {
    if (t.name != name) continue;
    if (t.arity != arity) {
      return fail("'" + name + "' is a " + (t.arity == 1 ? "unary" : "binary") + " operator, not " + kind);
    }
    return parse_operator(std::string(t.expression), arity);
  }
  const auto id = expr::find_primitive(name);
  if (!id) {
    return fail("unknown " + std::string(kind) + " operator '" + name +
                "' (use a primitive-table name from `actsearch primitives` or a named template such as square, "
                "scale, sigmoid_gate)");
  }
  const expr::Primitive& p = expr::primitive(*id);
  if (p.name == "powi") return fail("'powi' needs an integer literal exponent; use square or cube");
  if (p.arity != arity) {
    return fail("'" + name + "' is a " + (p.arity == 1 ? "unary" : "binary") + " primitive, not " + kind);
  }
  std::vector<expr::Expr> args{expr::Expr::placeholder(1)};
  if (arity == 2) args.push_back(expr::Expr::placeholder(2));
  return expr::Expr::call(*id, std::move(args));
}

}  // namespace detail
}  // namespace actsearch::spaces
