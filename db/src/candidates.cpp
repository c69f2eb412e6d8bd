// What is known about a function regardless of campaign: the candidates table (one row per fingerprint)
// and its child tables aliases, probes and likeness.
#include <fmt/format.h>

#include <utility>

#include "database_impl.hpp"
#include "db/database.hpp"
#include "row_mapping.hpp"

namespace actsearch::db {
namespace {

using NamedValue = std::pair<std::string, double>;

constexpr auto kCandidates = rows::mapping<CandidateRecord>(
    "candidates", rows::generated<&CandidateRecord::id>("id"),
    rows::column<&CandidateRecord::fingerprint>("fingerprint"), rows::column<&CandidateRecord::expr>("expr"),
    rows::column<&CandidateRecord::latex>("latex"), rows::column<&CandidateRecord::complexity>("complexity"),
    rows::column<&CandidateRecord::finite>("finite"), rows::nullable_text<&CandidateRecord::nearest>("nearest"),
    rows::column<&CandidateRecord::nearest_distance>("nearest_distance"));

struct Alias {
  std::string text;
};
constexpr auto kAliases = rows::mapping<Alias>("aliases", rows::column<&Alias::text>("text"));

constexpr auto kProbes = rows::mapping<NamedValue>("probes", rows::column<&NamedValue::first>("name"),
                                                   rows::column<&NamedValue::second>("value"));
constexpr auto kLikeness = rows::mapping<NamedValue>("likeness", rows::column<&NamedValue::first>("known"),
                                                     rows::column<&NamedValue::second>("distance"));

// Replaces all (name, value) rows of one candidate in a two-column child table.
template <std::size_t N>
Expected<void> replace_pairs(Database& database, Database::Impl& impl, const rows::RowMapping<NamedValue, N>& map,
                             std::int64_t candidate_id, const std::vector<NamedValue>& values) {
  return database.transaction([&]() -> Expected<void> {
    auto erase = impl.prepare(fmt::format("DELETE FROM {} WHERE candidate_id = ?1", map.table));
    if (!erase) return Unexpected{erase.error()};
    {
      sqlite::Cursor cursor(*erase);
      cursor.bind(1, candidate_id);
      if (auto ok = run(impl, cursor, fmt::format("replace the {} of candidate {}", map.table, candidate_id)); !ok) {
        return ok;
      }
    }
    auto insert = impl.prepare(map.insert_child("candidate_id"));
    if (!insert) return Unexpected{insert.error()};
    for (const NamedValue& value : values) {
      sqlite::Cursor cursor(*insert);
      cursor.bind(1, candidate_id);
      map.bind_written(cursor, value, 2);
      if (auto ok =
              run(impl, cursor, fmt::format("store {} '{}' of candidate {}", map.table, value.first, candidate_id));
          !ok) {
        return ok;
      }
    }
    return {};
  });
}

}  // namespace

Expected<CandidateRecord> Database::upsert_candidate(const CandidateRecord& candidate) {
  Impl& impl = *impl_;
  if (candidate.fingerprint.empty()) return impl.error("upsert_candidate", "the fingerprint is empty");
  // Built once: the texts are the statement cache's keys, and these calls are on the campaign's hot path.
  static const std::string sql = kCandidates.insert("ON CONFLICT (fingerprint) DO NOTHING");
  auto stmt = impl.prepare(sql);
  if (!stmt) return Unexpected{stmt.error()};
  {
    sqlite::Cursor cursor(*stmt);
    kCandidates.bind_written(cursor, candidate);
    if (auto ok = run(impl, cursor, fmt::format("upsert_candidate '{}'", candidate.expr)); !ok) {
      return Unexpected{ok.error()};
    }
  }
  auto found = find_candidate_by_fingerprint(candidate.fingerprint);
  if (!found) return Unexpected{found.error()};
  if (!*found) return impl.error("upsert_candidate", "the candidate cannot be read back");
  if (!candidate.equivalence.empty()) {
    // Also fills in the key of a row stored before keys existed (schema version 6).
    auto key = impl.prepare("UPDATE candidates SET equivalence = ?2 WHERE id = ?1 AND equivalence IS NULL");
    if (!key) return Unexpected{key.error()};
    sqlite::Cursor cursor(*key);
    cursor.bind(1, (*found)->id).bind(2, candidate.equivalence);
    if (auto ok = run(impl, cursor, fmt::format("store the equivalence key of '{}'", candidate.expr)); !ok) {
      return Unexpected{ok.error()};
    }
  }
  return std::move(**found);
}

Expected<std::optional<CandidateRecord>> Database::find_candidate(std::int64_t id) {
  return rows::first(rows::read_all(*impl_, kCandidates, kCandidates.select("WHERE id = ?1"), "find_candidate",
                                    [&](sqlite::Cursor& c) { c.bind(1, id); }));
}

Expected<std::optional<CandidateRecord>> Database::find_candidate_by_fingerprint(const std::string& fingerprint) {
  static const std::string sql = kCandidates.select("WHERE fingerprint = ?1");
  return rows::first(rows::read_all(*impl_, kCandidates, sql, "find_candidate_by_fingerprint",
                                    [&](sqlite::Cursor& c) { c.bind(1, fingerprint); }));
}

Expected<void> Database::set_nearest(std::int64_t candidate_id, const std::string& nearest, double distance) {
  Impl& impl = *impl_;
  auto stmt = impl.prepare("UPDATE candidates SET nearest = ?2, nearest_distance = ?3 WHERE id = ?1");
  if (!stmt) return Unexpected{stmt.error()};
  sqlite::Cursor cursor(*stmt);
  cursor.bind(1, candidate_id).bind_text_or_null(2, nearest).bind(3, distance);
  if (auto ok = run(impl, cursor, "set_nearest"); !ok) return ok;
  if (sqlite3_changes(impl.db()) == 0) {
    return impl.error("set_nearest", fmt::format("no candidate with id {}", candidate_id));
  }
  return {};
}

// --- aliases

Expected<void> Database::add_alias(std::int64_t candidate_id, const std::string& text) {
  Impl& impl = *impl_;
  static const std::string sql = kAliases.insert_child("candidate_id", "ON CONFLICT DO NOTHING");
  auto stmt = impl.prepare(sql);
  if (!stmt) return Unexpected{stmt.error()};
  sqlite::Cursor cursor(*stmt);
  cursor.bind(1, candidate_id);
  kAliases.bind_written(cursor, Alias{text}, 2);
  return run(impl, cursor, fmt::format("add_alias '{}' to candidate {}", text, candidate_id));
}

Expected<std::vector<std::string>> Database::aliases(std::int64_t candidate_id) {
  auto found = rows::read_all(*impl_, kAliases, kAliases.select("WHERE candidate_id = ?1 ORDER BY rowid"), "aliases",
                              [&](sqlite::Cursor& c) { c.bind(1, candidate_id); });
  if (!found) return Unexpected{found.error()};
  std::vector<std::string> out;
  out.reserve(found->size());
  for (Alias& a : *found) out.push_back(std::move(a.text));
  return out;
}

// --- probes and likeness

Expected<void> Database::set_probes(std::int64_t candidate_id, const std::vector<NamedValue>& values) {
  return replace_pairs(*this, *impl_, kProbes, candidate_id, values);
}

Expected<std::vector<NamedValue>> Database::probes(std::int64_t candidate_id) {
  return rows::read_all(*impl_, kProbes, kProbes.select("WHERE candidate_id = ?1 ORDER BY name"), "probes",
                        [&](sqlite::Cursor& c) { c.bind(1, candidate_id); });
}

Expected<void> Database::set_likeness(std::int64_t candidate_id, const std::vector<NamedValue>& distances) {
  return replace_pairs(*this, *impl_, kLikeness, candidate_id, distances);
}

Expected<std::vector<NamedValue>> Database::likeness(std::int64_t candidate_id) {
  return rows::read_all(*impl_, kLikeness,
                        kLikeness.select("WHERE candidate_id = ?1 ORDER BY distance IS NULL, distance, known"),
                        "likeness", [&](sqlite::Cursor& c) { c.bind(1, candidate_id); });
}

}  // namespace actsearch::db
