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

// A fresh directory under the system temp dir, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ =
        std::filesystem::temp_directory_path() / ("actsearch-kernels-" + std::string(info->test_suite_name()) + "-" +
                                                  info->name() + "-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace actsearch::kernels::testing
