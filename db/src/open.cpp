// Opening a database file: the checks that leave foreign files untouched, the connection settings, the
// schema migrations; and the connection-wide operations (transactions, integrity check).
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <system_error>
#include <utility>

#include "database_impl.hpp"
#include "db/database.hpp"
#include "row_mapping.hpp"
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

namespace {

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
    // An older schema is read as it is here; Database::open reads an upgraded copy instead.
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

}  // namespace

TemporaryFile::~TemporaryFile() {
  if (path.empty()) return;
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path.string() + suffix, ec);
}

Expected<void> copy_database(const std::filesystem::path& from, const std::filesystem::path& to) {
  const Location where{from.string(), 0, 0, {}};
  sqlite3* source_raw = nullptr;
  sqlite3_open_v2(from.c_str(), &source_raw, SQLITE_OPEN_READONLY, nullptr);
  sqlite::Connection source(source_raw);
  sqlite3* target_raw = nullptr;
  sqlite3_open_v2(to.c_str(), &target_raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  sqlite::Connection target(target_raw);
  if (!source || !target || sqlite3_errcode(source.get()) != SQLITE_OK || sqlite3_errcode(target.get()) != SQLITE_OK) {
    return fail(fmt::format("cannot copy the database to {}", to.string()), where);
  }
  sqlite3_backup* backup = sqlite3_backup_init(target.get(), "main", source.get(), "main");
  if (backup == nullptr) {
    return fail(fmt::format("cannot copy the database to {}: {}", to.string(), sqlite3_errmsg(target.get())), where);
  }
  const int stepped = sqlite3_backup_step(backup, -1);
  const int finished = sqlite3_backup_finish(backup);
  if (stepped != SQLITE_DONE || finished != SQLITE_OK) {
    const std::string why = sqlite3_errmsg(target.get());
    target.reset();
    std::error_code ec;
    std::filesystem::remove(to, ec);
    return fail(fmt::format("cannot copy the database to {}: {}", to.string(), why), where);
  }
  return {};
}

Expected<TemporaryFile> upgraded_copy(const std::filesystem::path& file) {
  static int counter = 0;
  std::error_code ec;
  const auto folder = std::filesystem::temp_directory_path(ec);
  if (ec) return fail("no folder for temporary files: " + ec.message(), Location{file.string(), 0, 0, {}});
  TemporaryFile copy(folder / fmt::format("actsearch-{}-{}-upgraded.db", ::getpid(), ++counter));
  if (auto ok = copy_database(file, copy.path); !ok) return Unexpected{ok.error()};
  return copy;
}

// ---------------------------------------------------------------------------------------------- Database

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

Expected<Database> Database::open(const std::filesystem::path& file, OpenMode mode) {
  auto impl = open_impl(file, mode, latest_schema_version());
  if (!impl) return Unexpected{impl.error()};
  if (mode == OpenMode::ReadOnly && (*impl)->version < latest_schema_version()) {
    // Readers never change the file: they read a copy upgraded by the same steps a writer would apply.
    const int version = (*impl)->version;
    impl->reset();
    auto copy = upgraded_copy(file);
    if (!copy) return Unexpected{copy.error()};
    auto upgraded = open_impl(copy->path, OpenMode::ReadWrite, latest_schema_version());
    if (!upgraded) return Unexpected{upgraded.error()};
    if (auto ok = (*upgraded)->execute("PRAGMA query_only = ON", "configure the connection"); !ok) {
      return Unexpected{ok.error()};
    }
    (*upgraded)->upgraded_copy = std::move(*copy);
    (*upgraded)->upgraded_from = version;
    (*upgraded)->path = file;
    (*upgraded)->mode = OpenMode::ReadOnly;
    return Database(std::move(*upgraded));
  }
  return Database(std::move(*impl));
}

int Database::upgraded_from() const { return impl_->upgraded_from; }

Expected<Upgrade> Database::upgrade(const std::filesystem::path& file) {
  Upgrade out{.to = latest_schema_version()};
  {  // closed (and its copy removed) before the file is touched
    auto probe = open(file, OpenMode::ReadOnly);
    if (!probe) return Unexpected{probe.error()};
    out.from = probe->upgraded_from() > 0 ? probe->upgraded_from() : probe->schema_version();
  }
  if (out.from == out.to) return out;
  const Location where{file.string(), 0, 0, {}};
  if (::access(file.c_str(), W_OK) != 0) {
    return fail(fmt::format("schema version {} needs upgrading to {}, but the file is read-only (no write "
                            "permission); nothing was changed",
                            out.from, out.to),
                where);
  }
  // The backup is a consistent copy (the WAL included) beside the file, under a name no earlier backup has.
  std::error_code ec;
  for (int n = 1;; ++n) {
    out.backup = file.string() + fmt::format(".schema{}{}.bak", out.from, n == 1 ? "" : fmt::format("-{}", n));
    if (!std::filesystem::exists(out.backup, ec)) break;
  }
  // Without a write-ahead log the file alone is the database: the backup is its bytes. With one, SQLite's
  // backup API copies what the file and its log hold together.
  const std::filesystem::path wal = file.string() + "-wal";
  if (!std::filesystem::exists(wal, ec) || std::filesystem::file_size(wal, ec) == 0) {
    if (!std::filesystem::copy_file(file, out.backup, ec)) {
      return fail(fmt::format("cannot write the backup {}: {}; nothing was changed", out.backup.string(), ec.message()),
                  where);
    }
  } else if (auto ok = copy_database(file, out.backup); !ok) {
    return Unexpected{ok.error()};
  }
  auto upgraded = open_impl(file, OpenMode::ReadWrite, latest_schema_version());
  if (!upgraded) return Unexpected{upgraded.error()};
  return out;
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

namespace {

// The columns of PRAGMA integrity_check and PRAGMA foreign_key_check that the report uses.
struct IntegrityLine {
  std::string text;
};
struct ForeignKeyViolation {
  std::string table, parent;
  std::int64_t rowid = 0;
};
constexpr auto kIntegrityLines = rows::mapping<IntegrityLine>("integrity_check",  //
                                                              rows::column<&IntegrityLine::text>("integrity_check"));
constexpr auto kForeignKeyViolations = rows::mapping<ForeignKeyViolation>(
    "foreign_key_check", rows::column<&ForeignKeyViolation::table>("table"),
    rows::column<&ForeignKeyViolation::rowid>("rowid"), rows::column<&ForeignKeyViolation::parent>("parent"));

}  // namespace

Expected<std::string> Database::integrity_check() {
  Impl& impl = *impl_;
  auto report = rows::read_all(impl, kIntegrityLines, "PRAGMA integrity_check", "integrity_check");
  if (!report) return Unexpected{report.error()};
  auto violations = rows::read_all(impl, kForeignKeyViolations, "PRAGMA foreign_key_check", "foreign_key_check");
  if (!violations) return Unexpected{violations.error()};
  std::vector<std::string> lines;
  for (const auto& line : *report) {
    if (line.text != "ok") lines.push_back(line.text);
  }
  for (const auto& v : *violations) {
    lines.push_back(fmt::format("foreign key violation: {} row {} -> {}", v.table, v.rowid, v.parent));
  }
  if (lines.empty()) return std::string("ok");
  std::string out;
  for (const auto& line : lines) {
    if (!out.empty()) out += '\n';
    out += line;
  }
  return out;
}

}  // namespace actsearch::db
