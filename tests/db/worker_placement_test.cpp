// Who trained each evaluation (schema step kWorkerPlacementVersion): host and MPI rank round-trip, and
// "none" is NULL in the file, as readers with sqlite3 or pandas see it.
#include <sqlite3.h>

#include <string>

#include "db/database.hpp"
#include "helpers.hpp"

namespace actsearch::db {
namespace {

using testing::candidate;
using testing::done;

class WorkerPlacement : public testing::TempDir {};

std::string query(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* raw = nullptr;
  sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  std::string out;
  sqlite3_exec(
      raw, sql.c_str(),
      [](void* text, int n, char** values, char**) {
        for (int i = 0; i < n; ++i)
          *static_cast<std::string*>(text) += std::string(values[i] ? values[i] : "NULL") + "|";
        return 0;
      },
      &out, nullptr);
  sqlite3_close(raw);
  return out;
}

TEST_F(WorkerPlacement, HostAndRankAreStoredAndNoneIsNull) {
  const auto path = file("placement.db");
  {
    auto opened = Database::open(path);
    ASSERT_TRUE(opened) << opened.error().describe();
    Database& db = *opened;
    const auto campaign = db.create_campaign("c", "", "", 1)->id;
    const auto a = db.upsert_candidate(candidate("a"))->id;
    const auto b = db.upsert_candidate(candidate("b"))->id;
    EvaluationRecord remote = done(campaign, a, 0, 1, 0.5);
    remote.worker_host = "node17";
    remote.worker_rank = 12;
    ASSERT_TRUE(db.record_evaluation(remote));
    EvaluationRecord local = done(campaign, b, 0, 1, 0.6);
    local.worker_host = "laptop";
    ASSERT_TRUE(db.record_evaluation(local));
    ASSERT_TRUE(db.record_evaluation(done(campaign, a, 0, 2, 0.7)));  // a row that says nothing

    auto rows = db.evaluations(campaign);
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 3u);
    EXPECT_EQ((*rows)[0].worker_host, "node17");
    EXPECT_EQ((*rows)[0].worker_rank, std::optional<std::int64_t>(12));
    EXPECT_EQ((*rows)[1].worker_host, "laptop");
    EXPECT_FALSE((*rows)[1].worker_rank.has_value());
    EXPECT_EQ((*rows)[2].worker_host, "");
    EXPECT_FALSE((*rows)[2].worker_rank.has_value());

    // Recording the run again (a resumed run trained it elsewhere) replaces who trained it.
    EvaluationRecord again = remote;
    again.worker_rank.reset();
    again.worker_host = "other";
    ASSERT_TRUE(db.record_evaluation(again));
    auto replaced = db.find_evaluation(campaign, a, 0, 1);
    ASSERT_TRUE(replaced && *replaced);
    EXPECT_FALSE((**replaced).worker_rank.has_value());
  }
  EXPECT_EQ(query(path, "SELECT worker_host, worker_rank FROM evaluations ORDER BY id"),
            "other|NULL|laptop|NULL|NULL|NULL|");
}

}  // namespace
}  // namespace actsearch::db
