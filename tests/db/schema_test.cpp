// Creation, pragmas and upgrades from every older schema version.
#include <sqlite3.h>

#include <cmath>
#include <string>

#include "db/database.hpp"
#include "helpers.hpp"

namespace actsearch::db {
namespace {

using testing::candidate;
using testing::done;

// A plain SQLite connection, independent of the library, to look at what it wrote.
struct Raw {
  explicit Raw(const std::filesystem::path& path) {
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  }
  ~Raw() { sqlite3_close(db); }
  std::string text(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    std::string out;
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return out;
  }
  sqlite3* db = nullptr;
};

using Schema = testing::TempDir;

TEST_F(Schema, FreshFileIsCreatedAtTheLatestVersionInWalMode) {
  ASSERT_GE(Database::latest_schema_version(), 2);
  const auto path = file("fresh.db");
  {
    auto db = Database::open(path);
    ASSERT_TRUE(db) << db.error().describe();
    EXPECT_EQ(db->schema_version(), Database::latest_schema_version());
    EXPECT_EQ(db->path(), path);
    EXPECT_EQ(db->mode(), OpenMode::ReadWrite);
  }
  Raw raw(path);
  EXPECT_EQ(raw.text("PRAGMA user_version"), std::to_string(Database::latest_schema_version()));
  EXPECT_EQ(raw.text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(raw.text("PRAGMA application_id"), "1094931539");
  for (const char* table : {"campaigns", "candidates", "aliases", "probes", "likeness", "campaign_candidates",
                            "evaluations", "equivalents", "learned_likeness", "learned_distances"}) {
    EXPECT_EQ(raw.text(std::string("SELECT type FROM sqlite_schema WHERE name = '") + table + "'"), "table") << table;
  }
  EXPECT_EQ(raw.text("SELECT type FROM sqlite_schema WHERE name = 'leaderboard'"), "view");
  EXPECT_EQ(raw.text("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE 'sqlite_%'"), "5");
}

TEST_F(Schema, ForeignKeysAreEnforced) {
  auto db = Database::open(file("fk.db"));
  ASSERT_TRUE(db);
  auto orphan = db->record_evaluation(done(42, 43, 0, 1, 0.5));
  ASSERT_FALSE(orphan);
  EXPECT_NE(orphan.error().message.find("FOREIGN KEY"), std::string::npos) << orphan.error().describe();
  EXPECT_FALSE(db->add_alias(99, "x"));
}

TEST_F(Schema, ReopeningTheLatestVersionKeepsEverything) {
  const auto path = file("again.db");
  std::int64_t campaign_id = 0;
  {
    auto db = Database::open(path);
    ASSERT_TRUE(db);
    campaign_id = db->create_campaign("c", "cfg", "h", 7)->id;
  }
  auto db = Database::open(path);
  ASSERT_TRUE(db);
  auto c = db->find_campaign("c");
  ASSERT_TRUE(c && *c);
  EXPECT_EQ((*c)->id, campaign_id);
  EXPECT_EQ((*c)->seed, 7u);
}

TEST_F(Schema, TestHookStopsAtTheRequestedVersion) {
  const auto path = file("v1.db");
  {
    auto db = Database::open_at_version_for_testing(path, 1);
    ASSERT_TRUE(db) << db.error().describe();
    EXPECT_EQ(db->schema_version(), 1);
    auto cand = db->upsert_candidate(candidate("x"));
    ASSERT_TRUE(cand);
    EXPECT_FALSE(db->add_alias(cand->id, "x"));  // the aliases table arrives with version 2
  }
  Raw raw(path);
  EXPECT_EQ(raw.text("PRAGMA user_version"), "1");
  EXPECT_EQ(raw.text("SELECT count(*) FROM sqlite_schema WHERE name = 'aliases'"), "0");
  EXPECT_FALSE(Database::open_at_version_for_testing(file("bad.db"), Database::latest_schema_version() + 1));
}

// Builds a database as version k left it, fills it through the API that version supports, upgrades it and
// checks that every row survived and the newer features work on the old data.
TEST_F(Schema, UpgradesFromEveryOlderVersionKeepData) {
  for (int k = 0; k < Database::latest_schema_version(); ++k) {
    SCOPED_TRACE("from version " + std::to_string(k));
    const auto path = file("v" + std::to_string(k) + ".db");
    std::int64_t campaign_id = 0, relu_id = 0, swish_id = 0;
    {
      auto db = Database::open_at_version_for_testing(path, k);
      ASSERT_TRUE(db) << db.error().describe();
      ASSERT_EQ(db->schema_version(), k);
      if (k >= 1) {
        // The campaign row as that version wrote it: only its columns (today's writer names later ones).
        sqlite3* raw = nullptr;
        ASSERT_EQ(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(raw,
                               "INSERT INTO campaigns (name, config_text, config_hash, seed) "
                               "VALUES ('old', 'space: core', 'abc', 11)",
                               nullptr, nullptr, nullptr),
                  SQLITE_OK);
        campaign_id = sqlite3_last_insert_rowid(raw);
        sqlite3_close(raw);
        auto relu = candidate("max(x,0)");
        relu_id = db->upsert_candidate(relu)->id;
        auto swish = candidate("x*sigmoid(x)");
        swish.nearest = "swish";
        swish.nearest_distance = 0.0;
        swish_id = db->upsert_candidate(swish)->id;
        ASSERT_TRUE(db->set_probes(swish_id, {{"mean", 0.2}, {"sup_slope", INFINITY}, {"odd", NAN}}));
        ASSERT_TRUE(db->upsert_campaign_candidate({campaign_id, relu_id, CandidateOrigin::Baseline, "relu", 0}));
        ASSERT_TRUE(db->upsert_campaign_candidate({campaign_id, swish_id, CandidateOrigin::Strategy, "", 1}));
      }
      if (k >= 2) {
        ASSERT_TRUE(db->add_alias(swish_id, "x/(1+exp(-x))"));
        ASSERT_TRUE(db->set_likeness(swish_id, {{"swish", 0.0}, {"gelu", 0.01}}));
      }
    }
    if (k >= 1) {
      // Evaluations as that version wrote them: only its columns (today's writer names columns that later
      // steps added).
      sqlite3* raw = nullptr;
      ASSERT_EQ(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
      std::string sql = "BEGIN;";
      for (int seed = 1; seed <= 3; ++seed) {
        for (const auto& [id, base] : {std::pair{relu_id, 0.80}, std::pair{swish_id, 0.83}}) {
          sql +=
              "INSERT INTO evaluations (campaign_id, candidate_id, stage, seed, status, val_accuracy, device) "
              "VALUES (" +
              std::to_string(campaign_id) + ", " + std::to_string(id) + ", 0, " + std::to_string(seed) + ", 'done', " +
              std::to_string(base + 0.01 * seed) + ", 'cpu');";
        }
      }
      EXPECT_EQ(sqlite3_exec(raw, (sql + "COMMIT;").c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
          << sqlite3_errmsg(raw);
      sqlite3_close(raw);
    }
    auto db = Database::open(path);
    ASSERT_TRUE(db) << db.error().describe();
    EXPECT_EQ(db->schema_version(), Database::latest_schema_version());
    EXPECT_EQ(*db->integrity_check(), "ok");
    if (k == 0) {
      EXPECT_TRUE(db->campaigns()->empty());
      continue;
    }
    auto campaign = db->find_campaign("old");
    ASSERT_TRUE(campaign && *campaign);
    EXPECT_EQ((*campaign)->config_text, "space: core");
    EXPECT_EQ((*campaign)->seed, 11u);
    const auto evaluations = db->evaluations(campaign_id);  // a named result: it outlives the loop
    ASSERT_TRUE(evaluations);
    EXPECT_EQ(evaluations->size(), 6u);
    for (const auto& e : *evaluations) {  // nobody recorded who trained these
      EXPECT_EQ(e.worker_host, "");
      EXPECT_FALSE(e.worker_rank.has_value());
    }
    auto probes = db->probes(swish_id);
    ASSERT_TRUE(probes);
    ASSERT_EQ(probes->size(), 3u);
    EXPECT_TRUE(std::isnan((*probes)[1].second));  // "odd"
    EXPECT_EQ((*probes)[2].second, INFINITY);      // "sup_slope"

    // Version 1 kept only the nearest known activation; the upgrade turns it into a likeness row.
    auto likeness = db->likeness(swish_id);
    ASSERT_TRUE(likeness);
    if (k == 1) {
      ASSERT_EQ(likeness->size(), 1u);
      EXPECT_EQ((*likeness)[0].first, "swish");
      EXPECT_EQ(*db->aliases(swish_id), std::vector<std::string>{});
    } else {
      ASSERT_EQ(likeness->size(), 2u);
      EXPECT_EQ(*db->aliases(swish_id), std::vector<std::string>{"x/(1+exp(-x))"});
    }
    // Newer features work on upgraded data.
    ASSERT_TRUE(db->add_alias(swish_id, "silu(x)"));
    auto board = db->leaderboard(campaign_id);
    ASSERT_TRUE(board) << board.error().describe();
    ASSERT_EQ(board->size(), 2u);
    EXPECT_EQ((*board)[0].candidate_id, swish_id);
    EXPECT_NEAR((*board)[0].delta_relu, 0.03, 1e-12);
    EXPECT_EQ((*board)[0].paired_seeds, 3);
    Raw raw(path);
    EXPECT_EQ(raw.text("SELECT count(*) FROM leaderboard WHERE campaign = 'old'"), "2");
  }
}

}  // namespace
}  // namespace actsearch::db
