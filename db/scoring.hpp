// The one definition of a candidate's fitness, its rank and how ties break. Promotion up the fidelity
// ladder (search/), the leaderboard in every format (db::Database::leaderboard and the views built on it)
// and the SQL view `leaderboard` all use it: the view is written with the SQL spelling of each rule
// below (namespace sql), and tests/db/scoring_test.cpp holds each spelling equal to its C++ rule, the
// current view to the spellings and the view to Database::leaderboard.
//
// Fitness at a stage: the mean validation accuracy over the stage's *counted* runs minus the campaign's
// penalty, where
//   - a `done` run counts with its validation accuracy;
//   - a `diverged` run counts as accuracy 0: diverging is an outcome of the function (its loss blew
//     up), so a candidate that diverges on 2 of 5 seeds must not outrank one that trains on all 5;
//   - `failed`, `queued`, `running` and `rejected` runs do not count: they say nothing about the
//     function (a failed run is an error of the set-up, recorded with its message).
// A stage without counted runs has no fitness (NaN).
//
// Rank: candidates with a fitness first; then the highest stage reached first (finalists above those
// eliminated at lower rungs); then fitness, higher first; ties go to the earlier proposal (the
// campaign's proposal_index), then the lower candidate id. Candidates without a fitness follow, by
// stage descending, then proposal order.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "db/records.hpp"

namespace actsearch::db {

// What scoring needs of one run.
struct RunOutcome {
  EvalStatus status = EvalStatus::Queued;
  double val_accuracy = kNaN;
};

// Whether the run takes part in fitness (done with an accuracy, or diverged).
bool counts_for_fitness(const RunOutcome& run);
// The accuracy the run contributes: its own when done, 0 when diverged; NaN when it does not count.
double scored_accuracy(const RunOutcome& run);

// Running sums of the counted runs of one candidate at one stage.
struct StageScore {
  int counted = 0;   // done + diverged
  int diverged = 0;  // of counted
  double accuracy_sum = 0;
  void add(const RunOutcome& run);
  // Mean scored accuracy minus penalty; NaN when nothing counted.
  double fitness(double penalty) const;
};

double fitness_of(std::span<const RunOutcome> runs, double penalty);

// The facts a rank depends on.
struct RankKey {
  double fitness = kNaN;
  int stage = 0;
  std::int64_t proposal_index = 0;
  std::int64_t candidate_id = 0;
};

// Strict weak order: true when a ranks above b.
bool ranks_before(const RankKey& a, const RankKey& b);

// The same rules in SQL (NULL where C++ has NaN). Migration steps are never edited, so a step that
// recreates the view copies these texts as they are at the time; when a rule changes, a new step
// recreates the view with the new text (tests/db/scoring_test.cpp fails until one does).
namespace sql {
// counts_for_fitness over a row of `evaluations` (columns status, val_accuracy).
inline constexpr std::string_view kCountsForFitness =
    "(status = 'done' AND val_accuracy IS NOT NULL) OR status = 'diverged'";
// scored_accuracy over a counted row.
inline constexpr std::string_view kScoredAccuracy = "CASE WHEN status = 'diverged' THEN 0.0 ELSE val_accuracy END";
// StageScore::fitness over columns scored_sum (SUM of the scored accuracies of the stage's counted runs),
// counted (their number) and penalty.
inline constexpr std::string_view kFitness = "scored_sum / counted - penalty";
// ranks_before as ORDER BY terms over columns fitness, stage, proposal_index and candidate_id.
inline constexpr std::string_view kRankOrder =
    "fitness IS NULL, stage DESC, fitness DESC, proposal_index, candidate_id";
}  // namespace sql

}  // namespace actsearch::db
