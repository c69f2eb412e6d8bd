// configs/example.yaml documents every key with its default: loading it gives exactly the config that
// the defaults in code (search/campaign_config.hpp, probes::ProbeBounds::defaults()) give when only the
// required keys are written, so the documentation cannot drift from the code.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "search/campaign_config.hpp"
#include "tests/search/search_test_helpers.hpp"

namespace actsearch::search {
namespace {

using testing::source_dir;

std::vector<probes::ProbeBound> sorted(std::vector<probes::ProbeBound> bounds) {
  std::sort(bounds.begin(), bounds.end(), [](const auto& a, const auto& b) { return a.probe < b.probe; });
  return bounds;
}

TEST(ExampleConfig, EveryValueIsTheDefaultInCode) {
  const auto example_file = source_dir() / "configs" / "example.yaml";
  auto example = load_campaign_config(example_file);
  ASSERT_TRUE(example) << example.error().describe();
  // Only the required keys, with the same task and space as the example.
  const std::string minimal =
      "name: example\ntask: tasks/fmnist-mlp4.yaml\nspace: ../spaces/definitions/ramachandran-1unit.yaml\n";
  auto defaults = parse_campaign_config(minimal, example_file.string());
  ASSERT_TRUE(defaults) << defaults.error().describe();
  const CampaignConfig& a = *example;
  const CampaignConfig& b = *defaults;

  EXPECT_EQ(a.database, b.database);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.device, b.device);
  EXPECT_EQ(a.workers, b.workers);
  EXPECT_EQ(a.strategy.kind, b.strategy.kind);
  EXPECT_EQ(a.strategy.budget, b.strategy.budget);
  EXPECT_EQ(a.strategy.population, b.strategy.population);
  EXPECT_EQ(a.strategy.tournament, b.strategy.tournament);
  EXPECT_EQ(a.strategy.batch, b.strategy.batch);
  EXPECT_EQ(a.strategy.expressions, b.strategy.expressions);
  EXPECT_EQ(a.strategy.initial, b.strategy.initial);
  EXPECT_EQ(a.strategy.pool, b.strategy.pool);
  EXPECT_EQ(a.strategy.model, b.strategy.model);
  EXPECT_EQ(a.strategy.acquisition, b.strategy.acquisition);
  EXPECT_EQ(a.strategy.exploration, b.strategy.exploration);
  EXPECT_EQ(a.strategy.diversity, b.strategy.diversity);
  ASSERT_EQ(a.fidelity.rungs.size(), b.fidelity.rungs.size());
  for (std::size_t i = 0; i < a.fidelity.rungs.size(); ++i) {
    EXPECT_EQ(a.fidelity.rungs[i].train_examples, b.fidelity.rungs[i].train_examples) << "rung " << i;
    EXPECT_EQ(a.fidelity.rungs[i].epochs, b.fidelity.rungs[i].epochs) << "rung " << i;
    EXPECT_EQ(a.fidelity.rungs[i].seeds, b.fidelity.rungs[i].seeds) << "rung " << i;
  }
  EXPECT_EQ(a.fidelity.final.top, b.fidelity.final.top);
  EXPECT_EQ(a.fidelity.final.seeds, b.fidelity.final.seeds);
  EXPECT_EQ(a.fidelity.final.train_examples, b.fidelity.final.train_examples);
  EXPECT_EQ(a.fidelity.final.epochs, b.fidelity.final.epochs);
  EXPECT_EQ(a.fidelity.final.test, b.fidelity.final.test);
  const auto bounds_a = sorted(a.probe_bounds.bounds), bounds_b = sorted(b.probe_bounds.bounds);
  ASSERT_EQ(bounds_a.size(), bounds_b.size());
  for (std::size_t i = 0; i < bounds_a.size(); ++i) {
    EXPECT_EQ(bounds_a[i].probe, bounds_b[i].probe);
    EXPECT_EQ(bounds_a[i].min, bounds_b[i].min) << bounds_a[i].probe;
    EXPECT_EQ(bounds_a[i].max, bounds_b[i].max) << bounds_a[i].probe;
  }
  EXPECT_EQ(a.regularisers.complexity, b.regularisers.complexity);
  EXPECT_EQ(a.regularisers.probes.size(), b.regularisers.probes.size());
  EXPECT_EQ(a.baselines, b.baselines);
}

// The probes section of the example names every bound the defaults set (a bounded default probe that
// the example leaves out would be undocumented).
TEST(ExampleConfig, ListsEveryDefaultProbeBound) {
  const YAML::Node root = YAML::LoadFile((source_dir() / "configs" / "example.yaml").string());
  std::set<std::string> listed;
  for (const auto& entry : root["probes"]) listed.insert(entry.first.Scalar());
  for (const auto& bound : probes::ProbeBounds::defaults().bounds) {
    const bool bounded = std::isfinite(bound.min) || std::isfinite(bound.max);
    if (bounded) {
      EXPECT_TRUE(listed.count(bound.probe)) << bound.probe << " is bounded by default but not in example.yaml";
    }
  }
}

}  // namespace
}  // namespace actsearch::search
