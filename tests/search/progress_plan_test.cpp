// The progress plan counts the work there is: a budget larger than the space is capped by the space,
// and an exhaustive walk projects the share of members that become new candidates.
#include <gtest/gtest.h>

#include "search/campaign/src/progress_tracker.hpp"
#include "tests/search/search_test_helpers.hpp"

namespace actsearch::search {
namespace {

int planned_total(ProgressTracker& tracker, int& total) {
  tracker.report();
  return total;
}

TEST(ProgressPlan, ExhaustiveCountsTheSpaceNotTheBudget) {
  auto space = spaces::Space::load(testing::source_dir() / "spaces" / "definitions" / "ramachandran-1unit.yaml");
  ASSERT_TRUE(space);
  ASSERT_EQ(space->raw_size(), 6250u);
  CampaignConfig c;
  c.strategy = strategy_spec("exhaustive");
  c.strategy.budget = 1'000'000;
  c.space = *space;
  c.baselines = {"relu", "swish", "gelu", "elu", "tanh"};
  c.fidelity.rungs = {Rung{.train_examples = 1000, .epochs = 1, .seeds = 1}};
  c.fidelity.final.top = 5;
  c.fidelity.final.seeds = 5;
  int total = 0;
  ProgressTracker tracker(progress_plan(c), [&](const Progress& p) { total = p.total; });
  tracker.plan(0);
  // 6,250 members and 5 baselines at the first rung, then 5 finalists and 5 baselines x 5 seeds.
  EXPECT_EQ(planned_total(tracker, total), 6250 + 5 + 10 * 5);
  // 300 new candidates from the first 1,000 members: 0.3 * 5,250 more to come.
  tracker.searching(1000, 300);
  EXPECT_EQ(planned_total(tracker, total), 300 + 1575 + 5 + 10 * 5);
  // A budget below the projection still bounds it.
  c.strategy.budget = 500;
  ProgressTracker smaller(progress_plan(c), [&](const Progress& p) { total = p.total; });
  smaller.searching(1000, 300);
  EXPECT_EQ(planned_total(smaller, total), 500 + 5 + 10 * 5);
}

}  // namespace
}  // namespace actsearch::search
