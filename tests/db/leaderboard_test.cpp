// Leaderboard ranking and statistics; reference numbers computed independently with NumPy/SciPy
// (np.mean, np.std(ddof=1), scipy.stats.t.ppf). SciPy 1.10's t quantiles carry ~1e-9 relative error, so
// interval bounds are compared to 1e-9.
#include <sqlite3.h>

#include <cmath>
#include <map>
#include <string>

#include "db/database.hpp"
#include "helpers.hpp"
#include "tests/common/leaderboard_view.hpp"

namespace actsearch::db {
namespace {

using testing::candidate;
using testing::done;

class Leaderboard : public testing::TempDir {
 protected:
  void SetUp() override {
    TempDir::SetUp();
    auto opened = Database::open(file("lb.db"));
    ASSERT_TRUE(opened) << opened.error().describe();
    db_.emplace(std::move(*opened));
    campaign_ = db().create_campaign("lb", "", "", 1)->id;
  }
  void TearDown() override {
    db_.reset();
    TempDir::TearDown();
  }
  Database& db() { return *db_; }

  std::int64_t add(const std::string& expr, const std::string& origin = "strategy", const std::string& baseline = "",
                   double penalty = 0, const std::string& status = "evaluated") {
    auto c = candidate(expr);
    c.nearest = "near_" + expr;
    c.nearest_distance = 0.5;
    const auto id = db().upsert_candidate(c)->id;
    CampaignCandidate link{campaign_, id,           *from_string<CandidateOrigin>(origin),
                           baseline,  ++proposals_, *from_string<CandidateStatus>(status),
                           "",        penalty};
    EXPECT_TRUE(db().upsert_campaign_candidate(link));
    return id;
  }
  void runs(std::int64_t cand, int stage, const std::vector<double>& vals, std::uint64_t first_seed = 1,
            const std::vector<double>& tests = {}) {
    for (std::size_t i = 0; i < vals.size(); ++i) {
      const double test = i < tests.size() ? tests[i] : kNaN;
      ASSERT_TRUE(db().record_evaluation(done(campaign_, cand, stage, first_seed + i, vals[i], test)));
    }
  }
  void failed(std::int64_t cand, int stage, std::uint64_t seed, EvalStatus status) {
    EvaluationRecord e;
    e.campaign_id = campaign_;
    e.candidate_id = cand;
    e.stage = stage;
    e.seed = seed;
    e.status = status;
    ASSERT_TRUE(db().record_evaluation(e));
  }

  std::optional<Database> db_;
  std::int64_t campaign_ = 0;
  std::int64_t proposals_ = 0;
};

TEST_F(Leaderboard, RanksStatisticsAndPairedDeltas) {
  const auto relu = add("relu", "baseline", "relu");
  const auto b = add("b", "strategy", "", 0.01);
  const auto c = add("c");
  const auto d = add("d");
  const auto e = add("e");
  const auto f = add("f");
  const auto g = add("g", "strategy", "", 0, "rejected");
  const auto h = add("h");
  const auto q = add("q", "strategy", "", 0, "proposed");  // nothing run yet

  runs(relu, 0, {0.70, 0.71, 0.72});
  runs(relu, 1, {0.80, 0.82, 0.81, 0.79, 0.83});
  runs(b, 0, {0.60, 0.61});
  runs(b, 1, {0.84, 0.85, 0.83, 0.86, 0.82}, 1, {0.83, 0.84, 0.82});
  failed(b, 1, 6, EvalStatus::Running);  // not done: ignored by the statistics
  runs(c, 1, {0.90, 0.88, 0.91});
  runs(d, 0, {0.95, 0.97});  // best accuracy, but eliminated at stage 0
  runs(e, 0, {0.50});
  failed(f, 1, 1, EvalStatus::Diverged);
  failed(f, 1, 2, EvalStatus::Failed);
  runs(g, 1, {0.99, 0.99, 0.99});
  runs(h, 0, {0.65, 0.66});
  failed(h, 1, 1, EvalStatus::Diverged);  // promoted, then diverged: stage 1 with accuracy 0 (db/scoring.hpp)

  auto board = db().leaderboard(campaign_);
  ASSERT_TRUE(board) << board.error().describe();
  std::vector<std::int64_t> order;
  for (const auto& row : *board) order.push_back(row.candidate_id);
  // Stage 1 by fitness (c 0.8967, b 0.84 - 0.01 = 0.83, relu 0.81, then f and h whose one counted run
  // diverged: 0, tied, so the earlier proposal f first), stage 0 by fitness (d 0.96, e 0.5), then the row
  // without a counted run (q never run); g is rejected. f's failed run does not count.
  EXPECT_EQ(order, (std::vector<std::int64_t>{c, b, relu, f, h, d, e, q}));
  for (std::size_t i = 0; i < board->size(); ++i) EXPECT_EQ((*board)[i].rank, static_cast<int>(i + 1));

  std::map<std::int64_t, LeaderboardRow> by_id;
  for (const auto& row : *board) by_id[row.candidate_id] = row;

  // NumPy/SciPy: mean, std(ddof=1), mean ± t.ppf(0.975, n-1)·sd/√n.
  const auto& rb = by_id[b];
  EXPECT_EQ(rb.stage, 1);
  EXPECT_EQ(rb.seeds, 5);
  EXPECT_NEAR(rb.mean, 0.8400000000000001, 1e-12);
  EXPECT_NEAR(rb.sd, 0.01581138830084191, 1e-12);
  EXPECT_NEAR(rb.ci_low, 0.8203675683852245, 1e-9);
  EXPECT_NEAR(rb.ci_high, 0.8596324316147756, 1e-9);
  EXPECT_DOUBLE_EQ(rb.penalty, 0.01);
  EXPECT_NEAR(rb.fitness, 0.83, 1e-12);
  // Paired with relu at stage 1 over seeds 1-5: differences [0.04, 0.03, 0.02, 0.07, -0.01].
  EXPECT_EQ(rb.paired_seeds, 5);
  EXPECT_NEAR(rb.delta_relu, 0.03, 1e-12);
  EXPECT_NEAR(rb.delta_ci_low, -0.006200415215437242, 1e-9);
  EXPECT_NEAR(rb.delta_ci_high, 0.06620041521543717, 1e-9);
  EXPECT_EQ(rb.test_seeds, 3);
  EXPECT_NEAR(rb.test_mean, 0.83, 1e-12);
  EXPECT_FALSE(rb.baseline);
  EXPECT_EQ(rb.expr, "b");
  EXPECT_EQ(rb.nearest, "near_b");
  EXPECT_DOUBLE_EQ(rb.distance, 0.5);
  EXPECT_EQ(rb.complexity, 3);
  EXPECT_EQ(rb.status, CandidateStatus::Evaluated);

  // c has 3 seeds: pairs with relu's seeds 1-3 only.
  const auto& rc = by_id[c];
  EXPECT_NEAR(rc.mean, 0.8966666666666666, 1e-12);
  EXPECT_NEAR(rc.ci_low, 0.8587208363292719, 1e-9);
  EXPECT_NEAR(rc.ci_high, 0.9346124970040613, 1e-9);
  EXPECT_EQ(rc.paired_seeds, 3);
  EXPECT_NEAR(rc.delta_relu, 0.08666666666666667, 1e-12);
  EXPECT_NEAR(rc.delta_ci_low, 0.029297963601183113, 1e-9);
  EXPECT_NEAR(rc.delta_ci_high, 0.14403536973215023, 1e-9);
  EXPECT_TRUE(std::isnan(rc.test_mean));
  EXPECT_EQ(rc.test_seeds, 0);

  // The reference itself: flagged, and its differences with itself are zero.
  const auto& rr = by_id[relu];
  EXPECT_TRUE(rr.baseline);
  EXPECT_EQ(rr.baseline_name, "relu");
  EXPECT_NEAR(rr.mean, 0.8099999999999999, 1e-12);
  EXPECT_NEAR(rr.ci_low, 0.7903675683852244, 1e-9);
  EXPECT_EQ(rr.delta_relu, 0.0);

  // d at stage 0 (2 seeds; t.ppf(0.975, 1) = 12.706): its stage-0 pairs with relu exist (seeds 1, 2).
  const auto& rd = by_id[d];
  EXPECT_EQ(rd.stage, 0);
  EXPECT_NEAR(rd.ci_low, 0.8329379526356789, 1e-9);
  EXPECT_NEAR(rd.ci_high, 1.087062047364321, 1e-9);
  EXPECT_EQ(rd.paired_seeds, 2);
  EXPECT_NEAR(rd.delta_relu, 0.255, 1e-12);

  // One seed: a mean, but no spread or interval.
  const auto& re = by_id[e];
  EXPECT_EQ(re.seeds, 1);
  EXPECT_DOUBLE_EQ(re.mean, 0.5);
  EXPECT_TRUE(std::isnan(re.sd));
  EXPECT_TRUE(std::isnan(re.ci_low));
  EXPECT_EQ(re.paired_seeds, 1);
  EXPECT_NEAR(re.delta_relu, -0.2, 1e-12);
  EXPECT_TRUE(std::isnan(re.delta_ci_low));

  // Only a diverged and a failed run: no done run, so no mean; the diverged run scores 0.
  const auto& rf = by_id[f];
  EXPECT_EQ(rf.stage, 1);
  EXPECT_EQ(rf.seeds, 0);
  EXPECT_EQ(rf.diverged, 1);
  EXPECT_TRUE(std::isnan(rf.mean));
  EXPECT_EQ(rf.fitness, 0.0);
  EXPECT_TRUE(std::isnan(rf.delta_relu));
  EXPECT_EQ(rf.paired_seeds, 0);
  EXPECT_EQ(by_id[q].stage, 0);
  EXPECT_EQ(by_id[h].stage, 1);
  EXPECT_TRUE(std::isnan(by_id[q].fitness));
  EXPECT_EQ(by_id.count(g), 0u);

  // top truncates after ranking.
  LeaderboardOptions top2;
  top2.top = 2;
  auto best = db().leaderboard(campaign_, top2);
  ASSERT_TRUE(best);
  ASSERT_EQ(best->size(), 2u);
  EXPECT_EQ((*best)[0].candidate_id, c);
  EXPECT_EQ((*best)[1].candidate_id, b);

  // Another confidence level: t.ppf(0.95, 4).
  LeaderboardOptions ninety;
  ninety.confidence = 0.90;
  auto wide = db().leaderboard(campaign_, ninety);
  ASSERT_TRUE(wide);
  EXPECT_NEAR((*wide)[1].ci_low, 0.824925566844664, 1e-9);

  // A reference that the campaign does not have: no deltas.
  LeaderboardOptions no_ref;
  no_ref.reference_baseline = "gelu";
  auto plain = db().leaderboard(campaign_, no_ref);
  ASSERT_TRUE(plain);
  for (const auto& row : *plain) {
    EXPECT_TRUE(std::isnan(row.delta_relu));
    EXPECT_EQ(row.paired_seeds, 0);
  }
}

TEST_F(Leaderboard, ReferenceMissingAtTheCandidatesStageGivesNoDelta) {
  const auto relu = add("relu", "baseline", "relu");
  const auto x = add("x");
  runs(relu, 0, {0.7, 0.7});
  runs(x, 0, {0.6, 0.6});
  runs(x, 1, {0.8, 0.9});  // relu never reached stage 1
  auto board = db().leaderboard(campaign_);
  ASSERT_TRUE(board);
  ASSERT_EQ(board->size(), 2u);
  EXPECT_EQ((*board)[0].candidate_id, x);
  EXPECT_EQ((*board)[0].stage, 1);
  EXPECT_TRUE(std::isnan((*board)[0].delta_relu));
  EXPECT_EQ((*board)[0].paired_seeds, 0);
}

TEST_F(Leaderboard, OtherCampaignsDoNotLeakIn) {
  const auto x = add("x");
  runs(x, 0, {0.6, 0.7});
  const auto other = db().create_campaign("other", "", "", 1)->id;
  ASSERT_TRUE(db().upsert_campaign_candidate({other, x, CandidateOrigin::Strategy, "", 0}));
  ASSERT_TRUE(db().record_evaluation(done(other, x, 3, 1, 0.1)));
  auto board = db().leaderboard(campaign_);
  ASSERT_TRUE(board);
  ASSERT_EQ(board->size(), 1u);
  EXPECT_EQ((*board)[0].stage, 0);
  EXPECT_NEAR((*board)[0].mean, 0.65, 1e-12);
  EXPECT_TRUE(db().leaderboard(999)->empty());
}

// The SQL view agrees with the C++ ranking on everything it computes.
TEST_F(Leaderboard, SqlViewMatchesTheLibrary) {
  const auto relu = add("relu", "baseline", "relu");
  const auto b = add("b", "strategy", "", 0.01);
  const auto d = add("d");
  const auto e = add("e");
  runs(relu, 1, {0.80, 0.82, 0.81, 0.79, 0.83});
  runs(b, 0, {0.60, 0.61});
  runs(b, 1, {0.84, 0.85, 0.83, 0.86, 0.82}, 1, {0.83, 0.84, 0.82});
  runs(d, 0, {0.95, 0.97});
  runs(e, 0, {0.50});
  failed(e, 0, 2, EvalStatus::Diverged);
  failed(e, 0, 3, EvalStatus::Failed);
  auto board = db().leaderboard(campaign_);
  ASSERT_TRUE(board);

  actsearch::testing::expect_view_matches_library(file("lb.db"), "lb", *board);
}

}  // namespace
}  // namespace actsearch::db
