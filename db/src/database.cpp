#include "db/database.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <system_error>
#include <utility>

#include "database_impl.hpp"
#include "schema.hpp"

namespace actsearch::db {

using sqlite::Cursor;

// ---------------------------------------------------------------------------------------------- Impl

Unexpected Database::Impl::error(std::string_view what) const {
  return error(what, db() != nullptr ? sqlite3_errmsg(db()) : "no connection");
}

Unexpected Database::Impl::error(std::string_view what, std::string_view detail) const {
  return fail(fmt::format("{}: {}", what, detail), Location{path.string(), 0, 0, {}});
}

Expected<sqlite3_stmt*> Database::Impl::prepare(std::string_view sql) {
  std::string key(sql);
  if (auto it = statements.find(key); it != statements.end()) return it->second.get();
  sqlite3_stmt* raw = nullptr;
  const int rc =
      sqlite3_prepare_v3(db(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  sqlite::StatementHandle stmt(raw);
  if (rc != SQLITE_OK) return error(fmt::format("cannot prepare '{}'", sql));
  sqlite3_stmt* result = stmt.get();
  statements.emplace(std::move(key), std::move(stmt));
  return result;
}

Expected<void> Database::Impl::execute(std::string_view sql, std::string_view what) {
  const std::string text(sql);
  char* message = nullptr;
  const int rc = sqlite3_exec(db(), text.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return {};
  std::string detail = message != nullptr ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return error(what, detail);
}

namespace {

// Steps a statement that returns no rows (or whose rows are not needed) to its end.
Expected<void> run(Database::Impl& impl, Cursor& cursor, std::string_view what) {
  int rc;
  while ((rc = cursor.step()) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) return impl.error(what);
  return {};
}

// The single integer that a pragma or aggregate query returns.
Expected<std::int64_t> query_integer(Database::Impl& impl, std::string_view sql, std::string_view what) {
  auto stmt = impl.prepare(sql);
  if (!stmt) return Unexpected{stmt.error()};
  Cursor cursor(*stmt);
  const int rc = cursor.step();
  if (rc == SQLITE_ROW) return cursor.integer(0);
  if (rc == SQLITE_DONE) return impl.error(what, "no result");
  return impl.error(what);
}

Expected<void> validate_json(const Database::Impl& impl, const std::string& text, std::string_view field) {
  if (!nlohmann::json::accept(text)) {
    return impl.error("record_evaluation", fmt::format("{} is not valid JSON: '{}'", field, text));
  }
  return {};
}

// Applies the migration steps after `from` up to `target`, each in its own transaction, so that a failing
// step leaves the database at the last good version.
Expected<int> migrate(Database::Impl& impl, int from, int target) {
  int version = from;
  for (const schema::Migration& step : schema::migrations()) {
    if (step.version <= version) continue;
    if (step.version > target) break;
    if (auto begun = impl.execute("BEGIN IMMEDIATE", "begin the schema migration"); !begun) {
      return Unexpected{begun.error()};
    }
    // Another writer may have migrated between our check and the lock.
    auto current = query_integer(impl, "PRAGMA user_version", "read the schema version");
    if (!current) {
      (void)impl.execute("ROLLBACK", "roll back");
      return Unexpected{current.error()};
    }
    if (*current >= step.version) {
      version = static_cast<int>(*current);
      (void)impl.execute("COMMIT", "commit");
      continue;
    }
    auto applied =
        impl.execute(step.sql, fmt::format("migration to schema version {} ({})", step.version, step.description));
    if (applied) {
      applied = impl.execute(fmt::format("PRAGMA user_version = {}", step.version), "set the schema version");
    }
    if (applied) applied = impl.execute("COMMIT", "commit the schema migration");
    if (!applied) {
      if (!sqlite3_get_autocommit(impl.db())) (void)impl.execute("ROLLBACK", "roll back");
      return Unexpected{applied.error()};
    }
    version = step.version;
  }
  return version;
}

Expected<std::unique_ptr<Database::Impl>> open_impl(const std::filesystem::path& file, OpenMode mode,
                                                    int target_version) {
  auto impl = std::make_unique<Database::Impl>();
  impl->path = file;
  impl->mode = mode;
  const Location where{file.string(), 0, 0, {}};

  std::error_code ec;
  const bool exists = std::filesystem::exists(file, ec);
  // A symlink loop or an unsearchable folder: say so, rather than "no such file" or SQLite's vaguer words.
  if (ec) return fail("cannot access the database file: " + ec.message(), where);
  if (mode == OpenMode::ReadOnly && !exists)
    return fail("no such database file (a read-only open never creates one)", where);
  if (exists && !std::filesystem::is_regular_file(file, ec)) return fail("not a regular file", where);

  // NOMUTEX: a Database is used by one thread at a time (documented), so SQLite's per-call locking is waste.
  const int flags = (mode == OpenMode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX;
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  impl->connection.reset(raw);
  if (rc != SQLITE_OK) {
    return fail(fmt::format("cannot open database: {}", raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)),
                where);
  }
  sqlite3_extended_result_codes(impl->db(), 1);
  // A reader that arrives during a checkpoint waits instead of failing.
  sqlite3_busy_timeout(impl->db(), 10'000);
  if (mode == OpenMode::ReadWrite && sqlite3_db_readonly(impl->db(), "main") == 1) {
    return fail("database file is read-only (no write permission); open it read-only to inspect it", where);
  }
  if (mode == OpenMode::ReadWrite) {
    // SQLite writes the WAL and its index next to the database: without write access to them, the first
    // write would fail deep inside a campaign ("attempt to write a readonly database").
    const std::filesystem::path folder = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    for (const char* suffix : {"-wal", "-shm"}) {
      const std::filesystem::path side = file.string() + suffix;
      const bool writable =
          std::filesystem::exists(side, ec) ? ::access(side.c_str(), W_OK) == 0 : ::access(folder.c_str(), W_OK) == 0;
      if (!writable) {
        return fail(fmt::format("cannot write {}, which SQLite keeps next to the database; is the folder read-only?",
                                side.string()),
                    where);
      }
    }
  }

  // Everything up to the version check only reads, so a file that is not ours, is corrupt, or is newer
  // than this program is left exactly as it was.
  auto version = query_integer(*impl, "PRAGMA user_version", "read the schema version");
  if (!version) {
    const int code = sqlite3_extended_errcode(impl->db());
    if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
      return fail(fmt::format("not a SQLite database, or corrupt ({})", sqlite3_errmsg(impl->db())), where);
    }
    // SQLite keeps the WAL and its index next to the database; it cannot create them in a read-only folder.
    if ((code & 0xff) == SQLITE_READONLY || (code & 0xff) == SQLITE_CANTOPEN) {
      return fail(fmt::format("cannot use the database ({}): SQLite must create or write its -wal and -shm files "
                              "next to it; is the folder read-only?",
                              sqlite3_errmsg(impl->db())),
                  where);
    }
    return Unexpected{version.error()};
  }
  auto application_id = query_integer(*impl, "PRAGMA application_id", "read the application id");
  if (!application_id) return Unexpected{application_id.error()};
  auto objects = query_integer(*impl, "SELECT count(*) FROM sqlite_schema", "read the schema");
  if (!objects) return Unexpected{objects.error()};

  const int latest = Database::latest_schema_version();
  if (*version > latest) {
    return fail(fmt::format("schema version {} is newer than this program supports (version {}); use a newer "
                            "actsearch. The file was not modified.",
                            *version, latest),
                where);
  }
  if ((*version > 0 && *application_id != schema::kApplicationId) || (*version == 0 && *objects > 0)) {
    return fail("not an actsearch database (another program's SQLite file); it was not modified", where);
  }

  if (mode == OpenMode::ReadOnly) {
    if (*version < latest) {
      return fail(fmt::format("schema version {} is older than this program's ({}); open it read-write once to "
                              "upgrade it",
                              *version, latest),
                  where);
    }
    impl->version = static_cast<int>(*version);
    if (auto ok = impl->execute("PRAGMA query_only = ON", "configure the connection"); !ok)
      return Unexpected{ok.error()};
    return impl;
  }

  // WAL lets readers run next to the writer; with synchronous=NORMAL a commit survives the process being
  // killed (only an OS crash can lose the latest commits), at a fraction of the cost of FULL.
  auto mode_row = impl->prepare("PRAGMA journal_mode = WAL");
  if (!mode_row) return Unexpected{mode_row.error()};
  {
    Cursor cursor(*mode_row);
    if (cursor.step() != SQLITE_ROW) return impl->error("switch to WAL mode");
    if (cursor.text(0) != "wal") {
      return impl->error("switch to WAL mode", fmt::format("journal mode is '{}'", cursor.text(0)));
    }
  }
  if (auto ok = impl->execute("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;", "configure the connection");
      !ok) {
    return Unexpected{ok.error()};
  }
  // Test-only: caps the file at this many pages, so that a test can fill "the disk" (SQLite answers
  // SQLITE_FULL, exactly as on ENOSPC) without a small filesystem, which needs root to mount.
  if (const char* pages = std::getenv("ACTSEARCH_TEST_DB_MAX_PAGES"); pages != nullptr && *pages != '\0') {
    if (auto ok = impl->execute(fmt::format("PRAGMA max_page_count = {}", std::strtoll(pages, nullptr, 10)),
                                "cap the page count");
        !ok) {
      return Unexpected{ok.error()};
    }
  }
  auto migrated = migrate(*impl, static_cast<int>(*version), target_version);
  if (!migrated) return Unexpected{migrated.error()};
  impl->version = *migrated;
  return impl;
}

// Column list shared by the evaluation queries (order matters for read_evaluation).
constexpr std::string_view kEvaluationColumns =
    "id, campaign_id, candidate_id, stage, seed, status, train_examples, epochs, val_accuracy, val_loss, "
    "train_loss, test_accuracy, test_loss, wall_seconds, steps, epoch_metrics, learned_params, message, device, "
    "updated_at";

EvaluationRecord read_evaluation(const Cursor& c) {
  EvaluationRecord e;
  e.id = c.integer(0);
  e.campaign_id = c.integer(1);
  e.candidate_id = c.integer(2);
  e.stage = static_cast<int>(c.integer(3));
  e.seed = static_cast<std::uint64_t>(c.integer(4));
  // The CHECK constraint admits only known spellings.
  e.status = parse_eval_status(c.text(5)).value_or(EvalStatus::Failed);
  e.train_examples = c.integer(6);
  e.epochs = static_cast<int>(c.integer(7));
  e.val_accuracy = c.real(8);
  e.val_loss = c.real(9);
  e.train_loss = c.real(10);
  e.test_accuracy = c.real(11);
  e.test_loss = c.real(12);
  e.wall_seconds = c.real(13);
  e.steps = c.integer(14);
  e.epoch_metrics_json = c.text(15);
  e.learned_params_json = c.text(16);
  e.message = c.text(17);
  e.device = c.text(18);
  e.updated_at = c.text(19);
  return e;
}

constexpr std::string_view kCandidateColumns =
    "id, fingerprint, expr, latex, complexity, finite, nearest, nearest_distance";

CandidateRecord read_candidate(const Cursor& c) {
  CandidateRecord r;
  r.id = c.integer(0);
  r.fingerprint = c.text(1);
  r.expr = c.text(2);
  r.latex = c.text(3);
  r.complexity = static_cast<int>(c.integer(4));
  r.finite = c.integer(5) != 0;
  r.nearest = c.text(6);
  r.nearest_distance = c.real(7);
  return r;
}

constexpr std::string_view kCampaignColumns =
    "id, name, config_text, config_hash, seed, status, created_at, updated_at";

CampaignRecord read_campaign(const Cursor& c) {
  CampaignRecord r;
  r.id = c.integer(0);
  r.name = c.text(1);
  r.config_text = c.text(2);
  r.config_hash = c.text(3);
  r.seed = static_cast<std::uint64_t>(c.integer(4));
  r.status = c.text(5);
  r.created_at = c.text(6);
  r.updated_at = c.text(7);
  return r;
}

// Runs a query and collects one value per row.
template <class T, class Read, class Bind>
Expected<std::vector<T>> collect(Database::Impl& impl, std::string_view sql, std::string_view what, Bind&& bind,
                                 Read&& read) {
  auto stmt = impl.prepare(sql);
  if (!stmt) return Unexpected{stmt.error()};
  Cursor cursor(*stmt);
  bind(cursor);
  std::vector<T> out;
  int rc;
  while ((rc = cursor.step()) == SQLITE_ROW) out.push_back(read(cursor));
  if (rc != SQLITE_DONE) return impl.error(what);
  return out;
}

template <class T>
Expected<std::optional<T>> first(Expected<std::vector<T>> rows) {
  if (!rows) return Unexpected{rows.error()};
  if (rows->empty()) return std::optional<T>{};
  return std::optional<T>{std::move(rows->front())};
}

}  // namespace

// ---------------------------------------------------------------------------------------------- Database

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

Expected<Database> Database::open(const std::filesystem::path& file, OpenMode mode) {
  auto impl = open_impl(file, mode, latest_schema_version());
  if (!impl) return Unexpected{impl.error()};
  return Database(std::move(*impl));
}

Expected<Database> Database::open_at_version_for_testing(const std::filesystem::path& file, int version) {
  if (version < 0 || version > latest_schema_version()) {
    return fail(fmt::format("no schema version {}", version), Location{file.string(), 0, 0, {}});
  }
  auto impl = open_impl(file, OpenMode::ReadWrite, version);
  if (!impl) return Unexpected{impl.error()};
  return Database(std::move(*impl));
}

int Database::schema_version() const { return impl_->version; }
int Database::latest_schema_version() { return schema::migrations().back().version; }
const std::filesystem::path& Database::path() const { return impl_->path; }
OpenMode Database::mode() const { return impl_->mode; }

Expected<void> Database::transaction(const std::function<Expected<void>()>& fn) {
  Impl& impl = *impl_;
  if (impl.mode == OpenMode::ReadOnly) return impl.error("transaction", "the database was opened read-only");
  const bool outer = impl.transaction_depth == 0 && sqlite3_get_autocommit(impl.db());
  const std::string savepoint = fmt::format("nested_{}", impl.transaction_depth);
  // IMMEDIATE takes the write lock up front, so a transaction never fails half-way with SQLITE_BUSY.
  if (auto begun = impl.execute(outer ? "BEGIN IMMEDIATE" : "SAVEPOINT " + savepoint, "begin a transaction"); !begun) {
    return begun;
  }
  auto rollback = [&] {
    if (outer) {
      // Some errors (disk full, I/O) already rolled the transaction back.
      if (!sqlite3_get_autocommit(impl.db())) (void)impl.execute("ROLLBACK", "roll back");
    } else {
      (void)impl.execute("ROLLBACK TO " + savepoint + "; RELEASE " + savepoint, "roll back a savepoint");
    }
  };
  ++impl.transaction_depth;
  Expected<void> result;
  try {
    result = fn();
  } catch (...) {
    --impl.transaction_depth;
    rollback();
    throw;
  }
  --impl.transaction_depth;
  if (!result) {
    rollback();
    return result;
  }
  if (auto committed = impl.execute(outer ? "COMMIT" : "RELEASE " + savepoint, "commit a transaction"); !committed) {
    rollback();
    return committed;
  }
  return {};
}

// --- campaigns

Expected<CampaignRecord> Database::create_campaign(const std::string& name, const std::string& config_text,
                                                   const std::string& config_hash, std::uint64_t seed) {
  Impl& impl = *impl_;
  auto stmt = impl.prepare("INSERT INTO campaigns (name, config_text, config_hash, seed) VALUES (?1, ?2, ?3, ?4)");
  if (!stmt) return Unexpected{stmt.error()};
  {
    Cursor cursor(*stmt);
    cursor.bind(1, name).bind(2, config_text).bind(3, config_hash).bind(4, seed);
    if (cursor.step() != SQLITE_DONE) {
      if (sqlite3_extended_errcode(impl.db()) == SQLITE_CONSTRAINT_UNIQUE) {
        return impl.error("create_campaign", fmt::format("a campaign named '{}' already exists", name));
      }
      return impl.error(fmt::format("create_campaign '{}'", name));
    }
  }
  auto found = find_campaign(name);
  if (!found) return Unexpected{found.error()};
  if (!*found) return impl.error("create_campaign", "the new campaign cannot be read back");
  return std::move(**found);
}

Expected<std::optional<CampaignRecord>> Database::find_campaign(const std::string& name) {
  return first(collect<CampaignRecord>(
      *impl_, fmt::format("SELECT {} FROM campaigns WHERE name = ?1", kCampaignColumns), "find_campaign",
      [&](Cursor& c) { c.bind(1, name); }, read_campaign));
}

Expected<std::vector<CampaignRecord>> Database::campaigns() {
  return collect<CampaignRecord>(
      *impl_, fmt::format("SELECT {} FROM campaigns ORDER BY id", kCampaignColumns), "campaigns", [](Cursor&) {},
      read_campaign);
}

Expected<void> Database::set_campaign_status(std::int64_t campaign_id, const std::string& status) {
  Impl& impl = *impl_;
  auto stmt =
      impl.prepare(fmt::format("UPDATE campaigns SET status = ?2, updated_at = {} WHERE id = ?1", sqlite::kNow));
  if (!stmt) return Unexpected{stmt.error()};
  Cursor cursor(*stmt);
  cursor.bind(1, campaign_id).bind(2, status);
  if (auto ok = run(impl, cursor, "set_campaign_status"); !ok) return ok;
  if (sqlite3_changes(impl.db()) == 0) {
    return impl.error("set_campaign_status", fmt::format("no campaign with id {}", campaign_id));
  }
  return {};
}

// --- candidates

Expected<CandidateRecord> Database::upsert_candidate(const CandidateRecord& candidate) {
  Impl& impl = *impl_;
  if (candidate.fingerprint.empty()) return impl.error("upsert_candidate", "the fingerprint is empty");
  auto stmt = impl.prepare(
      "INSERT INTO candidates (fingerprint, expr, latex, complexity, finite, nearest, nearest_distance) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (fingerprint) DO NOTHING");
  if (!stmt) return Unexpected{stmt.error()};
  {
    Cursor cursor(*stmt);
    cursor.bind(1, candidate.fingerprint)
        .bind(2, candidate.expr)
        .bind(3, candidate.latex)
        .bind(4, candidate.complexity)
        .bind(5, candidate.finite ? 1 : 0)
        .bind_text_or_null(6, candidate.nearest)
        .bind(7, candidate.nearest_distance);
    if (auto ok = run(impl, cursor, fmt::format("upsert_candidate '{}'", candidate.expr)); !ok) {
      return Unexpected{ok.error()};
    }
  }
  auto found = find_candidate_by_fingerprint(candidate.fingerprint);
  if (!found) return Unexpected{found.error()};
  if (!*found) return impl.error("upsert_candidate", "the candidate cannot be read back");
  return std::move(**found);
}

Expected<std::optional<CandidateRecord>> Database::find_candidate(std::int64_t id) {
  return first(collect<CandidateRecord>(
      *impl_, fmt::format("SELECT {} FROM candidates WHERE id = ?1", kCandidateColumns), "find_candidate",
      [&](Cursor& c) { c.bind(1, id); }, read_candidate));
}

Expected<std::optional<CandidateRecord>> Database::find_candidate_by_fingerprint(const std::string& fingerprint) {
  return first(collect<CandidateRecord>(
      *impl_, fmt::format("SELECT {} FROM candidates WHERE fingerprint = ?1", kCandidateColumns),
      "find_candidate_by_fingerprint", [&](Cursor& c) { c.bind(1, fingerprint); }, read_candidate));
}

Expected<void> Database::set_nearest(std::int64_t candidate_id, const std::string& nearest, double distance) {
  Impl& impl = *impl_;
  auto stmt = impl.prepare("UPDATE candidates SET nearest = ?2, nearest_distance = ?3 WHERE id = ?1");
  if (!stmt) return Unexpected{stmt.error()};
  Cursor cursor(*stmt);
  cursor.bind(1, candidate_id).bind_text_or_null(2, nearest).bind(3, distance);
  if (auto ok = run(impl, cursor, "set_nearest"); !ok) return ok;
  if (sqlite3_changes(impl.db()) == 0) {
    return impl.error("set_nearest", fmt::format("no candidate with id {}", candidate_id));
  }
  return {};
}

Expected<void> Database::add_alias(std::int64_t candidate_id, const std::string& text) {
  Impl& impl = *impl_;
  auto stmt = impl.prepare("INSERT INTO aliases (candidate_id, text) VALUES (?1, ?2) ON CONFLICT DO NOTHING");
  if (!stmt) return Unexpected{stmt.error()};
  Cursor cursor(*stmt);
  cursor.bind(1, candidate_id).bind(2, text);
  return run(impl, cursor, fmt::format("add_alias '{}' to candidate {}", text, candidate_id));
}

Expected<std::vector<std::string>> Database::aliases(std::int64_t candidate_id) {
  return collect<std::string>(
      *impl_, "SELECT text FROM aliases WHERE candidate_id = ?1 ORDER BY rowid", "aliases",
      [&](Cursor& c) { c.bind(1, candidate_id); }, [](const Cursor& c) { return c.text(0); });
}

namespace {

// Replaces all (name, value) rows of one candidate in a two-column child table.
Expected<void> replace_pairs(Database& database, Database::Impl& impl, std::string_view table,
                             std::string_view key_column, std::string_view value_column, std::int64_t candidate_id,
                             const std::vector<std::pair<std::string, double>>& values) {
  return database.transaction([&]() -> Expected<void> {
    auto erase = impl.prepare(fmt::format("DELETE FROM {} WHERE candidate_id = ?1", table));
    if (!erase) return Unexpected{erase.error()};
    {
      Cursor cursor(*erase);
      cursor.bind(1, candidate_id);
      if (auto ok = run(impl, cursor, fmt::format("replace the {} of candidate {}", table, candidate_id)); !ok) {
        return ok;
      }
    }
    auto insert = impl.prepare(
        fmt::format("INSERT INTO {} (candidate_id, {}, {}) VALUES (?1, ?2, ?3)", table, key_column, value_column));
    if (!insert) return Unexpected{insert.error()};
    for (const auto& [name, value] : values) {
      Cursor cursor(*insert);
      cursor.bind(1, candidate_id).bind(2, name).bind(3, value);
      if (auto ok = run(impl, cursor, fmt::format("store {} '{}' of candidate {}", table, name, candidate_id)); !ok) {
        return ok;
      }
    }
    return {};
  });
}

std::pair<std::string, double> read_pair(const Cursor& c) { return {c.text(0), c.real(1)}; }

}  // namespace

Expected<void> Database::set_probes(std::int64_t candidate_id,
                                    const std::vector<std::pair<std::string, double>>& values) {
  return replace_pairs(*this, *impl_, "probes", "name", "value", candidate_id, values);
}

Expected<std::vector<std::pair<std::string, double>>> Database::probes(std::int64_t candidate_id) {
  return collect<std::pair<std::string, double>>(
      *impl_, "SELECT name, value FROM probes WHERE candidate_id = ?1 ORDER BY name", "probes",
      [&](Cursor& c) { c.bind(1, candidate_id); }, read_pair);
}

Expected<void> Database::set_likeness(std::int64_t candidate_id,
                                      const std::vector<std::pair<std::string, double>>& distances) {
  return replace_pairs(*this, *impl_, "likeness", "known", "distance", candidate_id, distances);
}

Expected<std::vector<std::pair<std::string, double>>> Database::likeness(std::int64_t candidate_id) {
  return collect<std::pair<std::string, double>>(
      *impl_, "SELECT known, distance FROM likeness WHERE candidate_id = ?1 ORDER BY distance IS NULL, distance, known",
      "likeness", [&](Cursor& c) { c.bind(1, candidate_id); }, read_pair);
}

// --- campaign membership

Expected<void> Database::upsert_campaign_candidate(const CampaignCandidate& link) {
  Impl& impl = *impl_;
  auto stmt = impl.prepare(
      "INSERT INTO campaign_candidates (campaign_id, candidate_id, origin, baseline_name, proposal_index, status, "
      "reject_reason, penalty) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
      "ON CONFLICT (campaign_id, candidate_id) DO UPDATE SET origin = excluded.origin, "
      "baseline_name = excluded.baseline_name, status = excluded.status, reject_reason = excluded.reject_reason, "
      "penalty = excluded.penalty");
  if (!stmt) return Unexpected{stmt.error()};
  Cursor cursor(*stmt);
  cursor.bind(1, link.campaign_id)
      .bind(2, link.candidate_id)
      .bind(3, link.origin)
      .bind_text_or_null(4, link.baseline_name)
      .bind(5, link.proposal_index)
      .bind(6, link.status)
      .bind_text_or_null(7, link.reject_reason)
      .bind(8, link.penalty);
  return run(impl, cursor,
             fmt::format("upsert_campaign_candidate (campaign {}, candidate {}, origin '{}', status '{}')",
                         link.campaign_id, link.candidate_id, link.origin, link.status));
}

Expected<std::vector<CampaignCandidate>> Database::campaign_candidates(std::int64_t campaign_id) {
  return collect<CampaignCandidate>(
      *impl_,
      "SELECT campaign_id, candidate_id, origin, baseline_name, proposal_index, status, reject_reason, penalty "
      "FROM campaign_candidates WHERE campaign_id = ?1 ORDER BY proposal_index, candidate_id",
      "campaign_candidates", [&](Cursor& c) { c.bind(1, campaign_id); },
      [](const Cursor& c) {
        CampaignCandidate link;
        link.campaign_id = c.integer(0);
        link.candidate_id = c.integer(1);
        link.origin = c.text(2);
        link.baseline_name = c.text(3);
        link.proposal_index = c.integer(4);
        link.status = c.text(5);
        link.reject_reason = c.text(6);
        link.penalty = c.real(7);
        return link;
      });
}

// --- evaluations

Expected<void> Database::record_evaluation(const EvaluationRecord& e) {
  Impl& impl = *impl_;
  if (auto ok = validate_json(impl, e.epoch_metrics_json, "epoch_metrics_json"); !ok) return ok;
  if (auto ok = validate_json(impl, e.learned_params_json, "learned_params_json"); !ok) return ok;
  // An upsert rather than INSERT OR REPLACE: REPLACE deletes and re-inserts, giving the row a new id.
  auto stmt = impl.prepare(fmt::format(
      "INSERT INTO evaluations (campaign_id, candidate_id, stage, seed, status, train_examples, epochs, "
      "val_accuracy, val_loss, train_loss, test_accuracy, test_loss, wall_seconds, steps, epoch_metrics, "
      "learned_params, message, device, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, {}) "
      "ON CONFLICT (campaign_id, candidate_id, stage, seed) DO UPDATE SET status = excluded.status, "
      "train_examples = excluded.train_examples, epochs = excluded.epochs, val_accuracy = excluded.val_accuracy, "
      "val_loss = excluded.val_loss, train_loss = excluded.train_loss, test_accuracy = excluded.test_accuracy, "
      "test_loss = excluded.test_loss, wall_seconds = excluded.wall_seconds, steps = excluded.steps, "
      "epoch_metrics = excluded.epoch_metrics, learned_params = excluded.learned_params, "
      "message = excluded.message, device = excluded.device, updated_at = excluded.updated_at",
      sqlite::kNow));
  if (!stmt) return Unexpected{stmt.error()};
  Cursor cursor(*stmt);
  cursor.bind(1, e.campaign_id)
      .bind(2, e.candidate_id)
      .bind(3, e.stage)
      .bind(4, e.seed)
      .bind(5, to_string(e.status))
      .bind(6, e.train_examples)
      .bind(7, e.epochs)
      .bind(8, e.val_accuracy)
      .bind(9, e.val_loss)
      .bind(10, e.train_loss)
      .bind(11, e.test_accuracy)
      .bind(12, e.test_loss)
      .bind(13, e.wall_seconds)
      .bind(14, e.steps)
      .bind(15, e.epoch_metrics_json)
      .bind(16, e.learned_params_json)
      .bind(17, e.message)
      .bind(18, e.device);
  return run(impl, cursor,
             fmt::format("record_evaluation (campaign {}, candidate {}, stage {}, seed {})", e.campaign_id,
                         e.candidate_id, e.stage, e.seed));
}

Expected<std::optional<EvaluationRecord>> Database::find_evaluation(std::int64_t campaign_id, std::int64_t candidate_id,
                                                                    int stage, std::uint64_t seed) {
  return first(collect<EvaluationRecord>(
      *impl_,
      fmt::format("SELECT {} FROM evaluations WHERE campaign_id = ?1 AND candidate_id = ?2 AND stage = ?3 "
                  "AND seed = ?4",
                  kEvaluationColumns),
      "find_evaluation", [&](Cursor& c) { c.bind(1, campaign_id).bind(2, candidate_id).bind(3, stage).bind(4, seed); },
      read_evaluation));
}

Expected<std::vector<EvaluationRecord>> Database::evaluations(std::int64_t campaign_id) {
  return collect<EvaluationRecord>(
      *impl_, fmt::format("SELECT {} FROM evaluations WHERE campaign_id = ?1 ORDER BY id", kEvaluationColumns),
      "evaluations", [&](Cursor& c) { c.bind(1, campaign_id); }, read_evaluation);
}

Expected<std::vector<EvaluationRecord>> Database::candidate_evaluations(std::int64_t candidate_id) {
  return collect<EvaluationRecord>(
      *impl_, fmt::format("SELECT {} FROM evaluations WHERE candidate_id = ?1 ORDER BY id", kEvaluationColumns),
      "candidate_evaluations", [&](Cursor& c) { c.bind(1, candidate_id); }, read_evaluation);
}

Expected<int> Database::requeue_interrupted(std::int64_t campaign_id) {
  Impl& impl = *impl_;
  auto stmt = impl.prepare(fmt::format(
      "UPDATE evaluations SET status = 'queued', updated_at = {} WHERE campaign_id = ?1 AND status = 'running'",
      sqlite::kNow));
  if (!stmt) return Unexpected{stmt.error()};
  Cursor cursor(*stmt);
  cursor.bind(1, campaign_id);
  if (auto ok = run(impl, cursor, "requeue_interrupted"); !ok) return Unexpected{ok.error()};
  return sqlite3_changes(impl.db());
}

Expected<std::string> Database::integrity_check() {
  Impl& impl = *impl_;
  auto report = collect<std::string>(
      impl, "PRAGMA integrity_check", "integrity_check", [](Cursor&) {}, [](const Cursor& c) { return c.text(0); });
  if (!report) return Unexpected{report.error()};
  auto violations = collect<std::string>(
      impl, "PRAGMA foreign_key_check", "foreign_key_check", [](Cursor&) {},
      [](const Cursor& c) {
        return fmt::format("foreign key violation: {} row {} -> {}", c.text(0), c.integer(1), c.text(2));
      });
  if (!violations) return Unexpected{violations.error()};
  if (report->size() == 1 && report->front() == "ok" && violations->empty()) return std::string("ok");
  std::string out;
  for (const auto* lines : {&*report, &*violations}) {
    for (const auto& line : *lines) {
      if (line == "ok") continue;
      if (!out.empty()) out += '\n';
      out += line;
    }
  }
  return out;
}

}  // namespace actsearch::db
