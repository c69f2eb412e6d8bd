// The actsearch executable end to end: run, leaderboard, show, export and check on a small synthetic
// campaign; bad input; and a run killed with SIGKILL mid-way that resumes without losing anything.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "db/database.hpp"
#include "tests/cli/campaign_process.hpp"
#include "tests/cli/shell.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using actsearch::testing::Output;
using actsearch::testing::read_file;

// Runs the executable with `args` (a shell-quoted string) in `dir`, capturing standard output.
Output actsearch(const std::string& args, const fs::path& dir) {
  return actsearch::testing::shell("cd '" + dir.string() + "' && '" + ACTSEARCH_EXECUTABLE + "' " + args +
                                   " 2>stderr.txt");
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("actsearch-cli-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write_campaign(const std::string& name, const std::string& extra = "") {
    std::ofstream(dir_ / (name + ".yaml")) << actsearch::testing::spirals_list_campaign(name, 11, 800, 3, 6) << extra;
    return dir_ / (name + ".yaml");
  }

  std::string stderr_text() const { return read_file(dir_ / "stderr.txt"); }

  fs::path dir_;
};

TEST_F(Cli, RunLeaderboardShowExport) {
  write_campaign("e2e");
  auto run = actsearch("run e2e.yaml", dir_);
  ASSERT_EQ(run.status, 0) << stderr_text();
  EXPECT_NE(stderr_text().find("1 equivalent to a trained one"), std::string::npos) << stderr_text();
  EXPECT_NE(run.out.find("rank"), std::string::npos) << "run ends with the leaderboard";
  EXPECT_NE(run.out.find("[baseline relu]"), std::string::npos);

  auto board = actsearch("leaderboard --db e2e.db --format json", dir_);
  ASSERT_EQ(board.status, 0) << stderr_text();
  const json rows = json::parse(board.out);
  ASSERT_TRUE(rows.is_array());
  // The 7 listed functions and the 3 baselines, less min(x, sin(x)): it is -phi(-x) of max(x, sin(x)), an
  // equivalent that is not trained.
  ASSERT_EQ(rows.size(), 9u);
  int baselines = 0;
  for (const auto& row : rows) {
    for (const char* key : {"rank", "id", "expr", "baseline", "fitness", "mean", "ci_low", "ci_high", "seeds",
                            "delta_relu", "nearest", "distance", "learned_nearest", "learned_distance"}) {
      EXPECT_TRUE(row.contains(key)) << key;
    }
    baselines += row["baseline"].get<bool>();
  }
  EXPECT_EQ(baselines, 3);
  EXPECT_EQ(rows[0]["rank"], 1);
  EXPECT_EQ(rows[0]["seeds"], 3) << "the first row is a finalist with the final round's seeds";
  EXPECT_LE(rows[0]["ci_low"].get<double>(), rows[0]["mean"].get<double>());
  // relu's paired difference with itself is exactly zero.
  for (const auto& row : rows) {
    if (row["baseline_name"] == "relu" && row["stage"] == 1) {
      EXPECT_EQ(row["delta_relu"].get<double>(), 0.0);
    }
  }

  for (const char* format : {"table", "csv", "markdown"}) {
    auto other = actsearch(std::string("leaderboard --db e2e.db --top 3 --format ") + format, dir_);
    ASSERT_EQ(other.status, 0) << format << stderr_text();
    EXPECT_NE(other.out.find(rows[0]["expr"].get<std::string>()), std::string::npos) << format;
  }
  auto csv = actsearch("leaderboard --db e2e.db --format csv", dir_);
  EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 10);

  const std::string id = std::to_string(rows[0]["id"].get<long long>());
  auto show = actsearch("show " + id + " --db e2e.db --json", dir_);
  ASSERT_EQ(show.status, 0) << stderr_text();
  const json shown = json::parse(show.out);
  EXPECT_EQ(shown["expr"], rows[0]["expr"]);
  EXPECT_TRUE(shown["probes"].contains("mean"));
  EXPECT_GE(shown["evaluations"].size(), 5u);  // 2 first-rung seeds + 3 final seeds
  auto show_text = actsearch("show 'x*sigmoid(beta*x)' --db e2e.db", dir_);
  ASSERT_EQ(show_text.status, 0) << stderr_text();
  EXPECT_NE(show_text.out.find("derivative"), std::string::npos);

  auto exported = actsearch("export " + id + " --db e2e.db --to pytorch", dir_);
  ASSERT_EQ(exported.status, 0) << stderr_text();
  EXPECT_NE(exported.out.find("torch"), std::string::npos);

  // The class of max(x, sin(x)) lists its untrained member, and the member names its representative.
  auto max_sin = actsearch("show 'max(x, sin(x))' --db e2e.db --json", dir_);
  ASSERT_EQ(max_sin.status, 0) << stderr_text();
  const json members = json::parse(max_sin.out)["members"];
  ASSERT_EQ(members.size(), 1u) << max_sin.out;
  EXPECT_EQ(members[0]["expr"], "min(x, sin(x))");
  EXPECT_EQ(members[0]["reflection"], "negated_both");
  auto min_sin = actsearch("show 'min(x, sin(x))' --db e2e.db", dir_);
  ASSERT_EQ(min_sin.status, 0) << stderr_text();
  EXPECT_NE(min_sin.out.find("this is -phi(-x) of it"), std::string::npos) << min_sin.out;

  // A trained candidate with a trainable constant: its learned likeness per layer, and the export with
  // the learned values (or, with --initial, the proposed ones).
  long long beta_id = 0;
  for (const auto& row : rows) {
    if (row["expr"].get<std::string>().find("beta") != std::string::npos) beta_id = row["id"].get<long long>();
  }
  ASSERT_NE(beta_id, 0);
  const json beta = json::parse(actsearch("show " + std::to_string(beta_id) + " --db e2e.db --json", dir_).out);
  ASSERT_EQ(beta["learned_likeness"].size(), 1u);
  EXPECT_EQ(beta["learned_likeness"][0]["layers"].size(), 2u);  // spirals-small: two hidden layers
  auto learned = actsearch("export " + std::to_string(beta_id) + " --db e2e.db --to pytorch", dir_);
  ASSERT_EQ(learned.status, 0) << stderr_text();
  EXPECT_NE(learned.out.find("LEARNED_PER_LAYER"), std::string::npos) << learned.out;
  EXPECT_EQ(learned.out.find("def __init__(self, beta=1):"), std::string::npos) << learned.out;
  auto initial = actsearch("export " + std::to_string(beta_id) + " --db e2e.db --to pytorch --initial", dir_);
  ASSERT_EQ(initial.status, 0) << stderr_text();
  EXPECT_EQ(initial.out.find("LEARNED_PER_LAYER"), std::string::npos);
  EXPECT_NE(initial.out.find("def __init__(self, beta=1):"), std::string::npos) << initial.out;

  // eval --json: the class key next to the fingerprint.
  auto key = [&](const std::string& e) {
    auto out = actsearch("eval '" + e + "' --json", dir_);
    EXPECT_EQ(out.status, 0) << stderr_text();
    const json j = json::parse(out.out);
    EXPECT_EQ(j["equivalence"].get<std::string>().size(), 16u);
    return std::pair{j["fingerprint"].get<std::string>(), j["equivalence"].get<std::string>()};
  };
  const auto swish = key("x*sigmoid(x)"), reflected = key("x*sigmoid(-x)"), scaled = key("x*sigmoid(1.1*x)");
  EXPECT_NE(swish.first, reflected.first);
  EXPECT_EQ(swish.second, reflected.second);
  EXPECT_NE(swish.second, scaled.second);

  auto missing = actsearch("show 99999 --db e2e.db", dir_);
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(stderr_text().find("no candidate with id 99999"), std::string::npos);
}

TEST_F(Cli, CheckAndBadInput) {
  write_campaign("good");
  auto ok = actsearch("check good.yaml", dir_);
  EXPECT_EQ(ok.status, 0) << stderr_text();
  EXPECT_NE(ok.out.find("ok"), std::string::npos);

  std::ofstream(dir_ / "bad.yaml") << "name: bad\ntask: nowhere.yaml\n";
  auto bad = actsearch("check bad.yaml", dir_);
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(stderr_text().find("bad.yaml:2:7: field 'task'"), std::string::npos) << stderr_text();

  // A corrupt database file is reported and left exactly as it was.
  write_campaign("corrupt");
  std::ofstream(dir_ / "corrupt.db") << std::string(8192, 'z');
  const std::string before = read_file(dir_ / "corrupt.db");
  auto corrupt = actsearch("run corrupt.yaml", dir_);
  EXPECT_NE(corrupt.status, 0);
  EXPECT_NE(stderr_text().find("corrupt.db"), std::string::npos) << stderr_text();
  EXPECT_EQ(read_file(dir_ / "corrupt.db"), before);

  auto board = actsearch("leaderboard --db missing.db", dir_);
  EXPECT_EQ(board.status, 2);
  EXPECT_FALSE(fs::exists(dir_ / "missing.db")) << "readers never create files";
}

TEST_F(Cli, KilledRunResumesWithoutLosingFinishedEvaluations) {
  write_campaign("kill", "");
  const fs::path db_file = dir_ / "kill.db";
  // The kill lands after the database shows 6 finished evaluations (of 38), polled read-only: a point
  // fixed by the campaign's own commits, whatever the machine's speed.
  constexpr int kFinishedBeforeKill = 6;
  actsearch::testing::ChildProcess child({ACTSEARCH_EXECUTABLE, "run", "kill.yaml"}, dir_, "killed");
  ASSERT_TRUE(child.started());
  auto done_now = [&] {
    int done = 0;
    if (auto all = actsearch::testing::evaluations_now(db_file, "kill")) {
      for (const auto& e : *all) done += e.status == actsearch::db::EvalStatus::Done;
    }
    return done;
  };
  ASSERT_TRUE(actsearch::testing::poll_until(child, [&] { return done_now() >= kFinishedBeforeKill; }))
      << "the run ended or stalled before " << kFinishedBeforeKill << " evaluations finished: " << child.wait().err;
  ASSERT_TRUE(child.kill_now()) << "the run finished before it could be killed";
  std::map<std::tuple<long long, int, unsigned long long>, double> before;

  {
    auto database = actsearch::db::Database::open(db_file, actsearch::db::OpenMode::ReadOnly);
    ASSERT_TRUE(database.has_value()) << database.error().describe();
    EXPECT_EQ(*database->integrity_check(), "ok");
    auto campaign = database->find_campaign("kill");
    const auto evaluations = database->evaluations((*campaign)->id);
    for (const auto& e : *evaluations) {
      if (e.status == actsearch::db::EvalStatus::Done) before[{e.candidate_id, e.stage, e.seed}] = e.val_accuracy;
    }
  }
  ASSERT_GE(before.size(), static_cast<std::size_t>(kFinishedBeforeKill));

  auto resumed = actsearch("run kill.yaml", dir_);
  ASSERT_EQ(resumed.status, 0) << stderr_text();
  EXPECT_NE(stderr_text().find("resuming campaign 'kill'"), std::string::npos);

  auto database = actsearch::db::Database::open(db_file, actsearch::db::OpenMode::ReadOnly);
  ASSERT_TRUE(database.has_value());
  EXPECT_EQ(*database->integrity_check(), "ok");
  auto campaign = database->find_campaign("kill");
  std::size_t found = 0;
  int running = 0;
  const auto evaluations = database->evaluations((*campaign)->id);
  for (const auto& e : *evaluations) {
    running += e.status == actsearch::db::EvalStatus::Running || e.status == actsearch::db::EvalStatus::Queued;
    auto it = before.find({e.candidate_id, e.stage, e.seed});
    if (it == before.end()) continue;
    ++found;
    EXPECT_EQ(e.val_accuracy, it->second) << "a finished evaluation was changed";
  }
  EXPECT_EQ(found, before.size()) << "every evaluation finished before the kill is still there";
  EXPECT_EQ(running, 0);

  // The resumed campaign ends exactly as an uninterrupted one: same leaderboard.
  write_campaign("kill2");
  std::string text = read_file(dir_ / "kill2.yaml");
  text.replace(text.find("name: kill2"), 11, "name: kill");
  std::ofstream(dir_ / "kill2.yaml") << text;
  ASSERT_EQ(actsearch("run kill2.yaml", dir_).status, 0) << stderr_text();
  auto a = actsearch("leaderboard --db kill.db --format json", dir_);
  auto b = actsearch("leaderboard --db kill2.db --format json", dir_);
  EXPECT_EQ(a.out, b.out);
}

}  // namespace
