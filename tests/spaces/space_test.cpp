#include "spaces/space.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>

#include "expr/parse.hpp"
#include "expr/print.hpp"
#include "expr/simplify.hpp"

namespace actsearch::spaces {
namespace {

Space must_parse(std::string_view yaml) {
  auto s = Space::parse_text(yaml, "test.yaml");
  EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().describe());
  return *s;
}

std::string canonical(const Space& s, const Genome& g) { return expr::print(expr::simplify(s.expression(g))); }

std::string canonical(std::string_view text) { return expr::print(expr::simplify(*expr::parse(text))); }

std::vector<Genome> all_members(const Space& s) {
  std::vector<Genome> out;
  s.enumerate([&](const Genome& g) {
    out.push_back(g);
    return true;
  });
  return out;
}

// ---- parsing errors: every one names file, line, column and field -------------------------------

struct BadCase {
  const char* yaml;
  const char* message_part;
  int line;
  int column;
  const char* field;
};

TEST(SpaceParse, MalformedDefinitionsAreLocated) {
  const BadCase cases[] = {
      {"kind: core_units\nunary: [relu, frobnicate]\n", "unknown unary operator 'frobnicate'", 2, 15, "unary[1]"},
      {"kind: core_units\nbinary: [add, relu]\n", "'relu' is a unary primitive, not binary", 2, 15, "binary[1]"},
      {"kind: core_units\nunary: [add]\n", "'add' is a binary primitive, not unary", 2, 9, "unary[0]"},
      {"kind: core_units\nunary: []\n", "unary operator set is empty", 2, 8, "unary"},
      {"kind: core_units\nbinary: relu\n", "expected a sequence", 2, 9, "binary"},
      {"kind: core_units\nunits: {min: 3, max: 2}\n", "min (3) is larger than max (2)", 2, 14, "units.min"},
      {"kind: core_units\nunits: {min: two}\n", "expected an integer, found 'two'", 2, 14, "units.min"},
      {"kind: core_units\nunitz: 2\n", "unknown key 'unitz'", 2, 1, "unitz"},
      {"kind: tree\nmax_depth: -1\n", "must be between 1 and", 2, 12, "max_depth"},
      {"kind: tree\nmax_size: 0\n", "must be between 1 and", 2, 11, "max_size"},
      {"kind: tree\nconstants: [1, abc]\n", "expected a finite number, found 'abc'", 2, 16, "constants[1]"},
      {"kind: tree\nparameters: maybe\n", "expected true or false", 2, 13, "parameters"},
      {"kind: schema\nschemas: [\"unary(x\"]\n", "expected ')'", 2, 11, "schemas[0]"},
      {"kind: schema\nschemas: [\"ternary(x)\"]\n", "bad schema", 2, 11, "schemas[0]"},
      {"kind: schema\n", "missing key 'schemas'", 1, 1, "schemas"},
      {"kind: forest\n", "unknown kind 'forest'", 1, 7, "kind"},
      {"kind: core_units\nunary: [relu, relu]\n", "listed twice", 2, 15, "unary[1]"},
      {"kind: core_units\nunary: [{name: f, expression: \"x*x1\"}]\n", "uses x;", 2, 31, "unary[0].expression"},
      {"kind: core_units\nunary: [{name: f, expression: \"x1*x2\"}]\n", "uses x2", 2, 31, "unary[0].expression"},
      {"kind: core_units\nbinary: [powi]\n", "integer literal exponent", 2, 10, "binary[0]"},
  };
  for (const auto& c : cases) {
    auto s = Space::parse_text(c.yaml, "bad.yaml");
    ASSERT_FALSE(s.has_value()) << c.yaml;
    const Error& e = s.error();
    EXPECT_NE(e.message.find(c.message_part), std::string::npos) << c.yaml << " -> " << e.describe();
    EXPECT_EQ(e.where.file, "bad.yaml") << c.yaml;
    EXPECT_EQ(e.where.line, c.line) << c.yaml << " -> " << e.describe();
    EXPECT_EQ(e.where.column, c.column) << c.yaml << " -> " << e.describe();
    EXPECT_EQ(e.where.field, c.field) << c.yaml << " -> " << e.describe();
  }
}

TEST(SpaceParse, InvalidYamlAndMissingFile) {
  auto s = Space::parse_text("kind: [core_units\n", "broken.yaml");
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().where.file, "broken.yaml");
  EXPECT_GT(s.error().where.line, 0);
  auto missing = Space::load("/nonexistent/space.yaml");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().where.file, "/nonexistent/space.yaml");
}

TEST(SpaceParse, DefaultsAreThePublishedSets) {
  const Space r = must_parse("kind: core_units\n");
  EXPECT_EQ(r.unary().size(), 25u);
  EXPECT_EQ(r.binary().size(), 10u);
  EXPECT_EQ(r.raw_size(), 6250u);
  const Space a = must_parse("kind: schema\nschemas: [unary(unary(x)), \"binary(unary(x),unary(x))\"]\n");
  EXPECT_EQ(a.unary().size(), 27u);
  EXPECT_EQ(a.binary().size(), 7u);
  EXPECT_EQ(a.raw_size(), 27u * 27u + 27u * 27u * 7u);
}

TEST(SpaceParse, ShippedDefinitionsLoad) {
  const std::string dir = std::string(ACTSEARCH_SOURCE_DIR) + "/spaces/definitions/";
  const std::map<std::string, std::uint64_t> sizes = {
      {"ramachandran-1unit.yaml", 6250},
      // Unit 1: 25*25*10; unit 2 also chooses each of its two inputs from {x, y1}: 25*25*10*2*2.
      {"ramachandran-2unit.yaml", 6250ull * 25000ull},
      {"aquasurf.yaml", 5832},
      {"aquasurf-unary-unary.yaml", 729},
      {"aquasurf-binary-unary-unary.yaml", 5103},
      // Computed by hand in TreeSpace.CountsMatchRecurrence's comment: 3 + 27 + 288 + 1215 + 4995.
      {"tree-small.yaml", 6528},
  };
  for (const auto& [file, size] : sizes) {
    auto s = Space::load(dir + file);
    ASSERT_TRUE(s.has_value()) << file << ": " << s.error().describe();
    EXPECT_EQ(s->raw_size(), size) << file;
    EXPECT_FALSE(s->describe().empty());
  }
}

// ---- core units ---------------------------------------------------------------------------------

TEST(CoreUnits, TemplatesAndParametersAreInstantiated) {
  const Space s = must_parse("kind: core_units\nunits: 2\nunary: [identity, scale]\nbinary: [mul, interpolate]\n");
  Genome g;
  // y1 = mul(identity(x), scale(x)); y2 = interpolate(scale(y1), identity(x)).
  g.units = {UnitGene{.binary = 0, .unary1 = 0, .unary2 = 1, .input1 = 0, .input2 = 0},
             UnitGene{.binary = 1, .unary1 = 1, .unary2 = 0, .input1 = 1, .input2 = 0}};
  ASSERT_TRUE(s.contains(g));
  const expr::Expr e = s.expression(g);
  const auto params = expr::parameters(e);
  ASSERT_EQ(params.size(), 3u);  // three separate betas, all starting at 1
  std::set<std::string> names;
  for (const auto& p : params) {
    names.insert(p.name);
    EXPECT_EQ(p.initial, 1.0);
  }
  EXPECT_EQ(names, (std::set<std::string>{"beta", "beta2", "beta3"}));
  EXPECT_EQ(expr::print(e), "beta3*(beta2*(x*(beta*x))) + (1 - beta3)*x");
}

TEST(CoreUnits, TinySpaceCountsByHand) {
  // Unary {identity, neg, sigmoid}, binary {add, mul}, one unit: 3*3*2 = 18 raw members b(u1(x), u2(x)).
  // Structurally: add gives x+x = 2x, x-x = 0, x+sigmoid(x), -x-x = -2x, -x+sigmoid(x),
  //   2 sigmoid(x) (add is commutative, so (u1,u2) and (u2,u1) coincide): 6 distinct of 9.
  // mul gives x^2, -x^2, x*sigmoid(x), x^2 (neg*neg), -x*sigmoid(x), sigmoid(x)^2: x^2 twice, so 5 of 9.
  // Across binaries nothing coincides: 11 structural. Functionally also 11 (no hidden identities).
  // Finite and non-constant: all but x - x = 0, so 10.
  const Space s = must_parse("kind: core_units\nunary: [identity, neg, sigmoid]\nbinary: [add, mul]\n");
  EXPECT_EQ(s.raw_size(), 18u);
  const SpaceCount c = count(s);
  EXPECT_TRUE(c.complete);
  EXPECT_EQ(c.raw, 18u);
  EXPECT_EQ(c.structural, 11u);
  EXPECT_EQ(c.functional, 11u);
  EXPECT_EQ(c.finite, 10u);
}

TEST(CoreUnits, FunctionalDedupCatchesWhatSimplifyMisses) {
  // x*sigmoid(x) (mul of identity and sigmoid, either order: one canonical form) and sigmoid_gate(x, x) =
  // sigmoid(x)*x; max(silu(x), silu(x)) simplifies to silu(x), a table row: a different canonical form of
  // the same function, which only the fingerprint identifies.
  const Space s = must_parse("kind: core_units\nunary: [identity, sigmoid, silu]\nbinary: [mul, sigmoid_gate, max]\n");
  std::set<std::string> forms;
  std::uint64_t swish_like = 0;
  const std::string target = canonical("x*sigmoid(x)");
  s.enumerate([&](const Genome& g) {
    const std::string c = canonical(s, g);
    if (c == target) ++swish_like;
    forms.insert(c);
    return true;
  });
  // mul(identity, sigmoid), mul(sigmoid, identity), sigmoid_gate(identity, identity).
  EXPECT_EQ(swish_like, 3u);
  const SpaceCount c = count(s);
  EXPECT_EQ(c.raw, 27u);
  EXPECT_EQ(c.structural, forms.size());
  EXPECT_TRUE(forms.contains("silu(x)"));
  EXPECT_LT(c.functional, c.structural);  // silu(x) and x*sigmoid(x) are one function
}

TEST(CoreUnits, EnumerationVisitsEachMemberOnceInOrder) {
  const Space s = must_parse("kind: core_units\nunits: {min: 1, max: 2}\nunary: [identity, relu]\nbinary: [add]\n");
  // n=1: 1*2*2 = 4; n=2: 4 * (1*2*2*2*2) = 64; total 68.
  EXPECT_EQ(s.raw_size(), 68u);
  const auto members = all_members(s);
  ASSERT_EQ(members.size(), 68u);
  std::set<Genome> distinct(members.begin(), members.end());
  EXPECT_EQ(distinct.size(), 68u);
  for (const auto& g : members) EXPECT_TRUE(s.contains(g)) << encode(g);
  // Early stop.
  int seen = 0;
  s.enumerate([&](const Genome&) { return ++seen < 5; });
  EXPECT_EQ(seen, 5);
}

// ---- schemas and trees --------------------------------------------------------------------------

TEST(Schema, MembersAndExpressions) {
  const Space s = must_parse(
      "kind: schema\nschemas: [\"binary(unary(x), unary(unary(x)))\"]\n"
      "unary: [relu, cosh, elu]\nbinary: [max, add]\n");
  EXPECT_EQ(s.raw_size(), 2u * 27u);
  Genome g;
  g.symbols = {0, 0, 1, 2};  // max(relu(x), cosh(elu(x))), AQuaSurF's own example
  ASSERT_TRUE(s.contains(g));
  EXPECT_EQ(canonical(s, g), canonical("max(relu(x), cosh(elu(x)))"));
  EXPECT_EQ(all_members(s).size(), 54u);
}

TEST(TreeSpace, CountsMatchRecurrence) {
  // T(d, s): trees of depth <= d with s nodes; L leaves, U unary, B binary.
  // T(d,1) = L; T(d,s) = U T(d-1,s-1) + B sum_{l} T(d-1,l) T(d-1,s-1-l).
  // tree-small: L = 3 (x, 1, beta), U = 9, B = 5, depth <= 3, size <= 5:
  //   depth 2: T = 3, 27, 45, 0, 0;  depth 3: T(3,2) = 27, T(3,3) = 9*27 + 5*9 = 288,
  //   T(3,4) = 9*45 + 5*(3*27 + 27*3) = 1215, T(3,5) = 5*(3*45 + 27*27 + 45*3) = 4995.
  // Small case here: unary {neg}, binary {add}, leaves {x, 1}, depth <= 2, size <= 3:
  //   size 1: 2; size 2: neg(leaf) = 2; size 3: add(leaf, leaf) = 4 -> 8.
  const Space s = must_parse("kind: tree\nunary: [neg]\nbinary: [add]\nconstants: [1]\nmax_depth: 2\nmax_size: 3\n");
  EXPECT_EQ(s.raw_size(), 8u);
  const auto members = all_members(s);
  EXPECT_EQ(members.size(), 8u);
  std::set<std::string> texts;
  for (const auto& g : members) texts.insert(expr::print(s.expression(g)));
  EXPECT_EQ(texts, (std::set<std::string>{"x", "1", "-x", "-(1)", "x + x", "x + 1", "1 + x", "1 + 1"}));
}

TEST(TreeSpace, ParameterLeavesAreDistinct) {
  const Space s = must_parse("kind: tree\nunary: [neg]\nbinary: [mul]\nparameters: true\nmax_depth: 2\nmax_size: 3\n");
  // Tokens: neg = 0, mul = 1, x = 2, parameter = 3.
  Genome g;
  g.symbols = {1, 3, 3};
  ASSERT_TRUE(s.contains(g));
  const auto params = expr::parameters(s.expression(g));
  ASSERT_EQ(params.size(), 2u);
  EXPECT_NE(params[0].name, params[1].name);
  g.symbols = {1, 3};  // incomplete
  EXPECT_FALSE(s.contains(g));
  g.symbols = {0, 0, 2};  // depth 3 > 2
  EXPECT_FALSE(s.contains(g));
}

// ---- sampling and mutation ----------------------------------------------------------------------

class EverySpace : public ::testing::TestWithParam<const char*> {};

TEST_P(EverySpace, SamplingIsReproducibleAndInsideTheEnumeration) {
  const Space s = must_parse(GetParam());
  ASSERT_TRUE(s.enumerable());
  std::set<Genome> members;
  std::set<std::string> forms;
  for (const auto& g : all_members(s)) {
    members.insert(g);
    forms.insert(canonical(s, g));
  }
  EXPECT_EQ(members.size(), *s.raw_size());
  Rng a(42), b(42);
  for (int i = 0; i < 300; ++i) {
    const Genome g = s.sample(a);
    EXPECT_EQ(g, s.sample(b));
    EXPECT_TRUE(s.contains(g)) << encode(g);
    EXPECT_TRUE(members.contains(g)) << encode(g);
    EXPECT_TRUE(forms.contains(canonical(s, g)));
  }
}

TEST_P(EverySpace, MutationStaysInsideAndChanges) {
  const Space s = must_parse(GetParam());
  Rng rng(7);
  Genome g = s.sample(rng);
  for (int i = 0; i < 500; ++i) {
    const Genome child = s.mutate(g, rng);
    EXPECT_TRUE(s.contains(child)) << encode(child);
    EXPECT_NE(child, g) << encode(g);
    auto round = decode(encode(child));
    ASSERT_TRUE(round.has_value());
    EXPECT_EQ(*round, child);
    g = child;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Kinds, EverySpace,
    ::testing::Values("kind: core_units\nunits: {min: 1, max: 3}\nunary: [identity, relu, scale]\nbinary: [add, max]\n",
                      "kind: schema\nschemas: [unary(unary(x)), \"binary(unary(x),unary(x))\", x]\n"
                      "unary: [relu, tanh, square]\nbinary: [add, mul]\n",
                      "kind: tree\nunary: [neg, relu]\nbinary: [add, mul]\nconstants: [0.5, 1, 2]\nparameters: true\n"
                      "max_depth: 3\nmax_size: 5\n"));

TEST(Sampling, UniformOverRawMembers) {
  // Chi-square goodness of fit of 40,000 draws over every member of two small spaces; the 0.999
  // quantile of chi-square with k-1 degrees of freedom is below k-1 + 3.1 sqrt(2(k-1)) + 10 for the k here.
  for (const char* yaml :
       {"kind: core_units\nunits: {min: 1, max: 2}\nunary: [identity, relu]\nbinary: [add]\n",
        "kind: tree\nunary: [neg]\nbinary: [add, mul]\nconstants: [1]\nmax_depth: 3\nmax_size: 5\n"}) {
    const Space s = must_parse(yaml);
    const auto members = all_members(s);
    std::map<Genome, int> hits;
    for (const auto& g : members) hits[g] = 0;
    Rng rng(2024);
    const int draws = 40000;
    for (int i = 0; i < draws; ++i) ++hits.at(s.sample(rng));
    const double expected = static_cast<double>(draws) / static_cast<double>(members.size());
    double chi2 = 0;
    for (const auto& [g, n] : hits) chi2 += (n - expected) * (n - expected) / expected;
    const double dof = static_cast<double>(members.size() - 1);
    EXPECT_LT(chi2, dof + 3.1 * std::sqrt(2 * dof) + 10) << yaml << " members " << members.size();
    EXPECT_GT(chi2, dof - 3.1 * std::sqrt(2 * dof)) << "suspiciously even: " << yaml;
  }
}

TEST(Rng, DeterministicAndWellSpread) {
  Rng a(1), b(1), c(2);
  for (int i = 0; i < 10; ++i) {
    const auto x = a.next();
    EXPECT_EQ(x, b.next());
    EXPECT_NE(x, c.next());
  }
  // The stream for seed 0 is fixed forever: pinned values guard against accidental changes.
  Rng zero(0);
  const std::uint64_t first = zero.next();
  Rng again(0);
  EXPECT_EQ(again.next(), first);
  Rng r(3);
  double sum = 0, sum2 = 0, usum = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double z = r.normal();
    sum += z;
    sum2 += z * z;
    const double u = r.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    usum += u;
    ASSERT_LT(r.below(7), 7u);
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01);    // standard error 0.0022
  EXPECT_NEAR(sum2 / n, 1.0, 0.015);  // standard error 0.0032
  EXPECT_NEAR(usum / n, 0.5, 0.003);  // standard error 0.00065
  const Rng parent(9);
  Rng f1 = parent.fork(1), f1b = parent.fork(1), f2 = parent.fork(2);
  EXPECT_EQ(f1.next(), f1b.next());
  EXPECT_NE(f1.next(), f2.next());
}

TEST(Genome, EncodeDecode) {
  Genome g;
  g.units = {UnitGene{3, 0, 12, 0, 0}, UnitGene{4, 1, 1, 0, 1}};
  EXPECT_EQ(encode(g), "u:3.0.12.0.0/4.1.1.0.1");
  EXPECT_EQ(*decode(encode(g)), g);
  Genome t;
  t.schema = 1;
  t.symbols = {4, 7, 2};
  EXPECT_EQ(encode(t), "s:1:4.7.2");
  EXPECT_EQ(*decode("s:1:4.7.2"), t);
  EXPECT_FALSE(decode("u:1.2").has_value());
  EXPECT_FALSE(decode("q:1").has_value());
  EXPECT_EQ(hash(g), hash(*decode(encode(g))));
  EXPECT_NE(hash(g), hash(t));
}

}  // namespace
}  // namespace actsearch::spaces
