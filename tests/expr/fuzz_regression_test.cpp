// Inputs found by the fuzz targets of tests/fuzz (expr_parse, expr_semantics), kept as regression tests:
// each once crashed a reader or broke a property the fuzz target checks.
#include <gtest/gtest.h>

#include <string>

#include "expr/parse.hpp"
#include "expr/print.hpp"
#include "expr/simplify.hpp"

namespace actsearch::expr {
namespace {

// A left-associated operator chain is a tree as deep as it is long, although the parser reads it without
// recursing; printing (and destroying) a 30,000-deep tree overflowed the stack. The depth limit now
// bounds the tree, and names the operator where it was exceeded.
TEST(FuzzRegression, LongOperatorChainIsADepthErrorNotAStackOverflow) {
  for (const char* op : {"-", "+", "*", "/"}) {
    std::string chain = "x";
    for (int i = 0; i < 30000; ++i) chain += std::string(op) + "x";
    auto parsed = parse(chain);
    ASSERT_FALSE(parsed.has_value()) << op;
    EXPECT_NE(parsed.error().message.find("nested deeper than 200 levels"), std::string::npos)
        << parsed.error().message;
    EXPECT_EQ(parsed.error().where.column, 2 * 200) << "the operator that makes the 201st level";
  }
  std::string ok = "x";
  for (int i = 0; i < 150; ++i) ok += "-x";
  auto parsed = parse(ok);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->depth(), 151);
  EXPECT_EQ(*parse(print(*parsed)), *parsed);
  EXPECT_EQ(simplify(*parsed), simplify(*parse(print(*parsed))));
}

// "-----...-x" (a run of unary minus) was accepted at a syntactic depth the printed form, which
// parenthesises every nested negation, exceeded: the round trip failed. Every tree the parser accepts
// now prints to text it accepts again, up to the depth limit.
TEST(FuzzRegression, EveryAcceptedNegationChainRoundTrips) {
  for (int n : {1, 2, 99, 150, 198}) {
    const std::string text =
        std::string(static_cast<std::size_t>(n), '-') + "x8-" + std::string(static_cast<std::size_t>(n), '-') + "_t";
    auto parsed = parse(text);
    ASSERT_TRUE(parsed.has_value()) << n << ": " << parsed.error().describe();
    const std::string printed = print(*parsed);
    auto again = parse(printed);
    ASSERT_TRUE(again.has_value()) << printed << "\n" << again.error().describe();
    EXPECT_EQ(*again, *parsed) << printed;
    EXPECT_EQ(print(*again), printed);
  }
  // The fuzzer's input itself.
  const std::string found = "-----x8" + std::string(105, '-') + "_t";
  auto parsed = parse(found);
  ASSERT_TRUE(parsed.has_value());
  auto again = parse(print(*parsed));
  ASSERT_TRUE(again.has_value()) << again.error().describe();
  EXPECT_EQ(*again, *parsed);
  // Past the limit the tree is refused, whichever way it is written.
  EXPECT_FALSE(parse(std::string(201, '-') + "x").has_value());
}

}  // namespace
}  // namespace actsearch::expr
