// Running a campaign: propose -> canonicalise -> deduplicate -> probe -> train at the first rung;
// successive halving up the fidelity ladder; a final round of the best candidates and the baselines
// with several seeds (and the test split). Every finished evaluation is committed to the database as
// soon as it ends, so a campaign killed at any moment resumes without losing or redoing work: the run
// is replayed deterministically from the seed, taking stored results instead of training again.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "common/expected.hpp"
#include "search/campaign/progress.hpp"
#include "search/config/campaign_config.hpp"

namespace actsearch::search {

// One line per notable event (a new campaign, a resume, the backend chosen).
using LogFn = std::function<void(const std::string&)>;

struct RunOptions {
  std::optional<std::filesystem::path> database;  // overrides the config's
  std::function<void(const Progress&)> on_progress;
  LogFn log;
};

struct RunSummary {
  std::int64_t campaign_id = 0;
  std::filesystem::path database;
  bool resumed = false;
  int candidates = 0;  // distinct functions accepted for training (baselines included)
  int rejected = 0;
  int duplicates = 0;  // proposals that were an alias of a function already seen
  // Distinct functions not trained because a member of their class {±phi(±x)} was (expr/equivalence.hpp),
  // and the first-rung runs that saved (at least: a member could also have been promoted).
  int equivalents = 0;
  int trainings_saved = 0;
  int evaluations_trained = 0;
  int evaluations_reused = 0;
  double seconds = 0;
  std::string backend;
};

Expected<RunSummary> run_campaign(const CampaignConfig& config, const RunOptions& options = {});

// Seed of training run `index` at stage `stage`: shared by every candidate (paired comparisons).
std::uint64_t evaluation_seed(std::uint64_t campaign_seed, int stage, int index);

}  // namespace actsearch::search
