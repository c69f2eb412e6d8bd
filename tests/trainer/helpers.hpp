// Shared helpers of the trainer tests.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <string_view>

#include "expr/parse.hpp"
#include "expr/program.hpp"
#include "expr/simplify.hpp"
#include "tests/common/temp_dir.hpp"
#include "trainer/task.hpp"

namespace actsearch::trainer::testing {

inline expr::Expr canonical(std::string_view text) {
  auto parsed = expr::parse(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return expr::simplify(*parsed);
}

inline expr::Program compile(std::string_view text, bool derivatives = true) {
  return expr::Program::compile(canonical(text), expr::ProgramOptions{.derivatives = derivatives});
}

inline std::filesystem::path source_dir() { return ACTSEARCH_SOURCE_DIR; }

inline TaskSpec load_config(const std::string& name) {
  auto task = load_task(source_dir() / "configs" / "tasks" / name);
  EXPECT_TRUE(task.has_value()) << (task ? "" : task.error().describe());
  return task ? *task : TaskSpec{};
}

using ::actsearch::testing::TempDir;

}  // namespace actsearch::trainer::testing
