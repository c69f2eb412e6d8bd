// Every kind of failed I/O call, at every moment of a campaign (a seeded sample in the suite, all of
// them in scripts/nightly.sh): see fault_loop.hpp for what each run must show.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "tests/faults/fault_loop.hpp"
#include "tests/faults/faulty_vfs.hpp"

namespace actsearch::testing {
namespace {

class VfsFaults final : public FaultInjector {
 public:
  VfsFaults() { FaultyVfs::install(); }
  std::string name() const override { return "I/O"; }
  void arm(std::int64_t k) override { FaultyVfs::arm(k); }
  void disarm() override { FaultyVfs::disarm(); }
  std::int64_t calls() const override { return FaultyVfs::calls(); }
  bool fired() const override { return FaultyVfs::fired(); }
  std::string fault() const override {
    return to_string(FaultyVfs::fired_call()) + " answered " + sqlite3_errstr(FaultyVfs::fired_code());
  }
  void suspend() override { FaultyVfs::suspend(); }
  void resume() override { FaultyVfs::resume(); }
};

TEST(IoFaults, TheShimPassesCallsThroughAndFailsExactlyTheChosenOne) {
  FaultyVfs::install();
  TempDir dir;
  const auto file = dir.path() / "t.db";
  FaultyVfs::arm(0);
  auto database = db::Database::open(file, db::OpenMode::ReadWrite);
  ASSERT_TRUE(database.has_value()) << database.error().describe();
  const std::int64_t opening = FaultyVfs::calls();
  EXPECT_GT(opening, 10);  // the schema's creation writes, syncs and locks
  EXPECT_FALSE(FaultyVfs::fired());
  FaultyVfs::disarm();

  // The next write of a new transaction fails with SQLITE_FULL (even k): the error says so.
  auto created = database->create_campaign("a", "text", "hash", 1);
  ASSERT_TRUE(created.has_value());
  const std::int64_t before = FaultyVfs::calls();
  FaultyVfs::arm(0);
  ASSERT_TRUE(database->create_campaign("b", "text", "hash", 1).has_value());
  const std::int64_t per_insert = FaultyVfs::calls();
  FaultyVfs::disarm();
  EXPECT_EQ(before, opening);  // nothing is counted while disarmed
  ASSERT_GT(per_insert, 0);
  bool failed_once = false;
  for (std::int64_t k = 1; k <= per_insert; ++k) {
    FaultyVfs::arm(k);
    auto inserted = database->create_campaign("c" + std::to_string(k), "text", "hash", 1);
    FaultyVfs::disarm();
    ASSERT_TRUE(FaultyVfs::fired()) << k;
    if (!inserted) {
      failed_once = true;
      EXPECT_NE(inserted.error().describe().find("t.db"), std::string::npos) << inserted.error().describe();
    }
  }
  EXPECT_TRUE(failed_once);
  EXPECT_EQ(integrity_of(file), "ok");
}

TEST(IoFaults, EveryFailedCallOfACampaignIsSurvived) {
  VfsFaults injector;
  const FaultCounts counts = run_fault_loop(injector, 40);
  std::printf("%s\n", describe("I/O faults", counts).c_str());
  EXPECT_GT(counts.calls, 100);
  EXPECT_EQ(counts.injected + counts.past_the_end, counts.tried);
  EXPECT_EQ(counts.past_the_end, 0);  // the I/O calls of a run are the same every time
  EXPECT_EQ(counts.clean_stops + counts.completed, counts.tried);
  EXPECT_GT(counts.clean_stops, 0);
  EXPECT_EQ(counts.unclear_errors, 0);
  EXPECT_EQ(counts.wrong_completions, 0);
  EXPECT_EQ(counts.integrity_failures, 0);
  EXPECT_EQ(counts.lost_evaluations, 0);
  EXPECT_EQ(counts.changed_evaluations, 0);
  EXPECT_EQ(counts.resume_failures, 0);
  EXPECT_EQ(counts.differing_leaderboards, 0);
}

}  // namespace
}  // namespace actsearch::testing
