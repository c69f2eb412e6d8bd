// Whole campaigns on the synthetic spirals task: the pipeline, the database it leaves, resume,
// determinism across thread counts and the strategies.
#include "search/campaign/campaign.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "db/database.hpp"
#include "tests/search/search_test_helpers.hpp"

namespace actsearch::search {
namespace {

using testing::config_of;
using testing::source_dir;
using testing::spirals_campaign;
using testing::TempDir;

constexpr const char* kListBody = R"(strategy:
  kind: list
  batch: 4
  expressions: [x*sigmoid(x), sigmoid(x)*x, 'x/(1+exp(-x))', tanh(x), exp(exp(x)), 'max(x, sin(x))', x]
fidelity:
  rungs:
    - {train_examples: 600, epochs: 2, seeds: 1}
    - {train_examples: 1200, epochs: 3, seeds: 2, keep: 0.5}
  final: {top: 2, seeds: 3, epochs: 4, test: true}
baselines: [relu, swish]
)";

db::Database open(const std::filesystem::path& file) {
  auto database = db::Database::open(file, db::OpenMode::ReadOnly);
  EXPECT_TRUE(database.has_value()) << (database ? "" : database.error().describe());
  return std::move(*database);
}

TEST(Campaign, ListCampaignRecordsEverythingAndRanks) {
  TempDir dir;
  const auto config = config_of(spirals_campaign("list", kListBody));
  RunOptions options;
  options.database = dir.path() / "c.db";
  auto summary = run_campaign(config, options);
  ASSERT_TRUE(summary.has_value()) << summary.error().describe();
  EXPECT_FALSE(summary->resumed);
  // relu and swish (baselines); tanh and max(x, sin(x)) from the list. x*sigmoid(x) and its two other
  // spellings are the swish baseline; exp(exp(x)) and x are rejected.
  EXPECT_EQ(summary->candidates, 4);
  EXPECT_EQ(summary->rejected, 2);
  EXPECT_EQ(summary->duplicates, 3);

  auto database = open(*options.database);
  auto campaign = database.find_campaign("list");
  ASSERT_TRUE(campaign && *campaign);
  auto evaluations = database.evaluations((*campaign)->id);
  ASSERT_TRUE(evaluations.has_value());
  // Stage 0: 4 functions x 1 seed. Stage 1: the best half of the 3 proposed (2) + relu = 3... every
  // trained row is done and the counts follow the ladder.
  std::map<int, std::set<std::int64_t>> candidates_at;
  std::map<int, std::set<std::uint64_t>> seeds_at;
  int rejected_rows = 0;
  for (const auto& e : *evaluations) {
    if (e.status == db::EvalStatus::Rejected) {
      ++rejected_rows;
      EXPECT_FALSE(e.message.empty());
      continue;
    }
    EXPECT_EQ(e.status, db::EvalStatus::Done) << e.message;
    candidates_at[e.stage].insert(e.candidate_id);
    seeds_at[e.stage].insert(e.seed);
    EXPECT_EQ(std::isfinite(e.test_accuracy), e.stage == 2) << "test only in the final round";
  }
  EXPECT_EQ(rejected_rows, 2);
  EXPECT_EQ(candidates_at[0].size(), 4u);
  EXPECT_EQ(seeds_at[0].size(), 1u);
  // The proposed functions are swish (also a baseline), tanh and max(x, sin(x)): keep 0.5 of 3 -> 2,
  // plus the baselines not already among them.
  EXPECT_GE(candidates_at[1].size(), 3u);
  EXPECT_EQ(seeds_at[1].size(), 2u);
  EXPECT_EQ(seeds_at[2].size(), 3u);  // seeds are shared by every candidate of a stage

  auto board = database.leaderboard((*campaign)->id);
  ASSERT_TRUE(board.has_value());
  ASSERT_FALSE(board->empty());
  int baselines = 0;
  for (const auto& row : *board) {
    baselines += row.baseline;
    if (row.stage == 2) {
      EXPECT_EQ(row.seeds, 3);
      EXPECT_TRUE(std::isfinite(row.ci_low) && row.ci_low <= row.mean && row.mean <= row.ci_high);
      EXPECT_GT(row.mean, 0.6) << row.expr << " learns the spirals";
      EXPECT_EQ(row.paired_seeds, 3) << row.expr;
    }
  }
  EXPECT_EQ(baselines, 2);
  EXPECT_EQ(board->front().stage, 2) << "finalists rank first";

  // The rejected ones carry their reason; aliases are recorded on the swish row.
  auto links = database.campaign_candidates((*campaign)->id);
  ASSERT_TRUE(links.has_value());
  int with_reason = 0;
  for (const auto& l : *links) with_reason += l.status == db::CandidateStatus::Rejected && !l.reject_reason.empty();
  EXPECT_EQ(with_reason, 2);
  for (const auto& row : *board) {
    if (row.baseline_name != "swish") continue;
    auto aliases = database.aliases(row.candidate_id);
    ASSERT_TRUE(aliases.has_value());
    EXPECT_GE(aliases->size(), 3u);
  }
  EXPECT_EQ(*database.integrity_check(), "ok");
}

TEST(Campaign, ResumeReusesEveryStoredEvaluation) {
  TempDir dir;
  const auto config = config_of(spirals_campaign("resume", kListBody));
  RunOptions options;
  options.database = dir.path() / "c.db";
  auto first = run_campaign(config, options);
  ASSERT_TRUE(first.has_value()) << first.error().describe();
  auto second = run_campaign(config, options);
  ASSERT_TRUE(second.has_value()) << second.error().describe();
  EXPECT_TRUE(second->resumed);
  EXPECT_EQ(second->evaluations_trained, 0);
  EXPECT_EQ(second->evaluations_reused, first->evaluations_trained);

  // How it runs is not what it means: another number of workers resumes, training nothing.
  auto more_workers = config_of(spirals_campaign("resume", std::string(kListBody) + "workers: 1\n"));
  auto third = run_campaign(more_workers, options);
  ASSERT_TRUE(third.has_value()) << third.error().describe();
  EXPECT_EQ(third->evaluations_trained, 0);

  // A different config under the same name is refused, naming the field with both values, and nothing
  // stored changes.
  auto changed = config_of(spirals_campaign("resume", std::string(kListBody) + "regularisers: {complexity: 0.5}\n"));
  auto refused = run_campaign(changed, options);
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().message.find("different configuration"), std::string::npos);
  EXPECT_NE(refused.error().message.find("regularisers.complexity: stored 0.0, file 0.5"), std::string::npos)
      << refused.error().message;
  auto database = open(*options.database);
  auto campaign = database.find_campaign("resume");
  EXPECT_EQ(database.evaluations((*campaign)->id)->size(),
            static_cast<std::size_t>(first->evaluations_trained + 2 /* rejected rows */));
}

TEST(Campaign, ResultsDoNotDependOnTheNumberOfWorkers) {
  TempDir dir;
  std::vector<std::vector<double>> accuracies;
  for (int workers : {1, 2}) {
    auto config = config_of(spirals_campaign("w", std::string(kListBody)));
    config.workers = workers;
    RunOptions options;
    options.database = dir.path() / ("w" + std::to_string(workers) + ".db");
    ASSERT_TRUE(run_campaign(config, options).has_value());
    auto database = open(*options.database);
    auto campaign = database.find_campaign("w");
    std::vector<double> values;
    const auto evaluations = database.evaluations((*campaign)->id);
    for (const auto& e : *evaluations) {
      values.push_back(e.val_accuracy);
      values.push_back(e.val_loss);
    }
    accuracies.push_back(values);
  }
  ASSERT_EQ(accuracies[0].size(), accuracies[1].size());
  for (std::size_t i = 0; i < accuracies[0].size(); ++i) {
    if (std::isnan(accuracies[0][i])) {
      EXPECT_TRUE(std::isnan(accuracies[1][i]));
    } else {
      EXPECT_EQ(accuracies[0][i], accuracies[1][i]) << i;  // bit-identical
    }
  }
}

TEST(Campaign, EvolutionIsReproducibleAndRespectsTheBudget) {
  TempDir dir;
  const std::string space = (source_dir() / "spaces" / "definitions" / "ramachandran-1unit.yaml").string();
  const std::string body = "space: " + space + R"(
strategy: {kind: evolution, budget: 12, population: 6, tournament: 3, batch: 4}
fidelity:
  rungs:
    - {train_examples: 400, epochs: 1, seeds: 1}
  final: {top: 2, seeds: 2, epochs: 2}
baselines: [relu]
)";
  std::vector<std::vector<std::string>> proposals;
  for (int run = 0; run < 2; ++run) {
    RunOptions options;
    options.database = dir.path() / ("e" + std::to_string(run) + ".db");
    auto summary = run_campaign(config_of(spirals_campaign("evo", body)), options);
    ASSERT_TRUE(summary.has_value()) << summary.error().describe();
    auto database = open(*options.database);
    auto campaign = database.find_campaign("evo");
    std::vector<std::string> texts;
    int trained_at_first_rung = 0;
    const auto links = database.campaign_candidates((*campaign)->id);
    for (const auto& link : *links) {
      auto candidate = database.find_candidate(link.candidate_id);
      ASSERT_TRUE(candidate.has_value() && candidate->has_value()) << link.candidate_id;
      texts.push_back((*candidate)->expr + "|" + std::string(db::to_string(link.status)));
      trained_at_first_rung +=
          link.origin == db::CandidateOrigin::Strategy && link.status != db::CandidateStatus::Rejected;
    }
    EXPECT_EQ(trained_at_first_rung, 12);
    proposals.push_back(texts);
  }
  EXPECT_EQ(proposals[0], proposals[1]);
}

TEST(Campaign, MissingDatasetIsAClearErrorAndKeepsTheDatabase) {
  TempDir dir;
  // The directory exists (so the config is valid) but holds no IDX files.
  std::filesystem::create_directories(dir.path() / "nowhere");
  const auto task = dir.write(
      "task.yaml", "name: missing\ndataset: {kind: fashion_mnist, dir: " + (dir.path() / "nowhere").string() + "}\n");
  auto config = config_of("name: m\ntask: " + task.string() + "\nstrategy: {kind: list, expressions: [tanh(x)]}\n");
  RunOptions options;
  options.database = dir.path() / "m.db";
  auto result = run_campaign(config, options);
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().describe().find("nowhere"), std::string::npos) << result.error().describe();
  // The data is loaded (and fingerprinted) before the campaign is created: nothing half-made is stored.
  auto database = open(*options.database);
  EXPECT_EQ(*database.integrity_check(), "ok");
  EXPECT_FALSE((*database.find_campaign("m")).has_value());
}

TEST(Campaign, EvaluationSeedsAreSharedAndDistinct) {
  std::set<std::uint64_t> seen;
  for (int stage = 0; stage < 4; ++stage) {
    for (int i = 0; i < 8; ++i) {
      const auto s = evaluation_seed(5, stage, i);
      EXPECT_EQ(s, evaluation_seed(5, stage, i));
      EXPECT_LT(s, std::uint64_t{1} << 53);
      seen.insert(s);
    }
  }
  EXPECT_EQ(seen.size(), 32u);
  EXPECT_NE(evaluation_seed(5, 0, 0), evaluation_seed(6, 0, 0));
}

}  // namespace
}  // namespace actsearch::search
