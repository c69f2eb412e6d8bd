// Shared helpers of the kernels tests.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "expr/parse.hpp"
#include "expr/primitives.hpp"
#include "expr/program.hpp"
#include "expr/simplify.hpp"
#include "tests/common/temp_dir.hpp"
#include "tests/expr/random_expression.hpp"

namespace actsearch::kernels::testing {

inline expr::Program compile(std::string_view text, bool derivatives = true) {
  auto parsed = expr::parse(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return expr::Program::compile(expr::simplify(*parsed), expr::ProgramOptions{.derivatives = derivatives});
}

// `count` diverse candidates: first one per primitive-table row applied to x (binary rows to x and
// a trainable beta, powi to the exponent 3), so every row appears at least once, then random
// expressions over the whole table.
inline std::vector<expr::Program> diverse_programs(std::size_t count, std::uint64_t seed = 7) {
  std::vector<expr::Program> out;
  const auto rows = expr::primitives();
  for (std::size_t id = 0; id < rows.size() && out.size() < count; ++id) {
    const expr::Primitive& p = rows[id];
    const auto prim = static_cast<expr::PrimId>(id);
    if (p.arity == 2) {
      const expr::Expr second = p.name == "powi" ? expr::Expr::constant(3) : expr::Expr::param("beta", 0.5);
      out.push_back(expr::Program::compile(expr::Expr::call(prim, {expr::Expr::x(), second})));
    } else {
      out.push_back(expr::Program::compile(expr::Expr::call(prim, {expr::Expr::x()})));
    }
  }
  expr::testing::RandomExpressions random(seed);
  while (out.size() < count) {
    try {
      out.push_back(expr::Program::compile(expr::simplify(random.next(4))));
    } catch (const std::exception&) {
      // an expression the compiler rejects is simply not a candidate
    }
  }
  return out;
}

inline std::vector<const expr::Program*> pointers(const std::vector<expr::Program>& programs) {
  std::vector<const expr::Program*> out;
  for (const auto& p : programs) out.push_back(&p);
  return out;
}

using ::actsearch::testing::TempDir;

}  // namespace actsearch::kernels::testing
