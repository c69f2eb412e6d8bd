// The one definition of a candidate's fitness, its rank and how ties break. Promotion up the fidelity
// ladder (search/), the leaderboard in every format (db::Database::leaderboard and the views built on it)
// and the SQL view `leaderboard` (mirrored in db/src/schema.cpp, held equal by a test) all use it.
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

}  // namespace actsearch::db
