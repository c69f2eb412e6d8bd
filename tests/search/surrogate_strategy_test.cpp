// The surrogate strategy: deterministic from the seed, the same proposals on one thread or several,
// never a symmetric twin of something already proposed, a streamed pool on a space too large to
// enumerate, and a whole campaign that resumes without training again.
#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <cmath>
#include <set>

#include "db/database.hpp"
#include "expr/print.hpp"
#include "expr/program.hpp"
#include "search/campaign/campaign.hpp"
#include "search/config/campaign_config.hpp"
#include "search/strategies/strategy.hpp"
#include "surrogate/features.hpp"
#include "tests/search/search_test_helpers.hpp"

namespace actsearch::search {
namespace {

using testing::source_dir;
using testing::spirals_campaign;
using testing::TempDir;

CampaignConfig surrogate_config(const std::string& space_name, std::uint64_t seed, int pool = 100000) {
  CampaignConfig c;
  c.seed = seed;
  c.strategy = strategy_spec("surrogate");
  c.strategy.options.set("initial", 8);
  c.strategy.batch = 4;
  c.strategy.options.set("pool", pool);
  auto s = spaces::Space::load(source_dir() / "spaces" / "definitions" / (space_name + ".yaml"));
  EXPECT_TRUE(s) << s.error().describe();
  c.space = *s;
  return c;
}

// A stand-in for training: closeness to Swish on a few points (a smooth function of the shape), so the
// model has something real to learn.
double fake_fitness(const expr::Expr& e) {
  const auto program = expr::Program::compile(e, {.derivatives = false});
  double error = 0;
  for (double x : {-2.0, -1.0, -0.3, 0.4, 1.0, 2.5}) {
    const double v = program.evaluate_at(x)[0];
    const double swish = x / (1 + std::exp(-x));
    error += (v - swish) * (v - swish);
  }
  return std::isfinite(error) ? 1.0 / (1.0 + error) : std::nan("");
}

std::vector<std::string> run_rounds(const CampaignConfig& c, int rounds) {
  auto strategy = testing::strategy_of(c);
  std::vector<std::string> texts;
  for (int r = 0; r < rounds; ++r) {
    auto batch = strategy->propose(c.strategy.batch);
    std::vector<double> fitness;
    for (const auto& p : batch) {
      texts.push_back(p.text);
      fitness.push_back(fake_fitness(p.expression));
    }
    strategy->observe(batch, fitness);
  }
  return texts;
}

TEST(SurrogateStrategy, DeterministicFromTheSeed) {
  const auto a = run_rounds(surrogate_config("ramachandran-1unit", 5), 6);
  const auto b = run_rounds(surrogate_config("ramachandran-1unit", 5), 6);
  const auto c = run_rounds(surrogate_config("ramachandran-1unit", 6), 6);
  EXPECT_EQ(a.size(), 24u);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(SurrogateStrategy, SameProposalsOnOneThreadAndOnSeveral) {
  std::vector<std::string> one, several;
  tbb::task_arena(1).execute([&] { one = run_rounds(surrogate_config("ramachandran-1unit", 2), 5); });
  tbb::task_arena(2).execute([&] { several = run_rounds(surrogate_config("ramachandran-1unit", 2), 5); });
  EXPECT_EQ(one, several);
}

TEST(SurrogateStrategy, NeverProposesATwinAndLearnsWhereToLook) {
  const auto c = surrogate_config("ramachandran-1unit", 3);
  auto strategy = testing::strategy_of(c);
  std::set<std::uint64_t> keys;
  double design_best = 0, model_best = 0;
  for (int r = 0; r < 8; ++r) {
    auto batch = strategy->propose(4);
    ASSERT_EQ(batch.size(), 4u);
    std::vector<double> fitness;
    for (const auto& p : batch) {
      const auto f = surrogate::compute_features(p.expression);
      ASSERT_TRUE(f) << p.text;
      EXPECT_TRUE(surrogate::plausible(*f)) << p.text;
      EXPECT_TRUE(keys.insert(f->key).second) << "twin proposed again: " << p.text;
      fitness.push_back(fake_fitness(p.expression));
      (r < 2 ? design_best : model_best) = std::max(r < 2 ? design_best : model_best, fitness.back());
    }
    strategy->observe(batch, fitness);
  }
  // Six model rounds on a 5,760-member space find something closer to Swish than the random design.
  EXPECT_GT(model_best, design_best);
}

TEST(SurrogateStrategy, StreamsAPoolOnALargeSpace) {
  const auto c = surrogate_config("ramachandran-2unit", 1, 3000);
  const auto a = run_rounds(c, 4);
  EXPECT_EQ(a.size(), 16u);
  EXPECT_EQ(a, run_rounds(c, 4));
}

TEST(SurrogateStrategy, CampaignResumesWithTheSameProposals) {
  TempDir dir;
  const std::string space = (source_dir() / "spaces" / "definitions" / "ramachandran-1unit.yaml").string();
  const std::string body = "space: " + space + R"(
strategy: {kind: surrogate, budget: 12, initial: 4, batch: 4, pool: 100000}
fidelity:
  rungs:
    - {train_examples: 400, epochs: 1, seeds: 1}
  final: {top: 2, seeds: 2, epochs: 1}
baselines: [relu, swish]
)";
  auto config = parse_campaign_config(spirals_campaign("sur", body), "");
  ASSERT_TRUE(config) << config.error().describe();
  std::vector<std::vector<std::string>> proposals;
  for (int run = 0; run < 3; ++run) {
    RunOptions options;
    options.database = dir.path() / (run < 2 ? "a.db" : "b.db");  // run 1 resumes run 0; run 2 is fresh
    auto summary = run_campaign(*config, options);
    ASSERT_TRUE(summary.has_value()) << summary.error().describe();
    if (run == 1) {
      EXPECT_TRUE(summary->resumed);
      EXPECT_EQ(summary->evaluations_trained, 0);
    }
    auto database = db::Database::open(*options.database, db::OpenMode::ReadOnly);
    ASSERT_TRUE(database);
    auto campaign = database->find_campaign("sur");
    std::vector<std::string> texts;
    int strategy_trained = 0;
    const auto links = database->campaign_candidates((*campaign)->id);
    ASSERT_TRUE(links);
    for (const auto& link : *links) {
      auto candidate = database->find_candidate(link.candidate_id);
      texts.push_back((*candidate)->expr + "|" + std::string(db::to_string(link.status)));
      strategy_trained += link.origin == db::CandidateOrigin::Strategy && link.status != db::CandidateStatus::Rejected;
    }
    EXPECT_EQ(strategy_trained, 12);
    proposals.push_back(texts);
  }
  EXPECT_EQ(proposals[0], proposals[1]);
  EXPECT_EQ(proposals[0], proposals[2]);
}

}  // namespace
}  // namespace actsearch::search
