// Full disk: a campaign whose database cannot grow stops with a clear error naming the file and a
// non-zero exit, the database intact; once space is freed, running again resumes and ends exactly as a
// campaign that never ran out of space.
//
// "Full" is SQLite's max_page_count, set through the test-only ACTSEARCH_TEST_DB_MAX_PAGES: SQLite then
// answers SQLITE_FULL, the code a real ENOSPC gives, at a size the test chooses, without root (a small
// tmpfs needs mount rights) and on any filesystem. The kernel cache's full disk is tested in
// tests/kernels/cache_disk_full_test.cpp.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

#include "tests/cli/campaign_process.hpp"
#include "tests/common/temp_dir.hpp"

namespace actsearch {
namespace {

namespace fs = std::filesystem;

std::string disk_full_campaign_text() {
  const std::string task = (fs::path(ACTSEARCH_SOURCE_DIR) / "configs/tasks/spirals-small.yaml").string();
  return "name: full\ndatabase: full.db\nseed: 9\nworkers: 2\ntask: " + task + R"(
strategy:
  kind: list
  batch: 2
  expressions: [tanh(x), 'max(x, sin(x))', x*sigmoid(beta*x), softsign(x), 'atan(x)^2 - x', elu(x)]
fidelity:
  rungs:
    - {train_examples: 800, epochs: 3, seeds: 2}
  final: {top: 3, seeds: 3, epochs: 4}
baselines: [relu, swish]
)";
}

std::string pragma(const fs::path& file, const char* sql) {
  sqlite3* raw = nullptr;
  sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  std::string out;
  sqlite3_exec(
      raw, sql,
      [](void* text, int n, char** values, char**) {
        for (int i = 0; i < n; ++i) *static_cast<std::string*>(text) += values[i] ? values[i] : "NULL";
        return 0;
      },
      &out, nullptr);
  sqlite3_close(raw);
  return out;
}

TEST(DiskFull, DatabaseFullStopsClearlyAndResumesOnceSpaceIsFreed) {
  const std::vector<std::string> run = {ACTSEARCH_EXECUTABLE, "run", "full.yaml"};
  const std::vector<std::string> board = {ACTSEARCH_EXECUTABLE, "leaderboard", "--db", "full.db", "--format", "json"};

  // How large the database of the whole campaign grows, and how large it is before any evaluation.
  actsearch::testing::TempDir reference;
  reference.write("full.yaml", disk_full_campaign_text());
  ASSERT_EQ(testing::run_process(run, reference.path(), "run").status, 0);
  const int final_pages = std::stoi(pragma(reference.path() / "full.db", "PRAGMA page_count"));
  const int total = testing::count_finished(reference.path() / "full.db", "full");
  actsearch::testing::TempDir empty;
  ASSERT_TRUE(db::Database::open(empty.path() / "empty.db").has_value());
  const int empty_pages = std::stoi(pragma(empty.path() / "empty.db", "PRAGMA page_count"));
  ASSERT_GT(final_pages, empty_pages + 4) << "the campaign must grow its database for this test to bite";

  actsearch::testing::TempDir work;
  work.write("full.yaml", disk_full_campaign_text());
  const fs::path file = work.path() / "full.db";
  const int cap = (empty_pages + final_pages) / 2;
  const auto full =
      testing::run_process(run, work.path(), "full", {{"ACTSEARCH_TEST_DB_MAX_PAGES", std::to_string(cap)}});
  EXPECT_NE(full.status, 0) << "a full database must fail the run";
  EXPECT_NE(full.err.find("database or disk is full"), std::string::npos) << full.err;
  EXPECT_NE(full.err.find(file.filename().string()), std::string::npos) << "the error names the file: " << full.err;
  EXPECT_EQ(pragma(file, "PRAGMA integrity_check"), "ok");
  const auto stored = testing::finished_now(file, "full");
  EXPECT_GT(static_cast<int>(stored.size()), 0) << "work before the disk filled is kept";
  EXPECT_LT(static_cast<int>(stored.size()), total);

  // A second attempt while still full fails the same way and loses nothing.
  const auto again =
      testing::run_process(run, work.path(), "again", {{"ACTSEARCH_TEST_DB_MAX_PAGES", std::to_string(cap)}});
  EXPECT_NE(again.status, 0);
  EXPECT_EQ(pragma(file, "PRAGMA integrity_check"), "ok");
  for (const auto& [key, accuracy] : stored) {
    const auto now = testing::finished_now(file, "full");
    auto it = now.find(key);
    ASSERT_NE(it, now.end());
    EXPECT_EQ(it->second, accuracy);
  }

  // Space freed: the run resumes, redoes nothing that was stored, and ends as the reference.
  const auto resumed = testing::run_process(run, work.path(), "resumed");
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("resuming campaign 'full'"), std::string::npos) << resumed.err;
  const auto end = testing::finished_now(file, "full");
  for (const auto& [key, accuracy] : stored) {
    auto it = end.find(key);
    ASSERT_NE(it, end.end());
    EXPECT_EQ(it->second, accuracy);
  }
  EXPECT_EQ(static_cast<int>(end.size()), total);
  EXPECT_EQ(testing::run_process(board, work.path(), "board").out,
            testing::run_process(board, reference.path(), "board").out);
  const std::string error_line = full.err.substr(full.err.rfind("error"));
  std::printf("disk full: the run ended with: %s", error_line.c_str());
  std::printf(
      "disk full: cap %d pages (empty %d, full campaign %d): %zu of %d evaluations stored before the "
      "disk filled, all kept; resumed to the end\n",
      cap, empty_pages, final_pages, stored.size(), total);
}

}  // namespace
}  // namespace actsearch
