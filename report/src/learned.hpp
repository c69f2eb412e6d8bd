// Trainable constants as training left them, from the evaluations' learned_params JSON
// ([[layer 1 values], [layer 2 values], ...] per run).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "db/records.hpp"

namespace actsearch::report {

struct LearnedConstants {
  int stage = -1;                              // the highest stage with learned values; -1 = none
  int seeds = 0;                               // done runs averaged
  std::vector<std::vector<double>> per_layer;  // [layer][constant], mean over those runs
};

// Over the done evaluations of `candidate_id` in `evaluations` (any order).
LearnedConstants learned_constants(std::span<const db::EvaluationRecord> evaluations, std::int64_t candidate_id);

// Mean over layers of each constant (one value per constant; empty without learned values).
std::vector<double> layer_mean(const LearnedConstants& learned);

}  // namespace actsearch::report
