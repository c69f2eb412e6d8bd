// The state behind a Database, shared by the files that implement it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "common/expected.hpp"
#include "db/database.hpp"
#include "sqlite.hpp"

namespace actsearch::db {

// A file this process made and removes when done (with SQLite's -wal and -shm beside it).
struct TemporaryFile {
  std::filesystem::path path;
  TemporaryFile() = default;
  explicit TemporaryFile(std::filesystem::path p) : path(std::move(p)) {}
  TemporaryFile(TemporaryFile&& other) noexcept : path(std::exchange(other.path, {})) {}
  TemporaryFile& operator=(TemporaryFile&& other) noexcept {
    std::swap(path, other.path);
    return *this;
  }
  ~TemporaryFile();
};

struct Database::Impl {
  // Declared before the connection, so that it is removed after the connection is closed.
  TemporaryFile upgraded_copy;
  int upgraded_from = 0;  // the file's own schema version when this reads an upgraded copy of it
  // Declared first of the SQLite state so that it is destroyed last, after the statements that belong to it.
  sqlite::Connection connection;
  std::filesystem::path path;
  OpenMode mode = OpenMode::ReadWrite;
  int version = 0;
  int transaction_depth = 0;
  std::unordered_map<std::string, sqlite::StatementHandle> statements;

  sqlite3* db() const { return connection.get(); }

  // An error naming the file, the operation and SQLite's own message.
  Unexpected error(std::string_view what) const;
  Unexpected error(std::string_view what, std::string_view detail) const;

  // A cached prepared statement, ready to bind (wrap it in a sqlite::Cursor).
  Expected<sqlite3_stmt*> prepare(std::string_view sql);
  // Runs SQL that returns no rows (may be several statements).
  Expected<void> execute(std::string_view sql, std::string_view what);

  // Runs fn in a read transaction unless one is already open, so that several queries see one snapshot.
  template <class T, class Fn>
  Expected<T> read_snapshot(Fn&& fn);
};

// Steps a statement that returns no rows (or whose rows are not needed) to its end.
Expected<void> run(Database::Impl& impl, sqlite::Cursor& cursor, std::string_view what);

// The single integer that a pragma or aggregate query returns.
Expected<std::int64_t> query_integer(Database::Impl& impl, std::string_view sql, std::string_view what);

template <class T, class Fn>
Expected<T> Database::Impl::read_snapshot(Fn&& fn) {
  if (!sqlite3_get_autocommit(db())) return fn();
  if (auto begun = execute("BEGIN", "begin a read transaction"); !begun) return Unexpected{begun.error()};
  // Ending a read transaction cannot lose data, so the outcome of COMMIT/ROLLBACK is not checked.
  try {
    Expected<T> result = fn();
    (void)execute("COMMIT", "end a read transaction");
    return result;
  } catch (...) {
    (void)execute("ROLLBACK", "end a read transaction");
    throw;
  }
}

// A consistent copy of a database file (its WAL included) through SQLite's backup API.
Expected<void> copy_database(const std::filesystem::path& from, const std::filesystem::path& to);
// A copy in the temporary folder, removed when the returned object goes.
Expected<TemporaryFile> upgraded_copy(const std::filesystem::path& file);

}  // namespace actsearch::db
