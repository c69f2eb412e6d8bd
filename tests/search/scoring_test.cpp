// One scoring truth: promotion (the scheduler), Database::leaderboard and the SQL view `leaderboard`
// give every candidate the same fitness and the same rank, also for a candidate that diverges on some
// seeds and for two candidates that tie.
#include "db/scoring.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cmath>
#include <map>

#include "db/database.hpp"
#include "search/campaign/campaign.hpp"
#include "search/campaign/recorder.hpp"
#include "search/campaign/src/scheduler.hpp"
#include "search_test_helpers.hpp"
#include "tests/common/leaderboard_view.hpp"

namespace actsearch::search {
namespace {

using testing::TempDir;

TEST(Scoring, StageScoreFollowsTheRule) {
  using db::EvalStatus;
  const db::RunOutcome runs[] = {{EvalStatus::Done, 0.8},    {EvalStatus::Diverged, db::kNaN},
                                 {EvalStatus::Failed, 0.99}, {EvalStatus::Running, 0.99},
                                 {EvalStatus::Done, 0.6},    {EvalStatus::Done, db::kNaN}};
  // (0.8 + 0 + 0.6) / 3 - 0.1: diverged counts as 0; failed, running and a done run without an accuracy
  // do not count.
  EXPECT_NEAR(db::fitness_of(runs, 0.1), 1.4 / 3 - 0.1, 1e-15);
  EXPECT_TRUE(std::isnan(db::fitness_of(std::span(runs + 2, 2), 0.0)));
  EXPECT_EQ(db::fitness_of(std::span(runs + 1, 1), 0.0), 0.0);
  // Ties: the earlier proposal, then the lower id; a fitness beats none; a higher stage beats fitness.
  EXPECT_TRUE(db::ranks_before({0.5, 0, 1, 9}, {0.5, 0, 2, 3}));
  EXPECT_TRUE(db::ranks_before({0.5, 0, 1, 3}, {0.5, 0, 1, 9}));
  EXPECT_TRUE(db::ranks_before({0.1, 0, 5, 5}, {db::kNaN, 3, 0, 0}));
  EXPECT_TRUE(db::ranks_before({0.1, 2, 5, 5}, {0.9, 1, 0, 0}));
  EXPECT_FALSE(db::ranks_before({0.5, 0, 1, 3}, {0.5, 0, 1, 3}));
}

TEST(Scoring, PromotionLeaderboardAndSqlViewAgree) {
  TempDir dir;
  const auto file = dir.path() / "scoring.db";
  CampaignConfig config;
  config.name = "scoring";
  config.seed = 11;
  // A configuration a campaign file could hold: what it stores must read back when it resumes.
  config.strategy = strategy_spec("list");
  config.strategy.options.set("expressions", std::vector<std::string>{"x"});
  constexpr int kStage = 1, kSeeds = 5;

  // The campaign row, as a run creates it.
  {
    Recorder creator(*db::Database::open(file), identity_of(config), {});
    ASSERT_TRUE(creator.open(trainer::DataFingerprint{}));
  }
  // Candidates and their runs at stage 1, the stage's real seeds.
  struct Spec {
    std::string expr;
    double penalty;
    std::vector<double> accuracies;  // NaN = diverged
  };
  const double nan = db::kNaN;
  const std::vector<Spec> specs = {
      {"steady", 0.0, {0.80, 0.81, 0.79, 0.80, 0.80}},
      {"diverges_twice", 0.0, {0.95, nan, 0.96, nan, 0.97}},  // (0.95 + 0.96 + 0.97) / 5 = 0.576
      {"tie_first", 0.0, {0.70, 0.72, 0.71, 0.70, 0.72}},
      {"tie_second", 0.0, {0.70, 0.72, 0.71, 0.70, 0.72}},  // the same fitness: ranks after tie_first
      {"penalised", 0.05, {0.90, 0.90, 0.90, 0.90, 0.90}},
  };
  std::vector<std::unique_ptr<Candidate>> candidates;
  {
    auto db = db::Database::open(file);
    ASSERT_TRUE(db) << db.error().describe();
    const auto campaign = (*db->find_campaign("scoring"))->id;
    for (std::size_t i = 0; i < specs.size(); ++i) {
      db::CandidateRecord record;
      record.fingerprint = "fp-" + specs[i].expr;
      record.expr = specs[i].expr;
      const auto id = db->upsert_candidate(record)->id;
      ASSERT_TRUE(
          db->upsert_campaign_candidate({campaign, id, db::CandidateOrigin::Strategy, "", static_cast<std::int64_t>(i),
                                         db::CandidateStatus::Evaluated, "", specs[i].penalty}));
      for (int s = 0; s < kSeeds; ++s) {
        db::EvaluationRecord e;
        e.campaign_id = campaign;
        e.candidate_id = id;
        e.stage = kStage;
        e.seed = evaluation_seed(config.seed, kStage, s);
        const double a = specs[i].accuracies[static_cast<std::size_t>(s)];
        e.status = std::isnan(a) ? db::EvalStatus::Diverged : db::EvalStatus::Done;
        e.val_accuracy = a;
        ASSERT_TRUE(db->record_evaluation(e));
      }
      auto c = std::make_unique<Candidate>();
      c->id = id;
      c->text = specs[i].expr;
      c->proposal_index = static_cast<std::int64_t>(i);
      c->penalty = specs[i].penalty;
      c->proposed = true;
      candidates.push_back(std::move(c));
    }
  }

  // Promotion: a resumed recorder reads the stored runs; the scheduler's fitness and order.
  Recorder resumed(*db::Database::open(file), identity_of(config), {});
  ASSERT_TRUE(resumed.open(trainer::DataFingerprint{}));
  ASSERT_TRUE(resumed.resumed());
  std::map<std::int64_t, double> promotion_fitness;
  for (auto& c : candidates) {
    c->fitness[kStage] = stage_fitness(*c, resumed, config.seed, kStage, kSeeds);
    promotion_fitness[c->id] = c->fitness[kStage];
  }
  std::vector<std::string> promotion_order;
  for (const Candidate* c : rank_for_promotion(candidates, kStage)) promotion_order.push_back(c->text);
  const std::vector<std::string> expected = {"penalised", "steady", "tie_first", "tie_second", "diverges_twice"};
  EXPECT_EQ(promotion_order, expected);
  EXPECT_NEAR(promotion_fitness[candidates[1]->id], (0.95 + 0.96 + 0.97) / 5, 1e-12);
  EXPECT_NEAR(promotion_fitness[candidates[4]->id], 0.90 - 0.05, 1e-12);
  EXPECT_EQ(promotion_fitness[candidates[2]->id], promotion_fitness[candidates[3]->id]);

  // The leaderboard: the same order, fitness and ranks; the diverging candidate's statistics are over
  // its 3 done runs, and it shows 2 diverged.
  auto reader = db::Database::open(file, db::OpenMode::ReadOnly);
  ASSERT_TRUE(reader) << reader.error().describe();
  const auto campaign = (*reader->find_campaign("scoring"))->id;
  auto board = reader->leaderboard(campaign);
  ASSERT_TRUE(board) << board.error().describe();
  ASSERT_EQ(board->size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& row = (*board)[i];
    EXPECT_EQ(row.expr, expected[i]);
    EXPECT_EQ(row.rank, static_cast<int>(i + 1));
    EXPECT_NEAR(row.fitness, promotion_fitness[row.candidate_id], 1e-12) << row.expr;
  }
  EXPECT_EQ((*board)[4].seeds, 3);
  EXPECT_EQ((*board)[4].diverged, 2);
  EXPECT_NEAR((*board)[4].mean, 0.96, 1e-12);

  // The SQL view, as the sqlite3 shell sees it.
  actsearch::testing::expect_view_matches_library(file, "scoring", *board);
}

}  // namespace
}  // namespace actsearch::search
