// Distributed campaigns end to end: `mpirun --oversubscribe -n 3 actsearch run` on this machine against
// the same campaign in one process. The leaderboards must be identical, and the database must show that
// the two worker ranks trained the evaluations between them, each exactly once (three independent copies
// of a single-process binary would also end with that leaderboard, but every row would say it was trained
// in the process that owns the database, and rank 0 would have trained them itself). Also: a worker
// killed with SIGKILL stops the run naming its rank and host, loses no finished evaluation, and the same
// command resumes; and the bad launches (one process, a config that does not parse, a worker whose data
// set is missing or different) fail with clear errors.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "db/database.hpp"
#include "tests/cli/campaign_process.hpp"
#include "tests/cli/idx_dataset.hpp"
#include "tests/cli/shell.hpp"
#include "tests/common/temp_dir.hpp"

namespace actsearch {
namespace {

namespace fs = std::filesystem;
using testing::ChildProcess;
using testing::ProcessResult;
using testing::TempDir;

#ifdef ACTSEARCH_MPIRUN
#define REQUIRE_MPI()
#else
#define REQUIRE_MPI() GTEST_SKIP() << "this build has no MPI"
#define ACTSEARCH_MPIRUN ""
#endif

std::string host() {
  char buffer[256] = {};
  gethostname(buffer, sizeof buffer - 1);
  return buffer;
}

// mpirun's own options, then `actsearch run` with `args`. Under AddressSanitizer Open MPI's allocations at
// exit would be reported as leaks of ours.
std::vector<std::string> mpirun(std::vector<std::string> before, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {ACTSEARCH_MPIRUN, "--oversubscribe", "-x", "ASAN_OPTIONS=detect_leaks=0"};
  if (geteuid() == 0) argv.push_back("--allow-run-as-root");
  argv.insert(argv.end(), before.begin(), before.end());
  argv.push_back(ACTSEARCH_EXECUTABLE);
  argv.push_back("run");
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}
std::vector<std::string> mpirun_n(int n, const std::vector<std::string>& args) {
  return mpirun({"-n", std::to_string(n)}, args);
}

// Runs to the end, or is stopped (SIGTERM, which mpirun passes on) after `limit`: a hung launch fails the
// test instead of the whole suite.
ProcessResult run_bounded(const std::vector<std::string>& argv, const fs::path& dir, const std::string& tag,
                          std::chrono::seconds limit = std::chrono::seconds(120)) {
  ChildProcess child(argv, dir, tag);
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (child.running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (child.running()) {
    ADD_FAILURE() << tag << " still running after " << limit.count() << " s";
    kill(child.pid(), SIGTERM);
  }
  return child.wait();
}

std::string leaderboard_json(const fs::path& dir, const std::string& db, const std::string& campaign) {
  auto board = testing::run_process(
      {ACTSEARCH_EXECUTABLE, "leaderboard", "--db", db, "--campaign", campaign, "--format", "json"}, dir, "board");
  EXPECT_EQ(board.status, 0) << board.err;
  return board.out;
}

std::string sql_text(const fs::path& file, const std::string& query) {
  sqlite3* raw = nullptr;
  sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  std::string out;
  sqlite3_exec(
      raw, query.c_str(),
      [](void* text, int n, char** values, char**) {
        for (int i = 0; i < n; ++i) *static_cast<std::string*>(text) += (values[i] ? values[i] : "NULL");
        return 0;
      },
      &out, nullptr);
  sqlite3_close(raw);
  return out;
}

// The campaign of these tests: the spirals list campaign with one training thread per process.
std::string campaign(const std::string& name, int examples, int epochs, int final_epochs) {
  std::string text = testing::spirals_list_campaign(name, 11, examples, epochs, final_epochs);
  const auto at = text.find("workers: 2");
  text.replace(at, 10, "workers: 1");
  return text;
}

// "rank R on HOST: trained N job(s)" of each worker.
std::map<int, int> worker_counts(const std::string& err) {
  std::map<int, int> out;
  const std::regex line("rank ([0-9]+) on " + host() + ": trained ([0-9]+) job\\(s\\)");
  for (auto it = std::sregex_iterator(err.begin(), err.end(), line); it != std::sregex_iterator(); ++it) {
    out[std::stoi((*it)[1])] = std::stoi((*it)[2]);
  }
  return out;
}

TEST(Mpi, ThreeProcessesGiveTheSingleProcessLeaderboardWithTheWorkSpreadAndNothingTrainedTwice) {
  REQUIRE_MPI();
  TempDir single, spread;
  const std::string text = campaign("spread", 800, 3, 6);
  single.write("c.yaml", text);
  spread.write("c.yaml", text);
  auto one = testing::run_process({ACTSEARCH_EXECUTABLE, "run", "c.yaml", "--no-report"}, single.path(), "one");
  ASSERT_EQ(one.status, 0) << one.err;
  auto three = run_bounded(mpirun_n(3, {"c.yaml", "--no-report"}), spread.path(), "three");
  ASSERT_EQ(three.status, 0) << three.out << three.err;

  EXPECT_EQ(leaderboard_json(spread.path(), "spread.db", "spread"),
            leaderboard_json(single.path(), "spread.db", "spread"));
  EXPECT_NE(three.err.find("rank 1 on " + host() + " ready"), std::string::npos) << three.err;

  // Every finished evaluation names the worker that trained it; both workers trained some.
  const auto rows = testing::evaluations_now(spread.path() / "spread.db", "spread");
  ASSERT_TRUE(rows.has_value());
  std::map<int, int> by_rank;
  int finished = 0;
  for (const auto& e : *rows) {
    if (!testing::is_finished(e.status)) continue;
    ++finished;
    ASSERT_TRUE(e.worker_rank.has_value()) << "evaluation " << e.id << " was not trained by a worker";
    EXPECT_EQ(e.worker_host, host());
    EXPECT_EQ(e.device, "cpu(1 threads)");
    ++by_rank[static_cast<int>(*e.worker_rank)];
  }
  ASSERT_GE(finished, 30);
  EXPECT_EQ(by_rank.size(), 2u) << "ranks used: " << by_rank.size();
  EXPECT_GT(by_rank[1], 0);
  EXPECT_GT(by_rank[2], 0);
  // Trained exactly once: rank 0 received one result per evaluation, and each worker trained exactly the
  // evaluations that name it (so no job ran on two workers, or twice on one).
  EXPECT_NE(three.err.find(std::to_string(finished) + " evaluations trained now, 0 taken"), std::string::npos)
      << three.err;
  EXPECT_EQ(worker_counts(three.err), by_rank) << three.err;
  // The single-process run names its host and no rank.
  EXPECT_EQ(sql_text(single.path() / "spread.db",
                     "SELECT count(*) FROM evaluations WHERE status = 'done' AND worker_rank IS NOT NULL"),
            "0");
  EXPECT_EQ(sql_text(single.path() / "spread.db",
                     "SELECT count(DISTINCT worker_host) FROM evaluations WHERE status = 'done'"),
            "1");

  // `show` says who trained each run.
  auto shown = testing::run_process({ACTSEARCH_EXECUTABLE, "show", "1", "--db", "spread.db"}, spread.path(), "show");
  ASSERT_EQ(shown.status, 0) << shown.err;
  EXPECT_NE(shown.out.find("trained by"), std::string::npos) << shown.out;
  EXPECT_TRUE(shown.out.find(host() + " rank 1") != std::string::npos ||
              shown.out.find(host() + " rank 2") != std::string::npos)
      << shown.out;
  auto json = testing::run_process({ACTSEARCH_EXECUTABLE, "show", "1", "--db", "spread.db", "--json"}, spread.path(),
                                   "show-json");
  EXPECT_NE(json.out.find("\"worker_rank\": "), std::string::npos) << json.out;
}

// The id of the process that mpirun `launcher` started as MPI rank `rank`, or 0.
pid_t rank_pid(pid_t launcher, int rank) {
  const std::string wanted = "OMPI_COMM_WORLD_RANK=" + std::to_string(rank);
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string pid, comm, state;
    pid_t parent = 0;
    if (!(stat >> pid >> comm >> state >> parent) || parent != launcher) continue;
    const std::string environ = testing::read_text(entry.path() / "environ");
    std::size_t at = 0;
    while (at < environ.size()) {
      const std::size_t end = environ.find('\0', at);
      if (environ.compare(at, end - at, wanted) == 0) return static_cast<pid_t>(std::stol(name));
      if (end == std::string::npos) break;
      at = end + 1;
    }
  }
  return 0;
}

TEST(Mpi, AWorkerKilledMidCampaignStopsTheRunNamingItAndTheSameCommandResumes) {
  REQUIRE_MPI();
  TempDir single, work;
  const std::string text = campaign("killed", 1500, 20, 40);
  single.write("c.yaml", text);
  work.write("c.yaml", text);
  auto one = testing::run_process({ACTSEARCH_EXECUTABLE, "run", "c.yaml", "--no-report"}, single.path(), "one");
  ASSERT_EQ(one.status, 0) << one.err;
  const int total = testing::count_finished(single.path() / "killed.db", "killed");
  const fs::path file = work.path() / "killed.db";

  testing::FinishedEvaluations before;
  {
    ChildProcess launcher(mpirun_n(3, {"c.yaml", "--no-report"}), work.path(), "killed");
    ASSERT_TRUE(testing::poll_until(
        launcher, [&] { return testing::count_finished(file, "killed") >= 4; }, std::chrono::seconds(120)))
        << "the campaign ended before a worker could be killed";
    const pid_t worker = rank_pid(launcher.pid(), 2);
    ASSERT_GT(worker, 0) << "rank 2 not found among mpirun's children";
    ASSERT_EQ(kill(worker, SIGKILL), 0);
    const auto killed_at = testing::finished_now(file, "killed");
    const ProcessResult& ended = launcher.wait();
    EXPECT_NE(ended.status, 0) << "the run went on without its worker";
    // mpirun names the process that died: its rank and its node.
    EXPECT_NE(ended.err.find("rank 2"), std::string::npos) << ended.err;
    EXPECT_NE(ended.err.find("on node " + host()), std::string::npos) << ended.err;
    EXPECT_EQ(sql_text(file, "PRAGMA integrity_check"), "ok");
    before = testing::finished_now(file, "killed");
    ASSERT_LT(static_cast<int>(before.size()), total) << "the run finished before the kill took effect";
    for (const auto& [key, accuracy] : killed_at) {
      auto it = before.find(key);
      ASSERT_NE(it, before.end()) << "a finished evaluation was lost";
      EXPECT_EQ(it->second, accuracy);
    }
  }

  auto resumed = run_bounded(mpirun_n(3, {"c.yaml", "--no-report"}), work.path(), "resumed");
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("resuming campaign 'killed': " + std::to_string(before.size()) + " finished"),
            std::string::npos)
      << resumed.err;
  const auto after = testing::finished_now(file, "killed");
  for (const auto& [key, accuracy] : before) EXPECT_EQ(after.at(key), accuracy);
  EXPECT_EQ(static_cast<int>(after.size()), total);
  EXPECT_EQ(leaderboard_json(work.path(), "killed.db", "killed"),
            leaderboard_json(single.path(), "killed.db", "killed"));
  EXPECT_EQ(sql_text(file, "PRAGMA integrity_check"), "ok");
}

TEST(Mpi, AWorkerThatStopsAnsweringIsNamedByRankZeroWhichEndsTheRun) {
  REQUIRE_MPI();
  TempDir work;
  work.write("c.yaml", campaign("stopped", 1500, 20, 40));
  const fs::path file = work.path() / "stopped.db";
  std::vector<std::string> argv = mpirun_n(3, {"c.yaml", "--no-report"});
  argv.insert(argv.begin() + 1, {"-x", "ACTSEARCH_WORKER_SILENCE_SECONDS"});
  ChildProcess launcher(argv, work.path(), "stopped", testing::Environment{{"ACTSEARCH_WORKER_SILENCE_SECONDS", "2"}});
  ASSERT_TRUE(testing::poll_until(
      launcher, [&] { return testing::count_finished(file, "stopped") >= 2; }, std::chrono::seconds(120)));
  const pid_t worker = rank_pid(launcher.pid(), 2);
  ASSERT_GT(worker, 0);
  ASSERT_EQ(kill(worker, SIGSTOP), 0);  // alive, but silent: no launcher notices this
  const auto stopped_at = testing::finished_now(file, "stopped");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (launcher.running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (launcher.running()) kill(worker, SIGKILL);
  const ProcessResult& ended = launcher.wait();
  EXPECT_NE(ended.status, 0);
  EXPECT_NE(ended.err.find("rank 2 on " + host() + " stopped answering (nothing received for 2 s)"), std::string::npos)
      << ended.err;
  EXPECT_EQ(sql_text(file, "PRAGMA integrity_check"), "ok");
  const auto after = testing::finished_now(file, "stopped");
  for (const auto& [key, accuracy] : stopped_at) EXPECT_EQ(after.at(key), accuracy);
}

TEST(Mpi, OneProcessAndABrokenConfigAreClearErrorsThatStoreNothing) {
  REQUIRE_MPI();
  TempDir dir;
  dir.write("c.yaml", campaign("lonely", 400, 1, 1));
  auto lonely = run_bounded(mpirun_n(1, {"c.yaml", "--no-report"}), dir.path(), "lonely");
  EXPECT_NE(lonely.status, 0);
  EXPECT_NE(lonely.err.find("with 1 process: a distributed campaign needs at least 2"), std::string::npos)
      << lonely.err;
  EXPECT_FALSE(fs::exists(dir.path() / "lonely.db"));

  // A database that already holds something, and a config that does not parse on rank 0.
  ASSERT_TRUE(db::Database::open(dir.path() / "kept.db", db::OpenMode::ReadWrite).has_value());
  const std::string kept = testing::read_text(dir.path() / "kept.db");
  dir.write("bad.yaml", "name: bad\nseed: 1\nstrategy: {kind: sideways}\n");
  auto bad = run_bounded(mpirun_n(3, {"bad.yaml", "--db", "kept.db", "--no-report"}), dir.path(), "bad");
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.err.find("bad.yaml:3:"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("sideways"), std::string::npos) << bad.err;
  EXPECT_EQ(testing::read_text(dir.path() / "kept.db"), kept);
}

TEST(Mpi, AWorkerWhoseDataSetIsMissingOrDifferentFailsLoudlyBeforeAnyTraining) {
  REQUIRE_MPI();
  // Rank 0 runs in `head` (which has the data), the workers in `node` (relative data paths are read
  // from each process's own working directory, as on machines with their own disks).
  TempDir head, node;
  head.write("c.yaml", testing::kIdxCampaign);
  testing::write_idx_dataset(head.path() / "data", -1);
  auto launch = [&](const std::string& tag) {
    return run_bounded(
        mpirun({"-n", "1", "-wdir", head.path().string(), ACTSEARCH_EXECUTABLE, "run", "c.yaml", "--no-report", ":",
                "-n", "2", "-x", "ASAN_OPTIONS=detect_leaks=0", "-wdir", node.path().string()},
               {"c.yaml", "--no-report"}),
        head.path(), tag);
  };
  auto missing = launch("missing");
  EXPECT_NE(missing.status, 0);
  EXPECT_NE(missing.err.find("cannot load the data set of task 'tiny-idx'"), std::string::npos) << missing.err;
  EXPECT_NE(missing.err.find("rank 1: on " + host()), std::string::npos) << missing.err;
  EXPECT_NE(missing.err.find("nothing was trained"), std::string::npos) << missing.err;
  EXPECT_EQ(testing::count_finished(head.path() / "files.db", "files"), 0);

  testing::write_idx_dataset(node.path() / "data", 17);  // one training label differs
  auto different = launch("different");
  EXPECT_NE(different.status, 0);
  EXPECT_NE(different.err.find("differs from rank 0's on " + host()), std::string::npos) << different.err;
  EXPECT_EQ(testing::count_finished(head.path() / "files.db", "files"), 0);

  // The same files on every machine: the campaign runs, and resumes the stored one.
  testing::write_idx_dataset(node.path() / "data", -1);
  auto same = launch("same");
  EXPECT_EQ(same.status, 0) << same.err;
  EXPECT_GT(testing::count_finished(head.path() / "files.db", "files"), 0);
}

}  // namespace
}  // namespace actsearch
