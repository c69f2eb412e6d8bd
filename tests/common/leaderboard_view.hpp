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

inline void expect_view_matches_library(const std::filesystem::path& file, const std::string& campaign,
                                        const std::vector<db::LeaderboardRow>& board) {
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
    if (i >= board.size()) {
      ADD_FAILURE() << "the view has more rows than the library";
      break;
    }
    const auto& row = board[i++];
    const std::string where = "row " + std::to_string(i) + " (" + row.expr + ")";
    EXPECT_EQ(sqlite3_column_int(stmt, 0), row.rank) << where;
    EXPECT_EQ(sqlite3_column_int64(stmt, 1), row.candidate_id) << where;
    EXPECT_EQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 2)), row.expr) << where;
    EXPECT_EQ(sqlite3_column_int(stmt, 3), row.stage) << where;
    EXPECT_EQ(sqlite3_column_int(stmt, 4), row.seeds) << where;
    EXPECT_EQ(sqlite3_column_int(stmt, 5), row.diverged) << where;
    if (row.seeds > 0) {
      EXPECT_NEAR(sqlite3_column_double(stmt, 6), row.mean, 1e-12) << where;
    } else {
      EXPECT_EQ(sqlite3_column_type(stmt, 6), SQLITE_NULL) << where;
    }
    if (row.seeds > 1) {
      EXPECT_NEAR(sqlite3_column_double(stmt, 7), row.sd, 1e-12) << where;
    } else {
      EXPECT_EQ(sqlite3_column_type(stmt, 7), SQLITE_NULL) << where;
    }
    EXPECT_NEAR(sqlite3_column_double(stmt, 8), row.fitness, 1e-12) << where;
    EXPECT_EQ(sqlite3_column_int(stmt, 9) != 0, row.baseline) << where;
    if (row.test_seeds > 0) {
      EXPECT_NEAR(sqlite3_column_double(stmt, 10), row.test_mean, 1e-12) << where;
    }
  }
  // Rows without a fitness are the library's alone (the view lists candidates with a counted run).
  std::size_t with_fitness = 0;
  for (const auto& row : board) with_fitness += std::isnan(row.fitness) ? 0 : 1;
  EXPECT_EQ(i, with_fitness);
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
}

}  // namespace actsearch::testing
