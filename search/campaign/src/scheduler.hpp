// The fidelity ladder: the search phase trains what the strategy proposes at the first rung; successive
// halving promotes the best of each rung to the next; the final round retrains the best with several
// seeds (and the test split). Baselines train at every stage under the same seeds and budget. Which
// candidates are best is decided by db/scoring.hpp, the same rule the leaderboard ranks by.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "search/campaign/executor.hpp"
#include "search/campaign/src/candidate_pipeline.hpp"
#include "search/campaign/src/progress_tracker.hpp"
#include "search/campaign/recorder.hpp"
#include "search/config/campaign_config.hpp"

namespace actsearch::search {

// Candidates that compete for promotion (proposed, not rejected) with a fitness at `stage`, best first.
std::vector<Candidate*> rank_for_promotion(std::span<const std::unique_ptr<Candidate>> candidates, int stage);

// The fitness of c at `stage` from the stored runs of the stage's seeds (db/scoring.hpp).
double stage_fitness(const Candidate& c, const Recorder& recorder, std::uint64_t campaign_seed, int stage, int seeds);

class Scheduler {
 public:
  Scheduler(const CampaignConfig& config, CandidatePipeline& pipeline, Recorder& recorder, Executor& executor,
            ProgressTracker& progress, LogFn log)
      : config_(config),
        pipeline_(pipeline),
        recorder_(recorder),
        executor_(executor),
        progress_(progress),
        log_(std::move(log)) {}

  Expected<void> run();

  int evaluations_trained() const { return trained_; }
  int evaluations_reused() const { return reused_; }
  bool trained_any() const { return prepared_; }

 private:
  Expected<void> add_baselines();
  Expected<void> search_phase();
  Expected<void> halving_phase();
  Expected<void> final_phase();
  Expected<void> train_stage(const std::vector<Candidate*>& candidates, int stage, int seeds,
                             std::size_t train_examples, int epochs, bool test, const std::string& phase);
  Expected<void> set_status(Candidate& c, db::CandidateStatus status);
  void add_baselines_to(std::vector<Candidate*>& pool) const;

  const CampaignConfig& config_;
  CandidatePipeline& pipeline_;
  Recorder& recorder_;
  Executor& executor_;
  ProgressTracker& progress_;
  LogFn log_;
  std::vector<Candidate*> baselines_;
  bool prepared_ = false;
  int trained_ = 0;
  int reused_ = 0;
};

}  // namespace actsearch::search
