#include "expr/program.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <thread>

#include "expr/fingerprint.hpp"
#include "expr/known.hpp"
#include "expr/parse.hpp"
#include "expr/print.hpp"
#include "expr/simplify.hpp"

namespace actsearch::expr {
namespace {

Expr canonical_expr(std::string_view text) {
  auto e = parse(text);
  EXPECT_TRUE(e.has_value()) << text;
  return simplify(*e);
}

int count_calls(const Program& p, std::string_view name) {
  int n = 0;
  for (const Instruction& ins : p.instructions()) n += ins.op == OpCode::Call && primitive(ins.prim).name == name;
  return n;
}

TEST(Program, SharesSubexpressionsBetweenValueAndDerivatives) {
  Program swish = Program::compile(canonical_expr("x*sigmoid(beta*x)"));
  EXPECT_EQ(count_calls(swish, "sigmoid"), 1) << swish.disassemble();
  EXPECT_EQ(swish.num_outputs(), 3);  // phi, dphi/dx, dphi/dbeta
  // mish and its slope each from one exponential: two passes, no softplus or tanh in the tape.
  Program mish = Program::compile(canonical_expr("mish(x)"));
  EXPECT_EQ(count_calls(mish, "mish"), 1) << mish.disassemble();
  EXPECT_EQ(count_calls(mish, "mish_slope"), 1) << mish.disassemble();
  EXPECT_EQ(count_calls(mish, "softplus"), 0) << mish.disassemble();
  EXPECT_EQ(count_calls(mish, "tanh"), 0) << mish.disassemble();
}

TEST(Program, ForwardOnlyProgramHasOneOutput) {
  Program p = Program::compile(canonical_expr("gelu(x)"), ProgramOptions{.derivatives = false});
  EXPECT_EQ(p.num_outputs(), 1);
  EXPECT_FALSE(p.has_derivatives());
}

TEST(Program, BlockEvaluationMatchesPointwiseOnAnyLength) {
  Program p = Program::compile(canonical_expr("x*sigmoid(beta=1.5*x) + 0.1*sin(x)*exp(-x*x)"));
  for (std::size_t n : {0u, 1u, 255u, 256u, 257u, 1000u}) {
    std::vector<double> x(n), y(n), dy(n), db(n);
    for (std::size_t i = 0; i < n; ++i) x[i] = -4.0 + 8.0 * static_cast<double>(i) / static_cast<double>(n + 1);
    double* out[] = {y.data(), dy.data(), db.data()};
    std::vector<double> theta = {0.7};
    p.evaluate(x, theta, out);
    for (std::size_t i = 0; i < n; ++i) {
      auto v = p.evaluate_at(x[i], theta);
      EXPECT_EQ(y[i], v[0]);
      EXPECT_EQ(dy[i], v[1]);
      EXPECT_EQ(db[i], v[2]);
    }
  }
}

TEST(Program, NullOutputsAreSkippedAndUniformOutputsFilled) {
  Program p = Program::compile(canonical_expr("beta*x + 3"));
  std::vector<float> x = {1, 2, 3}, dy(3), db(3);
  float* out[] = {nullptr, dy.data(), db.data()};
  std::vector<float> theta = {2.5f};
  p.evaluate(x, theta, out);
  EXPECT_EQ(dy, (std::vector<float>{2.5f, 2.5f, 2.5f}));  // d/dx = beta, uniform
  EXPECT_EQ(db, x);                                       // d/dbeta = x
}

TEST(Program, IdentityAndConstantExpressions) {
  Program id = Program::compile(Expr::x());
  EXPECT_EQ(id.evaluate_at(3.5), (std::vector<double>{3.5, 1.0}));
  Program c = Program::compile(Expr::constant(2));
  EXPECT_EQ(c.evaluate_at(-1), (std::vector<double>{2.0, 0.0}));
}

TEST(Program, NonFiniteValuesFlowThroughWithoutCrashing) {
  Program p = Program::compile(canonical_expr("exp(exp(x))"));
  auto v = p.evaluate_at(10);
  EXPECT_TRUE(std::isinf(v[0]));
  std::vector<double> x = {std::nan(""), HUGE_VAL, -HUGE_VAL, 0};
  std::vector<double> y(4), dy(4);
  double* out[] = {y.data(), dy.data()};
  p.evaluate(x, {}, out);
  EXPECT_TRUE(std::isnan(y[0]));
  EXPECT_EQ(y[3], std::exp(1.0));
}

TEST(Program, ThreadsEvaluateConcurrently) {
  Program p = Program::compile(canonical_expr("mish(x) + elish(x)"));
  std::vector<double> expected;
  for (int i = 0; i < 1000; ++i) expected.push_back(p.evaluate_at(i * 0.01 - 5)[1]);
  auto work = [&] {
    std::vector<double> x(1000), y(1000), dy(1000);
    for (int i = 0; i < 1000; ++i) x[static_cast<std::size_t>(i)] = i * 0.01 - 5;
    double* out[] = {y.data(), dy.data()};
    for (int r = 0; r < 50; ++r) {
      p.evaluate(x, {}, out);
      if (dy != expected) return false;
    }
    return true;
  };
  bool a = false, b = false;
  std::thread t1([&] { a = work(); }), t2([&] { b = work(); });
  t1.join();
  t2.join();
  EXPECT_TRUE(a && b);
}

TEST(Fingerprint, EqualFunctionsShareIt) {
  const Fingerprint swish = fingerprint(canonical_expr("silu(x)"));
  for (std::string_view alias : {"x*sigmoid(x)", "x/(1+exp(-x))", "sigmoid(x)*x", "swish(x)", "x*(1 - sigmoid(-x))"}) {
    EXPECT_EQ(fingerprint(canonical_expr(alias)), swish) << alias;
  }
  EXPECT_EQ(fingerprint(canonical_expr("max(x, 0)")), fingerprint(canonical_expr("relu(x)")));
  EXPECT_EQ(fingerprint(canonical_expr("gelu(x)")), fingerprint(canonical_expr("x*(1 + erf(x/sqrt(2)))/2")));
  EXPECT_EQ(fingerprint(canonical_expr("beta*x + gamma")), fingerprint(canonical_expr("gamma + x*beta")));
}

TEST(Fingerprint, DifferentFunctionsDiffer) {
  std::set<std::uint64_t> seen;
  for (const KnownActivation& k : known_activations()) {
    EXPECT_TRUE(seen.insert(fingerprint(canonical_expr(k.expression)).hash).second) << k.name;
  }
  // A trainable constant makes a different candidate from the same function at its initial value.
  EXPECT_NE(fingerprint(canonical_expr("x*sigmoid(beta*x)")), fingerprint(canonical_expr("silu(x)")));
  EXPECT_NE(fingerprint(canonical_expr("relu(x)")), fingerprint(canonical_expr("relu6(x)")));
  EXPECT_NE(fingerprint(canonical_expr("beta*x + beta")), fingerprint(canonical_expr("beta*x + gamma")));
}

TEST(Fingerprint, FlagsNonFiniteAndConstantFunctions) {
  EXPECT_FALSE(fingerprint(canonical_expr("exp(exp(x))")).finite);
  EXPECT_TRUE(fingerprint(canonical_expr("exp(x)")).finite);
  EXPECT_TRUE(fingerprint(canonical_expr("sin(x)^2 + cos(x)^2")).constant);
  EXPECT_FALSE(fingerprint(canonical_expr("x")).constant);
  EXPECT_EQ(fingerprint(canonical_expr("x")).hex().size(), 16u);
}

}  // namespace
}  // namespace actsearch::expr
