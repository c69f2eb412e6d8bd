// One child process run to its end or to a time limit: posix_spawn in its own process group, stdout and
// stderr read through pipes (their last bytes kept), and on the limit SIGKILL to the whole group, so that
// a script's own children (data loader workers) go too.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/expected.hpp"

namespace actsearch::external {

struct ProcessSpec {
  std::vector<std::string> argv;  // argv[0] a path (external/command_line.hpp: find_program)
  std::filesystem::path dir;      // working directory
  std::vector<std::pair<std::string, std::string>> environment;  // set on top of this process's
  std::chrono::duration<double> timeout{600.0};
  std::vector<int> cpus;          // the CPUs it may run on (empty: any)
  std::size_t tail_bytes = 4000;  // how much of the end of stdout and stderr is kept
};

struct ProcessOutcome {
  std::optional<int> exit_code;  // when it exited
  std::optional<int> signal;     // when a signal ended it
  bool timed_out = false;        // killed at the limit
  std::string stdout_tail, stderr_tail;
  double seconds = 0;
};

// Runs the process and waits for it; an error only when it could not be started.
Expected<ProcessOutcome> run_process(const ProcessSpec& spec);

// "exit code 3", "killed by signal 9 (Killed)", "killed after the time limit of 600 s".
std::string describe_end(const ProcessOutcome& outcome, double timeout_s);

}  // namespace actsearch::external
