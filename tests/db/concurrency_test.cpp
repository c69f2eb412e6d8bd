// Readers next to a writer (WAL), and durability when the writer is killed.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db/database.hpp"
#include "helpers.hpp"

namespace actsearch::db {
namespace {

using testing::candidate;
using testing::done;

using Concurrency = testing::TempDir;

TEST_F(Concurrency, ReaderSeesTheLastCommitWhileTheWriterHoldsATransaction) {
  const auto path = file("shared.db");
  auto writer = Database::open(path);
  ASSERT_TRUE(writer);
  const auto campaign = writer->create_campaign("c", "", "", 1)->id;
  const auto a = writer->upsert_candidate(candidate("a"))->id;
  const auto b = writer->upsert_candidate(candidate("b"))->id;
  ASSERT_TRUE(writer->upsert_campaign_candidate({campaign, a, CandidateOrigin::Strategy, "", 0}));
  ASSERT_TRUE(writer->upsert_campaign_candidate({campaign, b, CandidateOrigin::Strategy, "", 1}));
  ASSERT_TRUE(writer->record_evaluation(done(campaign, a, 0, 1, 0.6)));
  ASSERT_TRUE(writer->record_evaluation(done(campaign, b, 0, 1, 0.5)));

  auto reader = Database::open(path, OpenMode::ReadOnly);
  ASSERT_TRUE(reader) << reader.error().describe();

  ASSERT_TRUE(writer->transaction([&]() -> Expected<void> {
    if (auto ok = writer->record_evaluation(done(campaign, b, 1, 1, 0.9)); !ok) return ok;
    // The writer's uncommitted work is invisible and does not block the reader.
    auto board = reader->leaderboard(campaign);
    EXPECT_TRUE(board) << (board ? "" : board.error().describe());
    if (board) {
      EXPECT_EQ(board->size(), 2u);
      EXPECT_EQ((*board)[0].candidate_id, a);
      EXPECT_EQ((*board)[1].stage, 0);
    }
    // A reader that opens now works too.
    auto late = Database::open(path, OpenMode::ReadOnly);
    EXPECT_TRUE(late) << (late ? "" : late.error().describe());
    if (late) {
      EXPECT_EQ(late->evaluations(campaign)->size(), 2u);
    }
    return {};
  }));

  auto board = reader->leaderboard(campaign);
  ASSERT_TRUE(board);
  EXPECT_EQ((*board)[0].candidate_id, b);  // committed: b reached stage 1
  EXPECT_EQ((*board)[0].stage, 1);
}

// The requirement behind WAL + synchronous=NORMAL: a process killed at any moment loses nothing it
// committed, and nothing half-done becomes visible.
TEST_F(Concurrency, KillingTheWriterKeepsCommittedWorkAndDropsTheOpenTransaction) {
  const auto path = file("killed.db");
  std::int64_t campaign = 0, a = 0;
  {
    auto db = Database::open(path);
    ASSERT_TRUE(db);
    campaign = db->create_campaign("c", "", "", 1)->id;
    a = db->upsert_candidate(candidate("a"))->id;
  }
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto db = Database::open(path);
    if (!db) _exit(2);
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
      if (!db->record_evaluation(done(campaign, a, 0, seed, 0.5))) _exit(3);
    }
    EvaluationRecord running = done(campaign, a, 1, 1, kNaN);
    running.status = EvalStatus::Running;
    if (!db->record_evaluation(running)) _exit(4);
    (void)db->transaction([&]() -> Expected<void> {
      (void)db->record_evaluation(done(campaign, a, 2, 1, 0.9));
      raise(SIGKILL);  // mid-transaction, connection never closed
      return {};
    });
    _exit(5);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);
  EXPECT_EQ(WTERMSIG(status), SIGKILL);

  auto db = Database::open(path);
  ASSERT_TRUE(db) << db.error().describe();
  EXPECT_EQ(*db->integrity_check(), "ok");
  auto rows = db->evaluations(campaign);
  ASSERT_TRUE(rows);
  EXPECT_EQ(rows->size(), 21u);
  EXPECT_FALSE(db->find_evaluation(campaign, a, 2, 1)->has_value());
  EXPECT_EQ(*db->requeue_interrupted(campaign), 1);
  EXPECT_EQ((*db->find_evaluation(campaign, a, 1, 1))->status, EvalStatus::Queued);
}

}  // namespace
}  // namespace actsearch::db
