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
#include "search/strategies/registry.hpp"
#include "spaces/space.hpp"
#include "trainer/task.hpp"

namespace actsearch::search {

enum class Device { Auto, Cpu, Cuda };

// The `strategy:` section: the kind, the two keys every kind has, and the kind's own keys
// (search/strategies/registry.hpp holds each kind's keys, defaults and checks).
struct StrategySpec {
  std::string kind = "evolution";
  // Distinct functions trained at the first rung (rejected and duplicate proposals do not count).
  int budget = 64;
  // Candidates proposed and trained together; fixed by the config (not by the number of workers) so
  // results do not depend on the machine.
  int batch = 8;
  strategies::StrategyOptions options = strategies::find_strategy("evolution")->default_options();

  const strategies::StrategyEntry& entry() const;  // the registered kind (a programmer error if none)
  strategies::StrategySettings settings(const spaces::Space* space) const {
    return {.budget = budget, .batch = batch, .options = options, .space = space};
  }
};
// A `strategy:` section of `kind` with every default (`kind` must be registered).
StrategySpec strategy_spec(std::string_view kind);

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
  std::optional<spaces::Space> space;  // required unless the strategy does without (`list`)
  std::string space_source;            // the file it came from, or "inline"
  std::string space_definition;        // the space's YAML mapping, as read (search/config/resolved.hpp)
  trainer::TaskSpec task;
  std::string task_source;
  StrategySpec strategy;
  FidelitySpec fidelity;
  probes::ProbeBounds probe_bounds = probes::ProbeBounds::defaults();
  RegulariserSpec regularisers;
  std::vector<std::string> baselines = {"relu", "swish", "gelu", "elu", "tanh"};
  std::string text;            // the file as written (stored with the campaign)
  std::filesystem::path file;  // where it was read from ("" for text without a file)
  // What the file says that has no effect (a key of another strategy kind), located; `check` and `run`
  // print them.
  std::vector<Error> warnings;

  // What the strategy's checks and factory see (search/strategies/registry.hpp).
  strategies::StrategySettings strategy_settings() const { return strategy.settings(space ? &*space : nullptr); }
};

// The stage number of the final round (one past the last rung).
inline int final_stage(const CampaignConfig& config) { return static_cast<int>(config.fidelity.rungs.size()); }

Expected<CampaignConfig> load_campaign_config(const std::filesystem::path& file);
// `file` names the document in errors and anchors relative task and space paths.
Expected<CampaignConfig> parse_campaign_config(const std::string& text, const std::string& file);

std::string_view to_string(Device device);

}  // namespace actsearch::search
