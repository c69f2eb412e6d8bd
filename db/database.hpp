// The campaign database: typed access to the SQLite file that records campaigns, candidates, evaluations
// and the leaderboard (tables and columns in docs/SCHEMA.md).
//
// Concurrency: one writer per file (the campaign process); any number of ReadOnly readers may open the
// same file at the same time and never block or disturb the writer (WAL mode). A Database object is not
// thread-safe; use one per thread.
//
// Durability: WAL with synchronous=NORMAL. A committed write survives the process being killed (kill -9)
// at any moment; only an operating-system crash or power loss can drop the last few commits.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/expected.hpp"
#include "db/records.hpp"

namespace actsearch::db {

// The file a campaign writes, and the commands read, when no database is named (relative to the working
// directory).
inline constexpr const char* kDefaultDatabaseFile = "actsearch.db";

// What Database::upgrade did: from and to which schema version, and where the backup is ("" if none).
struct Upgrade {
  int from = 0;
  int to = 0;
  std::filesystem::path backup;
};

class Database {
 public:
  // ReadWrite creates the file if missing and migrates it to latest_schema_version(). ReadOnly never
  // writes to the file and requires it to exist; a file of an older schema is read through a temporary
  // copy upgraded by the same steps (upgraded_from() says so). Either mode leaves a file that is not an
  // actsearch database, is corrupt, or has a newer schema than this program untouched and fails.
  static Expected<Database> open(const std::filesystem::path& file, OpenMode mode = OpenMode::ReadWrite);

  // Upgrades a file of an older schema in place, after a backup beside it (FILE.schemaN.bak); a file at
  // the latest version is left alone. A read-only file is an error and nothing changes.
  static Expected<Upgrade> upgrade(const std::filesystem::path& file);
  // The file's own schema version when this connection reads an upgraded copy of it; 0 otherwise.
  int upgraded_from() const;

  // Opens (ReadWrite) and applies only the first `version` migration steps: builds databases as older
  // releases left them, so that upgrades can be tested. Not for production use.
  static Expected<Database> open_at_version_for_testing(const std::filesystem::path& file, int version);

  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  ~Database();

  int schema_version() const;
  static int latest_schema_version();
  const std::filesystem::path& path() const;
  OpenMode mode() const;

  // Runs fn inside BEGIN IMMEDIATE ... COMMIT; rolls back if fn returns an error or throws (the exception
  // propagates). Nested calls become savepoints, so a failing inner call undoes only its own work.
  Expected<void> transaction(const std::function<Expected<void>()>& fn);

  // Runs fn inside one read transaction: every query it makes sees the same committed state, whatever the
  // writer commits meanwhile, and the writer is never blocked (WAL). For views that combine several
  // queries (the report). Works in both modes; inside transaction() it simply runs fn.
  Expected<void> read_snapshot(const std::function<Expected<void>()>& fn);

  // --- campaigns
  // Fails if the name is taken. The new campaign's status is Created.
  Expected<CampaignRecord> create_campaign(const std::string& name, const std::string& config_text,
                                           const std::string& config_hash, std::uint64_t seed,
                                           const std::string& resolved_config = {});
  Expected<std::optional<CampaignRecord>> find_campaign(const std::string& name);
  Expected<std::vector<CampaignRecord>> campaigns();  // ordered by id
  Expected<void> set_campaign_status(std::int64_t campaign_id, CampaignStatus status);
  // Stores the resolved configuration (and the hash of its meaning) of a campaign created without one.
  Expected<void> set_campaign_configuration(std::int64_t campaign_id, const std::string& resolved_config,
                                            const std::string& config_hash);

  // --- candidates (global: the same function is the same row in every campaign)
  // Inserts or returns the existing row with the same fingerprint (id filled in). An existing row is
  // returned as stored; the other fields of `candidate` are then ignored, except that a non-empty
  // equivalence key is stored on a row that has none.
  Expected<CandidateRecord> upsert_candidate(const CandidateRecord& candidate);
  Expected<std::optional<CandidateRecord>> find_candidate(std::int64_t id);
  Expected<std::optional<CandidateRecord>> find_candidate_by_fingerprint(const std::string& fingerprint);
  // The nearest known activation, computed after the candidate was first stored.
  Expected<void> set_nearest(std::int64_t candidate_id, const std::string& nearest, double distance);

  // Every spelling that mapped to the candidate; adding one twice is a no-op. Listed in insertion order.
  Expected<void> add_alias(std::int64_t candidate_id, const std::string& text);
  Expected<std::vector<std::string>> aliases(std::int64_t candidate_id);

  // Replaces the candidate's probe values (NaN and ±inf survive). Listed sorted by name.
  Expected<void> set_probes(std::int64_t candidate_id, const std::vector<std::pair<std::string, double>>& values);
  Expected<std::vector<std::pair<std::string, double>>> probes(std::int64_t candidate_id);

  // Replaces the candidate's distances to known activations. Listed nearest first (NaN last), then by name.
  Expected<void> set_likeness(std::int64_t candidate_id, const std::vector<std::pair<std::string, double>>& distances);
  Expected<std::vector<std::pair<std::string, double>>> likeness(std::int64_t candidate_id);

  // --- campaign membership
  // Inserts, or updates origin/baseline_name/status/reject_reason/penalty of an existing link (the first
  // proposal_index is kept).
  Expected<void> upsert_campaign_candidate(const CampaignCandidate& link);
  Expected<std::vector<CampaignCandidate>> campaign_candidates(std::int64_t campaign_id);  // by proposal_index

  // --- equivalence classes (per campaign: whether functions merge depends on the task)
  // Records that the campaign met `candidate_id` and did not train it; replaces an earlier record.
  Expected<void> add_equivalent(const EquivalentRecord& equivalent);
  // The campaign's untrained members, by candidate id; representative_id = 0: all of them.
  Expected<std::vector<EquivalentRecord>> equivalents(std::int64_t campaign_id, std::int64_t representative_id = 0);

  // --- likeness at learned constants (per campaign)
  // Replaces the candidate's per-layer rows and its distances to the known activations (median over the
  // layers; non-finite ones are not stored) and sets its label in campaign_candidates (learned_nearest,
  // learned_distance), in one transaction. The campaign must hold the candidate.
  Expected<void> set_learned_likeness(std::int64_t campaign_id, std::int64_t candidate_id,
                                      const std::vector<LearnedLikenessRecord>& layers, const std::string& nearest,
                                      double distance, const std::vector<KnownDistance>& distances = {});
  Expected<std::vector<LearnedLikenessRecord>> learned_likeness(std::int64_t campaign_id,
                                                                std::int64_t candidate_id);  // by layer
  Expected<std::vector<KnownDistance>> learned_distances(std::int64_t campaign_id,
                                                         std::int64_t candidate_id);  // by name

  // --- evaluations
  // Inserts, or replaces every value of the row with the same (campaign, candidate, stage, seed); the row
  // keeps its id (and so its place in evaluations()). The JSON fields must be valid JSON.
  Expected<void> record_evaluation(const EvaluationRecord& evaluation);
  Expected<std::optional<EvaluationRecord>> find_evaluation(std::int64_t campaign_id, std::int64_t candidate_id,
                                                            int stage, std::uint64_t seed);
  Expected<std::vector<EvaluationRecord>> evaluations(std::int64_t campaign_id);             // ordered by id
  Expected<std::vector<EvaluationRecord>> candidate_evaluations(std::int64_t candidate_id);  // all campaigns, by id
  // Running rows left by a killed process become queued again; returns how many.
  Expected<int> requeue_interrupted(std::int64_t campaign_id);

  // The ranking of one campaign: fitness, rank and ties as db/scoring.hpp defines them. For each
  // candidate of the campaign that is not rejected:
  //  - stage: the highest stage with a run that counts for fitness (done or diverged). seeds, mean, sd
  //    (n - 1) and the CI mean ± t_{(1+confidence)/2, n-1}·sd/√n (Student t; NaN for n < 2) are over the
  //    done runs there; diverged counts the diverged ones; fitness is the scoring module's.
  //  - delta_relu: the mean paired difference val_accuracy(candidate) - val_accuracy(reference) over the
  //    seeds both have done at the candidate's stage, where the reference is the campaign's candidate whose
  //    baseline_name is options.reference_baseline; its paired-t CI (NaN for fewer than 2 pairs);
  //    paired_seeds = the number of pairs. NaN when there is no reference or it has no done run there.
  //  - test_mean / test_seeds: over the done rows at that stage that have a test accuracy.
  //  - A candidate with no counted run (only queued, failed or running ones) has mean and fitness NaN;
  //    its stage is the highest stage it was tried at (0 if never).
  // rank is 1-based; options.top > 0 keeps the first `top` rows. Baselines appear, flagged. The SQL view
  // `leaderboard` gives the same stage/seeds/mean/sd/fitness and order for use from the shell; it lists
  // only the candidates with a counted run, numbered among themselves.
  Expected<std::vector<LeaderboardRow>> leaderboard(std::int64_t campaign_id, const LeaderboardOptions& options = {});

  // "ok", or SQLite's integrity report followed by any foreign-key violations.
  Expected<std::string> integrity_check();

  struct Impl;  // internal

 private:
  explicit Database(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace actsearch::db
