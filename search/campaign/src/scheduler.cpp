#include "search/campaign/src/scheduler.hpp"

#include <algorithm>
#include <cmath>

#include "db/scoring.hpp"
#include "expr/known.hpp"
#include "expr/parse.hpp"
#include "search/strategies/registry.hpp"

namespace actsearch::search {

double stage_fitness(const Candidate& c, const Recorder& recorder, std::uint64_t campaign_seed, int stage, int seeds) {
  db::StageScore score;
  for (int i = 0; i < seeds; ++i) {
    if (const db::EvaluationRecord* e = recorder.stored(c.id, stage, evaluation_seed(campaign_seed, stage, i))) {
      score.add({e->status, e->val_accuracy});
    }
  }
  return score.fitness(c.penalty);
}

std::vector<Candidate*> rank_for_promotion(std::span<const std::unique_ptr<Candidate>> candidates, int stage) {
  std::vector<Candidate*> out;
  for (const auto& c : candidates) {
    if (!c->proposed || c->rejected) continue;
    auto it = c->fitness.find(stage);
    if (it != c->fitness.end() && !std::isnan(it->second)) out.push_back(c.get());
  }
  std::sort(out.begin(), out.end(), [stage](const Candidate* a, const Candidate* b) {
    return db::ranks_before({a->fitness.at(stage), stage, a->proposal_index, a->id},
                            {b->fitness.at(stage), stage, b->proposal_index, b->id});
  });
  return out;
}

Expected<void> Scheduler::run() {
  if (auto ok = add_baselines(); !ok) return ok;
  if (auto ok = search_phase(); !ok) return ok;
  if (auto ok = halving_phase(); !ok) return ok;
  return final_phase();
}

Expected<void> Scheduler::set_status(Candidate& c, db::CandidateStatus status) {
  c.status = status;
  return recorder_.store_link(c);
}

Expected<void> Scheduler::add_baselines() {
  for (const auto& name : config_.baselines) {
    const auto* known = expr::find_known(name);
    auto parsed = expr::parse(known->expression);
    if (!parsed) return fail("baseline '" + name + "': " + parsed.error().describe());
    auto admitted = pipeline_.admit(*parsed, std::string(known->expression), db::CandidateOrigin::Baseline,
                                    std::string(known->name));
    if (!admitted) return fail(admitted.error());
    if (admitted->is_new) baselines_.push_back(admitted->candidate);
  }
  return {};
}

Expected<void> Scheduler::search_phase() {
  const auto& s = config_.strategy;
  const auto& entry = s.entry();
  auto strategy = strategies::make_strategy(entry, config_.strategy_settings(), config_.seed);
  const db::CandidateOrigin origin =
      entry.proposes_listed_functions ? db::CandidateOrigin::List : db::CandidateOrigin::Strategy;
  const Rung& rung = config_.fidelity.rungs.front();
  // Duplicates and rejections do not use budget, so a converged population could propose forever.
  const long max_proposals = 50L * s.budget + 1000;
  long proposals = 0;
  int accepted = 0;
  bool baselines_trained = false;
  while (accepted < s.budget && proposals < max_proposals) {
    auto batch = strategy->propose(std::min(s.batch, s.budget - accepted));
    if (batch.empty()) break;
    proposals += static_cast<long>(batch.size());
    std::vector<Candidate*> per_proposal;
    std::vector<Candidate*> to_train;
    for (const auto& p : batch) {
      auto admitted = pipeline_.admit(p.expression, p.text, origin, "");
      if (!admitted) return fail(admitted.error());
      per_proposal.push_back(admitted->candidate);
      if (admitted->is_new && !admitted->candidate->rejected) to_train.push_back(admitted->candidate);
    }
    // The baselines train with the first batch so early progress lines can compare against them.
    const bool with_baselines = !baselines_trained;
    if (!baselines_trained) {
      to_train.insert(to_train.begin(), baselines_.begin(), baselines_.end());
      baselines_trained = true;
    }
    accepted += static_cast<int>(
        std::count_if(to_train.begin(), to_train.end(), [](const Candidate* c) { return !c->is_baseline(); }));
    if (auto ok = train_stage(to_train, 0, rung.seeds, rung.train_examples, rung.epochs, false, "search"); !ok) {
      return ok;
    }
    std::vector<double> fitness;
    for (Candidate* c : per_proposal) {
      const auto it = c->fitness.find(0);
      fitness.push_back(c->rejected || it == c->fitness.end() ? std::nan("") : it->second);
      if (c->status == db::CandidateStatus::Proposed && !c->rejected) {
        if (auto ok = set_status(*c, db::CandidateStatus::Evaluated); !ok) return ok;
      }
    }
    // Strategies that model fitness start from the baselines' results (the others ignore proposals
    // without a genome).
    if (with_baselines) {
      std::vector<strategies::Proposal> references;
      std::vector<double> reference_fitness;
      for (Candidate* b : baselines_) {
        const auto it = b->fitness.find(0);
        references.push_back(strategies::Proposal{b->canonical, b->text, std::nullopt});
        reference_fitness.push_back(it == b->fitness.end() ? std::nan("") : it->second);
      }
      strategy->observe(references, reference_fitness);
    }
    strategy->observe(batch, fitness);
    progress_.searching(proposals, accepted);
  }
  if (!baselines_trained) {
    if (auto ok = train_stage(baselines_, 0, rung.seeds, rung.train_examples, rung.epochs, false, "search"); !ok) {
      return ok;
    }
  }
  for (Candidate* b : baselines_) {
    if (auto ok = set_status(*b, db::CandidateStatus::Evaluated); !ok) return ok;
  }
  if (accepted < s.budget && log_) {
    log_("the strategy stopped after " + std::to_string(accepted) + " of " + std::to_string(s.budget) +
         " candidates (" +
         (proposals >= max_proposals ? "too many duplicate or rejected proposals" : "the space or list is exhausted") +
         ")");
  }
  progress_.plan(accepted);
  return {};
}

void Scheduler::add_baselines_to(std::vector<Candidate*>& pool) const {
  for (Candidate* b : baselines_) {
    if (std::find(pool.begin(), pool.end(), b) == pool.end()) pool.push_back(b);
  }
}

Expected<void> Scheduler::halving_phase() {
  const auto& rungs = config_.fidelity.rungs;
  for (int r = 1; r < static_cast<int>(rungs.size()); ++r) {
    auto pool = rank_for_promotion(pipeline_.candidates(), r - 1);
    const auto keep = static_cast<std::size_t>(std::ceil(rungs[r].keep * static_cast<double>(pool.size())));
    for (std::size_t i = keep; i < pool.size(); ++i) {
      if (auto ok = set_status(*pool[i], db::CandidateStatus::Eliminated); !ok) return ok;
    }
    pool.resize(std::min(pool.size(), std::max<std::size_t>(keep, 1)));
    add_baselines_to(pool);
    if (auto ok = train_stage(pool, r, rungs[r].seeds, rungs[r].train_examples, rungs[r].epochs, false,
                              "rung " + std::to_string(r + 1));
        !ok) {
      return ok;
    }
  }
  return {};
}

Expected<void> Scheduler::final_phase() {
  const auto& f = config_.fidelity.final;
  const int last_rung = static_cast<int>(config_.fidelity.rungs.size()) - 1;
  auto pool = rank_for_promotion(pipeline_.candidates(), last_rung);
  for (std::size_t i = static_cast<std::size_t>(f.top); i < pool.size(); ++i) {
    if (auto ok = set_status(*pool[i], db::CandidateStatus::Eliminated); !ok) return ok;
  }
  pool.resize(std::min(pool.size(), static_cast<std::size_t>(f.top)));
  add_baselines_to(pool);
  for (Candidate* c : pool) {
    if (auto ok = set_status(*c, db::CandidateStatus::Final); !ok) return ok;
  }
  return train_stage(pool, final_stage(config_), f.seeds, f.train_examples, f.epochs, f.test, "final");
}

Expected<void> Scheduler::train_stage(const std::vector<Candidate*>& candidates, int stage, int seeds,
                                      std::size_t train_examples, int epochs, bool test, const std::string& phase) {
  progress_.set_phase(phase);
  std::vector<trainer::TrainJob> jobs;
  std::vector<PlannedRun> runs;
  for (Candidate* c : candidates) {
    for (int i = 0; i < seeds; ++i) {
      const std::uint64_t seed = evaluation_seed(config_.seed, stage, i);
      if (recorder_.stored(c->id, stage, seed) != nullptr) {
        ++reused_;
        progress_.reused();
        continue;
      }
      trainer::TrainJob job;
      job.activation = c->canonical;
      job.seed = seed;
      job.epochs = epochs;
      job.train_examples = train_examples;
      job.evaluate_test = test;
      jobs.push_back(job);
      runs.push_back({c, stage, seed});
    }
  }
  if (!jobs.empty()) {
    if (!prepared_) {
      if (auto ok = executor_.prepare(); !ok) return ok;
      prepared_ = true;
    }
    // Every job of a stage has the same budget.
    const trainer::JobBudget budget = trainer::budget_of(config_.task, jobs.front());
    const std::string device = executor_.name();
    if (auto ok = recorder_.mark_running(runs, budget, device); !ok) return ok;
    auto trained =
        executor_.train(jobs, [&](std::size_t index, const trainer::TrainResult& result, const Placement& where) {
          if (auto ok = recorder_.record(runs[index], result, budget, where); !ok) throw StorageFailure(ok.error());
          ++trained_;
          progress_.trained();
          progress_.report();
        });
    if (!trained) return trained;
  }
  for (Candidate* c : candidates) {
    c->fitness[stage] = stage_fitness(*c, recorder_, config_.seed, stage, seeds);
    if (c->proposed && stage == 0) progress_.offer_best(c->text, c->fitness[0]);
  }
  progress_.report();
  return {};
}

}  // namespace actsearch::search
