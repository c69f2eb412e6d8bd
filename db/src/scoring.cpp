#include "db/scoring.hpp"

#include <cmath>

namespace actsearch::db {

bool counts_for_fitness(const RunOutcome& run) {
  return (run.status == EvalStatus::Done && !std::isnan(run.val_accuracy)) || run.status == EvalStatus::Diverged;
}

double scored_accuracy(const RunOutcome& run) {
  if (!counts_for_fitness(run)) return kNaN;
  return run.status == EvalStatus::Diverged ? 0.0 : run.val_accuracy;
}

void StageScore::add(const RunOutcome& run) {
  if (!counts_for_fitness(run)) return;
  ++counted;
  if (run.status == EvalStatus::Diverged) ++diverged;
  accuracy_sum += scored_accuracy(run);
}

double StageScore::fitness(double penalty) const {
  if (counted == 0) return kNaN;
  return accuracy_sum / counted - penalty;
}

double fitness_of(std::span<const RunOutcome> runs, double penalty) {
  StageScore score;
  for (const RunOutcome& run : runs) score.add(run);
  return score.fitness(penalty);
}

bool ranks_before(const RankKey& a, const RankKey& b) {
  const bool a_missing = std::isnan(a.fitness), b_missing = std::isnan(b.fitness);
  if (a_missing != b_missing) return b_missing;
  if (a.stage != b.stage) return a.stage > b.stage;
  if (!a_missing && a.fitness != b.fitness) return a.fitness > b.fitness;
  if (a.proposal_index != b.proposal_index) return a.proposal_index < b.proposal_index;
  return a.candidate_id < b.candidate_id;
}

}  // namespace actsearch::db
