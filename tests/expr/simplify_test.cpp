#include "expr/simplify.hpp"

#include <gtest/gtest.h>

#include "expr/derivative.hpp"
#include "expr/parse.hpp"
#include "expr/print.hpp"

namespace actsearch::expr {
namespace {

std::string canonical_text(std::string_view text) {
  auto e = parse(text);
  EXPECT_TRUE(e.has_value()) << text;
  return e ? print(simplify(*e)) : "";
}

TEST(Simplify, CanonicalForms) {
  EXPECT_EQ(canonical_text("sigmoid(x)*x"), "x*sigmoid(x)");
  EXPECT_EQ(canonical_text("x*sigmoid(x)"), "x*sigmoid(x)");
  EXPECT_EQ(canonical_text("x + 0"), "x");
  EXPECT_EQ(canonical_text("1*x*1"), "x");
  EXPECT_EQ(canonical_text("x*0 + sin(x)"), "sin(x)");
  EXPECT_EQ(canonical_text("x - x"), "0");
  EXPECT_EQ(canonical_text("x + x"), "2*x");
  EXPECT_EQ(canonical_text("3*x - x*2"), "x");
  EXPECT_EQ(canonical_text("x*x"), "x^2");
  EXPECT_EQ(canonical_text("x*x^2*x"), "x^4");
  EXPECT_EQ(canonical_text("(x^2)^3"), "x^6");
  EXPECT_EQ(canonical_text("(2*x)^2"), "4*x^2");
  EXPECT_EQ(canonical_text("x/2"), "0.5*x");
  EXPECT_EQ(canonical_text("-(-x)"), "x");
  EXPECT_EQ(canonical_text("-(2*x)"), "-2*x");
  EXPECT_EQ(canonical_text("1 - x + 2"), "3 - x");
  EXPECT_EQ(canonical_text("0 - sin(x) - 2*x"), "-2*x - sin(x)");
  EXPECT_EQ(canonical_text("2 + 3*4"), "14");
  EXPECT_EQ(canonical_text("exp(0)"), "1");
  EXPECT_EQ(canonical_text("max(x, x)"), "x");
  EXPECT_EQ(canonical_text("max(sin(x), x)"), canonical_text("max(x, sin(x))"));
  EXPECT_EQ(canonical_text("abs(-abs(x))"), "abs(x)");
  EXPECT_EQ(canonical_text("beta*x*2"), "2*beta*x");
  EXPECT_EQ(canonical_text("x + beta - beta"), "x");
  EXPECT_EQ(canonical_text("cos(x) - x"), "cos(x) - x");
  EXPECT_EQ(canonical_text("x^1"), "x");
  EXPECT_EQ(canonical_text("x^0 + 1"), "2");
}

TEST(Simplify, CommutedAndReassociatedFormsMeetInOneCanonicalForm) {
  EXPECT_EQ(canonical_text("(x + sin(x)) + tanh(x)"), canonical_text("tanh(x) + (sin(x) + x)"));
  EXPECT_EQ(canonical_text("x*(sigmoid(x)*2)"), canonical_text("2*sigmoid(x)*x"));
  EXPECT_EQ(canonical_text("x - (sin(x) - 1)"), canonical_text("1 + x - sin(x)"));
  EXPECT_EQ(canonical_text("min(tanh(x), x) + max(x, 0)"), canonical_text("max(0, x) + min(x, tanh(x))"));
}

TEST(Simplify, KeepsTheProtectedOperationsExact) {
  // x/x is not 1 near 0 (protected division); a*a^-1 likewise.
  EXPECT_EQ(canonical_text("x/x"), "x/x");
  EXPECT_EQ(canonical_text("x*x^-1"), "x*x^-1");
  // Folding never produces a non-finite constant.
  EXPECT_EQ(canonical_text("exp(1000)"), "exp(1000)");
}

TEST(Simplify, StructuralHashIdentifiesCanonicalForms) {
  auto a = simplify(*parse("x*sigmoid(x) + 0"));
  auto b = simplify(*parse("sigmoid(x)*x"));
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.hash(), b.hash());
  EXPECT_NE(a.hash(), simplify(*parse("x*tanh(x)")).hash());
}

TEST(Derivative, ClosedForms) {
  EXPECT_EQ(print(derivative_x(*parse("x^3"))), "3*x^2");
  EXPECT_EQ(print(derivative_x(*parse("sin(x)"))), "cos(x)");
  EXPECT_EQ(print(derivative_x(*parse("x*sigmoid(x)"))), "sigmoid(x) + x*sigmoid(x)*(1 - sigmoid(x))");
  EXPECT_EQ(print(derivative_param(*parse("x*sigmoid(beta*x)"), "beta")), "x^2*sigmoid(beta*x)*(1 - sigmoid(beta*x))");
  EXPECT_EQ(print(derivative_x(*parse("beta*x + gamma"))), "beta");
  EXPECT_EQ(print(derivative_param(*parse("beta*x + gamma"), "gamma")), "1");
  EXPECT_EQ(print(derivative_param(*parse("beta*x"), "gamma")), "0");
  auto d = derivatives(*parse("alpha*x + beta*x^2"));
  ASSERT_EQ(d.dparams.size(), 2u);
  EXPECT_EQ(print(d.dparams[0]), "x");
  EXPECT_EQ(print(d.dparams[1]), "x^2");
}

}  // namespace
}  // namespace actsearch::expr
