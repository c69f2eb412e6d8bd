#include "sqlite.hpp"

#include <cmath>
#include <limits>

namespace actsearch::db::sqlite {

// close_v2 defers the close until any statement still alive is finalised, so destruction order between a
// connection and its statement cache cannot leak the handle.
void ConnectionCloser::operator()(sqlite3* db) const { sqlite3_close_v2(db); }
void StatementFinalizer::operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }

Cursor& Cursor::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Cursor& Cursor::bind(int index, double value) {
  // SQLite has no NaN: it would silently become NULL anyway; say so explicitly.
  if (std::isnan(value)) {
    sqlite3_bind_null(stmt_, index);
  } else {
    sqlite3_bind_double(stmt_, index, value);
  }
  return *this;
}

Cursor& Cursor::bind(int index, std::string_view text) {
  // A null data pointer would bind NULL, not "".
  sqlite3_bind_text(stmt_, index, text.empty() ? "" : text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Cursor& Cursor::bind_text_or_null(int index, std::string_view text) {
  if (text.empty()) {
    sqlite3_bind_null(stmt_, index);
    return *this;
  }
  return bind(index, text);
}

double Cursor::real(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::numeric_limits<double>::quiet_NaN();
  return sqlite3_column_double(stmt_, column);
}

std::string Cursor::text(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  if (p == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

}  // namespace actsearch::db::sqlite
