// Campaigns deduplicate on the equivalence key (expr/equivalence.hpp): a function whose class was already
// trained is recorded as an equivalent of it and not trained again, unless the task is not sign-symmetric;
// trained candidates with trainable constants get their likeness at the learned values.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "db/database.hpp"
#include "expr/parse.hpp"
#include "expr/program.hpp"
#include "probes/likeness.hpp"
#include "search/campaign/campaign.hpp"
#include "tests/search/search_test_helpers.hpp"

namespace actsearch::search {
namespace {

using testing::config_of;
using testing::source_dir;
using testing::spirals_campaign;
using testing::TempDir;

constexpr const char* kBody = R"(strategy:
  kind: list
  batch: 4
  expressions: [x*sigmoid(x), x*sigmoid(-x), '-x*sigmoid(x)', 'x*sigmoid(beta=1.2*x)', 'x*sigmoid(1.1*x)', tanh(x)]
fidelity:
  rungs:
    - {train_examples: 600, epochs: 2, seeds: 2}
  final: {top: 2, seeds: 2, epochs: 2}
baselines: [relu]
)";

struct Outcome {
  RunSummary summary;
  std::vector<db::EquivalentRecord> equivalents;
  std::vector<db::LeaderboardRow> board;
  std::set<std::int64_t> trained;  // candidates with evaluations
};

Outcome run(const std::string& config_text, const std::filesystem::path& file) {
  Outcome out;
  RunOptions options;
  options.database = file;
  auto summary = run_campaign(config_of(config_text), options);
  EXPECT_TRUE(summary.has_value()) << summary.error().describe();
  if (!summary) return out;
  out.summary = *summary;
  auto database = db::Database::open(file, db::OpenMode::ReadOnly);
  EXPECT_TRUE(database.has_value());
  auto equivalents = database->equivalents(summary->campaign_id);
  EXPECT_TRUE(equivalents.has_value());
  out.equivalents = *equivalents;
  auto board = database->leaderboard(summary->campaign_id);
  EXPECT_TRUE(board.has_value());
  out.board = *board;
  const auto evaluations = database->evaluations(summary->campaign_id);  // kept alive for the loop
  EXPECT_TRUE(evaluations.has_value());
  if (evaluations) {
    for (const auto& e : *evaluations) out.trained.insert(e.candidate_id);
  }
  return out;
}

TEST(EquivalenceCampaign, ReflectionsAreAliasesNotTrainings) {
  TempDir dir;
  const Outcome o = run(spirals_campaign("eq", kBody), dir.path() / "c.db");
  // relu, x*sigmoid(x), x*sigmoid(beta*x), x*sigmoid(1.1*x) and tanh are trained; x*sigmoid(-x) (= -swish(-x))
  // and -x*sigmoid(x) (= -swish(x)) are equivalents of x*sigmoid(x), the first member met.
  EXPECT_EQ(o.summary.candidates, 5);
  EXPECT_EQ(o.summary.equivalents, 2);
  EXPECT_EQ(o.summary.trainings_saved, 4);  // 2 equivalents x 2 first-rung seeds
  ASSERT_EQ(o.equivalents.size(), 2u);
  std::set<db::Reflection> reflections;
  const std::int64_t swish = o.equivalents.front().representative_id;
  for (const auto& e : o.equivalents) {
    EXPECT_EQ(e.representative_id, swish);
    EXPECT_EQ(o.trained.count(e.candidate_id), 0u) << "an equivalent is not trained";
    reflections.insert(e.reflection);
  }
  EXPECT_EQ(reflections, (std::set<db::Reflection>{db::Reflection::NegatedBoth, db::Reflection::NegatedOutput}));
  EXPECT_EQ(o.trained.count(swish), 1u);
  for (const auto& row : o.board) {
    for (const auto& e : o.equivalents) EXPECT_NE(row.candidate_id, e.candidate_id) << "members stay off the board";
  }
  // The proposals are recorded as met.
  std::set<std::string> proposals;
  for (const auto& e : o.equivalents) proposals.insert(e.proposal_text);
  EXPECT_EQ(proposals, (std::set<std::string>{"x*sigmoid(-x)", "-x*sigmoid(x)"}));

  // Likeness at the learned constants: x*sigmoid(beta*x) has a learned label, the others repeat the initial.
  int learned = 0;
  for (const auto& row : o.board) {
    if (row.expr.find("beta") != std::string::npos) {
      EXPECT_TRUE(row.has_learned) << row.expr;
      EXPECT_FALSE(row.learned_nearest.empty());
      EXPECT_TRUE(std::isfinite(row.learned_distance));
      ++learned;
    } else {
      EXPECT_FALSE(row.has_learned) << row.expr;
      EXPECT_EQ(row.learned_nearest, row.nearest);
      EXPECT_TRUE(row.learned_distance == row.distance ||
                  (std::isnan(row.distance) && std::isnan(row.learned_distance)));
    }
  }
  EXPECT_EQ(learned, 1);

  // Resuming replays the same decisions and trains nothing.
  const Outcome again = run(spirals_campaign("eq", kBody), dir.path() / "c.db");
  EXPECT_TRUE(again.summary.resumed);
  EXPECT_EQ(again.summary.evaluations_trained, 0);
  EXPECT_EQ(again.summary.equivalents, 2);
  EXPECT_EQ(again.equivalents.size(), 2u);
}

TEST(EquivalenceCampaign, PerLayerLearnedLikenessIsStored) {
  TempDir dir;
  const Outcome o = run(spirals_campaign("eq", kBody), dir.path() / "c.db");
  auto database = db::Database::open(dir.path() / "c.db", db::OpenMode::ReadOnly);
  ASSERT_TRUE(database.has_value());
  std::int64_t beta = 0;
  for (const auto& row : o.board) {
    if (row.expr.find("beta") != std::string::npos) beta = row.candidate_id;
  }
  ASSERT_NE(beta, 0);
  auto layers = database->learned_likeness(o.summary.campaign_id, beta);
  ASSERT_TRUE(layers.has_value());
  ASSERT_EQ(layers->size(), 2u) << "spirals-small has two hidden layers";
  for (const auto& l : *layers) {
    EXPECT_EQ(l.stage, 1) << "the final round is the last stage";
    EXPECT_EQ(l.seeds, 2);
    EXPECT_NE(l.params_json, "[]");
    EXPECT_FALSE(l.nearest.empty());
  }
  // A candidate without trainable constants has no rows.
  EXPECT_TRUE(database->learned_likeness(o.summary.campaign_id, o.equivalents.front().representative_id)->empty());

  // The distance to every known activation is stored, not only the nearest: recomputed here from each
  // layer's stored constants, the median over the two layers is the mean of their distances.
  auto distances = database->learned_distances(o.summary.campaign_id, beta);
  ASSERT_TRUE(distances.has_value());
  ASSERT_GT(distances->size(), 5u);
  std::string expression;
  double label = db::kNaN;
  for (const auto& row : o.board) {
    if (row.candidate_id == beta) expression = row.expr, label = row.learned_distance;
  }
  auto parsed = expr::parse(expression);
  ASSERT_TRUE(parsed.has_value()) << expression;
  const expr::Program program = expr::Program::compile(*parsed, {.derivatives = false});
  std::vector<probes::Likeness> per_layer;
  for (const auto& l : *layers) {
    const std::vector<double> theta = nlohmann::json::parse(l.params_json).get<std::vector<double>>();
    per_layer.push_back(probes::likeness_to_known(program, theta));
  }
  double smallest = INFINITY;
  for (const db::KnownDistance& d : *distances) {
    double sum = 0;
    for (const auto& layer : per_layer) {
      for (const auto& [name, value] : layer.all) {
        if (name == d.known) sum += value;
      }
    }
    EXPECT_NEAR(d.distance, sum / 2, 1e-12) << d.known;
    if (d.known != "identity") smallest = std::min(smallest, d.distance);
  }
  EXPECT_DOUBLE_EQ(smallest, label) << "the label is the smallest median";
  const auto swish = std::find_if(distances->begin(), distances->end(), [](auto& d) { return d.known == "swish"; });
  ASSERT_NE(swish, distances->end());
  EXPECT_LT(swish->distance, 0.05) << "x*sigmoid(beta*x) stays Swish-like at any learned beta";
}

// With hidden biases starting at 0.1 the task is not sign-symmetric: nothing merges, everything trains.
TEST(EquivalenceCampaign, NonSymmetricTaskTrainsEveryReflection) {
  TempDir dir;
  std::ifstream in(source_dir() / "configs" / "tasks" / "spirals-small.yaml");
  std::stringstream text;
  text << in.rdbuf();
  std::string task = text.str();
  const std::string init = "  init: he\n";
  ASSERT_NE(task.find(init), std::string::npos);
  task.replace(task.find(init), init.size(), init + "  bias_init: 0.1\n");
  const auto task_file = dir.path() / "biased.yaml";
  std::ofstream(task_file) << task;
  std::string config = spirals_campaign("eq", kBody);
  const std::string original = (source_dir() / "configs" / "tasks" / "spirals-small.yaml").string();
  config.replace(config.find(original), original.size(), task_file.string());

  const Outcome o = run(config, dir.path() / "c.db");
  EXPECT_EQ(o.summary.equivalents, 0);
  EXPECT_TRUE(o.equivalents.empty());
  EXPECT_EQ(o.summary.candidates, 7);
}

}  // namespace
}  // namespace actsearch::search
