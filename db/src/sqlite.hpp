// Thin RAII over the SQLite C API: owned handles, a prepared statement that resets itself after use,
// and the NaN <-> NULL convention for doubles.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace actsearch::db::sqlite {

struct ConnectionCloser {
  void operator()(sqlite3* db) const;
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* stmt) const;
};
using Connection = std::unique_ptr<sqlite3, ConnectionCloser>;
using StatementHandle = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// Binds by 1-based index and reads by 0-based column, like the C API. The statement belongs to a cache;
// Cursor resets it and clears its bindings when it goes out of scope so that the next user starts clean.
class Cursor {
 public:
  explicit Cursor(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  ~Cursor() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  Cursor& bind(int index, std::int64_t value);
  Cursor& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Cursor& bind(int index, std::uint64_t value) { return bind(index, static_cast<std::int64_t>(value)); }
  Cursor& bind(int index, double value);  // NaN binds NULL; ±inf are kept
  Cursor& bind(int index, std::string_view text);
  Cursor& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Cursor& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Cursor& bind_text_or_null(int index, std::string_view text);  // "" binds NULL
  Cursor& bind_null(int index) {
    sqlite3_bind_null(stmt_, index);
    return *this;
  }

  // SQLITE_ROW, SQLITE_DONE or an error code.
  int step() { return sqlite3_step(stmt_); }

  std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
  double real(int column) const;       // NULL reads as NaN
  std::string text(int column) const;  // NULL reads as ""
  bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

 private:
  sqlite3_stmt* stmt_;
};

// The time in SQL, ISO 8601 UTC with milliseconds.
inline constexpr std::string_view kNow = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

}  // namespace actsearch::db::sqlite
