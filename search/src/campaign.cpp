// The campaign orchestrator. See campaign.hpp for the flow; the comments here explain the choices.
#include "search/campaign.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <tuple>

#include "db/database.hpp"
#include "expr/fingerprint.hpp"
#include "expr/known.hpp"
#include "expr/parse.hpp"
#include "expr/print.hpp"
#include "expr/simplify.hpp"
#include "search/likeness.hpp"
#include "search/probes.hpp"
#include "search/src/backend_choice.hpp"
#include "search/strategy.hpp"
#include "trainer/random.hpp"

namespace actsearch::search {

std::uint64_t evaluation_seed(std::uint64_t campaign_seed, int stage, int index) {
  // 53 bits: exact in JSON and in every SQLite client.
  const std::uint64_t key = trainer::splitmix64_mix(trainer::splitmix64_mix(campaign_seed ^ 0xca11'5eedULL) +
                                                    static_cast<std::uint64_t>(stage) * trainer::kGoldenGamma);
  return trainer::splitmix64_mix(key + static_cast<std::uint64_t>(index)) >> 11;
}

namespace {

// Raised inside training callbacks when the database refuses a write; ends the run with that error.
struct StorageFailure : std::runtime_error {
  explicit StorageFailure(const Error& e) : std::runtime_error(e.describe()) {}
};

std::string hash_text(const std::string& text) {
  // FNV-1a 64: identifies a config's canonical text; not a security boundary.
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) h = (h ^ c) * 0x100000001b3ULL;
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(h));
  return buffer;
}

struct Candidate {
  std::int64_t id = 0;
  expr::Expr canonical;
  std::string text;  // canonical print
  db::CandidateOrigin origin = db::CandidateOrigin::Strategy;
  std::string baseline_name;
  std::int64_t proposal_index = 0;
  bool rejected = false;
  std::string reason;
  double penalty = 0;
  db::CandidateStatus status = db::CandidateStatus::Proposed;
  bool proposed = false;          // by the strategy or the list (a baseline may be too): it competes for promotion
  std::map<int, double> fitness;  // by stage
};

using ResultKey = std::tuple<std::int64_t, int, std::uint64_t>;  // candidate, stage, seed

class Campaign {
 public:
  Campaign(const CampaignConfig& config, const RunOptions& options, db::Database db)
      : config_(config), options_(options), db_(std::move(db)), start_(std::chrono::steady_clock::now()) {}

  Expected<RunSummary> run() {
    if (auto ok = open_campaign(); !ok) return fail(ok.error());
    plan_total();
    try {
      if (auto ok = add_baselines(); !ok) return fail(ok.error());
      if (auto ok = search_phase(); !ok) return fail(ok.error());
      if (auto ok = halving_phase(); !ok) return fail(ok.error());
      if (auto ok = final_phase(); !ok) return fail(ok.error());
    } catch (const StorageFailure& e) {
      return fail(std::string("database write failed: ") + e.what());
    }
    if (auto ok = db_.set_campaign_status(summary_.campaign_id, db::CampaignStatus::Done); !ok) return fail(ok.error());
    summary_.database = db_.path();
    summary_.seconds = elapsed();
    summary_.backend = backend_ ? backend_->name() : "none (every result was already stored)";
    return summary_;
  }

 private:
  // ---- campaign record and stored results ------------------------------------------------------

  Expected<void> open_campaign() {
    const std::string hash = hash_text(config_.canonical_text);
    auto existing = db_.find_campaign(config_.name);
    if (!existing) return fail(existing.error());
    if (*existing) {
      if ((*existing)->config_hash != hash) {
        return fail("campaign '" + config_.name + "' already exists in " + db_.path().string() +
                    " with a different configuration; give the campaign a new name or use another database (--db)");
      }
      summary_.campaign_id = (*existing)->id;
      summary_.resumed = true;
      auto requeued = db_.requeue_interrupted(summary_.campaign_id);
      if (!requeued) return fail(requeued.error());
      auto stored = db_.evaluations(summary_.campaign_id);
      if (!stored) return fail(stored.error());
      for (auto& e : *stored) {
        if (e.status == db::EvalStatus::Done || e.status == db::EvalStatus::Diverged ||
            e.status == db::EvalStatus::Failed) {
          stored_[{e.candidate_id, e.stage, e.seed}] = e;
        }
      }
      log("resuming campaign '" + config_.name + "': " + std::to_string(stored_.size()) +
          " finished evaluations stored" + (*requeued > 0 ? ", " + std::to_string(*requeued) + " interrupted" : ""));
    } else {
      auto created = db_.create_campaign(config_.name, config_.text, hash, config_.seed);
      if (!created) return fail(created.error());
      summary_.campaign_id = created->id;
      log("new campaign '" + config_.name + "' in " + db_.path().string());
    }
    return db_.set_campaign_status(summary_.campaign_id, db::CampaignStatus::Running);
  }

  // ---- candidates ------------------------------------------------------------------------------

  // Canonicalises, deduplicates, probes and stores one proposal. Returns the candidate (new or the
  // one it is an alias of) and whether it is new to this campaign.
  Expected<std::pair<Candidate*, bool>> admit(const expr::Expr& proposed, const std::string& text,
                                              db::CandidateOrigin origin, const std::string& baseline_name) {
    const expr::Expr canonical = expr::simplify(proposed);
    const expr::Fingerprint fp = expr::fingerprint(canonical);
    const std::string key = fp.hex();
    if (auto it = by_fingerprint_.find(key); it != by_fingerprint_.end()) {
      Candidate* c = it->second;
      c->proposed = c->proposed || origin != db::CandidateOrigin::Baseline;
      if (auto ok = db_.add_alias(c->id, text); !ok) return fail(ok.error());
      if (!baseline_name.empty() && c->baseline_name.empty()) {
        // A baseline that the strategy had already proposed: it keeps its rank, now marked.
        c->baseline_name = baseline_name;
        c->origin = origin;
        if (auto ok = store_link(*c); !ok) return fail(ok.error());
      }
      ++summary_.duplicates;
      return std::pair{c, false};
    }

    auto owned = std::make_unique<Candidate>();
    Candidate& c = *owned;
    c.canonical = canonical;
    c.text = expr::print(canonical);
    c.origin = origin;
    c.baseline_name = baseline_name;
    c.proposal_index = next_proposal_index_++;
    c.proposed = origin != db::CandidateOrigin::Baseline;

    const ProbeValues probes = compute_probes(canonical);
    if (!fp.finite) {
      c.rejected = true;
      c.reason = "non_finite: not finite at every fingerprint point";
    } else if (fp.constant) {
      c.rejected = true;
      c.reason = "constant: the same value everywhere";
    } else if (baseline_name.empty()) {
      const auto reasons = check_probes(probes, config_.probe_bounds);
      for (const auto& r : reasons) c.reason += (c.reason.empty() ? "" : "; ") + r;
      c.rejected = !reasons.empty();
    }
    c.status = c.rejected ? db::CandidateStatus::Rejected : db::CandidateStatus::Proposed;
    c.penalty = penalty(canonical, probes);
    const Likeness like = likeness_to_known(canonical);

    db::CandidateRecord record;
    record.fingerprint = key;
    record.expr = c.text;
    record.latex = expr::print_latex(canonical);
    record.complexity = canonical.size();
    record.finite = fp.finite;
    record.nearest = like.nearest;
    record.nearest_distance = like.distance;
    auto stored = db_.transaction([&]() -> Expected<void> {
      auto row = db_.upsert_candidate(record);
      if (!row) return fail(row.error());
      c.id = row->id;
      for (const auto& alias : {c.text, text}) {
        if (auto ok = db_.add_alias(c.id, alias); !ok) return ok;
      }
      if (auto ok = db_.set_probes(c.id, probes); !ok) return ok;
      if (auto ok = db_.set_likeness(c.id, like.all); !ok) return ok;
      if (auto ok = store_link(c); !ok) return ok;
      if (c.rejected) {
        db::EvaluationRecord e;
        e.campaign_id = summary_.campaign_id;
        e.candidate_id = c.id;
        e.status = db::EvalStatus::Rejected;
        e.message = c.reason;
        if (auto ok = db_.record_evaluation(e); !ok) return ok;
      }
      return {};
    });
    if (!stored) return fail(stored.error());
    if (c.rejected) {
      ++summary_.rejected;
    } else {
      ++summary_.candidates;
    }
    by_fingerprint_[key] = owned.get();
    candidates_.push_back(std::move(owned));
    return std::pair{&c, true};
  }

  double penalty(const expr::Expr& canonical, const ProbeValues& probes) const {
    double p = config_.regularisers.complexity * canonical.size();
    for (const auto& term : config_.regularisers.probes) {
      for (const auto& [name, value] : probes) {
        if (name != term.probe) continue;
        // A non-finite probe value costs the whole weight times a large distance, never NaN.
        const double distance = std::isfinite(value) ? std::abs(value - term.target) : 1e6;
        p += term.weight * distance;
      }
    }
    return p;
  }

  Expected<void> store_link(const Candidate& c) {
    db::CampaignCandidate link;
    link.campaign_id = summary_.campaign_id;
    link.candidate_id = c.id;
    link.origin = c.origin;
    link.baseline_name = c.baseline_name;
    link.proposal_index = c.proposal_index;
    link.status = c.status;
    link.reject_reason = c.reason;
    link.penalty = c.penalty;
    return db_.upsert_campaign_candidate(link);
  }

  Expected<void> set_status(Candidate& c, db::CandidateStatus status) {
    c.status = status;
    return store_link(c);
  }

  // ---- phases ----------------------------------------------------------------------------------

  Expected<void> add_baselines() {
    for (const auto& name : config_.baselines) {
      const auto* known = expr::find_known(name);
      auto parsed = expr::parse(known->expression);
      if (!parsed) return fail("baseline '" + name + "': " + parsed.error().describe());
      auto admitted =
          admit(*parsed, std::string(known->expression), db::CandidateOrigin::Baseline, std::string(known->name));
      if (!admitted) return fail(admitted.error());
      if (admitted->second) baselines_.push_back(admitted->first);
    }
    return {};
  }

  Expected<void> search_phase() {
    auto strategy = make_strategy(config_);
    const auto& s = config_.strategy;
    const db::CandidateOrigin origin =
        s.kind == StrategyKind::List ? db::CandidateOrigin::List : db::CandidateOrigin::Strategy;
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
        auto admitted = admit(p.expression, p.text, origin, "");
        if (!admitted) return fail(admitted.error());
        per_proposal.push_back(admitted->first);
        if (admitted->second && !admitted->first->rejected) to_train.push_back(admitted->first);
      }
      // The baselines train with the first batch so early progress lines can compare against them.
      if (!baselines_trained) {
        to_train.insert(to_train.begin(), baselines_.begin(), baselines_.end());
        baselines_trained = true;
      }
      accepted += static_cast<int>(
          std::count_if(to_train.begin(), to_train.end(), [](const Candidate* c) { return c->baseline_name.empty(); }));
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
      strategy->observe(batch, fitness);
    }
    if (!baselines_trained) {
      if (auto ok = train_stage(baselines_, 0, rung.seeds, rung.train_examples, rung.epochs, false, "search"); !ok) {
        return ok;
      }
    }
    for (Candidate* b : baselines_) {
      if (auto ok = set_status(*b, db::CandidateStatus::Evaluated); !ok) return ok;
    }
    if (accepted < s.budget) {
      log("the strategy stopped after " + std::to_string(accepted) + " of " + std::to_string(s.budget) +
          " candidates (" +
          (proposals >= max_proposals ? "too many duplicate or rejected proposals" : "the space or list is exhausted") +
          ")");
    }
    searched_ = accepted;
    plan_total();
    return {};
  }

  // Candidates trained at `stage` (not baselines), best first; ties go to the earlier proposal.
  std::vector<Candidate*> ranked_at(int stage) const {
    std::vector<Candidate*> out;
    for (const auto& c : candidates_) {
      if (!c->proposed || c->rejected) continue;
      auto it = c->fitness.find(stage);
      if (it != c->fitness.end() && std::isfinite(it->second)) out.push_back(c.get());
    }
    std::stable_sort(out.begin(), out.end(), [stage](const Candidate* a, const Candidate* b) {
      const double fa = a->fitness.at(stage), fb = b->fitness.at(stage);
      if (fa != fb) return fa > fb;
      return a->proposal_index < b->proposal_index;
    });
    return out;
  }

  // Baselines train at every stage under the same seeds and budget as the candidates.
  void add_baselines_to(std::vector<Candidate*>& pool) const {
    for (Candidate* b : baselines_) {
      if (std::find(pool.begin(), pool.end(), b) == pool.end()) pool.push_back(b);
    }
  }

  Expected<void> halving_phase() {
    const auto& rungs = config_.fidelity.rungs;
    for (int r = 1; r < static_cast<int>(rungs.size()); ++r) {
      auto pool = ranked_at(r - 1);
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

  Expected<void> final_phase() {
    const auto& f = config_.fidelity.final;
    const int last_rung = static_cast<int>(config_.fidelity.rungs.size()) - 1;
    auto pool = ranked_at(last_rung);
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

  // ---- training --------------------------------------------------------------------------------

  Expected<void> train_stage(const std::vector<Candidate*>& candidates, int stage, int seeds,
                             std::size_t train_examples, int epochs, bool test, const std::string& phase) {
    phase_ = phase;
    std::vector<trainer::TrainJob> jobs;
    std::vector<std::pair<Candidate*, std::uint64_t>> owners;
    for (Candidate* c : candidates) {
      for (int i = 0; i < seeds; ++i) {
        const std::uint64_t seed = evaluation_seed(config_.seed, stage, i);
        if (stored_.count({c->id, stage, seed})) {
          ++summary_.evaluations_reused;
          ++progress_.done;
          continue;
        }
        trainer::TrainJob job;
        job.activation = c->canonical;
        job.seed = seed;
        job.epochs = epochs;
        job.train_examples = train_examples;
        job.evaluate_test = test;
        jobs.push_back(job);
        owners.emplace_back(c, seed);
      }
    }
    if (!jobs.empty()) {
      if (auto ok = prepare_training(); !ok) return ok;
      const std::int64_t examples =
          static_cast<std::int64_t>(train_examples ? train_examples : config_.task.training.train_examples);
      const int run_epochs = epochs ? epochs : config_.task.training.epochs;
      auto marked = db_.transaction([&]() -> Expected<void> {
        for (const auto& [c, seed] : owners) {
          db::EvaluationRecord e;
          e.campaign_id = summary_.campaign_id;
          e.candidate_id = c->id;
          e.stage = stage;
          e.seed = seed;
          e.status = db::EvalStatus::Running;
          e.train_examples = examples;
          e.epochs = run_epochs;
          e.device = backend_->name();
          if (auto ok = db_.record_evaluation(e); !ok) return ok;
        }
        return {};
      });
      if (!marked) return fail(marked.error());
      std::mutex mutex;
      backend_->train(config_.task, *dataset_, jobs, [&](std::size_t index, const trainer::TrainResult& result) {
        std::lock_guard lock(mutex);
        auto record = to_record(*owners[index].first, stage, owners[index].second, result, examples, run_epochs);
        if (auto ok = db_.record_evaluation(record); !ok) throw StorageFailure(ok.error());
        stored_[{record.candidate_id, stage, record.seed}] = record;
        ++summary_.evaluations_trained;
        ++progress_.trained;
        ++progress_.done;
        report_progress();
      });
    }
    for (Candidate* c : candidates) {
      c->fitness[stage] = fitness_of(*c, stage, seeds);
      if (c->proposed && stage == 0 && std::isfinite(c->fitness[0]) &&
          (progress_.best_expression.empty() || c->fitness[0] > progress_.best_fitness)) {
        progress_.best_expression = c->text;
        progress_.best_fitness = c->fitness[0];
      }
    }
    report_progress();
    return {};
  }

  // Mean validation accuracy over the stage's seeds, a diverged or failed run counting as 0, minus the
  // penalty; NaN when no run finished.
  double fitness_of(const Candidate& c, int stage, int seeds) const {
    double sum = 0;
    int finished = 0;
    for (int i = 0; i < seeds; ++i) {
      auto it = stored_.find({c.id, stage, evaluation_seed(config_.seed, stage, i)});
      if (it == stored_.end()) continue;
      if (it->second.status == db::EvalStatus::Done && std::isfinite(it->second.val_accuracy)) {
        sum += it->second.val_accuracy;
        ++finished;
      }
    }
    if (finished == 0) return std::nan("");
    return sum / seeds - c.penalty;
  }

  db::EvaluationRecord to_record(const Candidate& c, int stage, std::uint64_t seed, const trainer::TrainResult& r,
                                 std::int64_t examples, int epochs) const {
    db::EvaluationRecord e;
    e.campaign_id = summary_.campaign_id;
    e.candidate_id = c.id;
    e.stage = stage;
    e.seed = seed;
    e.status = r.status == trainer::RunStatus::Ok         ? db::EvalStatus::Done
               : r.status == trainer::RunStatus::Diverged ? db::EvalStatus::Diverged
                                                          : db::EvalStatus::Failed;
    e.train_examples = examples;
    e.epochs = epochs;
    e.val_accuracy = r.val_accuracy;
    e.val_loss = r.val_loss;
    e.train_loss = r.train_loss;
    e.test_accuracy = r.test_accuracy;
    e.test_loss = r.test_loss;
    e.wall_seconds = r.wall_seconds;
    e.steps = r.steps;
    auto finite_or_null = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
    nlohmann::json epochs_json = nlohmann::json::array();
    for (const auto& m : r.epochs) {
      epochs_json.push_back({{"epoch", m.epoch},
                             {"train_loss", finite_or_null(m.train_loss)},
                             {"val_loss", finite_or_null(m.val_loss)},
                             {"val_accuracy", finite_or_null(m.val_accuracy)},
                             {"seconds", m.seconds}});
    }
    e.epoch_metrics_json = epochs_json.dump();
    nlohmann::json params = nlohmann::json::array();
    for (const auto& layer : r.learned_params) {
      nlohmann::json values = nlohmann::json::array();
      for (double v : layer) values.push_back(finite_or_null(v));
      params.push_back(values);
    }
    e.learned_params_json = params.dump();
    e.message = r.message;
    e.device = backend_->name();
    return e;
  }

  Expected<void> prepare_training() {
    if (!dataset_) {
      log("loading data set for task '" + config_.task.name + "'");
      auto data = trainer::load_dataset(config_.task.dataset);
      if (!data) return fail("task '" + config_.task.name + "': " + data.error().describe());
      dataset_ = std::make_unique<trainer::Dataset>(std::move(*data));
    }
    if (!backend_) {
      auto backend = make_backend(config_, options_.log);
      if (!backend) return fail(backend.error());
      backend_ = std::move(*backend);
      log("training on " + backend_->name());
    }
    return {};
  }

  // ---- progress --------------------------------------------------------------------------------

  // Planned evaluations: exact once the search phase is over, an estimate before.
  void plan_total() {
    const auto& rungs = config_.fidelity.rungs;
    const int b = static_cast<int>(config_.baselines.size());
    double pool = searched_ > 0 ? searched_ : config_.strategy.budget;
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

  void report_progress() {
    progress_.elapsed_seconds = elapsed();
    progress_.phase = phase_;
    progress_.total = std::max(progress_.total, progress_.done);
    if (options_.on_progress) options_.on_progress(progress_);
  }

  void log(const std::string& line) const {
    if (options_.log) options_.log(line);
  }

  double elapsed() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

  const CampaignConfig& config_;
  const RunOptions& options_;
  db::Database db_;
  std::chrono::steady_clock::time_point start_;
  RunSummary summary_;
  Progress progress_;
  std::string phase_ = "search";
  int searched_ = 0;
  std::int64_t next_proposal_index_ = 0;
  std::vector<std::unique_ptr<Candidate>> candidates_;
  std::map<std::string, Candidate*> by_fingerprint_;
  std::vector<Candidate*> baselines_;
  std::map<ResultKey, db::EvaluationRecord> stored_;
  std::unique_ptr<trainer::Dataset> dataset_;
  std::unique_ptr<trainer::TrainingBackend> backend_;
};

}  // namespace

Expected<RunSummary> run_campaign(const CampaignConfig& config, const RunOptions& options) {
  const std::filesystem::path file = options.database.value_or(config.database);
  auto database = db::Database::open(file, db::OpenMode::ReadWrite);
  if (!database) return fail(database.error());
  return Campaign(config, options, std::move(*database)).run();
}

}  // namespace actsearch::search
