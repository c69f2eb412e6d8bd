// The SQL view `leaderboard` as the sqlite3 shell sees it, checked row by row against
// Database::leaderboard(): both follow db/scoring.hpp, so they must agree on every column they share.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "db/records.hpp"

namespace actsearch::testing {

// A REAL column of the view against the library's double: NULL is NaN, infinities are equal only to
// themselves, finite values agree to 1e-12.
inline void expect_same_real(sqlite3_stmt* stmt, int column, double expected, const std::string& where) {
  if (sqlite3_column_type(stmt, column) == SQLITE_NULL) {
    EXPECT_TRUE(std::isnan(expected)) << where << ", column " << column << ": NULL in the view, " << expected
                                      << " in the library";
    return;
  }
  const double actual = sqlite3_column_double(stmt, column);
  if (std::isfinite(expected)) {
    EXPECT_NEAR(actual, expected, 1e-12) << where << ", column " << column;
  } else {
    EXPECT_EQ(actual, expected) << where << ", column " << column;  // NaN fails: the view has a value
  }
}

// The view lists the candidates with a counted run (done with an accuracy, or diverged), in the library's
// order, numbered among themselves: the library's rank wherever the library has a fitness (those come
// first in both).
inline void expect_view_matches_library(const std::filesystem::path& file, const std::string& campaign,
                                        const std::vector<db::LeaderboardRow>& board) {
  std::vector<const db::LeaderboardRow*> listed;
  for (const auto& row : board) {
    if (row.seeds + row.diverged > 0) listed.push_back(&row);
  }
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw,
                               "SELECT rank, candidate_id, expr, stage, seeds, diverged, mean, sd, fitness, baseline, "
                               "test_mean FROM leaderboard WHERE campaign = ?1 ORDER BY rank",
                               -1, &stmt, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(raw);
  sqlite3_bind_text(stmt, 1, campaign.c_str(), -1, SQLITE_TRANSIENT);
  std::size_t i = 0;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    if (i >= listed.size()) {
      ADD_FAILURE() << "the view has more rows than the library has candidates with a counted run";
      break;
    }
    const auto& row = *listed[i++];
    const std::string where = "row " + std::to_string(i) + " (" + row.expr + ")";
    EXPECT_EQ(sqlite3_column_int(stmt, 0), static_cast<int>(i)) << where;
    if (!std::isnan(row.fitness)) {
      EXPECT_EQ(row.rank, static_cast<int>(i)) << where;
    }
    EXPECT_EQ(sqlite3_column_int64(stmt, 1), row.candidate_id) << where;
    EXPECT_EQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 2)), row.expr) << where;
    EXPECT_EQ(sqlite3_column_int(stmt, 3), row.stage) << where;
    EXPECT_EQ(sqlite3_column_int(stmt, 4), row.seeds) << where;
    EXPECT_EQ(sqlite3_column_int(stmt, 5), row.diverged) << where;
    expect_same_real(stmt, 6, row.mean, where);
    expect_same_real(stmt, 7, row.sd, where);
    expect_same_real(stmt, 8, row.fitness, where);
    EXPECT_EQ(sqlite3_column_int(stmt, 9) != 0, row.baseline) << where;
    expect_same_real(stmt, 10, row.test_mean, where);
  }
  EXPECT_EQ(i, listed.size());
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
}

}  // namespace actsearch::testing
