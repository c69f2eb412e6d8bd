// How well the surrogate's models predict a stored campaign's first-rung results: 5-fold cross-validated
// Spearman and top-10% precision for every model and feature set, including the campaign's stored probe
// values (`actsearch surrogate`).
#pragma once

#include <string>
#include <vector>

#include "common/expected.hpp"
#include "db/database.hpp"

namespace actsearch::search::strategies {

struct SurrogateScore {
  std::string model;     // gp, knn
  std::string features;  // shape, moments, shape+moments, probes, shape+probes
  std::string targets;   // standardised, normal-scores (surrogate/targets.hpp)
  double spearman = 0;
  double top_decile_precision = 0;
  int points = 0;
};

struct SurrogateEvaluation {
  int points = 0;  // first-rung results with a fitness and features
  std::vector<SurrogateScore> scores;
};

Expected<SurrogateEvaluation> evaluate_surrogate(db::Database& database, const db::CampaignRecord& campaign,
                                                 std::uint64_t seed = 0);
std::string format_surrogate_evaluation(const db::CampaignRecord& campaign, const SurrogateEvaluation& e);

}  // namespace actsearch::search::strategies
