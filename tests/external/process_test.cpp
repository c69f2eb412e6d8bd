#include "external/process.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>

#include "tests/external/python_env.hpp"

namespace actsearch::external {
namespace {

ProcessSpec shell(const std::string& script, double timeout_s = 20) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", script};
  spec.timeout = std::chrono::duration<double>(timeout_s);
  return spec;
}

TEST(ExternalProcess, ReportsExitCodeOutputAndEnvironment) {
  ProcessSpec spec = shell("echo out; echo \"$ACTSEARCH_PROBE\" >&2; exit 3");
  spec.environment = {{"ACTSEARCH_PROBE", "seen"}};
  auto outcome = run_process(spec);
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->exit_code, 3);
  EXPECT_FALSE(outcome->timed_out);
  EXPECT_EQ(outcome->stdout_tail, "out\n");
  EXPECT_EQ(outcome->stderr_tail, "seen\n");
  EXPECT_EQ(describe_end(*outcome, 20), "exit code 3");
}

TEST(ExternalProcess, KeepsOnlyTheTailOfLongOutput) {
  ProcessSpec spec = shell("i=0; while [ $i -lt 2000 ]; do echo line$i >&2; i=$((i+1)); done");
  spec.tail_bytes = 100;
  auto outcome = run_process(spec);
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->stderr_tail.size(), 100u);
  EXPECT_NE(outcome->stderr_tail.find("line1999\n"), std::string::npos);
}

TEST(ExternalProcess, KillsTheWholeProcessGroupAtTheLimit) {
  const auto dir = external_testing::fresh_folder("process-group");
  // A child that outlives its parent's pipes: the group kill must reach it too.
  ProcessSpec spec = shell("sleep 60 > /dev/null 2>&1 & echo $! > child.pid; sleep 60", 0.5);
  spec.dir = dir;
  auto outcome = run_process(spec);
  ASSERT_TRUE(outcome.has_value());
  EXPECT_TRUE(outcome->timed_out);
  EXPECT_LT(outcome->seconds, 5.0);
  EXPECT_EQ(describe_end(*outcome, 0.5), "killed after the time limit of 0.5 s");
  std::ifstream pid_file(dir / "child.pid");
  pid_t child = 0;
  pid_file >> child;
  ASSERT_GT(child, 0);
  // Reaped by init once killed; give it a moment.
  bool gone = false;
  for (int i = 0; i < 200 && !gone; ++i) {
    gone = ::kill(child, 0) != 0;
    if (!gone) ::usleep(10000);
  }
  EXPECT_TRUE(gone) << "the background child " << child << " survived";
  std::filesystem::remove_all(dir);
}

TEST(ExternalProcess, ReportsASignal) {
  auto outcome = run_process(shell("kill -SEGV $$"));
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->signal, SIGSEGV);
  EXPECT_NE(describe_end(*outcome, 1).find("killed by signal 11"), std::string::npos);
}

TEST(ExternalProcess, AProgramThatCannotStartIsAnError) {
  ProcessSpec spec;
  spec.argv = {"/no/such/program"};
  EXPECT_FALSE(run_process(spec).has_value());
}

}  // namespace
}  // namespace actsearch::external
