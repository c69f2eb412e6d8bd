// A database at schema version 4 (the v3 fixture migrated as release 4 left it) upgrades in place to the
// equivalence and learned-likeness schema (version 6): nothing stored changes, the leaderboard view keeps
// every column and value and gains learned_nearest/learned_distance (equal to the initial likeness), the
// new tables start empty and work on the old rows. A newer file is refused (tests/db/errors_test.cpp).
#include <sqlite3.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "helpers.hpp"
#include "schema_v3_fixture.hpp"

namespace actsearch::db {
namespace {

using UpgradeV4 = testing::TempDir;

using testing::raw_rows;

std::filesystem::path version_four(const std::filesystem::path& path) {
  testing::restore_schema_v3_fixture(path);
  auto four = Database::open_at_version_for_testing(path, 4);
  EXPECT_TRUE(four) << four.error().describe();
  EXPECT_EQ(four->schema_version(), 4);
  return path;
}

constexpr const char* kV4ViewColumns =
    "rank, campaign, campaign_id, candidate_id, expr, baseline, baseline_name, stage, seeds, diverged, mean, sd, "
    "penalty, fitness, test_seeds, test_mean, nearest, nearest_distance, complexity, status, proposal_index";

TEST_F(UpgradeV4, UpgradesInPlaceKeepingEveryRow) {
  const auto path = version_four(file("v4.db"));
  const std::string order = " ORDER BY campaign_id, rank";
  const auto view_before = raw_rows(path, std::string("SELECT ") + kV4ViewColumns + " FROM leaderboard" + order);
  const auto candidates_before = raw_rows(path, "SELECT * FROM candidates ORDER BY id");
  const auto evaluations_before = raw_rows(path, "SELECT * FROM evaluations ORDER BY id");
  const auto links_before = raw_rows(path, "SELECT * FROM campaign_candidates ORDER BY candidate_id");
  ASSERT_FALSE(view_before.empty());

  auto db = Database::open(path);
  ASSERT_TRUE(db) << db.error().describe();
  EXPECT_EQ(db->schema_version(), Database::latest_schema_version());
  EXPECT_GE(Database::latest_schema_version(), 7);
  EXPECT_EQ(*db->integrity_check(), "ok");

  EXPECT_EQ(raw_rows(path, std::string("SELECT ") + kV4ViewColumns + " FROM leaderboard" + order), view_before);
  // The old columns of the widened tables hold what they held; the new ones are NULL: worker_host and
  // worker_rank (version 5), equivalence and learned_nearest/learned_distance (version 6).
  const auto widened = [&](const char* sql, const auto& before, std::size_t added) {
    testing::expect_widened_by_null_columns(raw_rows(path, sql), before, added);
  };
  widened("SELECT * FROM evaluations ORDER BY id", evaluations_before, 2);
  widened("SELECT * FROM candidates ORDER BY id", candidates_before, 1);
  widened("SELECT * FROM campaign_candidates ORDER BY candidate_id", links_before, 2);
  // Without learned labels the learned likeness is the initial one, in the view and in the API.
  EXPECT_EQ(raw_rows(path,
                     "SELECT 1 FROM leaderboard WHERE learned_nearest IS NOT nearest OR learned_distance IS NOT "
                     "nearest_distance")
                .size(),
            0u);
  const CampaignRecord campaign = db->campaigns()->front();
  auto board = db->leaderboard(campaign.id);
  ASSERT_TRUE(board) << board.error().describe();
  ASSERT_EQ(board->size(), view_before.size());
  for (const auto& row : *board) {
    EXPECT_FALSE(row.has_learned);
    EXPECT_EQ(row.learned_nearest, row.nearest);
  }
  EXPECT_TRUE(db->equivalents(campaign.id)->empty());

  // The new tables work on the old rows.
  const LeaderboardRow& top = board->front();
  ASSERT_TRUE(db->set_learned_likeness(
      campaign.id, top.candidate_id,
      {LearnedLikenessRecord{
          .layer = 0, .stage = 2, .seeds = 3, .params_json = "[1.25]", .nearest = "mish", .distance = 0.03}},
      "mish", 0.03, {KnownDistance{"mish", 0.03}, KnownDistance{"swish", 0.045}, KnownDistance{"tanh", db::kNaN}}));
  // Version 7: every finite learned distance, by name; a second call replaces them.
  auto distances = db->learned_distances(campaign.id, top.candidate_id);
  ASSERT_TRUE(distances) << distances.error().describe();
  EXPECT_EQ(*distances, (std::vector<KnownDistance>{{"mish", 0.03}, {"swish", 0.045}}));
  ASSERT_TRUE(db->set_learned_likeness(
      campaign.id, top.candidate_id,
      {LearnedLikenessRecord{
          .layer = 0, .stage = 2, .seeds = 3, .params_json = "[1.25]", .nearest = "mish", .distance = 0.03}},
      "mish", 0.03, {KnownDistance{"gelu", 0.2}}));
  EXPECT_EQ(*db->learned_distances(campaign.id, top.candidate_id), (std::vector<KnownDistance>{{"gelu", 0.2}}));
  auto relabelled = db->leaderboard(campaign.id);
  ASSERT_TRUE(relabelled);
  EXPECT_TRUE(relabelled->front().has_learned);
  EXPECT_EQ(relabelled->front().learned_nearest, "mish");
  EXPECT_DOUBLE_EQ(relabelled->front().learned_distance, 0.03);
  EXPECT_EQ(
      raw_rows(path, "SELECT learned_nearest FROM leaderboard WHERE candidate_id = " + std::to_string(top.candidate_id))
          .at(0)
          .at(0),
      "mish");
  const std::int64_t other = board->back().candidate_id;
  ASSERT_TRUE(db->add_equivalent(EquivalentRecord{.campaign_id = campaign.id,
                                                  .candidate_id = other,
                                                  .representative_id = top.candidate_id,
                                                  .reflection = Reflection::NegatedInput,
                                                  .proposal_text = "t"}));
  auto equivalents = db->equivalents(campaign.id, top.candidate_id);
  ASSERT_TRUE(equivalents);
  ASSERT_EQ(equivalents->size(), 1u);
  EXPECT_EQ(equivalents->front().reflection, Reflection::NegatedInput);
  // An old row met again gets its key; nothing else about it changes.
  auto stored = db->find_candidate(top.candidate_id);
  ASSERT_TRUE(stored && *stored);
  CandidateRecord again = **stored;
  again.equivalence = "00000000000000aa";
  again.expr = "ignored";
  auto upserted = db->upsert_candidate(again);
  ASSERT_TRUE(upserted);
  EXPECT_EQ(upserted->expr, (*stored)->expr);
  const std::string id = std::to_string(top.candidate_id);
  EXPECT_EQ(raw_rows(path, "SELECT equivalence FROM candidates WHERE id = " + id).at(0).at(0), "00000000000000aa");
  again.equivalence = "00000000000000bb";  // a key already stored is kept
  ASSERT_TRUE(db->upsert_candidate(again));
  EXPECT_EQ(raw_rows(path, "SELECT equivalence FROM candidates WHERE id = " + id).at(0).at(0), "00000000000000aa");
  EXPECT_EQ(*db->integrity_check(), "ok");
}

TEST_F(UpgradeV4, LearnedLikenessNeedsTheCampaignToHoldTheCandidate) {
  auto db = Database::open(file("fresh.db"));
  ASSERT_TRUE(db);
  auto campaign = db->create_campaign("c", "x", "h", 1);
  ASSERT_TRUE(campaign);
  auto result = db->set_learned_likeness(campaign->id, 42, {}, "mish", 0.1);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().describe().find("holds no candidate 42"), std::string::npos) << result.error().describe();
}

}  // namespace
}  // namespace actsearch::db
