#include "search/campaign/src/progress_tracker.hpp"

#include <algorithm>
#include <cmath>

namespace actsearch::search {

ProgressPlan progress_plan(const CampaignConfig& config) {
  const auto& s = config.strategy;
  const auto& entry = s.entry();
  ProgressPlan plan{.budget = s.budget,
                    .walks_supply_in_order = entry.walks_space_in_order,
                    .baselines = static_cast<int>(config.baselines.size()),
                    .fidelity = config.fidelity};
  // A strategy's own bound, else its space's: it cannot give more candidates than the space has members.
  if (entry.supply) {
    plan.supply = entry.supply(config.strategy_settings());
  } else if (config.space) {
    plan.supply = config.space->raw_size();
  }
  return plan;
}

void ProgressTracker::plan(int searched) {
  double pool = searched > 0 ? searched : plan_.budget;
  if (searched <= 0 && plan_.supply) pool = std::min(pool, static_cast<double>(*plan_.supply));
  plan_for(pool);
}

void ProgressTracker::searching(long proposed, int accepted) {
  // An exhaustive walk ends with the space: project the share of members that became new candidates
  // so far over the members still to come.
  if (!plan_.walks_supply_in_order || !plan_.supply || proposed <= 0) return;
  const double rest = std::max(0.0, static_cast<double>(*plan_.supply) - static_cast<double>(proposed));
  const double projected = accepted + rest * static_cast<double>(accepted) / static_cast<double>(proposed);
  plan_for(std::max<double>(accepted, std::min<double>(plan_.budget, std::ceil(projected))));
}

void ProgressTracker::plan_for(double pool) {
  const auto& rungs = plan_.fidelity.rungs;
  const int b = plan_.baselines;
  double total = (pool + b) * rungs[0].seeds;
  for (std::size_t r = 1; r < rungs.size(); ++r) {
    pool = std::max(1.0, std::ceil(rungs[r].keep * pool));
    total += (pool + b) * rungs[r].seeds;
  }
  total += (std::min<double>(pool, plan_.fidelity.final.top) + b) * plan_.fidelity.final.seeds;
  progress_.total = static_cast<int>(total);
}

void ProgressTracker::offer_best(const std::string& expression, double fitness) {
  if (!std::isfinite(fitness)) return;
  if (progress_.best_expression.empty() || fitness > progress_.best_fitness) {
    progress_.best_expression = expression;
    progress_.best_fitness = fitness;
  }
}

void ProgressTracker::report() {
  progress_.elapsed_seconds = elapsed_seconds();
  progress_.total = std::max(progress_.total, progress_.done);
  if (on_progress_) on_progress_(progress_);
}

}  // namespace actsearch::search
