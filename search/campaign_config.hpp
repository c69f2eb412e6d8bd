// A campaign: one YAML file that says what to search, how, on which task and how to score it. The
// member initialisers below are the one place campaign defaults live; configs/example.yaml documents
// every key with these values.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "db/database.hpp"
#include "probes/probes.hpp"
#include "spaces/space.hpp"
#include "surrogate/acquisition.hpp"
#include "trainer/task.hpp"

namespace actsearch::search {

enum class StrategyKind { Evolution, Random, Exhaustive, List, Surrogate };
// Which regression model the surrogate strategy fits: chosen by cross-validation each round, or fixed.
enum class SurrogateModelChoice { Auto, GaussianProcess, KnnEnsemble };
// How the surrogate presents fitness to its model (surrogate/targets.hpp): chosen with it, or fixed.
enum class SurrogateTargetsChoice { Auto, Standardised, NormalScores };
enum class Device { Auto, Cpu, Cuda };

struct StrategySpec {
  StrategyKind kind = StrategyKind::Evolution;
  // Distinct functions trained at the first rung (rejected and duplicate proposals do not count).
  int budget = 64;
  int population = 16;  // regularised evolution: size of the aging population
  int tournament = 4;   // regularised evolution: sample size of the parent tournament
  // Candidates proposed and trained together; fixed by the config (not by the number of workers) so
  // results do not depend on the machine.
  int batch = 8;
  std::vector<std::string> expressions;  // the list strategy's functions, in the expression language
  // Surrogate (search/src/surrogate_strategy.hpp): a random design of `initial` members, then each round
  // scores a pool of `pool` members (all of an enumerable space no larger than that) with the model and
  // takes a diverse batch by the acquisition.
  int initial = 16;
  int pool = 100000;
  SurrogateModelChoice model = SurrogateModelChoice::Auto;
  SurrogateTargetsChoice targets = SurrogateTargetsChoice::Auto;
  surrogate::Acquisition acquisition = surrogate::Acquisition::Ucb;
  double exploration = 1.0;  // UCB: mean + exploration * sd
  double diversity = 1.0;    // weight of the penalty near members already chosen for the batch
};

// One rung of the fidelity ladder: how much training each candidate gets there.
struct Rung {
  std::size_t train_examples = 0;  // 0 = the task's training split
  int epochs = 0;                  // 0 = the task's epochs
  int seeds = 1;
  // Fraction of the previous rung's candidates promoted to this one (ignored for the first rung).
  double keep = 0.5;
};

struct FinalStage {
  int top = 5;                     // best candidates re-trained at the end, with the baselines
  int seeds = 5;                   // at least 5, so every ranking has a confidence interval
  std::size_t train_examples = 0;  // 0 = the task's
  int epochs = 0;                  // 0 = the task's
  bool test = true;                // also score the official test split
};

struct FidelitySpec {
  std::vector<Rung> rungs = {Rung{.train_examples = 10000, .epochs = 1, .seeds = 1}};
  FinalStage final;
};

// Penalties subtracted from mean validation accuracy to give fitness.
struct ProbePenalty {
  std::string probe;
  double target = 0;  // penalty = weight * |value - target|
  double weight = 0;
};
struct RegulariserSpec {
  double complexity = 0.0;  // per node of the canonical expression
  std::vector<ProbePenalty> probes;
};

struct CampaignConfig {
  std::string name;
  std::filesystem::path database = db::kDefaultDatabaseFile;  // relative paths: to the working directory
  std::uint64_t seed = 0;
  Device device = Device::Auto;
  int workers = 0;                     // concurrent training jobs on the CPU; 0 = one per core
  std::optional<spaces::Space> space;  // required unless the strategy is `list`
  std::string space_source;            // the file it came from, or "inline"
  trainer::TaskSpec task;
  std::string task_source;
  StrategySpec strategy;
  FidelitySpec fidelity;
  probes::ProbeBounds probe_bounds = probes::ProbeBounds::defaults();
  RegulariserSpec regularisers;
  std::vector<std::string> baselines = {"relu", "swish", "gelu", "elu", "tanh"};
  // The config with comments and formatting removed, followed by the task and space it refers to:
  // what a resumed campaign must match.
  std::string canonical_text;
  std::string text;  // the file as written (stored with the campaign)
};

Expected<CampaignConfig> load_campaign_config(const std::filesystem::path& file);
// `file` names the document in errors and anchors relative task and space paths.
Expected<CampaignConfig> parse_campaign_config(const std::string& text, const std::string& file);

std::string_view to_string(StrategyKind kind);
std::string_view to_string(SurrogateModelChoice model);
std::string_view to_string(SurrogateTargetsChoice targets);
std::string_view to_string(Device device);

}  // namespace actsearch::search
