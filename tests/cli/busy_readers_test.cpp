// Busy readers: while a campaign writes its database, `actsearch leaderboard` and the `sqlite3` shell
// read it in a loop. No reader fails or waits as long as the busy timeout, and the campaign is not
// disturbed (it ends normally, with the same leaderboard as when nobody reads).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "tests/cli/campaign_process.hpp"
#include "tests/cli/shell.hpp"
#include "tests/common/temp_dir.hpp"

namespace actsearch {
namespace {

namespace fs = std::filesystem;

// The busy timeout of the library's connections (db/src/database.cpp) and of the shell below.
constexpr double kBusyTimeoutSeconds = 10.0;

std::string busy_campaign_text() { return testing::spirals_list_campaign("busy", 3, 1500, 4, 8); }

struct Reader {
  std::string name;
  std::vector<std::string> argv;
};

// Every way a user reads a running campaign; a new reader command is one line here.
std::vector<Reader> readers() {
  return {
      {"leaderboard", {ACTSEARCH_EXECUTABLE, "leaderboard", "--db", "busy.db", "--format", "json"}},
      {"leaderboard-table", {ACTSEARCH_EXECUTABLE, "leaderboard", "--db", "busy.db", "--top", "3"}},
      {"report", {ACTSEARCH_EXECUTABLE, "report", "--db", "busy.db", "-o", "busy-report.html"}},
      {"sqlite3",
       {"/usr/bin/sqlite3", "-bail", "-cmd", ".timeout 10000", "busy.db",
        "SELECT count(*) FROM leaderboard; SELECT count(*) FROM evaluations WHERE status = 'done';"}},
  };
}

struct Tally {
  int reads = 0, failures = 0;
  double slowest = 0;
  std::string first_failure;
};

TEST(BusyReaders, LeaderboardAndSqliteShellReadWhileACampaignWrites) {
  ASSERT_TRUE(fs::exists("/usr/bin/sqlite3")) << "scripts/setup.sh installs the sqlite3 shell";
  actsearch::testing::TempDir quiet, busy, logs;
  quiet.write("busy.yaml", busy_campaign_text());
  busy.write("busy.yaml", busy_campaign_text());
  const std::vector<std::string> run = {ACTSEARCH_EXECUTABLE, "run", "busy.yaml"};

  // Undisturbed, for comparison.
  ASSERT_EQ(testing::run_process(run, quiet.path(), "run").status, 0);

  testing::ChildProcess campaign(run, busy.path(), "run");
  const fs::path file = busy.path() / "busy.db";
  // Readers start once the campaign exists (before that there is nothing to rank: a clear error).
  ASSERT_TRUE(testing::poll_until(campaign, [&] { return testing::evaluations_now(file, "busy").has_value(); }));
  // One thread per reader, each reading in a loop until the campaign ends.
  std::map<std::string, Tally> tally;
  for (const Reader& reader : readers()) tally[reader.name];
  std::atomic<bool> writing{true};
  std::vector<std::thread> threads;
  for (const Reader& reader : readers()) {
    threads.emplace_back([&, reader] {
      Tally& t = tally.at(reader.name);
      for (int i = 0; writing.load(); ++i) {
        const auto started = std::chrono::steady_clock::now();
        const auto result = testing::run_process(reader.argv, busy.path(), reader.name + std::to_string(i % 2),
                                                 testing::ChildOptions{.log_dir = logs.path()});
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (!writing.load()) break;  // overlapped the end of the run only partly
        ++t.reads;
        t.slowest = std::max(t.slowest, seconds);
        const bool failed = result.status != 0 || result.err.find("locked") != std::string::npos ||
                            result.err.find("busy") != std::string::npos;
        if (failed && t.failures++ == 0) t.first_failure = result.err;
      }
    });
  }
  int finished_seen_while_running = 0;
  while (campaign.running()) {
    finished_seen_while_running = testing::count_finished(file, "busy");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  writing = false;
  for (auto& t : threads) t.join();
  const auto& ended = campaign.wait();
  EXPECT_EQ(ended.status, 0) << "the writer was disturbed: " << ended.err;
  EXPECT_EQ(ended.err.find("locked"), std::string::npos) << ended.err;

  for (const Reader& reader : readers()) {
    const Tally& t = tally[reader.name];
    // At least two reads overlap the writes (how many fit depends on the machine's load).
    EXPECT_GE(t.reads, 2) << reader.name << ": too few reads overlapped the campaign";
    EXPECT_EQ(t.failures, 0) << reader.name << ": " << t.first_failure;
    EXPECT_LT(t.slowest, kBusyTimeoutSeconds) << reader.name;
    std::printf("busy readers: %-18s %4d reads while the campaign ran, %d failed, slowest %.3f s\n",
                reader.name.c_str(), t.reads, t.failures, t.slowest);
  }
  EXPECT_GT(finished_seen_while_running, 0);

  const std::vector<std::string> board = {ACTSEARCH_EXECUTABLE, "leaderboard", "--db", "busy.db", "--format", "json"};
  EXPECT_EQ(testing::run_process(board, busy.path(), "final").out,
            testing::run_process(board, quiet.path(), "final").out)
      << "readers changed what the campaign computed";
}

}  // namespace
}  // namespace actsearch
