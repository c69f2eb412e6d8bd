// Crash torture: one real small campaign (the spirals task) killed with SIGKILL at more than 20 moments
// spread over its life and resumed after each: during the schema migration of an older database, before
// the first evaluation, after every few finished evaluations through the first rung and the final round,
// while a reader holds a read transaction open, and after the last evaluation. After every kill the file
// passes `PRAGMA integrity_check` and holds every evaluation finished before it, unchanged; the final
// leaderboard equals that of the same campaign run without interruption. Kill moments come from polling
// the database (the child's own commits), so they do not depend on the machine's speed.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "db/database.hpp"
#include "tests/cli/campaign_process.hpp"
#include "tests/cli/shell.hpp"
#include "tests/common/temp_dir.hpp"

namespace actsearch {
namespace {

namespace fs = std::filesystem;
using testing::ChildProcess;
using testing::FinishedEvaluations;

constexpr const char* kCampaign = "torture";
// Rows of an unrelated campaign in the starting database, so that the migration to the latest schema
// (which indexes the evaluations) runs long enough to be killed in the middle.
constexpr int kPaddingEvaluations = 300000;

std::string torture_campaign_text() { return testing::spirals_list_campaign("torture", 5, 800, 3, 6); }

struct SqliteClose {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using Connection = std::unique_ptr<sqlite3, SqliteClose>;

Connection connect(const fs::path& file, int flags) {
  sqlite3* raw = nullptr;
  sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  Connection c(raw);
  sqlite3_busy_timeout(c.get(), 10'000);
  return c;
}

std::string exec(sqlite3* db, const std::string& sql) {
  std::string out;
  char* error = nullptr;
  sqlite3_exec(
      db, sql.c_str(),
      [](void* text, int n, char** values, char**) {
        for (int i = 0; i < n; ++i) *static_cast<std::string*>(text) += (values[i] ? values[i] : "NULL");
        return 0;
      },
      &out, &error);
  if (error != nullptr) {
    out = std::string("error: ") + error;
    sqlite3_free(error);
  }
  return out;
}

// The starting database: schema version 2 (one migration behind), holding a padding campaign.
void make_old_database(const fs::path& file) {
  ASSERT_TRUE(db::Database::open_at_version_for_testing(file, 2).has_value());
  Connection c = connect(file, SQLITE_OPEN_READWRITE);
  ASSERT_EQ(exec(c.get(),
                 "BEGIN; "
                 "INSERT INTO campaigns (name, config_text, config_hash, seed) VALUES ('padding', '', '', 0); "
                 "INSERT INTO candidates (fingerprint, expr) VALUES ('padding', 'x'); "
                 "INSERT INTO campaign_candidates (campaign_id, candidate_id, origin) VALUES (1, 1, 'list'); "
                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
                     std::to_string(kPaddingEvaluations) +
                     ") INSERT INTO evaluations (campaign_id, candidate_id, stage, seed, status, "
                     "val_accuracy) SELECT 1, 1, 0, i, 'done', 0.5 FROM n; COMMIT;"),
            "");
}

std::string integrity(const fs::path& file) {
  Connection c = connect(file, SQLITE_OPEN_READONLY);
  return exec(c.get(), "PRAGMA integrity_check");
}

int user_version(const fs::path& file) {
  Connection c = connect(file, SQLITE_OPEN_READONLY);
  return std::stoi(exec(c.get(), "PRAGMA user_version"));
}

std::uintmax_t size_or_zero(const fs::path& file) {
  std::error_code ec;
  const auto n = fs::file_size(file, ec);
  return ec ? 0 : n;
}

std::string leaderboard_json(const fs::path& dir) {
  auto board = testing::run_process(
      {ACTSEARCH_EXECUTABLE, "leaderboard", "--db", "torture.db", "--campaign", kCampaign, "--format", "json"}, dir,
      "board");
  EXPECT_EQ(board.status, 0) << board.err;
  return board.out;
}

TEST(Torture, KilledAtTwentyMomentsLosesNothingAndEndsAsAnUninterruptedRun) {
  const auto started = std::chrono::steady_clock::now();
  const std::vector<std::string> run = {ACTSEARCH_EXECUTABLE, "run", "torture.yaml"};

  // The reference: the same campaign, from the same starting database, never interrupted.
  actsearch::testing::TempDir reference;
  reference.write("torture.yaml", torture_campaign_text());
  make_old_database(reference.path() / "torture.db");
  const auto reference_started = std::chrono::steady_clock::now();
  const auto uninterrupted = testing::run_process(run, reference.path(), "reference");
  ASSERT_EQ(uninterrupted.status, 0) << uninterrupted.err;
  const double reference_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - reference_started).count();
  const int total = testing::count_finished(reference.path() / "torture.db", kCampaign);
  ASSERT_GE(total, 30);
  const std::string expected_board = leaderboard_json(reference.path());

  actsearch::testing::TempDir work;
  work.write("torture.yaml", torture_campaign_text());
  const fs::path file = work.path() / "torture.db";
  make_old_database(file);
  const int final_stage = [&] {
    int stage = 0;
    if (auto all = testing::evaluations_now(reference.path() / "torture.db", kCampaign)) {
      for (const auto& e : *all) stage = std::max(stage, e.stage);
    }
    return stage;
  }();

  FinishedEvaluations known;  // every evaluation seen finished after some kill
  int kills = 0, resumes = 0, lost = 0, changed = 0, final_round_kills = 0, reader_kills = 0;
  bool migration_killed = false;

  // After each kill: the file is intact, and everything finished before is still there, unchanged.
  auto check_after_kill = [&](const std::string& moment) {
    ++kills;
    EXPECT_EQ(integrity(file), "ok") << "after the kill " << moment;
    if (user_version(file) < db::Database::latest_schema_version()) return;  // killed before any evaluation
    const FinishedEvaluations now = testing::finished_now(file, kCampaign);
    for (const auto& [key, accuracy] : known) {
      auto it = now.find(key);
      if (it == now.end()) {
        ++lost;
      } else if (it->second != accuracy) {
        ++changed;
      }
    }
    EXPECT_EQ(lost, 0) << "after the kill " << moment;
    EXPECT_EQ(changed, 0) << "after the kill " << moment;
    for (const auto& entry : now) known.insert(entry);
  };

  // 1. In the middle of the migration: the index build has spilled pages into the WAL, uncommitted.
  {
    ChildProcess child(run, work.path(), "run-0");
    const fs::path wal = fs::path(file.string() + "-wal");
    ASSERT_TRUE(testing::poll_until(child, [&] { return size_or_zero(wal) > 64 * 1024; }))
        << "the migration ended before it could be killed";
    ASSERT_TRUE(child.kill_now());
    EXPECT_EQ(user_version(file), 2) << "the kill landed after the migration committed";
    migration_killed = user_version(file) == 2;
    check_after_kill("during the migration");
  }

  // 2. The campaign exists, no evaluation has finished yet.
  {
    ChildProcess child(run, work.path(), "run-1");
    ++resumes;
    ASSERT_TRUE(testing::poll_until(child, [&] { return testing::evaluations_now(file, kCampaign).has_value(); }));
    ASSERT_TRUE(child.kill_now());
    check_after_kill("before the first evaluation");
  }

  // 3. After every step of finished evaluations, through the first rung and the final round; every third
  //    time while a reader holds a read transaction open across the kill (and a leaderboard process
  //    reads next to it).
  // The step adapts so that 22 kills spread over the remaining evaluations even when a round overshoots
  // its target (two evaluations can finish between two polls).
  constexpr int kPlannedKills = 22;
  int target = 0, planned_left = kPlannedKills;
  for (int round = 2; target < total; ++round) {
    const int remaining = total - static_cast<int>(known.size());
    const int step = std::max(1, remaining / std::max(1, planned_left--));
    target = std::min(total, static_cast<int>(known.size()) + step);
    const bool with_reader = round % 3 == 0;
    Connection reader;
    std::unique_ptr<ChildProcess> board;
    if (with_reader) {
      reader = connect(file, SQLITE_OPEN_READONLY);
      ASSERT_NE(exec(reader.get(), "BEGIN; SELECT count(*) FROM evaluations;").rfind("error", 0), 0u);
    }
    ChildProcess child(run, work.path(), "run-" + std::to_string(round));
    ++resumes;
    bool in_final_round = false;
    const bool reached = testing::poll_until(child, [&] {
      const auto all = testing::evaluations_now(file, kCampaign);
      if (!all) return false;
      int finished = 0;
      for (const auto& e : *all) {
        finished += testing::is_finished(e.status);
        in_final_round = in_final_round || (e.stage == final_stage && e.stage > 0);
      }
      return finished >= target;
    });
    if (with_reader) {
      board = std::make_unique<ChildProcess>(
          std::vector<std::string>{ACTSEARCH_EXECUTABLE, "leaderboard", "--db", "torture.db", "--campaign", kCampaign},
          work.path(), "board-" + std::to_string(round));
    }
    if (!reached || !child.kill_now()) {
      // The last evaluations and the end of the run fell between two polls: the run is complete.
      EXPECT_EQ(child.wait().status, 0) << child.wait().err;
      break;
    }
    final_round_kills += in_final_round;
    reader_kills += with_reader;
    if (board) {
      EXPECT_EQ(board->wait().status, 0) << "a reader next to the killed writer: " << board->wait().err;
    }
    check_after_kill("after " + std::to_string(target) + " finished evaluations");
  }

  // The last resume runs to the end.
  auto last = testing::run_process(run, work.path(), "run-last");
  ++resumes;
  ASSERT_EQ(last.status, 0) << last.err;
  EXPECT_NE(last.err.find("resuming campaign 'torture'"), std::string::npos) << last.err;
  EXPECT_EQ(integrity(file), "ok");
  const FinishedEvaluations end = testing::finished_now(file, kCampaign);
  for (const auto& [key, accuracy] : known) {
    auto it = end.find(key);
    lost += it == end.end();
    changed += it != end.end() && it->second != accuracy;
  }
  int unfinished = 0;
  const auto all = testing::evaluations_now(file, kCampaign);
  ASSERT_TRUE(all.has_value());
  for (const auto& e : *all) unfinished += !testing::is_finished(e.status);

  EXPECT_TRUE(migration_killed);
  EXPECT_GE(kills, 20);
  EXPECT_GE(final_round_kills, 3) << "kills during the final round";
  EXPECT_GE(reader_kills, 5) << "kills while a reader held the database";
  EXPECT_EQ(lost, 0);
  EXPECT_EQ(changed, 0);
  EXPECT_EQ(unfinished, 0);
  EXPECT_EQ(static_cast<int>(end.size()), total);
  EXPECT_EQ(leaderboard_json(work.path()), expected_board) << "the interrupted campaign ends as the uninterrupted one";

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf(
      "torture: %d kills (%d during the final round, %d with a reader holding the database, migration %s), "
      "%d resumes, %d finished evaluations, %d lost, %d changed; uninterrupted run %.1f s, whole test %.1f s\n",
      kills, final_round_kills, reader_kills, migration_killed ? "killed" : "not killed", resumes, total, lost, changed,
      reference_seconds, seconds);
  ::testing::Test::RecordProperty("kills", kills);
  ::testing::Test::RecordProperty("lost", lost);
}

}  // namespace
}  // namespace actsearch
