// Plain rows of the campaign database (see docs/SCHEMA.md). Doubles that are unknown are NaN; the
// database stores NaN as NULL and reads NULL back as NaN.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "db/spellings.hpp"

namespace actsearch::db {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

enum class OpenMode {
  ReadWrite,  // creates the file if needed and migrates it to the latest schema
  ReadOnly,   // never writes; for leaderboard readers next to a running campaign
};

// Set by the orchestrator: created on creation, running while a process works on it, done when every phase
// finished. The column has no CHECK constraint (version 1 left it free), so this table is its only guard.
enum class CampaignStatus { Created, Running, Done };
inline constexpr std::array<Spelling<CampaignStatus>, 3> kCampaignStatusSpellings{{
    {CampaignStatus::Created, "created"},
    {CampaignStatus::Running, "running"},
    {CampaignStatus::Done, "done"},
}};
constexpr std::span<const Spelling<CampaignStatus>> spellings(CampaignStatus) { return kCampaignStatusSpellings; }

struct CampaignRecord {
  std::int64_t id = 0;
  std::string name, config_text, config_hash;
  // The fully resolved configuration (JSON; search/config/resolved.hpp); "" for a campaign created by a
  // release before schema 9 and not resumed since.
  std::string resolved_config;
  std::uint64_t seed = 0;  // stored bit-for-bit in a signed INTEGER (seeds >= 2^63 look negative in SQL)
  CampaignStatus status = CampaignStatus::Created;
  std::string created_at, updated_at;  // ISO 8601 UTC, filled in by the database
};

struct CandidateRecord {
  std::int64_t id = 0;
  std::string fingerprint;  // hex; the identity of the function
  // Hex key of the class {±phi(±x)} (expr/equivalence.hpp): stored by upsert_candidate when the row has
  // none; not read back (readers recompute it from expr, or query the column).
  std::string equivalence;
  std::string expr;  // canonical text
  std::string latex;
  int complexity = 0;
  bool finite = true;
  std::string nearest;  // nearest known activation ("" = not computed)
  double nearest_distance = kNaN;
};

enum class EvalStatus { Queued, Running, Done, Failed, Diverged, Rejected };
inline constexpr std::array<Spelling<EvalStatus>, 6> kEvalStatusSpellings{{
    {EvalStatus::Queued, "queued"},
    {EvalStatus::Running, "running"},
    {EvalStatus::Done, "done"},
    {EvalStatus::Failed, "failed"},
    {EvalStatus::Diverged, "diverged"},
    {EvalStatus::Rejected, "rejected"},
}};
constexpr std::span<const Spelling<EvalStatus>> spellings(EvalStatus) { return kEvalStatusSpellings; }
// Kept for existing callers: the same as from_string<EvalStatus>.
inline std::optional<EvalStatus> parse_eval_status(std::string_view text) { return from_string<EvalStatus>(text); }

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
  // Who trained it: the host's name and, for a worker of a distributed (MPI) run, its rank; "" and
  // nullopt when unknown (rows from before schema version 5).
  std::string worker_host;
  std::optional<std::int64_t> worker_rank;
  std::int64_t id = 0;     // filled in when read; ignored when recorded
  std::string updated_at;  // filled in when read; ignored when recorded
};

// Why a candidate is in a campaign: a configured baseline, a proposal of the strategy, or an entry of an
// explicit list.
enum class CandidateOrigin { Baseline, Strategy, List };
inline constexpr std::array<Spelling<CandidateOrigin>, 3> kCandidateOriginSpellings{{
    {CandidateOrigin::Baseline, "baseline"},
    {CandidateOrigin::Strategy, "strategy"},
    {CandidateOrigin::List, "list"},
}};
constexpr std::span<const Spelling<CandidateOrigin>> spellings(CandidateOrigin) { return kCandidateOriginSpellings; }

// Where a candidate stands in a campaign: proposed (admitted, not trained yet), rejected (before training),
// evaluated (trained at the first rung), eliminated (at a later rung), final (in the final round).
enum class CandidateStatus { Proposed, Rejected, Evaluated, Eliminated, Final };
inline constexpr std::array<Spelling<CandidateStatus>, 5> kCandidateStatusSpellings{{
    {CandidateStatus::Proposed, "proposed"},
    {CandidateStatus::Rejected, "rejected"},
    {CandidateStatus::Evaluated, "evaluated"},
    {CandidateStatus::Eliminated, "eliminated"},
    {CandidateStatus::Final, "final"},
}};
constexpr std::span<const Spelling<CandidateStatus>> spellings(CandidateStatus) { return kCandidateStatusSpellings; }

// Empty baseline_name / reject_reason are stored as NULL.
struct CampaignCandidate {
  std::int64_t campaign_id = 0, candidate_id = 0;
  CandidateOrigin origin = CandidateOrigin::Strategy;
  std::string baseline_name;
  std::int64_t proposal_index = 0;
  CandidateStatus status = CandidateStatus::Proposed;
  std::string reject_reason;
  double penalty = 0;
  // The label at the learned constants (set_learned_likeness); read only, "" / NaN when there is none.
  std::string learned_nearest;
  double learned_distance = kNaN;
};

// How a member of an equivalence class is obtained from the class's representative: psi(x) = -phi(x),
// phi(-x) or -phi(-x) (expr::Reflection without its identity).
enum class Reflection { NegatedOutput, NegatedInput, NegatedBoth };
inline constexpr std::array<Spelling<Reflection>, 3> kReflectionSpellings{{
    {Reflection::NegatedOutput, "negated_output"},
    {Reflection::NegatedInput, "negated_input"},
    {Reflection::NegatedBoth, "negated_both"},
}};
constexpr std::span<const Spelling<Reflection>> spellings(Reflection) { return kReflectionSpellings; }

// A candidate a campaign did not train because a member of its equivalence class (the representative)
// was trained: its results are the representative's.
struct EquivalentRecord {
  std::int64_t campaign_id = 0, candidate_id = 0, representative_id = 0;
  Reflection reflection = Reflection::NegatedBoth;
  std::string proposal_text;  // as the campaign met it
};

// The likeness of a trained candidate at what one hidden layer learned: its constants there (mean over
// the done seeds of the candidate's last stage, as a JSON array) and the nearest known activation.
struct LearnedLikenessRecord {
  std::int64_t campaign_id = 0, candidate_id = 0;
  int layer = 0;  // 0-based hidden layer
  int stage = 0;
  int seeds = 0;
  std::string params_json = "[]";
  std::string nearest;  // "" = none finite
  double distance = kNaN;
};

// A distance to a known activation (probes/likeness.hpp), e.g. at learned constants.
struct KnownDistance {
  std::string known;
  double distance = kNaN;
  bool operator==(const KnownDistance&) const = default;
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
  std::string nearest;  // at the initial constants
  double distance = kNaN;
  // At the learned constants (median over hidden layers); the initial ones when there is no learned label.
  std::string learned_nearest;
  double learned_distance = kNaN;
  bool has_learned = false;  // learned_* come from the learned constants (else they repeat the initial ones)
  int complexity = 0;
  CandidateStatus status = CandidateStatus::Proposed;
};

}  // namespace actsearch::db
