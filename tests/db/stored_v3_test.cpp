// A database that actsearch wrote at schema version 3 before records were mapped by column name and
// statuses became enumerations: every row reads back through the API with the values SQLite holds after
// the file is upgraded in place (version 4 rebuilt only the leaderboard view).
#include <sqlite3.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <utility>

#include "db/database.hpp"
#include "helpers.hpp"
#include "schema_v3_fixture.hpp"

namespace actsearch::db {
namespace {

using StoredV3 = testing::TempDir;

using testing::raw_rows;

TEST_F(StoredV3, EveryRowReadsBackAsStored) {
  const auto path = testing::restore_schema_v3_fixture(file("v3.db"));
  auto db = Database::open(path);
  ASSERT_TRUE(db) << db.error().describe();
  EXPECT_EQ(db->schema_version(), Database::latest_schema_version());
  EXPECT_EQ(*db->integrity_check(), "ok");

  auto campaigns = db->campaigns();
  ASSERT_TRUE(campaigns) << campaigns.error().describe();
  ASSERT_EQ(campaigns->size(), 1u);
  const CampaignRecord& campaign = campaigns->front();
  EXPECT_EQ(campaign.name, "full");
  EXPECT_EQ(campaign.status, CampaignStatus::Done);
  EXPECT_EQ(campaign.seed, 11u);
  EXPECT_NE(campaign.config_text.find("strategy:"), std::string::npos);

  // Membership: the spellings in the file, and the enumerations read from them.
  auto links = db->campaign_candidates(campaign.id);
  ASSERT_TRUE(links) << links.error().describe();
  const auto raw_links = raw_rows(
      path,
      "SELECT candidate_id, origin, ifnull(baseline_name, ''), proposal_index, status, ifnull(reject_reason, ''), "
      "penalty FROM campaign_candidates ORDER BY proposal_index, candidate_id");
  ASSERT_EQ(links->size(), raw_links.size());
  ASSERT_EQ(links->size(), 12u);
  std::map<std::pair<CandidateStatus, CandidateOrigin>, int> counts;
  for (std::size_t i = 0; i < links->size(); ++i) {
    const CampaignCandidate& l = (*links)[i];
    const auto& r = raw_links[i];
    EXPECT_EQ(std::to_string(l.candidate_id), r[0]);
    EXPECT_EQ(to_string(l.origin), r[1]);
    EXPECT_EQ(l.baseline_name, r[2]);
    EXPECT_EQ(std::to_string(l.proposal_index), r[3]);
    EXPECT_EQ(to_string(l.status), r[4]);
    EXPECT_EQ(l.reject_reason, r[5]);
    EXPECT_DOUBLE_EQ(l.penalty, std::stod(r[6]));
    ++counts[{l.status, l.origin}];

    auto c = db->find_candidate(l.candidate_id);
    ASSERT_TRUE(c && *c) << l.candidate_id;
    const auto raw_candidate = raw_rows(
        path, "SELECT fingerprint, expr, complexity FROM candidates WHERE id = " + std::to_string(l.candidate_id));
    EXPECT_EQ((*c)->fingerprint, raw_candidate.at(0)[0]);
    EXPECT_EQ((*c)->expr, raw_candidate.at(0)[1]);
    EXPECT_EQ(std::to_string((*c)->complexity), raw_candidate.at(0)[2]);
    const auto id = std::to_string(l.candidate_id);
    EXPECT_EQ(db->aliases(l.candidate_id)->size(),
              raw_rows(path, "SELECT 1 FROM aliases WHERE candidate_id = " + id).size());
    EXPECT_EQ(db->probes(l.candidate_id)->size(),
              raw_rows(path, "SELECT 1 FROM probes WHERE candidate_id = " + id).size());
    EXPECT_EQ(db->likeness(l.candidate_id)->size(),
              raw_rows(path, "SELECT 1 FROM likeness WHERE candidate_id = " + id).size());
  }
  const std::map<std::pair<CandidateStatus, CandidateOrigin>, int> expected{
      {{CandidateStatus::Eliminated, CandidateOrigin::List}, 4},
      {{CandidateStatus::Final, CandidateOrigin::Baseline}, 3},
      {{CandidateStatus::Final, CandidateOrigin::List}, 3},
      {{CandidateStatus::Rejected, CandidateOrigin::List}, 2},
  };
  EXPECT_EQ(counts, expected);

  // Evaluations, field by field against the stored text.
  auto evaluations = db->evaluations(campaign.id);
  ASSERT_TRUE(evaluations) << evaluations.error().describe();
  const auto raw_evaluations =
      raw_rows(path,
               "SELECT id, candidate_id, stage, seed, status, train_examples, epochs, val_accuracy, test_accuracy, "
               "steps, epoch_metrics, learned_params, message, updated_at FROM evaluations ORDER BY id");
  ASSERT_EQ(evaluations->size(), raw_evaluations.size());
  ASSERT_EQ(evaluations->size(), 40u);
  int done = 0;
  for (std::size_t i = 0; i < evaluations->size(); ++i) {
    const EvaluationRecord& e = (*evaluations)[i];
    const auto& r = raw_evaluations[i];
    EXPECT_EQ(std::to_string(e.id), r[0]);
    EXPECT_EQ(std::to_string(e.candidate_id), r[1]);
    EXPECT_EQ(std::to_string(e.stage), r[2]);
    EXPECT_EQ(std::to_string(e.seed), r[3]);
    EXPECT_EQ(to_string(e.status), r[4]);
    EXPECT_EQ(std::to_string(e.train_examples), r[5]);
    EXPECT_EQ(std::to_string(e.epochs), r[6]);
    if (r[7] == "NULL") {
      EXPECT_TRUE(std::isnan(e.val_accuracy));
    } else {
      EXPECT_DOUBLE_EQ(e.val_accuracy, std::stod(r[7]));
    }
    EXPECT_EQ(std::isnan(e.test_accuracy), r[8] == "NULL");
    EXPECT_EQ(std::to_string(e.steps), r[9]);
    EXPECT_EQ(e.epoch_metrics_json, r[10]);
    EXPECT_EQ(e.learned_params_json, r[11]);
    EXPECT_EQ(e.message, r[12]);
    EXPECT_EQ(e.updated_at, r[13]);
    done += e.status == EvalStatus::Done;
  }
  EXPECT_EQ(done, 38);

  auto board = db->leaderboard(campaign.id);
  ASSERT_TRUE(board) << board.error().describe();
  EXPECT_EQ(board->size(), 10u);  // the rejected two are left out

  // A read-only reader sees the same.
  auto reader = Database::open(path, OpenMode::ReadOnly);
  ASSERT_TRUE(reader) << reader.error().describe();
  EXPECT_EQ(reader->schema_version(), Database::latest_schema_version());
  EXPECT_EQ(reader->evaluations(campaign.id)->size(), 40u);
}

}  // namespace
}  // namespace actsearch::db
