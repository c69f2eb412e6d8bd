// A database written by the release with schema version 3 (tests/search/data/v3-campaign: its dump,
// config and leaderboard) resumes with this build: the schema is upgraded in place, nothing is trained
// again, and the leaderboard is the one that release printed.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "db/database.hpp"
#include "search/campaign/campaign.hpp"
#include "search_test_helpers.hpp"

namespace actsearch::search {
namespace {

using testing::source_dir;
using testing::TempDir;

std::string read(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

double number(const nlohmann::json& v) { return v.is_number() ? v.get<double>() : db::kNaN; }

void expect_same(double expected, double actual, const std::string& what) {
  if (std::isnan(expected)) {
    EXPECT_TRUE(std::isnan(actual)) << what;
  } else {
    EXPECT_NEAR(actual, expected, 1e-12) << what;
  }
}

TEST(LegacyDatabase, SchemaThreeCampaignResumesUnchanged) {
  const auto fixture = source_dir() / "tests" / "search" / "data" / "v3-campaign";
  TempDir dir;
  const auto file = dir.path() / "v3.db";
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(file.c_str(), &raw), SQLITE_OK);
    char* message = nullptr;
    const int rc = sqlite3_exec(raw, read(fixture / "campaign.dump").c_str(), nullptr, nullptr, &message);
    EXPECT_EQ(rc, SQLITE_OK) << (message ? message : "");
    sqlite3_free(message);
    sqlite3_close(raw);
  }
  {
    auto old = db::Database::open_at_version_for_testing(file, 3);  // opens without migrating further
    ASSERT_TRUE(old) << old.error().describe();
    ASSERT_EQ(old->schema_version(), 3);
  }

  auto config = load_campaign_config(fixture / "campaign.yaml");
  ASSERT_TRUE(config) << config.error().describe();
  RunOptions options;
  options.database = file;
  auto summary = run_campaign(*config, options);
  ASSERT_TRUE(summary) << summary.error().describe();
  EXPECT_TRUE(summary->resumed);
  EXPECT_EQ(summary->evaluations_trained, 0);
  EXPECT_EQ(summary->evaluations_reused, 33);

  auto database = db::Database::open(file, db::OpenMode::ReadOnly);
  ASSERT_TRUE(database) << database.error().describe();
  EXPECT_EQ(database->schema_version(), db::Database::latest_schema_version());
  auto board = database->leaderboard((*database->find_campaign("v3-fixture"))->id);
  ASSERT_TRUE(board) << board.error().describe();
  const auto expected = nlohmann::json::parse(read(fixture / "leaderboard.json"));
  ASSERT_EQ(board->size(), expected.size());
  for (std::size_t i = 0; i < board->size(); ++i) {
    const auto& row = (*board)[i];
    const auto& want = expected[i];
    const std::string where = "row " + std::to_string(i + 1) + " (" + row.expr + ")";
    EXPECT_EQ(row.rank, want["rank"].get<int>()) << where;
    EXPECT_EQ(row.candidate_id, want["id"].get<std::int64_t>()) << where;
    EXPECT_EQ(row.expr, want["expr"].get<std::string>()) << where;
    EXPECT_EQ(row.stage, want["stage"].get<int>()) << where;
    EXPECT_EQ(row.seeds, want["seeds"].get<int>()) << where;
    EXPECT_EQ(db::to_string(row.status), want["status"].get<std::string>()) << where;
    expect_same(number(want["fitness"]), row.fitness, where + " fitness");
    expect_same(number(want["mean"]), row.mean, where + " mean");
    expect_same(number(want["sd"]), row.sd, where + " sd");
    expect_same(number(want["delta_relu"]), row.delta_relu, where + " delta");
    expect_same(number(want["test_mean"]), row.test_mean, where + " test");
  }
  EXPECT_EQ(*database->integrity_check(), "ok");
}

}  // namespace
}  // namespace actsearch::search
