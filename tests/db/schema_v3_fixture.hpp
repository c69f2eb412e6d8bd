// The schema-3 fixture (a database the version-3 release wrote, kept as a sqlite3 dump) and raw reads
// through a connection of their own, for the tests that upgrade old files in place.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace actsearch::db::testing {

// Rows of a query as text ("NULL" for NULL), through a read-only connection of its own.
inline std::vector<std::vector<std::string>> raw_rows(const std::filesystem::path& path, const std::string& sql) {
  sqlite3* raw = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(raw, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(raw);
  std::vector<std::vector<std::string>> out;
  while (stmt != nullptr && sqlite3_step(stmt) == SQLITE_ROW) {
    auto& row = out.emplace_back();
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      const auto* text = sqlite3_column_text(stmt, i);
      row.emplace_back(text ? reinterpret_cast<const char*>(text) : "NULL");
    }
  }
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
  return out;
}

// Writes the fixture to `path` exactly as the version-3 release left it (user_version 3, WAL).
inline std::filesystem::path restore_schema_v3_fixture(const std::filesystem::path& path) {
  std::ifstream in(std::filesystem::path(ACTSEARCH_SOURCE_DIR) / "tests/db/data/schema_v3_campaign.dump");
  EXPECT_TRUE(in) << "missing tests/db/data/schema_v3_campaign.dump";
  const std::string dump(std::istreambuf_iterator<char>(in), {});
  sqlite3* raw = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr), SQLITE_OK);
  char* message = nullptr;
  const std::string sql =
      dump + "PRAGMA user_version = 3; PRAGMA application_id = 1094931539; PRAGMA journal_mode = WAL;";
  EXPECT_EQ(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK) << (message ? message : "");
  sqlite3_free(message);
  sqlite3_close(raw);
  return path;
}

// Rows of a table that gained `added` columns at its end: those are NULL, the others equal `before`.
inline void expect_widened_by_null_columns(std::vector<std::vector<std::string>> after,
                                           const std::vector<std::vector<std::string>>& before, std::size_t added) {
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    ASSERT_GE(after[i].size(), added);
    for (std::size_t k = after[i].size() - added; k < after[i].size(); ++k) EXPECT_EQ(after[i][k], "NULL") << i;
    after[i].resize(after[i].size() - added);
    EXPECT_EQ(after[i], before[i]);
  }
}

}  // namespace actsearch::db::testing
