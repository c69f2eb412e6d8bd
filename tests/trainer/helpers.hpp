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

// A fresh directory under the system temp dir, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ =
        std::filesystem::temp_directory_path() / ("actsearch-trainer-" + std::string(info->test_suite_name()) + "-" +
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

}  // namespace actsearch::trainer::testing
