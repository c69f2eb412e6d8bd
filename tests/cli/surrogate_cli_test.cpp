// actsearch surrogate and actsearch calibrate end to end: the tables they print on a small spirals
// campaign and task, and bad input as a clear error with exit status 2.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "tests/cli/shell.hpp"

namespace {

namespace fs = std::filesystem;

class SurrogateCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("actsearch-surrogate-cli-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  actsearch::testing::Output run(const std::string& args) {
    return actsearch::testing::shell("cd '" + dir_.string() + "' && '" + ACTSEARCH_EXECUTABLE + "' " + args + " 2>&1");
  }
  fs::path dir_;
};

TEST_F(SurrogateCli, SurrogatePrintsEveryModelAndFeatureSet) {
  // The shared list holds one reflection pair (max/min(x, sin(x))), trained once; one more function gives
  // the ten first-rung results cross-validation needs.
  std::string config = actsearch::testing::spirals_list_campaign("c", 11, 400, 2, 2);
  const std::string list_end = "'min(x, sin(x))']";
  ASSERT_NE(config.find(list_end), std::string::npos);
  config.replace(config.find(list_end), list_end.size(), "'min(x, sin(x))', 'x*erf(x)']");
  std::ofstream(dir_ / "c.yaml") << config;
  ASSERT_EQ(run("run c.yaml --no-report").status, 0);
  const auto out = run("surrogate --db c.db --campaign c");
  ASSERT_EQ(out.status, 0) << out.out;
  EXPECT_NE(out.out.find("10 first-rung results"), std::string::npos) << out.out;
  for (const char* row : {"gp     shape ", "knn    moments ", "gp     shape+moments", "knn    probes ", "shape+probes",
                          "standardised", "normal-scores"}) {
    EXPECT_NE(out.out.find(row), std::string::npos) << row << "\n" << out.out;
  }
  const auto missing = run("surrogate --db c.db --campaign nope");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.out.find("nope"), std::string::npos) << missing.out;
}

TEST_F(SurrogateCli, CalibratePrintsOneRowPerBudget) {
  std::ofstream(dir_ / "f.txt") << "relu(x)\n# a comment\nsilu(x)\ntanh(x)   # saturating\nmax(x, sin(x))\n";
  const std::string task = (fs::path(ACTSEARCH_SOURCE_DIR) / "configs/tasks/spirals-small.yaml").string();
  const auto out = run("calibrate '" + task + "' --functions f.txt --budgets 200x1,400x1 --full 800x2 --seeds 2");
  ASSERT_EQ(out.status, 0) << out.out;
  EXPECT_NE(out.out.find("4 functions x 2 seeds"), std::string::npos) << out.out;
  for (const char* row : {"200x1 ", "400x1 ", "800x2 (full)"}) EXPECT_NE(out.out.find(row), std::string::npos) << row;
  // The full budget agrees with itself.
  EXPECT_NE(out.out.find("1.000     1.000"), std::string::npos) << out.out;

  const auto bad = run("calibrate '" + task + "' --budgets 200x");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.out.find("budget '200x'"), std::string::npos) << bad.out;
  const auto one_seed = run("calibrate '" + task + "' --seeds 1");
  EXPECT_EQ(one_seed.status, 2);
  EXPECT_NE(one_seed.out.find("at least 2 seeds"), std::string::npos) << one_seed.out;
}

}  // namespace
