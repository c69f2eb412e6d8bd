#include "external/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

extern char** environ;

namespace actsearch::external {
namespace {

// A file descriptor closed with its owner.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    reset();
    fd_ = std::exchange(other.fd_, -1);
    return *this;
  }
  ~Fd() { reset(); }
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

Expected<std::pair<Fd, Fd>> make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return fail(std::string("pipe: ") + std::strerror(errno));
  return std::pair{Fd(fds[0]), Fd(fds[1])};
}

void keep_tail(std::string& tail, const char* data, std::size_t n, std::size_t limit) {
  tail.append(data, n);
  if (tail.size() > limit) tail.erase(0, tail.size() - limit);
}

// The environment of the child: this process's, with `extra` set on top.
std::vector<std::string> child_environment(const std::vector<std::pair<std::string, std::string>>& extra) {
  std::vector<std::string> out;
  for (char** e = environ; e && *e; ++e) {
    const std::string_view entry(*e);
    const auto name = entry.substr(0, entry.find('='));
    bool replaced = false;
    for (const auto& [key, value] : extra) replaced = replaced || key == name;
    if (!replaced) out.emplace_back(entry);
  }
  for (const auto& [key, value] : extra) out.push_back(key + "=" + value);
  return out;
}

}  // namespace

Expected<ProcessOutcome> run_process(const ProcessSpec& spec) {
  if (spec.argv.empty()) return fail("no program to run");
  auto out_pipe = make_pipe();
  if (!out_pipe) return fail(out_pipe.error());
  auto err_pipe = make_pipe();
  if (!err_pipe) return fail(err_pipe.error());

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe->second.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe->second.get(), STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  if (!spec.dir.empty()) posix_spawn_file_actions_addchdir_np(&actions, spec.dir.c_str());
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setpgroup(&attributes, 0);  // its own group: the timeout kills its children too
  sigset_t default_signals;
  sigemptyset(&default_signals);
  sigaddset(&default_signals, SIGPIPE);
  sigaddset(&default_signals, SIGINT);
  sigaddset(&default_signals, SIGTERM);
  posix_spawnattr_setsigdefault(&attributes, &default_signals);
  sigset_t no_signals;
  sigemptyset(&no_signals);
  posix_spawnattr_setsigmask(&attributes, &no_signals);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

  std::vector<char*> argv;
  for (const std::string& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<std::string> environment = child_environment(spec.environment);
  std::vector<char*> envp;
  for (std::string& e : environment) envp.push_back(e.data());
  envp.push_back(nullptr);

  const auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  // Every descriptor of ours is O_CLOEXEC, so runs started from other threads at the same time do not
  // inherit each other's pipes (a pipe held open elsewhere would hide the end of its process).
  const int spawned = ::posix_spawn(&pid, argv[0], &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  out_pipe->second.reset();
  err_pipe->second.reset();
  if (spawned != 0) return fail("cannot start '" + spec.argv[0] + "': " + std::strerror(spawned));
  if (!spec.cpus.empty()) {
    // Set right after the start: the interpreter's threads (OpenMP, BLAS) are created later and inherit it.
    cpu_set_t set;
    CPU_ZERO(&set);
    for (int cpu : spec.cpus) CPU_SET(cpu, &set);
    ::sched_setaffinity(pid, sizeof set, &set);
  }

  ProcessOutcome outcome;
  std::array<pollfd, 2> fds{{{out_pipe->first.get(), POLLIN, 0}, {err_pipe->first.get(), POLLIN, 0}}};
  std::array<std::string*, 2> tails{&outcome.stdout_tail, &outcome.stderr_tail};
  const auto deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(spec.timeout);
  int open_pipes = 2;
  while (open_pipes > 0) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      outcome.timed_out = true;
      break;
    }
    const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(std::min<long long>(left.count() + 1, 1000)));
    if (ready < 0 && errno != EINTR) break;
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buffer[4096];
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        keep_tail(*tails[i], buffer, static_cast<std::size_t>(n), spec.tail_bytes);
      } else if (n == 0 || errno != EINTR) {
        fds[i].fd = -1;  // closed: the process (and every child holding the pipe) is done with it
        --open_pipes;
      }
    }
  }
  // The process is waited for without being reaped, so that its group id cannot be reused before the
  // group (the script and whatever it started) is killed.
  siginfo_t info{};
  if (!outcome.timed_out) {
    for (;;) {
      info.si_pid = 0;
      if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid) break;
      if (std::chrono::steady_clock::now() >= deadline) {
        outcome.timed_out = true;
        break;
      }
      ::usleep(2000);
    }
  }
  ::kill(-pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!outcome.timed_out) {
    if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) outcome.signal = WTERMSIG(status);
  }
  return outcome;
}

std::string describe_end(const ProcessOutcome& outcome, double timeout_s) {
  if (outcome.timed_out) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", timeout_s);
    return std::string("killed after the time limit of ") + text + " s";
  }
  if (outcome.signal)
    return "killed by signal " + std::to_string(*outcome.signal) + " (" + sigdescr_np(*outcome.signal) + ")";
  if (outcome.exit_code) return "exit code " + std::to_string(*outcome.exit_code);
  return "ended in an unknown way";
}

}  // namespace actsearch::external
