// Campaigns whose task trains through a script (docs/EXTERNAL.md): a real PyTorch script with two runs
// at once and its leaderboard; the same campaign SIGKILLed mid-run and resumed, losing and retraining
// nothing; and a script that crashes, hangs, prints garbage, writes no result or reports NaN for some
// candidates, which become failed or diverged evaluations with their reasons while the campaign finishes.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "db/database.hpp"
#include "tests/cli/campaign_process.hpp"
#include "tests/common/temp_dir.hpp"
#include "tests/external/python_env.hpp"

namespace actsearch {
namespace {

namespace fs = std::filesystem;

fs::path external_script(const char* name) { return fs::path(ACTSEARCH_SOURCE_DIR) / "tests" / "external" / name; }

std::string torch_campaign_text() {
  return "name: tiny-torch\ndatabase: tiny.db\nseed: 3\nworkers: 2\ntask:\n  name: tiny-blobs\n"
         "  training: {epochs: 2}\n  external:\n    framework: pytorch\n    command: \"'" +
         external_testing::python() + "' '" + external_script("tiny_train.py").string() +
         "' --module {module} --result {result} --seed {seed} --epochs {epochs} --examples {examples} --threads "
         "{threads}\"\n    timeout_s: 120\n"
         R"(strategy:
  kind: list
  batch: 2
  expressions: [tanh(x), 'max(x, sin(x))', x*sigmoid(beta*x)]
fidelity:
  rungs:
    - {train_examples: 300, epochs: 1, seeds: 1}
  final: {top: 0, seeds: 2, epochs: 2}
baselines: [relu]
)";
}

std::string leaderboard(const fs::path& dir, const std::string& db, const std::string& campaign) {
  auto board = testing::run_process(
      {ACTSEARCH_EXECUTABLE, "leaderboard", "--db", db, "--campaign", campaign, "--format", "json"}, dir, "board");
  EXPECT_EQ(board.status, 0) << board.err;
  return board.out;
}

std::vector<std::string> lines_of(const fs::path& file) {
  std::vector<std::string> out;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// "<canonical expression> <seed>" of every finished evaluation, as the script logs its runs.
std::set<std::string> finished_runs(const fs::path& db_file, const std::string& campaign) {
  std::set<std::string> out;
  auto database = db::Database::open(db_file, db::OpenMode::ReadOnly);
  EXPECT_TRUE(database.has_value());
  if (!database) return out;
  for (const auto& [key, accuracy] : testing::finished_now(db_file, campaign)) {
    auto candidate = database->find_candidate(std::get<0>(key));
    EXPECT_TRUE(candidate && *candidate);
    if (candidate && *candidate) out.insert((*candidate)->expr + " " + std::to_string(std::get<2>(key)));
  }
  return out;
}

TEST(ExternalCampaign, TrainsThroughAPyTorchScriptAndResumesAfterSigkillWithoutRetraining) {
  ASSERT_TRUE(external_testing::python_imports("torch"))
      << external_testing::python() << " cannot import torch (scripts/setup.sh installs python3-torch)";
  const std::vector<std::string> run = {ACTSEARCH_EXECUTABLE, "run", "tiny.yaml", "--no-report"};

  // Uninterrupted, two runs at once.
  actsearch::testing::TempDir reference;
  reference.write("tiny.yaml", torch_campaign_text());
  const auto check = testing::run_process({ACTSEARCH_EXECUTABLE, "check", "tiny.yaml"}, reference.path(), "check");
  ASSERT_EQ(check.status, 0) << check.err << check.out;
  const testing::Environment log_to = {{"ACTSEARCH_TEST_RUN_LOG", (reference.path() / "runs.log").string()}};
  const auto done = testing::run_process(run, reference.path(), "reference", log_to);
  ASSERT_EQ(done.status, 0) << done.err << done.out;
  const auto all = testing::evaluations_now(reference.path() / "tiny.db", "tiny-torch");
  ASSERT_TRUE(all.has_value());
  // 4 functions x 1 seed on the rung, then the baseline with 2 seeds.
  ASSERT_EQ(all->size(), 6u);
  for (const auto& e : *all) {
    EXPECT_EQ(e.status, db::EvalStatus::Done) << e.message;
    EXPECT_GT(e.val_accuracy, 0.34) << "three balanced classes: better than chance";
    EXPECT_NE(e.device.find("external"), std::string::npos) << e.device;
    EXPECT_NE(e.epoch_metrics_json, "[]");
  }
  EXPECT_EQ(lines_of(reference.path() / "runs.log").size(), 6u);
  const std::string expected_board = leaderboard(reference.path(), "tiny.db", "tiny-torch");
  EXPECT_NE(expected_board.find("x*sigmoid(beta*x)"), std::string::npos) << expected_board;

  // Killed once two evaluations are stored, then resumed.
  actsearch::testing::TempDir killed;
  killed.write("tiny.yaml", torch_campaign_text());
  const fs::path runs_log = killed.path() / "runs.log";
  const testing::Environment log_here = {{"ACTSEARCH_TEST_RUN_LOG", runs_log.string()}};
  std::set<std::string> before_kill;
  {
    testing::ChildProcess child(run, killed.path(), "killed", log_here);
    ASSERT_TRUE(testing::poll_until(child, [&] {
      return testing::count_finished(killed.path() / "tiny.db", "tiny-torch") >= 2;
    })) << "the campaign ended before it could be killed";
    ASSERT_TRUE(child.kill_now());
    before_kill = finished_runs(killed.path() / "tiny.db", "tiny-torch");
  }
  ASSERT_GE(before_kill.size(), 2u);
  ASSERT_LT(before_kill.size(), 6u);
  const std::size_t runs_before = lines_of(runs_log).size();
  const auto finished_before = testing::finished_now(killed.path() / "tiny.db", "tiny-torch");
  const auto resumed = testing::run_process(run, killed.path(), "resumed", log_here);
  ASSERT_EQ(resumed.status, 0) << resumed.err << resumed.out;
  const auto lines = lines_of(runs_log);
  for (std::size_t i = runs_before; i < lines.size(); ++i) {
    EXPECT_EQ(before_kill.count(lines[i]), 0u) << "retrained after the resume: " << lines[i];
  }
  const auto finished_after = testing::finished_now(killed.path() / "tiny.db", "tiny-torch");
  for (const auto& [key, accuracy] : finished_before) {
    ASSERT_TRUE(finished_after.count(key));
    EXPECT_EQ(finished_after.at(key), accuracy) << "a stored evaluation changed";
  }
  EXPECT_EQ(finished_after.size(), 6u);
  // The script is deterministic (seeded, one thread): the resumed campaign ends as the uninterrupted one.
  EXPECT_EQ(leaderboard(killed.path(), "tiny.db", "tiny-torch"), expected_board);
}

TEST(ExternalCampaign, ScriptsThatMisbehaveGiveFailedAndDivergedEvaluationsAndTheCampaignFinishes) {
  actsearch::testing::TempDir dir;
  dir.write("bad.yaml",
            "name: bad\ndatabase: bad.db\nworkers: 2\ntask:\n  name: misbehaving\n  external:\n"
            "    framework: pytorch\n    timeout_s: 1.5\n    command: \"'" +
                external_testing::python() + "' '" + external_script("misbehaving_train.py").string() +
                R"(' {module} {result}"
strategy:
  kind: list
  batch: 8
  expressions: [sin(x), tanh(x), softsign(x), cos(x), softplus(x), 'x*sigmoid(x)']
fidelity:
  rungs:
    - {seeds: 1}
  final: {top: 0}
baselines: [relu]
)");
  const auto done = testing::run_process({ACTSEARCH_EXECUTABLE, "run", "bad.yaml", "--no-report"}, dir.path(), "bad");
  ASSERT_EQ(done.status, 0) << done.err << done.out;
  auto database = db::Database::open(dir.path() / "bad.db", db::OpenMode::ReadOnly);
  ASSERT_TRUE(database.has_value());
  const auto all = testing::evaluations_now(dir.path() / "bad.db", "bad");
  ASSERT_TRUE(all.has_value());
  std::map<std::string, std::pair<db::EvalStatus, std::string>> by_expression;
  for (const auto& e : *all) {
    auto candidate = database->find_candidate(e.candidate_id);
    ASSERT_TRUE(candidate && *candidate);
    by_expression[(*candidate)->expr] = {e.status, e.message};
  }
  const std::tuple<const char*, db::EvalStatus, const char*> expected[] = {
      {"sin(x)", db::EvalStatus::Failed, "exit code 1\nstderr:\nRuntimeError: CUDA out of memory (pretend)"},
      {"tanh(x)", db::EvalStatus::Failed, "killed after the time limit of 1.5 s"},
      {"softsign(x)", db::EvalStatus::Failed, "not a JSON object: 'epoch 1: loss 0.3 '"},
      {"cos(x)", db::EvalStatus::Failed, "wrote no result at"},
      {"softplus(x)", db::EvalStatus::Diverged, "non-finite val_loss"},
      {"x*sigmoid(x)", db::EvalStatus::Done, ""},
      {"relu(x)", db::EvalStatus::Done, ""},
  };
  for (const auto& [expression, status, message] : expected) {
    ASSERT_TRUE(by_expression.count(expression)) << expression << " was not trained";
    EXPECT_EQ(by_expression[expression].first, status) << expression << ": " << by_expression[expression].second;
    EXPECT_NE(by_expression[expression].second.find(message), std::string::npos)
        << expression << ": " << by_expression[expression].second;
  }
  const auto board = testing::run_process({ACTSEARCH_EXECUTABLE, "leaderboard", "--db", "bad.db"}, dir.path(), "board");
  EXPECT_EQ(board.status, 0) << board.err;
}

// `actsearch check` names the task file's line, column and field of a command it cannot run.
TEST(ExternalCampaign, CheckRejectsCommandsItCannotRun) {
  actsearch::testing::TempDir dir;
  dir.write("train.py", "");
  const std::pair<const char*, const char*> cases[] = {
      {"python3 train.py --module {modul} --result {result}", "unknown placeholder {modul}"},
      {"python3 train.py --module {module}", "must pass {result}"},
      {"no-such-python train.py {module} {result}", "'no-such-python' is not an executable on PATH"},
      {"python3 trian.py {module} {result}", "script 'trian.py' does not exist"},
  };
  for (const auto& [command, why] : cases) {
    dir.write("task.yaml", std::string("name: t\nexternal:\n  framework: pytorch\n  command: \"") + command + "\"\n");
    dir.write("c.yaml", "name: c\ntask: task.yaml\nstrategy: {kind: list, expressions: [x]}\n");
    const auto check = testing::run_process({ACTSEARCH_EXECUTABLE, "check", "c.yaml"}, dir.path(), "check");
    EXPECT_NE(check.status, 0) << command;
    EXPECT_NE(check.err.find("task.yaml:4:12: field 'external.command'"), std::string::npos) << check.err;
    EXPECT_NE(check.err.find(why), std::string::npos) << check.err;
  }
  dir.write("task.yaml",
            "name: t\nexternal:\n  framework: jax\n  command: \"python3 train.py {module} {result}\"\n"
            "model: {hidden: [3]}\n");
  const auto native_key = testing::run_process({ACTSEARCH_EXECUTABLE, "check", "c.yaml"}, dir.path(), "check");
  EXPECT_NE(native_key.err.find("'hidden' does not apply to an external task"), std::string::npos) << native_key.err;
}

}  // namespace
}  // namespace actsearch
