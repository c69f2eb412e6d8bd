// Progress of a campaign as its caller sees it (search/campaign.hpp's Progress): evaluations done and
// planned, the phase, the best first-rung function so far.
#pragma once

#include <functional>
#include <string>

#include "common/timing.hpp"
#include "search/campaign.hpp"

namespace actsearch::search {

class ProgressTracker {
 public:
  ProgressTracker(const CampaignConfig& config, std::function<void(const Progress&)> on_progress)
      : config_(config), on_progress_(std::move(on_progress)) {}

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

  const CampaignConfig& config_;
  std::function<void(const Progress&)> on_progress_;
  timing::Stopwatch clock_;
  Progress progress_;
};

}  // namespace actsearch::search
