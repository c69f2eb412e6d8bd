#include "search/campaign/recorder.hpp"

#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "common/hash.hpp"
#include "expr/program.hpp"
#include "probes/learned.hpp"
#include "search/campaign/executor.hpp"
#include "trainer/result_json.hpp"

namespace actsearch::search {
namespace {

db::EvalStatus to_eval_status(trainer::RunStatus status) {
  switch (status) {
    case trainer::RunStatus::Ok: return db::EvalStatus::Done;
    case trainer::RunStatus::Diverged: return db::EvalStatus::Diverged;
    case trainer::RunStatus::Failed: return db::EvalStatus::Failed;
  }
  return db::EvalStatus::Failed;
}

bool finished(db::EvalStatus status) {
  return status == db::EvalStatus::Done || status == db::EvalStatus::Diverged || status == db::EvalStatus::Failed;
}

}  // namespace

db::EvaluationRecord evaluation_record(std::int64_t campaign_id, const PlannedRun& run, const trainer::TrainResult& r,
                                       const trainer::JobBudget& budget, const Placement& where) {
  db::EvaluationRecord e;
  e.campaign_id = campaign_id;
  e.candidate_id = run.candidate->id;
  e.stage = run.stage;
  e.seed = run.seed;
  e.status = to_eval_status(r.status);
  e.train_examples = static_cast<std::int64_t>(budget.train_examples);
  e.epochs = budget.epochs;
  e.val_accuracy = r.val_accuracy;
  e.val_loss = r.val_loss;
  e.train_loss = r.train_loss;
  e.test_accuracy = r.test_accuracy;
  e.test_loss = r.test_loss;
  e.wall_seconds = r.wall_seconds;
  e.steps = r.steps;
  e.epoch_metrics_json = trainer::epochs_to_json(r.epochs).dump();
  e.learned_params_json = trainer::learned_params_to_json(r.learned_params).dump();
  e.message = r.message;
  e.device = where.device;
  e.worker_host = where.host;
  if (where.rank) e.worker_rank = *where.rank;
  return e;
}

CampaignIdentity identity_of(const CampaignConfig& config) {
  return {.name = config.name,
          .text = config.text,
          .resolved = resolved_config(config),
          .folder = config.file.parent_path(),
          .seed = config.seed};
}

Recorder::Recorder(db::Database database, CampaignIdentity identity, LogFn log)
    : db_(std::move(database)), identity_(std::move(identity)), log_(std::move(log)) {}

namespace {

// FNV-1a of the configuration's meaning: a quick identity for people and tools reading the table; the
// resume decision compares the values themselves.
std::string meaning_hash(const ResolvedConfig& resolved) { return hash::fnv1a_hex(meaning_of(resolved).dump()); }

std::string indented(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += "\n  " + l;
  return out;
}

}  // namespace

// What the stored campaign means, read with this release (new keys at their defaults), against the
// file's meaning; then its data against what was loaded.
Expected<void> Recorder::check_resume(const db::CampaignRecord& stored, const trainer::DataFingerprint& data) {
  const std::string what = "campaign '" + identity_.name + "' in " + db_.path().string();
  std::optional<ResolvedConfig> stored_resolved;
  if (!stored.resolved_config.empty()) {
    const auto parsed = ResolvedConfig::parse(stored.resolved_config, nullptr, false);
    if (parsed.is_discarded()) {
      return fail("the stored configuration of " + what + " is not valid JSON; the database was changed by hand");
    }
    auto config = config_from_resolved(parsed, "the stored configuration of " + what);
    if (!config) return fail(config.error());
    stored_resolved = resolved_config(*config);
    if (auto stored_data = data_fingerprint_of(parsed))
      stored_resolved = with_data_fingerprint(*stored_resolved, *stored_data);
  } else {
    // Stored as text by a release before schema 9: its relative paths are those of the file being run.
    const std::string anchor = (identity_.folder / "stored-configuration.yaml").string();
    auto config = parse_campaign_config(stored.config_text, anchor);
    if (!config) {
      return fail(what + " was stored by an earlier release as YAML text that this release cannot resolve from " +
                  (identity_.folder.empty() ? std::string("here") : identity_.folder.string()) + ": " +
                  config.error().describe());
    }
    stored_resolved = resolved_config(*config);
  }
  if (auto differences = meaning_differences(*stored_resolved, identity_.resolved); !differences.empty()) {
    return fail(what + " has a different configuration:" + indented(differences) +
                "\ngive the campaign a new name, use another database (--db), or restore the file");
  }
  if (const auto stored_data = data_fingerprint_of(*stored_resolved)) {
    if (auto differences = data_differences(*stored_data, data); !differences.empty()) {
      const auto& task = identity_.resolved["task"];
      // An external task's "data" is its command and the files it names (a script edited since).
      const bool external = task.contains("external") && task["external"].value("framework", "none") != "none";
      const std::string source = external ? "its command or the files it names changed"
                                          : task["dataset"].value("dir", std::string("generated"));
      return fail(what + " was trained on other data than task '" + task.value("name", "") + "' loads now (" + source +
                  "):" + indented(differences));
    }
  }
  if (stored.resolved_config.empty()) {
    const ResolvedConfig resolved = with_data_fingerprint(identity_.resolved, data);
    if (auto ok = db_.set_campaign_configuration(stored.id, resolved.dump(), meaning_hash(resolved)); !ok) return ok;
    if (log_)
      log_("stored the resolved configuration of campaign '" + identity_.name + "' (written by an earlier release)");
  }
  return {};
}

Expected<void> Recorder::open(const trainer::DataFingerprint& data) {
  auto existing = db_.find_campaign(identity_.name);
  if (!existing) return fail(existing.error());
  if (*existing) {
    if (auto ok = check_resume(**existing, data); !ok) return ok;
    campaign_id_ = (*existing)->id;
    resumed_ = true;
    auto requeued = db_.requeue_interrupted(campaign_id_);
    if (!requeued) return fail(requeued.error());
    auto evaluations = db_.evaluations(campaign_id_);
    if (!evaluations) return fail(evaluations.error());
    for (auto& e : *evaluations) {
      if (finished(e.status)) stored_[{e.candidate_id, e.stage, e.seed}] = e;
    }
    if (log_) {
      log_("resuming campaign '" + identity_.name + "': " + std::to_string(stored_.size()) +
           " finished evaluations stored" + (*requeued > 0 ? ", " + std::to_string(*requeued) + " interrupted" : ""));
    }
  } else {
    const ResolvedConfig resolved = with_data_fingerprint(identity_.resolved, data);
    auto created =
        db_.create_campaign(identity_.name, identity_.text, meaning_hash(resolved), identity_.seed, resolved.dump());
    if (!created) return fail(created.error());
    campaign_id_ = created->id;
    if (log_) log_("new campaign '" + identity_.name + "' in " + db_.path().string());
  }
  return set_status(db::CampaignStatus::Running);
}

Expected<void> Recorder::set_status(db::CampaignStatus status) { return db_.set_campaign_status(campaign_id_, status); }

Expected<void> Recorder::store_function(Candidate& c, const StoredFunction& f) {
  db::CandidateRecord record;
  record.fingerprint = f.fingerprint;
  record.equivalence = f.equivalence;
  record.expr = c.text;
  record.latex = f.latex;
  record.complexity = f.complexity;
  record.finite = f.finite;
  record.nearest = f.likeness.nearest;
  record.nearest_distance = f.likeness.distance;
  auto row = db_.upsert_candidate(record);
  if (!row) return fail(row.error());
  c.id = row->id;
  for (const auto& alias : {c.text, f.proposed_text}) {
    if (auto ok = db_.add_alias(c.id, alias); !ok) return ok;
  }
  if (auto ok = db_.set_probes(c.id, f.probes); !ok) return ok;
  return db_.set_likeness(c.id, f.likeness.all);
}

Expected<void> Recorder::store_new(Candidate& c, const StoredFunction& f) {
  return db_.transaction([&]() -> Expected<void> {
    if (auto ok = store_function(c, f); !ok) return ok;
    if (auto ok = store_link(c); !ok) return ok;
    if (c.rejected) {
      db::EvaluationRecord e;
      e.campaign_id = campaign_id_;
      e.candidate_id = c.id;
      e.status = db::EvalStatus::Rejected;
      e.message = c.reason;
      if (auto ok = db_.record_evaluation(e); !ok) return ok;
    }
    return {};
  });
}

Expected<void> Recorder::store_equivalent(Candidate& c, const StoredFunction& f) {
  if (c.representative == nullptr || c.reflection == expr::Reflection::None) {
    throw std::logic_error("store_equivalent: the candidate is not an equivalent");
  }
  return db_.transaction([&]() -> Expected<void> {
    if (auto ok = store_function(c, f); !ok) return ok;
    db::EquivalentRecord e;
    e.campaign_id = campaign_id_;
    e.candidate_id = c.id;
    e.representative_id = c.representative->id;
    e.reflection = c.reflection == expr::Reflection::Output  ? db::Reflection::NegatedOutput
                   : c.reflection == expr::Reflection::Input ? db::Reflection::NegatedInput
                                                             : db::Reflection::NegatedBoth;
    e.proposal_text = f.proposed_text;
    return db_.add_equivalent(e);
  });
}

Expected<void> Recorder::add_alias(const Candidate& c, const std::string& text) { return db_.add_alias(c.id, text); }

Expected<void> Recorder::store_link(const Candidate& c) {
  db::CampaignCandidate link;
  link.campaign_id = campaign_id_;
  link.candidate_id = c.id;
  link.origin = c.origin;
  link.baseline_name = c.baseline_name;
  link.proposal_index = c.proposal_index;
  link.status = c.status;
  link.reject_reason = c.reason;
  link.penalty = c.penalty;
  return db_.upsert_campaign_candidate(link);
}

Expected<void> Recorder::store_learned_likeness(const Candidate& c) {
  const expr::Program program = expr::Program::compile(c.canonical, {.derivatives = false});
  if (program.num_params() == 0) return {};
  std::vector<db::EvaluationRecord> mine;
  for (const auto& [key, e] : stored_) {
    if (std::get<0>(key) == c.id) mine.push_back(e);
  }
  const probes::LearnedConstants learned = probes::learned_constants(mine, c.id);
  if (learned.per_layer.empty()) return {};
  const probes::LearnedLikeness likeness = probes::learned_likeness(program, learned);
  std::vector<db::LearnedLikenessRecord> layers;
  for (std::size_t l = 0; l < learned.per_layer.size(); ++l) {
    db::LearnedLikenessRecord r;
    r.layer = static_cast<int>(l);
    r.stage = learned.stage;
    r.seeds = learned.seeds;
    nlohmann::json params = nlohmann::json::array();
    for (double v : learned.per_layer[l]) params.push_back(std::isfinite(v) ? nlohmann::json(v) : nlohmann::json());
    r.params_json = params.dump();
    r.nearest = likeness.per_layer[l].nearest;
    r.distance = likeness.per_layer[l].distance;
    layers.push_back(std::move(r));
  }
  return db_.set_learned_likeness(campaign_id_, c.id, layers, likeness.nearest, likeness.distance, likeness.medians);
}

Expected<bool> Recorder::has_stored_runs(const std::string& fingerprint) {
  if (stored_.empty()) return false;
  auto found = db_.find_candidate_by_fingerprint(fingerprint);
  if (!found) return fail(found.error());
  if (!*found) return false;
  const auto it = stored_.lower_bound({(*found)->id, std::numeric_limits<int>::min(), 0});
  return it != stored_.end() && std::get<0>(it->first) == (*found)->id;
}

const db::EvaluationRecord* Recorder::stored(std::int64_t candidate_id, int stage, std::uint64_t seed) const {
  auto it = stored_.find({candidate_id, stage, seed});
  return it == stored_.end() ? nullptr : &it->second;
}

Expected<void> Recorder::mark_running(std::span<const PlannedRun> runs, const trainer::JobBudget& budget,
                                      const std::string& device) {
  return db_.transaction([&]() -> Expected<void> {
    for (const PlannedRun& run : runs) {
      db::EvaluationRecord e;
      e.campaign_id = campaign_id_;
      e.candidate_id = run.candidate->id;
      e.stage = run.stage;
      e.seed = run.seed;
      e.status = db::EvalStatus::Running;
      e.train_examples = static_cast<std::int64_t>(budget.train_examples);
      e.epochs = budget.epochs;
      e.device = device;
      if (auto ok = db_.record_evaluation(e); !ok) return ok;
    }
    return {};
  });
}

Expected<void> Recorder::record(const PlannedRun& run, const trainer::TrainResult& result,
                                const trainer::JobBudget& budget, const Placement& where) {
  db::EvaluationRecord e = evaluation_record(campaign_id_, run, result, budget, where);
  if (auto ok = db_.record_evaluation(e); !ok) return ok;
  stored_[{e.candidate_id, e.stage, e.seed}] = std::move(e);
  return {};
}

}  // namespace actsearch::search
