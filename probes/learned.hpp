// What training made of a candidate's trainable constants, and the likeness there.
//
// Learned constants: from the evaluations' learned_params JSON ([[layer 1 values], [layer 2 values], ...]
// per run), the mean over the done runs of the highest stage that has learned values.
// Learned likeness: probes::likeness_to_known at each hidden layer's mean constants; the candidate's label
// is, over the known activations, the one with the smallest median over layers of its distance (the mean
// of the two middle layers for an even count), at that median; the medians to every known activation are
// kept too, so that "within d of g" can be asked of any g, not only of the nearest. The campaign stores it (db
// set_learned_likeness); the leaderboard, `show`, the report and bench/rediscover read the stored values.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "db/records.hpp"
#include "expr/program.hpp"
#include "probes/likeness.hpp"

namespace actsearch::probes {

struct LearnedConstants {
  int stage = -1;                              // the highest stage with learned values; -1 = none
  int seeds = 0;                               // done runs averaged
  std::vector<std::vector<double>> per_layer;  // [layer][constant], mean over those runs
};

// Over the done evaluations of `candidate_id` in `evaluations` (any order).
LearnedConstants learned_constants(std::span<const db::EvaluationRecord> evaluations, std::int64_t candidate_id);

// Mean over layers of each constant (one value per constant; empty without learned values).
std::vector<double> layer_mean(const LearnedConstants& learned);

struct LearnedLikeness {
  std::vector<probes::Likeness> per_layer;  // in layer order; a layer with non-finite constants has nearest ""
  std::string nearest;                      // the label ("" when no layer has a finite distance)
  double distance = db::kNaN;
  // For every known activation with a finite distance at some layer (identity too), in table order: the
  // median over those layers. The label is the smallest of these, identity excepted.
  std::vector<db::KnownDistance> medians;
};

// `program` is the candidate's; layers whose constants do not match its parameter count are skipped (as
// non-finite ones are).
LearnedLikeness learned_likeness(const expr::Program& program, const LearnedConstants& learned);

}  // namespace actsearch::probes
