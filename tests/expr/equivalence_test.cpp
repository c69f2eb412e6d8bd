// The equivalence key: every member of {±phi(±x)} gets the class's key, and the near misses phi + 0.1,
// 1.1*phi and phi(1.1x), which train differently, do not; a task that is not sign-symmetric merges
// nothing.
#include "expr/equivalence.hpp"

#include <gtest/gtest.h>

#include <set>

#include "expr/fingerprint.hpp"
#include "expr/parse.hpp"
#include "expr/print.hpp"
#include "expr/simplify.hpp"
#include "tests/expr/random_expression.hpp"

namespace actsearch::expr {
namespace {

Expr canonical(std::string_view text) {
  auto parsed = parse(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return simplify(*parsed);
}

EquivalenceKey key(const Expr& e, bool symmetric = true) { return equivalence_key(simplify(e), symmetric); }

TEST(EquivalenceKey, SwishReflectedIsSwish) {
  const EquivalenceKey swish = key(canonical("silu(x)"));
  EXPECT_EQ(key(canonical("x*sigmoid(-x)")), swish);  // -swish(-x)
  EXPECT_EQ(key(canonical("-x*sigmoid(x)")), swish);  // -swish(x)
  EXPECT_EQ(key(canonical("x*sigmoid(x)")), swish);
  EXPECT_NE(key(canonical("x*sigmoid(1.1*x)")), swish);
  EXPECT_NE(key(canonical("gelu(x)")), swish);
  // tanh is odd: its class has two members, and both get its key.
  EXPECT_EQ(key(canonical("tanh(-x)")), key(canonical("tanh(x)")));
  EXPECT_EQ(key(canonical("tanh(x)")).hex().size(), 16u);
}

TEST(EquivalenceKey, ReflectionBetweenNamesTheTransformation) {
  const Program swish = Program::compile(canonical("silu(x)"), ProgramOptions{.derivatives = false});
  auto of = [&](std::string_view text) {
    return reflection_between(swish, Program::compile(canonical(text), ProgramOptions{.derivatives = false}));
  };
  EXPECT_EQ(of("x*sigmoid(x)"), Reflection::None);
  EXPECT_EQ(of("x*sigmoid(-x)"), Reflection::Both);
  EXPECT_EQ(of("-x*sigmoid(x)"), Reflection::Output);
  EXPECT_EQ(of("-x*sigmoid(-x)"), Reflection::Input);
  EXPECT_EQ(of("gelu(x)"), std::nullopt);
  for (Reflection r : kReflections) EXPECT_EQ(parse_reflection(to_string(r)), r);
  EXPECT_EQ(parse_reflection("phi"), std::nullopt);
}

TEST(EquivalenceKey, NotSignSymmetricTaskMergesNothing) {
  const Expr swish = canonical("silu(x)");
  EXPECT_NE(key(canonical("x*sigmoid(-x)"), false), key(swish, false));
  EXPECT_NE(key(canonical("-x*sigmoid(x)"), false), key(swish, false));
  EXPECT_EQ(key(canonical("x/(1+exp(-x))"), false), key(swish, false));  // still the same function
  EXPECT_EQ(key(swish, false).hash, fingerprint(swish).hash);
}

// On 1,000 random expressions (with parameters among them): every member of the class, simplified as a
// campaign would simplify it, gets the class's key, and phi + 0.1, 1.1*phi and phi(1.1x) get another one
// unless they are themselves a member (sign(1.1x) = sign(x)).
TEST(EquivalenceKey, RandomExpressions) {
  testing::RandomExpressions random(20261201);
  int tested = 0, misses_distinct = 0, misses_members = 0;
  while (tested < 1000) {
    const Expr phi = simplify(random.next(4));
    const Fingerprint fp = fingerprint(phi);
    if (!fp.finite || fp.constant || !depends_on_x(phi)) continue;
    ++tested;
    const EquivalenceKey k = key(phi);
    std::set<std::uint64_t> member_fingerprints;
    for (Reflection r : kReflections) {
      const Expr member = simplify(reflect(phi, r));
      member_fingerprints.insert(fingerprint(member).hash);
      EXPECT_EQ(key(member), k) << print(phi) << " -> " << to_string(r) << ": " << print(member);
      const Program of = Program::compile(phi, ProgramOptions{.derivatives = false});
      const auto found = reflection_between(of, Program::compile(member, ProgramOptions{.derivatives = false}));
      ASSERT_TRUE(found.has_value()) << print(phi) << " -> " << print(member);
      // The first reflection that maps phi there: r itself, or one that gives the same function.
      EXPECT_EQ(fingerprint(simplify(reflect(phi, *found))).hash, fingerprint(member).hash);
    }
    const Expr near_misses[] = {
        Expr::call("add", {phi, Expr::constant(0.1)}),
        Expr::call("mul", {Expr::constant(1.1), phi}),
        substitute_x(phi, Expr::call("mul", {Expr::constant(1.1), Expr::x()})),
    };
    for (const Expr& g : near_misses) {
      const Expr canonical_g = simplify(g);
      const Fingerprint gfp = fingerprint(canonical_g);
      if (!gfp.finite) continue;
      if (member_fingerprints.count(gfp.hash) != 0) {
        ++misses_members;
        continue;
      }
      ++misses_distinct;
      EXPECT_NE(key(canonical_g), k) << print(phi) << " vs " << print(canonical_g);
    }
  }
  // The near misses are almost always other functions; the exemption above is the exception.
  EXPECT_GT(misses_distinct, 2500) << misses_members << " near misses were members";
}

}  // namespace
}  // namespace actsearch::expr
