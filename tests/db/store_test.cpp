// Typed access: campaigns, candidates, aliases, probes, likeness, links, evaluations, transactions.
#include <cmath>
#include <stdexcept>
#include <string>

#include "db/database.hpp"
#include "helpers.hpp"

namespace actsearch::db {
namespace {

using testing::candidate;
using testing::done;

class Store : public testing::TempDir {
 protected:
  void SetUp() override {
    TempDir::SetUp();
    auto opened = Database::open(file("store.db"));
    ASSERT_TRUE(opened) << opened.error().describe();
    db_.emplace(std::move(*opened));
  }
  void TearDown() override {
    db_.reset();
    TempDir::TearDown();
  }
  Database& db() { return *db_; }
  std::optional<Database> db_;
};

TEST_F(Store, CampaignsAreCreatedFoundListedAndUpdated) {
  // A seed above 2^63 is stored bit-for-bit in the signed INTEGER column.
  const std::uint64_t big_seed = 0xF000'0000'0000'0001ULL;
  auto a = db().create_campaign("alpha", "space: core\n", "h1", big_seed);
  ASSERT_TRUE(a) << a.error().describe();
  EXPECT_GT(a->id, 0);
  EXPECT_EQ(a->status, CampaignStatus::Created);
  EXPECT_EQ(a->seed, big_seed);
  EXPECT_FALSE(a->created_at.empty());
  auto b = db().create_campaign("beta", "", "h2", 2);
  ASSERT_TRUE(b);

  auto duplicate = db().create_campaign("alpha", "other", "h3", 3);
  ASSERT_FALSE(duplicate);
  EXPECT_NE(duplicate.error().message.find("already exists"), std::string::npos);

  auto found = db().find_campaign("alpha");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->config_text, "space: core\n");
  EXPECT_EQ((*found)->seed, big_seed);
  EXPECT_FALSE(db().find_campaign("gamma")->has_value());

  ASSERT_TRUE(db().set_campaign_status(b->id, CampaignStatus::Running));
  auto all = db().campaigns();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "alpha");
  EXPECT_EQ((*all)[1].status, CampaignStatus::Running);
  EXPECT_FALSE(db().set_campaign_status(999, CampaignStatus::Running));
}

TEST_F(Store, UpsertCandidateDeduplicatesByFingerprint) {
  auto first = candidate("x*sigmoid(x)", 3);
  first.nearest = "swish";
  first.nearest_distance = 0.0;
  first.finite = true;
  auto a = db().upsert_candidate(first);
  ASSERT_TRUE(a) << a.error().describe();
  EXPECT_GT(a->id, 0);
  EXPECT_EQ(a->expr, "x*sigmoid(x)");

  // Same function, different spelling: the existing row comes back unchanged.
  auto second = first;
  second.expr = "x/(1+exp(-x))";
  second.complexity = 5;
  second.nearest = "";
  auto b = db().upsert_candidate(second);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->id, a->id);
  EXPECT_EQ(b->expr, "x*sigmoid(x)");
  EXPECT_EQ(b->complexity, 3);
  EXPECT_EQ(b->nearest, "swish");

  auto other = candidate("tanh(x)");
  other.finite = false;
  auto c = db().upsert_candidate(other);
  ASSERT_TRUE(c);
  EXPECT_NE(c->id, a->id);

  auto by_id = db().find_candidate(c->id);
  ASSERT_TRUE(by_id && *by_id);
  EXPECT_EQ((*by_id)->fingerprint, "fp:tanh(x)");
  EXPECT_EQ((*by_id)->latex, "\\mathrm{tanh(x)}");
  EXPECT_FALSE((*by_id)->finite);
  EXPECT_TRUE(std::isnan((*by_id)->nearest_distance));
  EXPECT_FALSE(db().find_candidate(12345)->has_value());
  EXPECT_EQ((*db().find_candidate_by_fingerprint("fp:x*sigmoid(x)"))->id, a->id);

  ASSERT_TRUE(db().set_nearest(c->id, "tanh", 0.0));
  EXPECT_EQ((*db().find_candidate(c->id))->nearest, "tanh");
  EXPECT_FALSE(db().set_nearest(12345, "relu", 1.0));

  EXPECT_FALSE(db().upsert_candidate(CandidateRecord{}));  // no fingerprint
}

TEST_F(Store, AliasesAreKeptOnceInInsertionOrder) {
  const auto id = db().upsert_candidate(candidate("x*sigmoid(x)"))->id;
  ASSERT_TRUE(db().add_alias(id, "x*sigmoid(x)"));
  ASSERT_TRUE(db().add_alias(id, "x/(1+exp(-x))"));
  ASSERT_TRUE(db().add_alias(id, "x*sigmoid(x)"));  // again: no-op
  ASSERT_TRUE(db().add_alias(id, "silu(x)"));
  EXPECT_EQ(*db().aliases(id), (std::vector<std::string>{"x*sigmoid(x)", "x/(1+exp(-x))", "silu(x)"}));
  const auto other = db().upsert_candidate(candidate("relu(x)"))->id;
  EXPECT_TRUE(db().aliases(other)->empty());
}

TEST_F(Store, ProbesRoundTripNaNAndInfinity) {
  const auto id = db().upsert_candidate(candidate("log(x)"))->id;
  const double tiny = 4.9e-324;  // the smallest subnormal survives too
  ASSERT_TRUE(db().set_probes(
      id,
      {{"mean", 0.25}, {"nan_value", std::nan("")}, {"pos_inf", INFINITY}, {"neg_inf", -INFINITY}, {"tiny", tiny}}));
  auto probes = db().probes(id);
  ASSERT_TRUE(probes) << probes.error().describe();
  ASSERT_EQ(probes->size(), 5u);  // sorted by name
  EXPECT_EQ((*probes)[0].first, "mean");
  EXPECT_EQ((*probes)[0].second, 0.25);
  EXPECT_EQ((*probes)[1].first, "nan_value");
  EXPECT_TRUE(std::isnan((*probes)[1].second));
  EXPECT_EQ((*probes)[2].first, "neg_inf");
  EXPECT_EQ((*probes)[2].second, -INFINITY);
  EXPECT_EQ((*probes)[3].second, INFINITY);
  EXPECT_EQ((*probes)[4].second, tiny);

  // set_probes replaces the whole set.
  ASSERT_TRUE(db().set_probes(id, {{"mean", 0.5}}));
  probes = db().probes(id);
  ASSERT_EQ(probes->size(), 1u);
  EXPECT_EQ((*probes)[0].second, 0.5);

  // A failing write (duplicate name) leaves the previous set in place.
  EXPECT_FALSE(db().set_probes(id, {{"a", 1.0}, {"a", 2.0}}));
  probes = db().probes(id);
  ASSERT_EQ(probes->size(), 1u);
  EXPECT_EQ((*probes)[0].first, "mean");
}

TEST_F(Store, LikenessIsListedNearestFirst) {
  const auto id = db().upsert_candidate(candidate("x*sigmoid(x)"))->id;
  ASSERT_TRUE(db().set_likeness(id, {{"relu", 0.15}, {"gelu", 0.01}, {"odd", std::nan("")}, {"swish", 0.0}}));
  auto rows = db().likeness(id);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0], (std::pair<std::string, double>{"swish", 0.0}));
  EXPECT_EQ((*rows)[1].first, "gelu");
  EXPECT_EQ((*rows)[2].first, "relu");
  EXPECT_EQ((*rows)[3].first, "odd");
  EXPECT_TRUE(std::isnan((*rows)[3].second));
}

TEST_F(Store, CampaignCandidateUpsertUpdatesStatusReasonAndPenalty) {
  const auto campaign = db().create_campaign("c", "", "", 1)->id;
  const auto a = db().upsert_candidate(candidate("a"))->id;
  const auto b = db().upsert_candidate(candidate("b"))->id;
  ASSERT_TRUE(db().upsert_campaign_candidate({campaign, b, CandidateOrigin::Strategy, "", 0}));
  ASSERT_TRUE(db().upsert_campaign_candidate({campaign, a, CandidateOrigin::Baseline, "relu", 1}));
  CampaignCandidate update{campaign, b, CandidateOrigin::List, "", 7, CandidateStatus::Rejected, "non_finite", 0.25};
  ASSERT_TRUE(db().upsert_campaign_candidate(update));

  auto links = db().campaign_candidates(campaign);
  ASSERT_TRUE(links);
  ASSERT_EQ(links->size(), 2u);
  const auto& lb = (*links)[0];  // proposal_index 0 is kept from the first insert
  EXPECT_EQ(lb.candidate_id, b);
  EXPECT_EQ(lb.proposal_index, 0);
  EXPECT_EQ(lb.origin, CandidateOrigin::List);
  EXPECT_EQ(lb.status, CandidateStatus::Rejected);
  EXPECT_EQ(lb.reject_reason, "non_finite");
  EXPECT_EQ(lb.penalty, 0.25);
  const auto& la = (*links)[1];
  EXPECT_EQ(la.baseline_name, "relu");
  EXPECT_EQ(la.status, CandidateStatus::Proposed);
  EXPECT_EQ(la.penalty, 0.0);

  // The schema rejects values outside the enumerations (reachable only by a cast; they spell "unknown").
  EXPECT_FALSE(db().upsert_campaign_candidate({campaign, a, static_cast<CandidateOrigin>(42), "", 0}));
  CampaignCandidate bad_status{campaign, a, CandidateOrigin::Baseline, "relu", 1, static_cast<CandidateStatus>(42)};
  EXPECT_FALSE(db().upsert_campaign_candidate(bad_status));
}

TEST_F(Store, RecordEvaluationReplacesTheSameRunAndKeepsItsPlace) {
  const auto campaign = db().create_campaign("c", "", "", 1)->id;
  const auto a = db().upsert_candidate(candidate("a"))->id;
  const auto b = db().upsert_candidate(candidate("b"))->id;
  EvaluationRecord queued;
  queued.campaign_id = campaign;
  queued.candidate_id = a;
  queued.stage = 0;
  queued.seed = 5;
  ASSERT_TRUE(db().record_evaluation(queued));
  ASSERT_TRUE(db().record_evaluation(done(campaign, b, 0, 5, 0.7)));

  EvaluationRecord finished = done(campaign, a, 0, 5, 0.81, 0.8);
  finished.train_examples = 60000;
  finished.epochs = 3;
  finished.val_loss = 0.5;
  finished.train_loss = INFINITY;
  finished.test_loss = 0.55;
  finished.wall_seconds = 12.5;
  finished.steps = 5625;
  finished.epoch_metrics_json = R"([{"epoch":1,"val_accuracy":0.79}])";
  finished.learned_params_json = R"([{"name":"beta","value":1.7}])";
  finished.message = "ok";
  finished.device = "cpu";
  ASSERT_TRUE(db().record_evaluation(finished));

  auto rows = db().evaluations(campaign);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  const EvaluationRecord& r = (*rows)[0];  // still first: the row kept its id
  EXPECT_EQ(r.candidate_id, a);
  EXPECT_EQ(r.status, EvalStatus::Done);
  EXPECT_EQ(r.seed, 5u);
  EXPECT_EQ(r.train_examples, 60000);
  EXPECT_EQ(r.epochs, 3);
  EXPECT_EQ(r.val_accuracy, 0.81);
  EXPECT_EQ(r.val_loss, 0.5);
  EXPECT_EQ(r.train_loss, INFINITY);
  EXPECT_EQ(r.test_accuracy, 0.8);
  EXPECT_EQ(r.test_loss, 0.55);
  EXPECT_EQ(r.wall_seconds, 12.5);
  EXPECT_EQ(r.steps, 5625);
  EXPECT_EQ(r.epoch_metrics_json, finished.epoch_metrics_json);
  EXPECT_EQ(r.learned_params_json, finished.learned_params_json);
  EXPECT_EQ(r.message, "ok");
  EXPECT_EQ(r.device, "cpu");
  EXPECT_FALSE(r.updated_at.empty());
  EXPECT_LT(r.id, (*rows)[1].id);

  // Replacing with NaNs clears the values (NULL in the file).
  EvaluationRecord diverged = queued;
  diverged.status = EvalStatus::Diverged;
  ASSERT_TRUE(db().record_evaluation(diverged));
  auto again = db().find_evaluation(campaign, a, 0, 5);
  ASSERT_TRUE(again && *again);
  EXPECT_EQ((*again)->status, EvalStatus::Diverged);
  EXPECT_TRUE(std::isnan((*again)->val_accuracy));
  EXPECT_FALSE(db().find_evaluation(campaign, a, 1, 5)->has_value());

  // Per candidate, across campaigns.
  const auto other = db().create_campaign("d", "", "", 1)->id;
  ASSERT_TRUE(db().record_evaluation(done(other, a, 2, 1, 0.9)));
  auto history = db().candidate_evaluations(a);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[1].campaign_id, other);
  EXPECT_EQ((*history)[1].stage, 2);

  // Invalid JSON is refused with a clear message, and nothing is written.
  EvaluationRecord broken = done(campaign, a, 3, 1, 0.5);
  broken.epoch_metrics_json = "[{nan}]";
  auto refused = db().record_evaluation(broken);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("epoch_metrics_json"), std::string::npos);
  EXPECT_FALSE(db().find_evaluation(campaign, a, 3, 1)->has_value());
}

TEST_F(Store, RequeueInterruptedTurnsRunningIntoQueuedForOneCampaign) {
  const auto c1 = db().create_campaign("c1", "", "", 1)->id;
  const auto c2 = db().create_campaign("c2", "", "", 1)->id;
  const auto a = db().upsert_candidate(candidate("a"))->id;
  auto with_status = [&](std::int64_t campaign, std::uint64_t seed, EvalStatus status) {
    EvaluationRecord e;
    e.campaign_id = campaign;
    e.candidate_id = a;
    e.seed = seed;
    e.status = status;
    ASSERT_TRUE(db().record_evaluation(e));
  };
  with_status(c1, 1, EvalStatus::Running);
  with_status(c1, 2, EvalStatus::Running);
  with_status(c1, 3, EvalStatus::Done);
  with_status(c1, 4, EvalStatus::Queued);
  with_status(c2, 1, EvalStatus::Running);

  auto n = db().requeue_interrupted(c1);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 2);
  auto rows = db().evaluations(c1);
  EXPECT_EQ((*rows)[0].status, EvalStatus::Queued);
  EXPECT_EQ((*rows)[1].status, EvalStatus::Queued);
  EXPECT_EQ((*rows)[2].status, EvalStatus::Done);
  EXPECT_EQ((*db().evaluations(c2))[0].status, EvalStatus::Running);  // other campaign untouched
  EXPECT_EQ(*db().requeue_interrupted(c1), 0);
}

TEST_F(Store, TransactionCommitsOrRollsBack) {
  ASSERT_TRUE(db().transaction([&]() -> Expected<void> {
    if (auto c = db().create_campaign("kept", "", "", 1); !c) return fail(c.error());
    return {};
  }));
  EXPECT_TRUE(db().find_campaign("kept")->has_value());

  auto failed = db().transaction([&]() -> Expected<void> {
    (void)db().create_campaign("undone", "", "", 1);
    return fail("stop");
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message, "stop");
  EXPECT_FALSE(db().find_campaign("undone")->has_value());

  EXPECT_THROW((void)db().transaction([&]() -> Expected<void> {
    (void)db().create_campaign("thrown", "", "", 1);
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_FALSE(db().find_campaign("thrown")->has_value());

  // A failing nested transaction undoes only its own work.
  ASSERT_TRUE(db().transaction([&]() -> Expected<void> {
    (void)db().create_campaign("outer", "", "", 1);
    EXPECT_FALSE(db().transaction([&]() -> Expected<void> {
      (void)db().create_campaign("inner", "", "", 1);
      return fail("inner fails");
    }));
    return {};
  }));
  EXPECT_TRUE(db().find_campaign("outer")->has_value());
  EXPECT_FALSE(db().find_campaign("inner")->has_value());

  // The database is usable afterwards.
  EXPECT_TRUE(db().create_campaign("after", "", "", 1));
  EXPECT_EQ(*db().integrity_check(), "ok");
}

TEST_F(Store, EvalStatusNamesRoundTrip) {
  for (EvalStatus s : {EvalStatus::Queued, EvalStatus::Running, EvalStatus::Done, EvalStatus::Failed,
                       EvalStatus::Diverged, EvalStatus::Rejected}) {
    EXPECT_EQ(parse_eval_status(to_string(s)), s);
  }
  EXPECT_EQ(to_string(EvalStatus::Diverged), "diverged");
  EXPECT_FALSE(parse_eval_status("Done").has_value());
}

TEST_F(Store, DatabaseMovesWithoutLosingTheConnection) {
  ASSERT_TRUE(db().create_campaign("m", "", "", 1));
  Database moved = std::move(*db_);
  db_.reset();
  EXPECT_TRUE(moved.find_campaign("m")->has_value());
}

}  // namespace
}  // namespace actsearch::db
