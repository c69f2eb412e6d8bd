#include "expr/parse.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "expr/print.hpp"

namespace actsearch::expr {
namespace {

Expr must_parse(std::string_view text) {
  auto e = parse(text);
  EXPECT_TRUE(e.has_value()) << text << ": " << (e ? "" : e.error().describe());
  return e ? *e : Expr();
}

Error must_fail(std::string_view text, const ParseOptions& options = {}) {
  auto e = parse(text, options);
  EXPECT_FALSE(e.has_value()) << text << " parsed as " << (e ? print(*e) : "");
  return e ? Error{} : e.error();
}

TEST(Parse, BuildsTheExpectedTree) {
  Expr x = Expr::x();
  EXPECT_EQ(must_parse("x*sigmoid(x)"), Expr::call("mul", {x, Expr::call("sigmoid", {x})}));
  EXPECT_EQ(must_parse("1 + 2 * x"), Expr::call("add", {Expr::constant(1), Expr::call("mul", {Expr::constant(2), x})}));
  EXPECT_EQ(must_parse("x - 1 - 2"), Expr::call("sub", {Expr::call("sub", {x, Expr::constant(1)}), Expr::constant(2)}));
  EXPECT_EQ(must_parse("x^2"), Expr::call("powi", {x, Expr::constant(2)}));
  EXPECT_EQ(must_parse("x^2.5"), Expr::call("pow", {x, Expr::constant(2.5)}));
  EXPECT_EQ(must_parse("x^-1"), Expr::call("powi", {x, Expr::constant(-1)}));
  EXPECT_EQ(must_parse("-x^2"), Expr::call("neg", {Expr::call("powi", {x, Expr::constant(2)})}));
  EXPECT_EQ(must_parse("-2*x"), Expr::call("mul", {Expr::constant(-2), x}));
  // Right-associative; the outer exponent is not a literal, so it is the magnitude power.
  EXPECT_EQ(must_parse("2^3^2"),
            Expr::call("pow", {Expr::constant(2), Expr::call("powi", {Expr::constant(3), Expr::constant(2)})}));
  EXPECT_EQ(must_parse("pi").value(), std::numbers::pi);
  EXPECT_EQ(must_parse("  1.5e-3 ").value(), 1.5e-3);
}

TEST(Parse, NamedParametersShareTheirInitialValue) {
  Expr e = must_parse("x*sigmoid(beta=1.5*x) + beta");
  auto params = parameters(e);
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(params[0].name, "beta");
  EXPECT_EQ(params[0].initial, 1.5);
  EXPECT_EQ(e.arg(1), Expr::param("beta", 1.5));  // the bare occurrence took the declared value
  EXPECT_EQ(parameters(must_parse("beta*x"))[0].initial, 1.0);
  EXPECT_EQ(parameters(must_parse("alpha=-0.25*x"))[0].initial, -0.25);
  Error err = must_fail("beta=1*x + beta=2");
  EXPECT_NE(err.message.find("two different initial values"), std::string::npos) << err.message;
}

TEST(Parse, AcceptsAquasurfSyntaxAndAliases) {
  Expr e = must_parse("max(relu(x),cosh(elu(x)))");
  EXPECT_EQ(print(e), "max(relu(x), cosh(elu(x)))");
  EXPECT_EQ(must_parse("swish(x)"), must_parse("silu(x)"));
  EXPECT_EQ(must_parse("multiply(x, negative(x))"), must_parse("x*-x"));
}

TEST(Parse, PlaceholdersOnlyWhenAsked) {
  auto with = parse("x1 + x2", ParseOptions{.placeholders = true});
  ASSERT_TRUE(with.has_value());
  EXPECT_TRUE(with->arg(0).is_var());
  auto without = must_parse("x1 + x2");
  EXPECT_TRUE(without.arg(0).is_param());
}

struct BadInput {
  std::string text;
  int column;
  std::string says;
};

void PrintTo(const BadInput& bad, std::ostream* os) { *os << "\"" << bad.text.substr(0, 40) << "\""; }

class ParseErrors : public ::testing::TestWithParam<BadInput> {};

TEST_P(ParseErrors, NameTheColumnAndWhatWasExpected) {
  const BadInput& bad = GetParam();
  Error err = must_fail(bad.text);
  EXPECT_EQ(err.where.column, bad.column) << err.describe();
  EXPECT_NE(err.message.find(bad.says), std::string::npos) << err.describe();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ParseErrors,
    ::testing::Values(BadInput{"", 1, "empty"}, BadInput{"   ", 1, "empty"},
                      BadInput{"foo(x)", 1, "unknown function 'foo'"},
                      BadInput{"sigmoid(x, x)", 1, "takes 1 argument, got 2"},
                      BadInput{"max(x)", 1, "takes 2 arguments, got 1"}, BadInput{"(x + 1", 7, "expected ')'"},
                      BadInput{"x + 1)", 6, "expected an operator or the end"}, BadInput{"x +", 4, "input ended"},
                      BadInput{"x * * 2", 5, "expected an operand"}, BadInput{"sigmoid", 8, "expected '(' after"},
                      BadInput{"x(2)", 1, "not a function"}, BadInput{"nan", 1, "finite"},
                      BadInput{"inf * x", 1, "finite"}, BadInput{"1e999", 1, "out of range"},
                      BadInput{"x $ 2", 3, "unexpected character '$'"},
                      BadInput{"max(x,, 1)", 7, "expected an operand"}, BadInput{"beta=", 6, "initial value"},
                      BadInput{"powi(x, 1.5)", 1, "integer literal"}, BadInput{"x\x01", 2, "byte 0x01"}));

TEST(ParseLimits, HugeInputIsAnErrorNotACrash) {
  std::string big(1 << 20, 'x');  // 1 MB
  Error err = must_fail(big);
  EXPECT_NE(err.message.find("limit"), std::string::npos) << err.message;

  std::string sum = "x";
  while (sum.size() < (1u << 20)) sum += "+x";
  EXPECT_FALSE(parse(sum).has_value());
}

TEST(ParseLimits, DeepNestingIsAnErrorNotAStackOverflow) {
  std::string deep = std::string(100000, '(') + "x" + std::string(100000, ')');
  EXPECT_FALSE(parse(deep).has_value());
  // Within the length limit, the depth limit speaks.
  std::string nested = std::string(30000, '(') + "x" + std::string(30000, ')');
  Error err = must_fail(nested);
  EXPECT_NE(err.message.find("nested deeper"), std::string::npos) << err.message;
  std::string minus(30000, '-');
  err = must_fail(minus + "x");
  EXPECT_NE(err.message.find("nested deeper"), std::string::npos) << err.message;
  std::string calls;
  for (int i = 0; i < 5000; ++i) calls += "sin(";
  calls += "x" + std::string(5000, ')');
  err = must_fail(calls);
  EXPECT_NE(err.message.find("nested deeper"), std::string::npos) << err.message;
  // Moderate nesting is fine.
  EXPECT_TRUE(parse(std::string(50, '(') + "x" + std::string(50, ')')).has_value());
}

TEST(Print, CanonicalTextAndRoundTrip) {
  for (std::string_view text : {"x*sigmoid(x)",
                                "x - (1 - x)",
                                "(x - 1) - x",
                                "x/(x/2)",
                                "(x/x)/2",
                                "-x",
                                "-(-x)",
                                "-(2)",
                                "(-2)^x",
                                "x^-2",
                                "x^-2.5",
                                "pow(x, 2)",
                                "powi(x, 2)",
                                "x^(x^2)",
                                "(x^2)^3",
                                "beta=1.5*x + beta",
                                "-(x*x)",
                                "-x*x",
                                "max(x, 0) + min(-1, x)",
                                "sin(-x)^2",
                                "x - -2",
                                "2*-x",
                                "1e-06*x",
                                "x*(x + 1)"}) {
    Expr e = must_parse(text);
    EXPECT_EQ(must_parse(print(e)), e) << text << " printed as " << print(e);
  }
  EXPECT_EQ(print(must_parse("x - (1 - x)")), "x - (1 - x)");
  EXPECT_EQ(print(must_parse("(x - 1) - x")), "x - 1 - x");
  EXPECT_EQ(print(must_parse("x*sigmoid(beta=1.5*x)")), "x*sigmoid(beta=1.5*x)");
  EXPECT_EQ(print(must_parse("powi(x, 2)")), "x^2");
  EXPECT_EQ(print(must_parse("pow(x, 2)")), "pow(x, 2)");
}

TEST(Print, Latex) {
  EXPECT_EQ(print_latex(must_parse("x*sigmoid(beta*x)")), "x \\cdot \\sigma\\left(\\beta \\cdot x\\right)");
  EXPECT_EQ(print_latex(must_parse("x/(1+exp(-x))")), "\\frac{x}{1 + e^{-x}}");
  EXPECT_EQ(print_latex(must_parse("(x+1)^2")), "\\left(x + 1\\right)^{2}");
  EXPECT_EQ(print_latex(must_parse("mish(x)")), "\\operatorname{mish}\\left(x\\right)");
}

}  // namespace
}  // namespace actsearch::expr
