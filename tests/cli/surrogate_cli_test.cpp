// actsearch surrogate and actsearch calibrate end to end: the tables they print on a small spirals
// campaign and task, the report card's JSON and Markdown files, and bad input as a clear error with exit
// status 2.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
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
  const auto out =
      run("calibrate '" + task + "' --functions-file f.txt --budgets 200x1,400x1 --full 800x2 --seeds 2 2>/dev/null");
  ASSERT_EQ(out.status, 0) << out.out;
  EXPECT_NE(out.out.find("4 functions x 2 paired seeds"), std::string::npos) << out.out;
  for (const char* row : {"\n200x1 ", "\n400x1 ", "\n800x2 (full)"}) {
    EXPECT_NE(out.out.find(row), std::string::npos) << row << "\n" << out.out;
  }
  // The full budget agrees with itself; a listed expression takes the reference set's name when it is one.
  EXPECT_NE(out.out.find("1.000     1.000"), std::string::npos) << out.out;
  EXPECT_NE(out.out.find("\nswish "), std::string::npos) << out.out;
  EXPECT_NE(out.out.find("\nmax(x, sin(x)) "), std::string::npos) << out.out;
  EXPECT_NE(out.out.find("discrimination at the full budget (800x2)"), std::string::npos) << out.out;
}

TEST_F(SurrogateCli, CalibrateWritesTheCardAsJsonAndMarkdown) {
  const std::string task = (fs::path(ACTSEARCH_SOURCE_DIR) / "configs/tasks/spirals-small.yaml").string();
  const auto out = run("calibrate '" + task +
                       "' --functions relu,silu,tanh --budgets 200x1 --full 400x2 --seeds 2 --json card.json "
                       "--markdown card.md");
  ASSERT_EQ(out.status, 0) << out.out;
  const auto card = nlohmann::json::parse(actsearch::testing::read_file(dir_ / "card.json"));
  EXPECT_EQ(card["task"], "spirals-small");
  EXPECT_EQ(card["seeds"], 2);
  EXPECT_NE(card["setup"].get<std::string>().find("--functions relu,silu,tanh"), std::string::npos);
  ASSERT_EQ(card["budgets"].size(), 2u);
  EXPECT_EQ(card["budgets"][0]["budget"], "200x1");
  EXPECT_EQ(card["budgets"][0]["full"], false);
  EXPECT_EQ(card["budgets"][1]["budget"], "400x2");
  EXPECT_EQ(card["budgets"][1]["full"], true);
  EXPECT_DOUBLE_EQ(card["budgets"][1]["spearman"].get<double>(), 1.0);
  for (const char* key : {"seconds_per_evaluation", "kendall_tau", "spread", "noise", "spread_to_noise"}) {
    EXPECT_TRUE(card["budgets"][0][key].is_number()) << key;
  }
  ASSERT_EQ(card["functions"].size(), 3u);
  EXPECT_EQ(card["functions"][1]["name"], "swish");
  EXPECT_EQ(card["functions"][1]["family"], "self_gated");
  const auto& relu_full = card["functions"][0]["budgets"][1];
  ASSERT_EQ(relu_full["accuracy"].size(), 2u);
  const double mean = (relu_full["accuracy"][0].get<double>() + relu_full["accuracy"][1].get<double>()) / 2;
  EXPECT_NEAR(relu_full["mean"].get<double>(), mean, 1e-12);
  EXPECT_LE(relu_full["ci_low"].get<double>(), mean);
  EXPECT_GE(relu_full["ci_high"].get<double>(), mean);
  const auto& d = card["discrimination"];
  EXPECT_TRUE(d["best"].is_string());
  EXPECT_EQ(d["compared"].get<int>() + d["untestable"].size(), 2u);
  EXPECT_EQ(d["self_gated"]["function"], "swish");
  EXPECT_EQ(d["self_gated"]["over"], "relu");
  EXPECT_EQ(d["self_gated"]["difference"]["pairs"], 2);

  const std::string markdown = actsearch::testing::read_file(dir_ / "card.md");
  EXPECT_EQ(markdown.rfind("### `spirals-small`\n\nSet-up: `actsearch calibrate ", 0), 0u) << markdown;
  for (const char* part :
       {"| budget | s/eval | Spearman | Kendall τ | spread | noise | spread/noise | functions |", "\n| 200x1 | ",
        "\n| 400x2 (full) | ", "| 1.000 | 1.000 |", "| function | expression | family | 200x1 | 400x2 (full) |",
        "\n| swish | `silu(x)` | self_gated | ", "Discrimination at the full budget (400x2",
        "\n- best: ", "\n- best self-gated over relu: swish, ", "\n- diverged: "}) {
    EXPECT_NE(markdown.find(part), std::string::npos) << part << "\n" << markdown;
  }
}

TEST_F(SurrogateCli, CalibrateRefusesBadOptionsClearly) {
  const std::string task = (fs::path(ACTSEARCH_SOURCE_DIR) / "configs/tasks/spirals-small.yaml").string();
  const auto bad = run("calibrate '" + task + "' --budgets 200x1,200x");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.out.find("--budgets: budget '200x': expected EXAMPLESxEPOCHS"), std::string::npos) << bad.out;
  const auto bad_full = run("calibrate '" + task + "' --full all");
  EXPECT_EQ(bad_full.status, 2);
  EXPECT_NE(bad_full.out.find("--full: budget 'all'"), std::string::npos) << bad_full.out;
  const auto one_seed = run("calibrate '" + task + "' --seeds 1");
  EXPECT_EQ(one_seed.status, 2);
  EXPECT_NE(one_seed.out.find("--seeds 1: calibration needs at least 2 seeds"), std::string::npos) << one_seed.out;
  const auto unknown = run("calibrate '" + task + "' --functions relu,relux");
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.out.find("--functions: unknown function 'relux'; the reference set has: relu, leaky_relu"),
            std::string::npos)
      << unknown.out;
  std::ofstream(dir_ / "bad.txt") << "relu(x)\nx +* 2\n";
  const auto bad_file = run("calibrate '" + task + "' --functions-file bad.txt");
  EXPECT_EQ(bad_file.status, 2);
  EXPECT_NE(bad_file.out.find("--functions-file: bad.txt:2: cannot parse 'x +* 2'"), std::string::npos) << bad_file.out;
  const auto both = run("calibrate '" + task + "' --functions relu --functions-file bad.txt");
  EXPECT_EQ(both.status, 2);
  EXPECT_NE(both.out.find("give one of them"), std::string::npos) << both.out;
  const auto unwritable =
      run("calibrate '" + task + "' --functions relu,tanh --json no-such-dir/card.json --budgets 200x1");
  EXPECT_EQ(unwritable.status, 2);
  EXPECT_NE(unwritable.out.find("--json: cannot write 'no-such-dir/card.json'"), std::string::npos) << unwritable.out;
  EXPECT_EQ(unwritable.out.find("budget 200x1"), std::string::npos) << "refused before training";
}

}  // namespace
