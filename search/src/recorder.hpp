// Everything a campaign writes to and reads back from its database: the campaign row (created or
// resumed), candidates with their aliases, probes and likeness, membership links, and evaluations. The
// results stored by an earlier, interrupted run are loaded once so the replayed run takes them instead
// of training again.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <tuple>

#include "common/expected.hpp"
#include "db/database.hpp"
#include "probes/likeness.hpp"
#include "probes/probes.hpp"
#include "search/campaign_config.hpp"
#include "search/src/candidate.hpp"
#include "trainer/backend.hpp"

namespace actsearch::search {

using LogFn = std::function<void(const std::string&)>;

// Raised inside training callbacks when the database refuses a write; ends the run with that error.
struct StorageFailure : std::runtime_error {
  explicit StorageFailure(const Error& e) : std::runtime_error(e.describe()) {}
};

// Who trained a job (search/src/executor.hpp).
struct Placement;

// One training run the campaign needs: a candidate at a stage with a seed.
struct PlannedRun {
  Candidate* candidate = nullptr;
  int stage = 0;
  std::uint64_t seed = 0;
};

class Recorder {
 public:
  Recorder(db::Database database, const CampaignConfig& config, LogFn log);

  // Creates the campaign, or resumes it when the database has one of that name with the same
  // configuration (a different configuration is an error); interrupted runs are requeued.
  Expected<void> open();
  std::int64_t campaign_id() const { return campaign_id_; }
  bool resumed() const { return resumed_; }
  const std::filesystem::path& path() const { return db_.path(); }

  // A new candidate: its row (or the existing row of the same function), spellings, probes, likeness,
  // its link to the campaign and, when rejected, the rejection; one transaction. Sets c.id.
  Expected<void> store_new(Candidate& c, const std::string& fingerprint, const std::string& latex, int complexity,
                           bool finite, const std::string& proposed_text, const probes::ProbeValues& probe_values,
                           const probes::Likeness& likeness);
  Expected<void> add_alias(const Candidate& c, const std::string& text);
  Expected<void> store_link(const Candidate& c);

  // The stored result of a run, or null.
  const db::EvaluationRecord* stored(std::int64_t candidate_id, int stage, std::uint64_t seed) const;
  std::size_t stored_count() const { return stored_.size(); }

  // Marks the runs as running (one transaction), before they are handed to an executor.
  Expected<void> mark_running(std::span<const PlannedRun> runs, const trainer::JobBudget& budget,
                              const std::string& device);
  // Records a finished run and who trained it; from then on stored() returns it.
  Expected<void> record(const PlannedRun& run, const trainer::TrainResult& result, const trainer::JobBudget& budget,
                        const Placement& where);

  Expected<void> set_status(db::CampaignStatus status);

 private:
  using Key = std::tuple<std::int64_t, int, std::uint64_t>;  // candidate, stage, seed

  db::Database db_;
  const CampaignConfig& config_;
  LogFn log_;
  std::int64_t campaign_id_ = 0;
  bool resumed_ = false;
  std::map<Key, db::EvaluationRecord> stored_;
};

// The evaluation row of a finished run (also what a remote worker's result becomes).
db::EvaluationRecord evaluation_record(std::int64_t campaign_id, const PlannedRun& run,
                                       const trainer::TrainResult& result, const trainer::JobBudget& budget,
                                       const Placement& where);

}  // namespace actsearch::search
