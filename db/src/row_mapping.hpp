// Rows <-> records by column name. A RowMapping lists, once per record type, which column holds which
// field; the same list writes the SELECT and INSERT texts and reads and binds the values, and a
// statement's result columns are matched to the fields by name when it is prepared. So a column can never
// be read at the wrong position, and a column that is renamed or missing fails the query before any row is
// read, naming the table and the column.
#pragma once

#include <fmt/format.h>
#include <sqlite3.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/expected.hpp"
#include "database_impl.hpp"
#include "db/spellings.hpp"
#include "sqlite.hpp"

namespace actsearch::db::rows {

template <class Record>
struct Column {
  std::string_view name;
  // Filled in by the database (ids, timestamps): read, never written by insert().
  bool generated = false;
  // Reads result column `index` into the record; returns the stored text when it is not a spelling of the
  // field's enumeration (the only value a column can hold that has no meaning for its field).
  std::optional<std::string> (*read)(const sqlite::Cursor& cursor, int index, Record& record) = nullptr;
  void (*bind)(sqlite::Cursor& cursor, int index, const Record& record) = nullptr;
  // For error messages: the accepted spellings when the field is an enumeration, else "".
  std::string (*accepted)() = nullptr;
};

namespace detail {

template <class T>
struct MemberOf;
template <class R, class V>
struct MemberOf<V R::*> {
  using Record = R;
  using Value = V;
};
template <auto Member>
using RecordOf = typename MemberOf<decltype(Member)>::Record;
template <auto Member>
using ValueOf = typename MemberOf<decltype(Member)>::Value;

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

// Integers are stored as SQLite INTEGER (uint64 bit for bit), doubles as REAL with NULL for NaN, strings
// as TEXT with NULL read as "", bools as 0/1, enumerations as their spelling, an empty optional integer
// as NULL.
template <class V>
std::optional<std::string> read_value(const sqlite::Cursor& c, int i, V& out) {
  if constexpr (IsOptional<V>::value) {
    static_assert(std::is_integral_v<typename V::value_type>, "optional columns are integers");
    if (c.is_null(i)) {
      out.reset();
    } else {
      out = static_cast<typename V::value_type>(c.integer(i));
    }
  } else if constexpr (std::is_same_v<V, bool>) {
    out = c.integer(i) != 0;
  } else if constexpr (std::is_same_v<V, double>) {
    out = c.real(i);
  } else if constexpr (std::is_same_v<V, std::string>) {
    out = c.text(i);
  } else if constexpr (Spelled<V>) {
    std::string text = c.text(i);
    auto value = from_string<V>(text);
    if (!value) return text;
    out = *value;
  } else {
    static_assert(std::is_integral_v<V>, "no column conversion for this field type");
    out = static_cast<V>(c.integer(i));
  }
  return std::nullopt;
}

template <class V>
void bind_value(sqlite::Cursor& c, int i, const V& value) {
  if constexpr (IsOptional<V>::value) {
    if (value) {
      bind_value(c, i, *value);
    } else {
      c.bind_null(i);
    }
  } else if constexpr (std::is_same_v<V, bool>) {
    c.bind(i, value ? 1 : 0);
  } else if constexpr (Spelled<V>) {
    c.bind(i, to_string(value));
  } else if constexpr (std::is_integral_v<V> && !std::is_same_v<V, std::uint64_t>) {
    c.bind(i, static_cast<std::int64_t>(value));
  } else {
    c.bind(i, value);
  }
}

template <class V>
std::string accepted() {
  if constexpr (Spelled<V>) {
    return known_spellings<V>();
  } else {
    return {};
  }
}

}  // namespace detail

// The column `name` holds the field `Member`.
template <auto Member>
constexpr Column<detail::RecordOf<Member>> column(std::string_view name) {
  using Record = detail::RecordOf<Member>;
  using Value = detail::ValueOf<Member>;
  return {name, false,
          [](const sqlite::Cursor& c, int i, Record& r) { return detail::read_value<Value>(c, i, r.*Member); },
          [](sqlite::Cursor& c, int i, const Record& r) { detail::bind_value<Value>(c, i, r.*Member); },
          &detail::accepted<Value>};
}

// A text column where NULL means "none": "" is written as NULL (and NULL read as "").
template <auto Member>
constexpr Column<detail::RecordOf<Member>> nullable_text(std::string_view name) {
  static_assert(std::is_same_v<detail::ValueOf<Member>, std::string>);
  Column<detail::RecordOf<Member>> col = column<Member>(name);
  col.bind = [](sqlite::Cursor& c, int i, const detail::RecordOf<Member>& r) { c.bind_text_or_null(i, r.*Member); };
  return col;
}

// A column the database fills in (an id, a timestamp): read only.
template <auto Member>
constexpr Column<detail::RecordOf<Member>> generated(std::string_view name) {
  Column<detail::RecordOf<Member>> col = column<Member>(name);
  col.generated = true;
  col.bind = nullptr;
  return col;
}

template <class Record, std::size_t N>
struct RowMapping {
  std::string_view table;
  std::array<Column<Record>, N> columns;

  // "a, b, c": every mapped column, in the mapping's order.
  std::string column_list() const {
    std::string out;
    for (const auto& c : columns) out += (out.empty() ? "" : ", ") + std::string(c.name);
    return out;
  }

  // SELECT <every mapped column> FROM <table> <rest>
  std::string select(std::string_view rest) const {
    return fmt::format("SELECT {} FROM {} {}", column_list(), table, rest);
  }

  // INSERT INTO <table> (<written columns>) VALUES (?1, ...) <rest>; bind the values with bind_written().
  std::string insert(std::string_view rest = {}) const { return insert_text({}, rest); }

  // The same for a child table whose key column (the parent's id) is not a field of the record: the key is
  // ?1, the fields follow; bind them with bind_written(cursor, record, 2).
  std::string insert_child(std::string_view key_column, std::string_view rest = {}) const {
    return insert_text(key_column, rest);
  }

  // "c = excluded.c, ..." for every written column except `kept` (the conflict key, and columns an
  // upsert must not change). A name in `kept` that is not a column of the mapping is a programming error.
  std::string update_from_excluded(std::initializer_list<std::string_view> kept) const {
    for (std::string_view k : kept) {
      bool known = false;
      for (const auto& c : columns) known = known || c.name == k;
      if (!known) throw std::logic_error(fmt::format("{} has no mapped column '{}'", table, k));
    }
    std::string out;
    for (const auto& c : columns) {
      bool keep = c.generated;
      for (std::string_view k : kept) keep = keep || c.name == k;
      if (keep) continue;
      out += fmt::format("{}{} = excluded.{}", out.empty() ? "" : ", ", c.name, c.name);
    }
    return out;
  }

  // Binds the written columns of `record` as ?first, ?first+1, ... in the order insert() names them.
  void bind_written(sqlite::Cursor& cursor, const Record& record, int first = 1) const {
    int n = first;
    for (const auto& c : columns) {
      if (!c.generated) c.bind(cursor, n++, record);
    }
  }

 private:
  std::string insert_text(std::string_view key_column, std::string_view rest) const {
    std::string names(key_column), values;
    int n = key_column.empty() ? 0 : 1;
    if (n == 1) values = "?1";
    for (const auto& c : columns) {
      if (c.generated) continue;
      names += (n == 0 ? "" : ", ") + std::string(c.name);
      values += fmt::format("{}?{}", n == 0 ? "" : ", ", n + 1);
      ++n;
    }
    return fmt::format("INSERT INTO {} ({}) VALUES ({}) {}", table, names, values, rest);
  }
};

template <class Record, class... Columns>
constexpr RowMapping<Record, sizeof...(Columns)> mapping(std::string_view table, Columns... columns) {
  return {table, {{columns...}}};
}

// Where each mapped column sits in a prepared statement's result, found by name (sqlite3_column_name:
// the column's own name, or its AS alias). A mapped column that the result lacks, or holds twice, is an
// error naming the table, the column and the statement; result columns that are not mapped are ignored.
template <class Record, std::size_t N>
Expected<std::array<int, N>> locate(const Database::Impl& impl, const RowMapping<Record, N>& map, sqlite3_stmt* stmt,
                                    std::string_view what) {
  std::array<int, N> index{};
  const int count = sqlite3_column_count(stmt);
  for (std::size_t f = 0; f < N; ++f) {
    index[f] = -1;
    for (int i = 0; i < count; ++i) {
      const char* name = sqlite3_column_name(stmt, i);
      if (name == nullptr || map.columns[f].name != name) continue;
      if (index[f] >= 0) {
        return impl.error(what, fmt::format("table '{}': column '{}' appears twice in '{}'", map.table,
                                            map.columns[f].name, sqlite3_sql(stmt)));
      }
      index[f] = i;
    }
    if (index[f] < 0) {
      return impl.error(what, fmt::format("table '{}': column '{}' is not in the result of '{}'", map.table,
                                          map.columns[f].name, sqlite3_sql(stmt)));
    }
  }
  return index;
}

// Runs `sql` (usually map.select(...)), binding parameters with bind(cursor), and reads every row into a
// Record. A stored value that is not a spelling of its field's enumeration fails the whole read with an
// error naming the file, table, column and value.
template <class Record, std::size_t N, class Bind>
Expected<std::vector<Record>> read_all(Database::Impl& impl, const RowMapping<Record, N>& map, std::string_view sql,
                                       std::string_view what, Bind&& bind) {
  auto stmt = impl.prepare(sql);
  if (!stmt) return Unexpected{stmt.error()};
  auto index = locate(impl, map, *stmt, what);
  if (!index) return Unexpected{index.error()};
  sqlite::Cursor cursor(*stmt);
  bind(cursor);
  std::vector<Record> out;
  int rc;
  while ((rc = cursor.step()) == SQLITE_ROW) {
    Record record;
    for (std::size_t f = 0; f < N; ++f) {
      const Column<Record>& col = map.columns[f];
      if (auto bad = col.read(cursor, (*index)[f], record)) {
        return impl.error(what, fmt::format("table '{}', column '{}': unknown value '{}' (known: {})", map.table,
                                            col.name, *bad, col.accepted()));
      }
    }
    out.push_back(std::move(record));
  }
  if (rc != SQLITE_DONE) return impl.error(what);
  return out;
}

template <class Record, std::size_t N>
Expected<std::vector<Record>> read_all(Database::Impl& impl, const RowMapping<Record, N>& map, std::string_view sql,
                                       std::string_view what) {
  return read_all(impl, map, sql, what, [](sqlite::Cursor&) {});
}

// The first row, if any.
template <class T>
Expected<std::optional<T>> first(Expected<std::vector<T>> rows) {
  if (!rows) return Unexpected{rows.error()};
  if (rows->empty()) return std::optional<T>{};
  return std::optional<T>{std::move(rows->front())};
}

}  // namespace actsearch::db::rows
