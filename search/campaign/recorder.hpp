// Everything a campaign writes to and reads back from its database: the campaign row (created or
// resumed), candidates with their aliases, probes and likeness, membership links, and evaluations. The
// results stored by an earlier, interrupted run are loaded once so the replayed run takes them instead
// of training again.
#pragma once

#include <cstdint>
#include <filesystem>
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
#include "search/campaign/candidate.hpp"
#include "search/campaign/executor.hpp"
#include "search/config/campaign_config.hpp"
#include "search/config/resolved.hpp"
#include "trainer/backend.hpp"

namespace actsearch::search {

// Raised inside training callbacks when the database refuses a write; ends the run with that error.
struct StorageFailure : std::runtime_error {
  explicit StorageFailure(const Error& e) : std::runtime_error(e.describe()) {}
};

// One training run the campaign needs: a candidate at a stage with a seed.
struct PlannedRun {
  Candidate* candidate = nullptr;
  int stage = 0;
  std::uint64_t seed = 0;
};

// What the pipeline knows about a function when it stores it.
struct StoredFunction {
  std::string fingerprint, equivalence, latex;
  int complexity = 0;
  bool finite = true;
  std::string proposed_text;
  probes::ProbeValues probes;
  probes::Likeness likeness;
};

// What identifies a campaign in its database: its name and seed, the file as written, and the fully
// resolved configuration (search/config/resolved.hpp) that a resumed run must match in meaning;
// `folder` anchors the relative paths of a configuration stored as text only (by a release before
// schema 9), which is resolved again with this release's reader to be compared.
struct CampaignIdentity {
  std::string name;
  std::string text;
  ResolvedConfig resolved;
  std::filesystem::path folder;
  std::uint64_t seed = 0;
};
CampaignIdentity identity_of(const CampaignConfig& config);

class Recorder {
 public:
  Recorder(db::Database database, CampaignIdentity identity, LogFn log);

  // Creates the campaign, or resumes it when the database has one of that name whose configuration means
  // the same and whose data has the same fingerprint (an error naming every differing field, or the
  // split, otherwise); interrupted runs are requeued. A campaign stored without its resolved
  // configuration gets it now.
  Expected<void> open(const trainer::DataFingerprint& data);
  std::int64_t campaign_id() const { return campaign_id_; }
  bool resumed() const { return resumed_; }
  const std::filesystem::path& path() const { return db_.path(); }

  // A new candidate: its row (or the existing row of the same function), spellings, probes, likeness,
  // its link to the campaign and, when rejected, the rejection; one transaction. Sets c.id.
  Expected<void> store_new(Candidate& c, const StoredFunction& f);
  // An equivalent (c.representative set): its row, spellings, probes and likeness, and the equivalents
  // record naming its representative; no campaign link, no evaluations. One transaction. Sets c.id.
  Expected<void> store_equivalent(Candidate& c, const StoredFunction& f);
  Expected<void> add_alias(const Candidate& c, const std::string& text);
  Expected<void> store_link(const Candidate& c);

  // Whether this campaign already holds finished runs of the function with this fingerprint (a campaign
  // begun before equivalence keys existed, resumed: what it trained stays a candidate of its own).
  Expected<bool> has_stored_runs(const std::string& fingerprint);

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

  // The likeness of c at its learned constants (search/learned.hpp), from the stored runs: per-layer rows
  // and the label. Nothing is stored for a candidate without trainable constants or without learned values.
  Expected<void> store_learned_likeness(const Candidate& c);
  db::Database& database() { return db_; }

 private:
  Expected<void> store_function(Candidate& c, const StoredFunction& f);
  Expected<void> check_resume(const db::CampaignRecord& stored, const trainer::DataFingerprint& data);
  using Key = std::tuple<std::int64_t, int, std::uint64_t>;  // candidate, stage, seed

  db::Database db_;
  CampaignIdentity identity_;
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
