// The state behind a Database, shared by the files that implement it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/expected.hpp"
#include "db/database.hpp"
#include "sqlite.hpp"

namespace actsearch::db {

struct Database::Impl {
  // Declared first so that it is destroyed last, after the statements that belong to it.
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

}  // namespace actsearch::db
