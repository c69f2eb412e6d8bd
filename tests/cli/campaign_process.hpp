// The actsearch executable as a child process, for the tests that kill it, starve it of disk or read
// its database while it runs: start, poll the database read-only, kill with SIGKILL, wait. Kill moments
// are chosen from the database's state (the child's own commits), never from sleeps.
#pragma once

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "db/database.hpp"

namespace actsearch::testing {

namespace fs = std::filesystem;

inline std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

struct ProcessResult {
  int status = -1;  // the exit status; -1 when killed by a signal
  int signal = 0;   // the signal that ended it, if any
  std::string out, err;
};

using Environment = std::vector<std::pair<std::string, std::string>>;

// The exit status of a child that could not give up root (see ChildOptions::unprivileged).
constexpr int kCannotDropPrivileges = 126;

struct ChildOptions {
  Environment env;   // added to the environment
  fs::path log_dir;  // where stdout and stderr go (default: the working directory)
  // Run as the user `nobody` when the tests run as root, so that file and folder permissions apply
  // (root ignores them). Without root this changes nothing.
  bool unprivileged = false;
};

// A started child; SIGKILLed and reaped by the destructor if still running.
class ChildProcess {
 public:
  // Runs `argv` (argv[0] is the program) in `dir`; stdout and stderr go to files named after `tag`.
  ChildProcess(const std::vector<std::string>& argv, const fs::path& dir, const std::string& tag,
               const ChildOptions& options)
      : out_((options.log_dir.empty() ? dir : options.log_dir) / (tag + ".out")),
        err_((options.log_dir.empty() ? dir : options.log_dir) / (tag + ".err")) {
    pid_ = fork();
    if (pid_ == 0) {
      if (chdir(dir.c_str()) != 0) _exit(127);
      const int out = open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int err = open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) _exit(127);
      for (const auto& [name, value] : options.env) setenv(name.c_str(), value.c_str(), 1);
      if (options.unprivileged && geteuid() == 0) {
        constexpr uid_t kNobody = 65534;
        if (setgroups(0, nullptr) != 0 || setgid(kNobody) != 0 || setuid(kNobody) != 0) _exit(kCannotDropPrivileges);
      }
      std::vector<char*> args;
      for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      execv(args[0], args.data());
      _exit(127);
    }
  }
  ChildProcess(const std::vector<std::string>& argv, const fs::path& dir, const std::string& tag,
               const Environment& env = {})
      : ChildProcess(argv, dir, tag, ChildOptions{.env = env}) {}
  ~ChildProcess() {
    if (pid_ > 0 && !done_) {
      kill(pid_, SIGKILL);
      (void)wait();
    }
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool started() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  // True while the child runs (reaps it, without blocking, once it has ended).
  bool running() {
    if (done_) return false;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) finish(status);
    return !done_;
  }

  // SIGKILL, then reap. Returns false if the child had already ended on its own.
  bool kill_now() {
    if (!running()) return false;
    ::kill(pid_, SIGKILL);
    (void)wait();
    return result_.signal == SIGKILL;
  }

  const ProcessResult& wait() {
    if (!done_) {
      int status = 0;
      if (waitpid(pid_, &status, 0) == pid_) finish(status);
    }
    return result_;
  }

 private:
  void finish(int status) {
    done_ = true;
    result_.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result_.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    result_.out = read_text(out_);
    result_.err = read_text(err_);
  }

  fs::path out_, err_;
  pid_t pid_ = -1;
  bool done_ = false;
  ProcessResult result_;
};

// Runs to completion.
inline ProcessResult run_process(const std::vector<std::string>& argv, const fs::path& dir, const std::string& tag,
                                 const ChildOptions& options) {
  ChildProcess child(argv, dir, tag, options);
  return child.wait();
}
inline ProcessResult run_process(const std::vector<std::string>& argv, const fs::path& dir, const std::string& tag,
                                 const Environment& env = {}) {
  return run_process(argv, dir, tag, ChildOptions{.env = env});
}

// Polls `ready` (about every millisecond) until it holds, `child` ends, or `timeout` passes. Returns
// whether `ready` held while the child still ran.
inline bool poll_until(ChildProcess& child, const std::function<bool()>& ready,
                       std::chrono::seconds timeout = std::chrono::seconds(300)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (ready()) return child.running();
    if (!child.running()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

// (candidate, stage, seed) -> validation accuracy of every finished evaluation of one campaign.
using EvaluationKey = std::tuple<std::int64_t, int, std::uint64_t>;
using FinishedEvaluations = std::map<EvaluationKey, double>;

inline bool is_finished(db::EvalStatus s) {
  return s == db::EvalStatus::Done || s == db::EvalStatus::Diverged || s == db::EvalStatus::Failed;
}

// The evaluations of campaign `name` as a read-only reader sees them now; nothing while the file does not
// exist, cannot be opened read-only yet (still being created or migrated) or lacks the campaign.
inline std::optional<std::vector<db::EvaluationRecord>> evaluations_now(const fs::path& file, const std::string& name) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::nullopt;
  auto database = db::Database::open(file, db::OpenMode::ReadOnly);
  if (!database) return std::nullopt;
  auto campaign = database->find_campaign(name);
  if (!campaign || !*campaign) return std::nullopt;
  auto evaluations = database->evaluations((*campaign)->id);
  if (!evaluations) return std::nullopt;
  return std::move(*evaluations);
}

inline FinishedEvaluations finished_now(const fs::path& file, const std::string& name) {
  FinishedEvaluations out;
  if (auto all = evaluations_now(file, name)) {
    for (const auto& e : *all) {
      if (is_finished(e.status)) out[{e.candidate_id, e.stage, e.seed}] = e.val_accuracy;
    }
  }
  return out;
}

inline int count_finished(const fs::path& file, const std::string& name) {
  return static_cast<int>(finished_now(file, name).size());
}

}  // namespace actsearch::testing
