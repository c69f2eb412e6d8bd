// Plain rows of the campaign database (see docs/SCHEMA.md). Doubles that are unknown are NaN; the
// database stores NaN as NULL and reads NULL back as NaN.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace actsearch::db {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

enum class OpenMode {
  ReadWrite,  // creates the file if needed and migrates it to the latest schema
  ReadOnly,   // never writes; for leaderboard readers next to a running campaign
};

struct CampaignRecord {
  std::int64_t id = 0;
  std::string name, config_text, config_hash;
  std::uint64_t seed = 0;              // stored bit-for-bit in a signed INTEGER (seeds >= 2^63 look negative in SQL)
  std::string status;                  // free text chosen by the orchestrator; "created" on creation
  std::string created_at, updated_at;  // ISO 8601 UTC, filled in by the database
};

struct CandidateRecord {
  std::int64_t id = 0;
  std::string fingerprint;  // hex; the identity of the function
  std::string expr;         // canonical text
  std::string latex;
  int complexity = 0;
  bool finite = true;
  std::string nearest;  // nearest known activation ("" = not computed)
  double nearest_distance = kNaN;
};

enum class EvalStatus { Queued, Running, Done, Failed, Diverged, Rejected };

// "queued", "running", "done", "failed", "diverged", "rejected": the spellings stored in the database.
std::string_view to_string(EvalStatus status);
std::optional<EvalStatus> parse_eval_status(std::string_view text);

struct EvaluationRecord {
  std::int64_t campaign_id = 0, candidate_id = 0;
  int stage = 0;
  std::uint64_t seed = 0;  // stored bit-for-bit in a signed INTEGER
  EvalStatus status = EvalStatus::Queued;
  std::int64_t train_examples = 0;
  int epochs = 0;
  double val_accuracy = kNaN, val_loss = kNaN, train_loss = kNaN, test_accuracy = kNaN, test_loss = kNaN,
         wall_seconds = 0;
  std::int64_t steps = 0;
  std::string epoch_metrics_json = "[]", learned_params_json = "[]", message, device;
  std::int64_t id = 0;     // filled in when read; ignored when recorded
  std::string updated_at;  // filled in when read; ignored when recorded
};

// Origins: "baseline", "strategy", "list". Statuses: "proposed", "rejected", "evaluated", "eliminated",
// "final". Empty baseline_name / reject_reason are stored as NULL.
struct CampaignCandidate {
  std::int64_t campaign_id = 0, candidate_id = 0;
  std::string origin, baseline_name;
  std::int64_t proposal_index = 0;
  std::string status = "proposed", reject_reason;
  double penalty = 0;
};

struct LeaderboardOptions {
  int top = 0;  // 0 = all
  std::string reference_baseline = "relu";
  double confidence = 0.95;  // two-sided level of the confidence intervals
};

struct LeaderboardRow {
  int rank = 0;
  std::int64_t candidate_id = 0;
  std::string expr;
  bool baseline = false;
  std::string baseline_name;
  int stage = 0;
  int seeds = 0;     // done runs at `stage` (mean, sd and the CI are over these)
  int diverged = 0;  // diverged runs at `stage` (they count as accuracy 0 in fitness; db/scoring.hpp)
  double mean = kNaN, sd = kNaN, ci_low = kNaN, ci_high = kNaN, penalty = 0, fitness = kNaN;
  double delta_relu = kNaN, delta_ci_low = kNaN, delta_ci_high = kNaN;
  int paired_seeds = 0;
  double test_mean = kNaN;
  int test_seeds = 0;
  std::string nearest;
  double distance = kNaN;
  int complexity = 0;
  std::string status;
};

}  // namespace actsearch::db
