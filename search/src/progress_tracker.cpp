#include "search/src/progress_tracker.hpp"

#include <algorithm>
#include <cmath>

namespace actsearch::search {

void ProgressTracker::plan(int searched) {
  const auto& rungs = config_.fidelity.rungs;
  const int b = static_cast<int>(config_.baselines.size());
  double pool = searched > 0 ? searched : config_.strategy.budget;
  if (config_.strategy.kind == StrategyKind::List) {
    pool = std::min<double>(pool, static_cast<double>(config_.strategy.expressions.size()));
  }
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
