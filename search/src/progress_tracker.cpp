#include "search/src/progress_tracker.hpp"

#include <algorithm>
#include <cmath>

namespace actsearch::search {

void ProgressTracker::plan(int searched) {
  double pool = searched > 0 ? searched : config_.strategy.budget;
  if (searched <= 0) {
    if (config_.strategy.kind == StrategyKind::List) {
      pool = std::min<double>(pool, static_cast<double>(config_.strategy.expressions.size()));
    }
    // A space smaller than the budget cannot give more candidates than it has members.
    if (config_.space && config_.strategy.kind != StrategyKind::List) {
      if (const auto size = config_.space->raw_size()) pool = std::min(pool, static_cast<double>(*size));
    }
  }
  plan_for(pool);
}

void ProgressTracker::searching(long proposed, int accepted) {
  // An exhaustive walk ends with the space: project the share of members that became new candidates
  // so far over the members still to come.
  if (config_.strategy.kind != StrategyKind::Exhaustive || !config_.space || proposed <= 0) return;
  const auto size = config_.space->raw_size();
  if (!size) return;
  const double rest = std::max(0.0, static_cast<double>(*size) - static_cast<double>(proposed));
  const double projected = accepted + rest * static_cast<double>(accepted) / static_cast<double>(proposed);
  plan_for(std::max<double>(accepted, std::min<double>(config_.strategy.budget, std::ceil(projected))));
}

void ProgressTracker::plan_for(double pool) {
  const auto& rungs = config_.fidelity.rungs;
  const int b = static_cast<int>(config_.baselines.size());
  double total = (pool + b) * rungs[0].seeds;
  for (std::size_t r = 1; r < rungs.size(); ++r) {
    pool = std::max(1.0, std::ceil(rungs[r].keep * pool));
    total += (pool + b) * rungs[r].seeds;
  }
  total += (std::min<double>(pool, config_.fidelity.final.top) + b) * config_.fidelity.final.seeds;
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
