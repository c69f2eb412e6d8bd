// Per-campaign knowledge about functions that training cannot tell apart (equivalents) and about what
// training made of a candidate's constants (learned_likeness, with the label in campaign_candidates).
#include <fmt/format.h>

#include <cmath>

#include "database_impl.hpp"
#include "db/database.hpp"
#include "row_mapping.hpp"

namespace actsearch::db {
namespace {

constexpr auto kEquivalents =
    rows::mapping<EquivalentRecord>("equivalents", rows::column<&EquivalentRecord::campaign_id>("campaign_id"),
                                    rows::column<&EquivalentRecord::candidate_id>("candidate_id"),
                                    rows::column<&EquivalentRecord::representative_id>("representative_id"),
                                    rows::column<&EquivalentRecord::reflection>("reflection"),
                                    rows::column<&EquivalentRecord::proposal_text>("proposal_text"));

constexpr auto kLearned = rows::mapping<LearnedLikenessRecord>(
    "learned_likeness", rows::column<&LearnedLikenessRecord::campaign_id>("campaign_id"),
    rows::column<&LearnedLikenessRecord::candidate_id>("candidate_id"),
    rows::column<&LearnedLikenessRecord::layer>("layer"), rows::column<&LearnedLikenessRecord::stage>("stage"),
    rows::column<&LearnedLikenessRecord::seeds>("seeds"), rows::column<&LearnedLikenessRecord::params_json>("params"),
    rows::nullable_text<&LearnedLikenessRecord::nearest>("nearest"),
    rows::column<&LearnedLikenessRecord::distance>("distance"));

}  // namespace

Expected<void> Database::add_equivalent(const EquivalentRecord& equivalent) {
  Impl& impl = *impl_;
  static const std::string sql =
      kEquivalents.insert(fmt::format("ON CONFLICT (campaign_id, candidate_id) DO UPDATE SET {}",
                                      kEquivalents.update_from_excluded({"campaign_id", "candidate_id"})));
  auto stmt = impl.prepare(sql);
  if (!stmt) return Unexpected{stmt.error()};
  sqlite::Cursor cursor(*stmt);
  kEquivalents.bind_written(cursor, equivalent);
  return run(impl, cursor,
             fmt::format("add_equivalent (campaign {}, candidate {} as {} of candidate {})", equivalent.campaign_id,
                         equivalent.candidate_id, to_string(equivalent.reflection), equivalent.representative_id));
}

Expected<std::vector<EquivalentRecord>> Database::equivalents(std::int64_t campaign_id,
                                                              std::int64_t representative_id) {
  return rows::read_all(
      *impl_, kEquivalents,
      kEquivalents.select("WHERE campaign_id = ?1 AND (?2 = 0 OR representative_id = ?2) ORDER BY candidate_id"),
      "equivalents", [&](sqlite::Cursor& c) { c.bind(1, campaign_id).bind(2, representative_id); });
}

Expected<void> Database::set_learned_likeness(std::int64_t campaign_id, std::int64_t candidate_id,
                                              const std::vector<LearnedLikenessRecord>& layers,
                                              const std::string& nearest, double distance,
                                              const std::vector<KnownDistance>& distances) {
  Impl& impl = *impl_;
  return transaction([&]() -> Expected<void> {
    auto label = impl.prepare(
        "UPDATE campaign_candidates SET learned_nearest = ?3, learned_distance = ?4 "
        "WHERE campaign_id = ?1 AND candidate_id = ?2");
    if (!label) return Unexpected{label.error()};
    {
      sqlite::Cursor cursor(*label);
      cursor.bind(1, campaign_id).bind(2, candidate_id).bind_text_or_null(3, nearest).bind(4, distance);
      if (auto ok = run(impl, cursor, "set_learned_likeness"); !ok) return ok;
      if (sqlite3_changes(impl.db()) == 0) {
        return impl.error("set_learned_likeness",
                          fmt::format("campaign {} holds no candidate {}", campaign_id, candidate_id));
      }
    }
    for (const char* table : {"learned_likeness", "learned_distances"}) {
      auto erase = impl.prepare(fmt::format("DELETE FROM {} WHERE campaign_id = ?1 AND candidate_id = ?2", table));
      if (!erase) return Unexpected{erase.error()};
      sqlite::Cursor cursor(*erase);
      cursor.bind(1, campaign_id).bind(2, candidate_id);
      if (auto ok = run(impl, cursor, fmt::format("set_learned_likeness: replace the {} rows", table)); !ok) return ok;
    }
    auto insert_distance = impl.prepare(
        "INSERT INTO learned_distances (campaign_id, candidate_id, known, distance) VALUES (?1, ?2, ?3, ?4)");
    if (!insert_distance) return Unexpected{insert_distance.error()};
    for (const KnownDistance& d : distances) {
      if (!std::isfinite(d.distance)) continue;
      sqlite::Cursor cursor(*insert_distance);
      cursor.bind(1, campaign_id).bind(2, candidate_id).bind(3, d.known).bind(4, d.distance);
      if (auto ok =
              run(impl, cursor, fmt::format("store the learned distance of candidate {} to {}", candidate_id, d.known));
          !ok) {
        return ok;
      }
    }
    static const std::string sql = kLearned.insert();
    auto insert = impl.prepare(sql);
    if (!insert) return Unexpected{insert.error()};
    for (LearnedLikenessRecord layer : layers) {
      layer.campaign_id = campaign_id;
      layer.candidate_id = candidate_id;
      sqlite::Cursor cursor(*insert);
      kLearned.bind_written(cursor, layer);
      if (auto ok = run(impl, cursor,
                        fmt::format("store the learned likeness of candidate {}, layer {}", candidate_id, layer.layer));
          !ok) {
        return ok;
      }
    }
    return {};
  });
}

Expected<std::vector<LearnedLikenessRecord>> Database::learned_likeness(std::int64_t campaign_id,
                                                                        std::int64_t candidate_id) {
  return rows::read_all(*impl_, kLearned,
                        kLearned.select("WHERE campaign_id = ?1 AND candidate_id = ?2 ORDER BY layer"),
                        "learned_likeness", [&](sqlite::Cursor& c) { c.bind(1, campaign_id).bind(2, candidate_id); });
}

Expected<std::vector<KnownDistance>> Database::learned_distances(std::int64_t campaign_id, std::int64_t candidate_id) {
  Impl& impl = *impl_;
  auto stmt = impl.prepare(
      "SELECT known, distance FROM learned_distances WHERE campaign_id = ?1 AND candidate_id = ?2 ORDER BY known");
  if (!stmt) return Unexpected{stmt.error()};
  sqlite::Cursor cursor(*stmt);
  cursor.bind(1, campaign_id).bind(2, candidate_id);
  std::vector<KnownDistance> out;
  int rc;
  while ((rc = cursor.step()) == SQLITE_ROW) out.push_back(KnownDistance{cursor.text(0), cursor.real(1)});
  if (rc != SQLITE_DONE) return impl.error("learned_distances");
  return out;
}

}  // namespace actsearch::db
