// configs/example.yaml documents every key with its default: loading it gives exactly the config that
// the defaults in code (search/config/campaign_config.hpp, the strategies' registry entries,
// probes::ProbeBounds::defaults()) give when only the required keys are written, so the documentation
// cannot drift from the code.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>

#include "search/config/campaign_config.hpp"
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
  EXPECT_EQ(a.strategy.batch, b.strategy.batch);
  EXPECT_EQ(a.strategy.options, b.strategy.options);
  EXPECT_EQ(a.strategy.options, a.strategy.entry().default_options());
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

// The strategy section's commented blocks (`# list:` then `#   key: value` lines) give every other
// kind's keys at their defaults, and the kind's comment lists every kind.
TEST(ExampleConfig, DocumentsEveryStrategyKindAndItsDefaults) {
  std::ifstream in(source_dir() / "configs" / "example.yaml");
  std::map<std::string, std::string> blocks;  // kind -> its commented keys as YAML
  std::string line, current, kind_comment, example_kind;
  while (std::getline(in, line)) {
    if (line.rfind("  kind: ", 0) == 0) {
      kind_comment = line.substr(line.find('#') + 2);
      example_kind = line.substr(8, line.find(' ', 8) - 8);
    }
    if (line.rfind("  # ", 0) != 0) {
      current.clear();
      continue;
    }
    const std::string body = line.substr(4);
    if (body.back() == ':' && strategies::find_strategy(body.substr(0, body.size() - 1))) {
      current = body.substr(0, body.size() - 1);
      blocks[current];
    } else if (!current.empty() && body.rfind("  ", 0) == 0) {
      blocks[current] += body.substr(2) + "\n";
    }
  }
  std::vector<std::string_view> names;
  for (const auto* entry : strategies::all_strategies()) names.push_back(entry->name);
  std::string listed;
  for (auto n : names) listed += (listed.empty() ? "" : " | ") + std::string(n);
  EXPECT_EQ(kind_comment, listed);

  for (const auto* entry : strategies::all_strategies()) {
    if (entry->name == example_kind || entry->options.empty()) {
      EXPECT_FALSE(blocks.count(std::string(entry->name))) << entry->name << " needs no commented block";
      continue;
    }
    ASSERT_TRUE(blocks.count(std::string(entry->name))) << entry->name << "'s keys are not in example.yaml";
    const YAML::Node block = YAML::Load(blocks[std::string(entry->name)]);
    ASSERT_TRUE(block.IsMap()) << entry->name;
    EXPECT_EQ(block.size(), entry->options.size()) << entry->name;
    for (const auto& option : entry->options) {
      const YAML::Node value = block[std::string(option.key)];
      ASSERT_TRUE(value) << entry->name << "." << option.key << " is not documented";
      std::visit(
          [&](const auto& expected) {
            using T = std::decay_t<decltype(expected)>;
            EXPECT_EQ(value.as<T>(), expected) << entry->name << "." << option.key;
          },
          option.default_value);
    }
  }
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
