// The evaluations table: one row per training run (campaign, candidate, stage, seed), its outcome and
// measurements.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "database_impl.hpp"
#include "db/database.hpp"
#include "row_mapping.hpp"

namespace actsearch::db {
namespace {

using E = EvaluationRecord;
constexpr auto kEvaluations =
    rows::mapping<E>("evaluations", rows::generated<&E::id>("id"), rows::column<&E::campaign_id>("campaign_id"),
                     rows::column<&E::candidate_id>("candidate_id"), rows::column<&E::stage>("stage"),
                     rows::column<&E::seed>("seed"), rows::column<&E::status>("status"),
                     rows::column<&E::train_examples>("train_examples"), rows::column<&E::epochs>("epochs"),
                     rows::column<&E::val_accuracy>("val_accuracy"), rows::column<&E::val_loss>("val_loss"),
                     rows::column<&E::train_loss>("train_loss"), rows::column<&E::test_accuracy>("test_accuracy"),
                     rows::column<&E::test_loss>("test_loss"), rows::column<&E::wall_seconds>("wall_seconds"),
                     rows::column<&E::steps>("steps"), rows::column<&E::epoch_metrics_json>("epoch_metrics"),
                     rows::column<&E::learned_params_json>("learned_params"), rows::column<&E::message>("message"),
                     rows::column<&E::device>("device"), rows::nullable_text<&E::worker_host>("worker_host"),
                     rows::column<&E::worker_rank>("worker_rank"), rows::generated<&E::updated_at>("updated_at"));

Expected<void> validate_json(const Database::Impl& impl, const std::string& text, std::string_view field) {
  if (!nlohmann::json::accept(text)) {
    return impl.error("record_evaluation", fmt::format("{} is not valid JSON: '{}'", field, text));
  }
  return {};
}

}  // namespace

Expected<void> Database::record_evaluation(const EvaluationRecord& e) {
  Impl& impl = *impl_;
  if (auto ok = validate_json(impl, e.epoch_metrics_json, "epoch_metrics_json"); !ok) return ok;
  if (auto ok = validate_json(impl, e.learned_params_json, "learned_params_json"); !ok) return ok;
  // An upsert rather than INSERT OR REPLACE: REPLACE deletes and re-inserts, giving the row a new id.
  // updated_at takes its default on insert.
  // Built once: the text is the statement cache's key, and a campaign records every result through it.
  static const std::string sql = kEvaluations.insert(
      fmt::format("ON CONFLICT (campaign_id, candidate_id, stage, seed) DO UPDATE SET {}, updated_at = {}",
                  kEvaluations.update_from_excluded({"campaign_id", "candidate_id", "stage", "seed"}), sqlite::kNow));
  auto stmt = impl.prepare(sql);
  if (!stmt) return Unexpected{stmt.error()};
  sqlite::Cursor cursor(*stmt);
  kEvaluations.bind_written(cursor, e);
  return run(impl, cursor,
             fmt::format("record_evaluation (campaign {}, candidate {}, stage {}, seed {})", e.campaign_id,
                         e.candidate_id, e.stage, e.seed));
}

Expected<std::optional<EvaluationRecord>> Database::find_evaluation(std::int64_t campaign_id, std::int64_t candidate_id,
                                                                    int stage, std::uint64_t seed) {
  return rows::first(rows::read_all(
      *impl_, kEvaluations,
      kEvaluations.select("WHERE campaign_id = ?1 AND candidate_id = ?2 AND stage = ?3 AND seed = ?4"),
      "find_evaluation",
      [&](sqlite::Cursor& c) { c.bind(1, campaign_id).bind(2, candidate_id).bind(3, stage).bind(4, seed); }));
}

Expected<std::vector<EvaluationRecord>> Database::evaluations(std::int64_t campaign_id) {
  return rows::read_all(*impl_, kEvaluations, kEvaluations.select("WHERE campaign_id = ?1 ORDER BY id"), "evaluations",
                        [&](sqlite::Cursor& c) { c.bind(1, campaign_id); });
}

Expected<std::vector<EvaluationRecord>> Database::candidate_evaluations(std::int64_t candidate_id) {
  return rows::read_all(*impl_, kEvaluations, kEvaluations.select("WHERE candidate_id = ?1 ORDER BY id"),
                        "candidate_evaluations", [&](sqlite::Cursor& c) { c.bind(1, candidate_id); });
}

Expected<int> Database::requeue_interrupted(std::int64_t campaign_id) {
  Impl& impl = *impl_;
  auto stmt = impl.prepare(
      fmt::format("UPDATE evaluations SET status = '{}', updated_at = {} WHERE campaign_id = ?1 AND status = '{}'",
                  to_string(EvalStatus::Queued), sqlite::kNow, to_string(EvalStatus::Running)));
  if (!stmt) return Unexpected{stmt.error()};
  sqlite::Cursor cursor(*stmt);
  cursor.bind(1, campaign_id);
  if (auto ok = run(impl, cursor, "requeue_interrupted"); !ok) return Unexpected{ok.error()};
  return sqlite3_changes(impl.db());
}

}  // namespace actsearch::db
