// Campaign files: defaults, every section, and errors that point at the right place.
#include "search/config/campaign_config.hpp"

#include <gtest/gtest.h>

#include "search/config/resolved.hpp"
#include "tests/search/search_test_helpers.hpp"

namespace actsearch::search {
namespace {

using testing::source_dir;
using testing::spirals_campaign;

Error parse_error(const std::string& text) {
  auto config = parse_campaign_config(text, "campaign.yaml");
  EXPECT_FALSE(config.has_value()) << text;
  return config ? Error{} : config.error();
}

TEST(CampaignConfig, ShippedConfigsLoad) {
  for (const char* name : {"quickstart.yaml", "list-known.yaml", "example.yaml"}) {
    auto config = load_campaign_config(source_dir() / "configs" / name);
    ASSERT_TRUE(config.has_value()) << name << ": " << config.error().describe();
    EXPECT_FALSE(config->name.empty());
    EXPECT_EQ(config->task.name, "fmnist-mlp4");
  }
  auto list = load_campaign_config(source_dir() / "configs" / "list-known.yaml");
  ASSERT_TRUE(list.has_value());
  EXPECT_EQ(list->strategy.kind, "list");
  EXPECT_EQ(list->strategy.options.texts("expressions").size(), 26u);
  EXPECT_EQ(list->fidelity.final.seeds, 5);
}

TEST(CampaignConfig, DefaultsApplyWhereKeysAreMissing) {
  auto config = parse_campaign_config(spirals_campaign("d", "strategy: {kind: list, expressions: [relu(x)]}\n"), "");
  ASSERT_TRUE(config.has_value()) << config.error().describe();
  const CampaignConfig defaults;
  EXPECT_EQ(config->database, defaults.database);
  EXPECT_EQ(config->device, Device::Auto);
  EXPECT_EQ(config->fidelity.final.seeds, defaults.fidelity.final.seeds);
  EXPECT_EQ(config->baselines, defaults.baselines);
  EXPECT_EQ(config->strategy.batch, defaults.strategy.batch);
  EXPECT_FALSE(config->space.has_value());
}

TEST(CampaignConfig, ReadsEverySection) {
  auto config = parse_campaign_config(spirals_campaign("all", R"(database: x.db
device: cpu
space: )" + (source_dir() / "spaces" / "definitions" / "ramachandran-1unit.yaml").string() +
                                                                  R"(
strategy: {kind: random, budget: 10, batch: 5}
fidelity:
  rungs:
    - {train_examples: 500, epochs: 2, seeds: 1}
    - {train_examples: 1000, epochs: 3, seeds: 2, keep: 0.5}
  final: {top: 3, seeds: 4, epochs: 4, test: false}
regularisers: {complexity: 0.001, probes: {slope_second_moment: {target: 1, weight: 0.01}}}
baselines: [relu, gelu]
)"),
                                      "");
  ASSERT_TRUE(config.has_value()) << config.error().describe();
  EXPECT_EQ(config->device, Device::Cpu);
  EXPECT_EQ(config->strategy.kind, "random");
  EXPECT_EQ(config->strategy.budget, 10);
  ASSERT_EQ(config->fidelity.rungs.size(), 2u);
  EXPECT_EQ(config->fidelity.rungs[1].train_examples, 1000u);
  EXPECT_EQ(config->fidelity.rungs[1].seeds, 2);
  EXPECT_DOUBLE_EQ(config->fidelity.rungs[1].keep, 0.5);
  EXPECT_EQ(config->fidelity.final.top, 3);
  EXPECT_FALSE(config->fidelity.final.test);
  ASSERT_EQ(config->regularisers.probes.size(), 1u);
  EXPECT_EQ(config->regularisers.probes[0].probe, "slope_second_moment");
  EXPECT_EQ(config->baselines, (std::vector<std::string>{"relu", "gelu"}));
  ASSERT_TRUE(config->space.has_value());
}

TEST(CampaignConfig, ErrorsNameLineColumnAndField) {
  const std::string base = spirals_campaign("e", "");
  {
    const Error e = parse_error(base + "strategy: {kind: list, expressions: [relu(x)], budgett: 3}\n");
    EXPECT_NE(e.message.find("unknown key 'budgett'"), std::string::npos) << e.describe();
    EXPECT_EQ(e.where.field, "strategy.budgett");
    EXPECT_EQ(e.where.line, 5);
  }
  {
    const Error e = parse_error(base + "strategy:\n  kind: list\n  expressions: [relu(x)]\n  batch: -1\n");
    EXPECT_EQ(e.where.field, "strategy.batch");
    EXPECT_EQ(e.where.line, 8);
    EXPECT_EQ(e.where.column, 10);
  }
  {
    const Error e = parse_error(base + "strategy: {kind: list, expressions: [relu(x), 'foo(x']}\n");
    EXPECT_EQ(e.where.field, "strategy.expressions[1]");
    EXPECT_NE(e.message.find("foo(x"), std::string::npos);
  }
  {
    const Error e = parse_error(base + "strategy: {kind: genetic}\n");
    EXPECT_EQ(e.where.field, "strategy.kind");
    EXPECT_NE(e.message.find("evolution"), std::string::npos);
  }
  {
    const Error e = parse_error(base + "strategy: {kind: random}\n");
    EXPECT_NE(e.message.find("missing 'space'"), std::string::npos) << e.describe();
  }
  {
    // A key of another kind is ignored with a warning that names its kind; a key of no kind is an error.
    auto config = parse_campaign_config(base + "strategy:\n  kind: list\n  expressions: [x]\n  population: 4\n", "");
    ASSERT_TRUE(config) << config.error().describe();
    ASSERT_EQ(config->warnings.size(), 1u);
    EXPECT_EQ(config->warnings[0].where.field, "strategy.population");
    EXPECT_EQ(config->warnings[0].where.line, 8);
    EXPECT_EQ(config->warnings[0].message, "an option of the evolution strategy; ignored by list");
    EXPECT_FALSE(config->strategy.entry().has_option("population"));
    const Error e = parse_error(base + "strategy:\n  kind: list\n  expressions: [x]\n  populace: 4\n");
    EXPECT_EQ(e.where.field, "strategy.populace");
    EXPECT_NE(e.message.find("unknown key 'populace'"), std::string::npos) << e.describe();
  }
  {
    // The list strategy needs its expressions.
    const Error e = parse_error(base + "strategy: {kind: list}\n");
    EXPECT_EQ(e.where.field, "strategy.expressions");
    EXPECT_NE(e.message.find("needs expressions"), std::string::npos) << e.describe();
  }
  {
    const Error e = parse_error(base + "strategy: {kind: list, expressions: [x]}\nbaselines: [relu, swishy]\n");
    EXPECT_EQ(e.where.field, "baselines[1]");
  }
  {
    const Error e = parse_error(base + "strategy: {kind: list, expressions: [x]}\nfidelity: {final: {seeds: 1}}\n");
    EXPECT_EQ(e.where.field, "fidelity.final.seeds");
  }
  {
    const Error e = parse_error(base + "strategy: {kind: list, expressions: [x]}\ndevice: [1]\n");
    EXPECT_EQ(e.where.field, "device");
  }
  {
    const Error e = parse_error("name: t\ntask: no/such/task.yaml\nstrategy: {kind: list, expressions: [x]}\n");
    EXPECT_EQ(e.where.field, "task");
    EXPECT_NE(e.message.find("no/such/task.yaml"), std::string::npos);
  }
  {
    const Error e = parse_error(base + "strategy: {kind: list, expressions: [x]\n");
    EXPECT_NE(e.message.find("YAML"), std::string::npos);
    EXPECT_GT(e.where.line, 0);
  }
  {
    // Errors inside the referenced task file name that file.
    testing::TempDir dir;
    const auto task = dir.write("task.yaml", "name: t\noptimizer: {lr: -1}\n");
    const Error e = parse_error("name: t\ntask: " + task.string() + "\nstrategy: {kind: list, expressions: [x]}\n");
    EXPECT_EQ(e.where.file, task.string());
    EXPECT_EQ(e.where.field, "optimizer.lr");
  }
}

// A surrogate config the space or its own settings make impossible fails at check time, at the field.
TEST(CampaignConfig, SurrogateSettingsAreCheckedWhereTheyAreWritten) {
  const std::string tiny_space =
      "space:\n  kind: core_units\n  name: tiny\n  units: {min: 1, max: 1}\n  unary: [identity, tanh]\n"
      "  binary: [add]\n";
  const std::string base = spirals_campaign("s", tiny_space);
  {
    const Error e = parse_error(base + "strategy:\n  kind: surrogate\n  initial: 6\n");
    EXPECT_EQ(e.where.field, "strategy.initial");
    EXPECT_EQ(e.where.line, 13);
    EXPECT_NE(e.message.find("has 4 members, fewer than the random design"), std::string::npos) << e.describe();
  }
  auto ok = parse_campaign_config(base + "strategy: {kind: surrogate, initial: 4, budget: 4}\n", "campaign.yaml");
  EXPECT_TRUE(ok) << ok.error().describe();
  {
    const Error e = parse_error(base + "strategy: {kind: surrogate, initial: 2, batch: 8, pool: 4}\n");
    EXPECT_EQ(e.where.field, "strategy.pool");
    EXPECT_NE(e.message.find("at least the batch (8)"), std::string::npos);
  }
  {
    const Error e = parse_error(base + "strategy: {kind: surrogate, initial: 2, exploration: -1}\n");
    EXPECT_EQ(e.where.field, "strategy.exploration");
  }
  {
    const Error e = parse_error(base + "strategy: {kind: surrogate, initial: 2, budget: 1}\n");
    EXPECT_EQ(e.where.field, "strategy.initial");
    EXPECT_NE(e.message.find("exceeds the budget"), std::string::npos);
  }
  {
    const Error e = parse_error(base + "strategy: {kind: surrogate, initial: 2, model: forest}\n");
    EXPECT_EQ(e.where.field, "strategy.model");
    EXPECT_NE(e.message.find("gp"), std::string::npos);
  }
  {
    const Error e = parse_error(base + "strategy: {kind: surrogate, initial: 2, targets: ranks}\n");
    EXPECT_EQ(e.where.field, "strategy.targets");
    EXPECT_NE(e.message.find("normal-scores"), std::string::npos) << e.message;
  }
  auto scores = parse_campaign_config(base + "strategy: {kind: surrogate, initial: 2, targets: normal-scores}\n", "");
  ASSERT_TRUE(scores) << scores.error().describe();
  EXPECT_EQ(scores->strategy.options.text("targets"), "normal-scores");
}

TEST(ResolvedConfig, IgnoresCommentsAndLayoutButNotValues) {
  const std::string body = "strategy: {kind: list, expressions: [relu(x)]}\n";
  auto a = parse_campaign_config(spirals_campaign("c", body), "");
  auto b = parse_campaign_config("# a comment\n" +
                                     spirals_campaign("c",
                                                      "strategy:\n  kind: list\n  expressions:\n"
                                                      "    - relu(x)\n") +
                                     "# another\n",
                                 "");
  auto c = parse_campaign_config(spirals_campaign("c", "strategy: {kind: list, expressions: [tanh(x)]}\n"), "");
  ASSERT_TRUE(a && b && c);
  EXPECT_TRUE(meaning_differences(resolved_config(*a), resolved_config(*b)).empty());
  const auto differences = meaning_differences(resolved_config(*a), resolved_config(*c));
  ASSERT_EQ(differences.size(), 1u);
  EXPECT_EQ(differences[0], R"x(strategy.expressions: stored ["relu(x)"], file ["tanh(x)"])x");
}

// Every value is written out, defaults too: the task's, the strategy's own keys, every probe bound.
TEST(ResolvedConfig, HoldsEveryValueWithDefaultsFilledIn) {
  const auto config = testing::config_of(spirals_campaign("r", "strategy: {kind: list, expressions: [x]}\n"));
  const auto r = resolved_config(config);
  EXPECT_EQ(r["strategy"]["kind"], "list");
  EXPECT_EQ(r["strategy"]["budget"], 64);
  EXPECT_EQ(r["strategy"]["expressions"], nlohmann::ordered_json::array({"x"}));
  EXPECT_EQ(r["task"]["training"]["divergence_factor"], 10.0);
  EXPECT_EQ(r["task"]["optimizer"]["kind"], "adam");
  EXPECT_EQ(r["task"]["model"]["bias_init"], 0);
  EXPECT_EQ(r["fidelity"]["final"]["seeds"], 5);
  EXPECT_EQ(r["probes"]["max_slope"]["max"], 1000);
  EXPECT_EQ(r["baselines"].size(), 5u);
  EXPECT_FALSE(r.contains("space"));
}

// What a campaign stores reads back as the same configuration, on every shipped campaign file.
TEST(ResolvedConfig, ReadsBackAsTheSameConfiguration) {
  for (const char* name : {"quickstart.yaml", "list-known.yaml", "example.yaml", "rediscover.yaml"}) {
    auto config = load_campaign_config(source_dir() / "configs" / name);
    ASSERT_TRUE(config) << name << ": " << config.error().describe();
    const auto resolved = resolved_config(*config);
    auto again = config_from_resolved(resolved, "stored");
    ASSERT_TRUE(again) << name << ": " << again.error().describe();
    EXPECT_EQ(resolved_config(*again), resolved) << name;
    EXPECT_EQ(again->strategy.options, config->strategy.options) << name;
    EXPECT_EQ(again->space.has_value(), config->space.has_value()) << name;
    if (config->space) {
      EXPECT_EQ(again->space->raw_size(), config->space->raw_size()) << name;
    }
  }
}

// Where a campaign runs is not what it means: database, device, workers and the data set's folder.
TEST(ResolvedConfig, WhereItRunsIsNotMeaning) {
  const std::string body = "strategy: {kind: list, expressions: [x]}\n";
  const auto a = testing::config_of(spirals_campaign("w", body));
  const auto b = testing::config_of(spirals_campaign("w", body + "database: elsewhere.db\ndevice: cpu\n"));
  auto ra = resolved_config(a), rb = resolved_config(b);
  rb["workers"] = 7;
  rb["task"]["dataset"]["dir"] = "/moved/folder";
  EXPECT_TRUE(meaning_differences(ra, rb).empty());
  rb["task"]["training"]["epochs"] = 99;
  EXPECT_EQ(meaning_differences(ra, rb), std::vector<std::string>{"task.training.epochs: stored 20, file 99"});
}

TEST(ResolvedConfig, DataFingerprintRoundTripsAndNamesTheSplit) {
  const trainer::DataFingerprint data{.features = 2,
                                      .classes = 2,
                                      .splits = {{"train", 2500, "00000000000000aa"},
                                                 {"validation", 500, "00000000000000bb"},
                                                 {"test", 1000, "00000000000000cc"}},
                                      .whole = "00000000000000dd"};
  const auto config = testing::config_of(spirals_campaign("d", "strategy: {kind: list, expressions: [x]}\n"));
  const auto stored = with_data_fingerprint(resolved_config(config), data);
  ASSERT_EQ(data_fingerprint_of(stored), data);
  EXPECT_FALSE(data_fingerprint_of(resolved_config(config)).has_value());
  auto other = data;
  other.splits[1].hash = "00000000000000ee";
  EXPECT_EQ(data_differences(data, other),
            std::vector<std::string>{
                "validation: stored 500 examples 00000000000000bb, loaded 500 examples 00000000000000ee"});
  EXPECT_TRUE(data_differences(data, data).empty());
}

}  // namespace
}  // namespace actsearch::search
