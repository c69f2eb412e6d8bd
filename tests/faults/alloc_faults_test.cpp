// Every failed allocation, SQLite's and C++'s, at sampled moments of a campaign (more of them in
// scripts/nightly.sh): see fault_loop.hpp for what each run must show. A std::bad_alloc must reach the
// caller of run_campaign as an error, never end the process or be recorded as a candidate's failure.
#include <gtest/gtest.h>

#include <new>

#include "tests/faults/failing_allocators.hpp"
#include "tests/faults/fault_loop.hpp"

namespace actsearch::testing {
namespace {

class AllocationFaults final : public FaultInjector {
 public:
  explicit AllocationFaults(Allocator which) : which_(which) {}
  std::string name() const override { return which_ == Allocator::Sqlite ? "SQLite allocation" : "C++ allocation"; }
  void arm(std::int64_t k) override { FailingAllocators::arm(which_, k); }
  void disarm() override { FailingAllocators::disarm(); }
  std::int64_t calls() const override { return FailingAllocators::calls(); }
  bool fired() const override { return FailingAllocators::fired(); }
  std::string fault() const override { return which_ == Allocator::Sqlite ? "malloc returned null" : "bad_alloc"; }
  void suspend() override { FailingAllocators::suspend(); }
  void resume() override { FailingAllocators::resume(); }

 private:
  Allocator which_;
};

void expect_survived(const FaultCounts& counts) {
  EXPECT_EQ(counts.injected + counts.past_the_end, counts.tried);
  EXPECT_LE(counts.past_the_end, 1);
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

TEST(AllocationFaults, SqliteTookTheFailingAllocator) {
  ASSERT_TRUE(FailingAllocators::sqlite_installed());
  FailingAllocators::arm(Allocator::Sqlite, 1);
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE, nullptr);
  FailingAllocators::disarm();
  EXPECT_TRUE(FailingAllocators::fired());
  EXPECT_EQ(rc, SQLITE_NOMEM);
  sqlite3_close(raw);
}

TEST(AllocationFaults, OperatorNewFailsTheChosenAllocationOnly) {
  // Direct calls: the compiler may elide the allocations of new-expressions whose results go unused.
  FailingAllocators::arm(Allocator::Cpp, 2);
  void* first = ::operator new(8);
  EXPECT_THROW(::operator delete(::operator new(8)), std::bad_alloc);
  void* third = ::operator new(8);
  void* nothrow = ::operator new(8, std::nothrow);
  FailingAllocators::disarm();
  EXPECT_NE(first, nullptr);
  EXPECT_NE(third, nullptr);
  EXPECT_NE(nothrow, nullptr);
  EXPECT_EQ(FailingAllocators::calls(), 4);
  FailingAllocators::arm(Allocator::Cpp, 1);
  void* refused = ::operator new(8, std::nothrow);
  FailingAllocators::disarm();
  EXPECT_EQ(refused, nullptr);
  ::operator delete(first);
  ::operator delete(third);
  ::operator delete(nothrow);
}

TEST(AllocationFaults, EveryFailedSqliteAllocationOfACampaignIsSurvived) {
  ASSERT_TRUE(FailingAllocators::sqlite_installed());
  AllocationFaults injector(Allocator::Sqlite);
  const FaultCounts counts = run_fault_loop(injector, 30);
  std::printf("%s\n", describe("SQLite allocation faults", counts).c_str());
  expect_survived(counts);
}

TEST(AllocationFaults, EveryFailedCppAllocationOfACampaignIsAnError) {
  AllocationFaults injector(Allocator::Cpp);
  const FaultCounts counts = run_fault_loop(injector, 30);
  std::printf("%s\n", describe("C++ allocation faults", counts).c_str());
  expect_survived(counts);
}

}  // namespace
}  // namespace actsearch::testing
