// Progress of a campaign as its caller sees it (search/campaign.hpp's Progress): evaluations done and
// planned, the phase, the best first-rung function so far.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "common/timing.hpp"
#include "search/campaign/campaign.hpp"

namespace actsearch::search {

// How many first-rung candidates the search phase can give, and what the rest of the ladder does with
// them: the slice of the campaign the plan needs.
struct ProgressPlan {
  int budget = 0;
  std::optional<std::uint64_t> supply;  // distinct proposals the strategy can make at most (none: unbounded)
  bool walks_supply_in_order = false;   // an exhaustive walk: project the end from the share accepted so far
  int baselines = 0;
  FidelitySpec fidelity;
};
ProgressPlan progress_plan(const CampaignConfig& config);

class ProgressTracker {
 public:
  ProgressTracker(ProgressPlan plan, std::function<void(const Progress&)> on_progress)
      : plan_(std::move(plan)), on_progress_(std::move(on_progress)) {}

  // Planned evaluations for `searched` first-rung candidates (0: the strategy's budget, an estimate
  // until the search phase is over).
  void plan(int searched);
  // During the search phase: `proposed` proposals so far gave `accepted` new first-rung candidates
  // (refines the plan of an exhaustive walk).
  void searching(long proposed, int accepted);
  void set_phase(const std::string& phase) { progress_.phase = phase; }
  void reused() { ++progress_.done; }
  void trained() {
    ++progress_.done;
    ++progress_.trained;
  }
  // A first-rung fitness of a proposed candidate: kept when it is the best so far.
  void offer_best(const std::string& expression, double fitness);
  void report();
  double elapsed_seconds() const { return clock_.seconds(); }

 private:
  void plan_for(double first_rung_candidates);

  ProgressPlan plan_;
  std::function<void(const Progress&)> on_progress_;
  timing::Stopwatch clock_;
  Progress progress_;
};

}  // namespace actsearch::search
