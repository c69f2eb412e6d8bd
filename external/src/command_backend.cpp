#include "external/command_backend.hpp"

#include <sched.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "common/hash.hpp"
#include "expr/export.hpp"
#include "expr/print.hpp"
#include "external/command_line.hpp"
#include "external/process.hpp"
#include "external/result_file.hpp"

namespace actsearch::external {
namespace {

std::string read_file(const std::filesystem::path& file, bool& ok) {
  std::ifstream in(file, std::ios::binary);
  ok = static_cast<bool>(in);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::filesystem::path make_scratch() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/actsearch-external-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) return std::filesystem::temp_directory_path();
  return pattern;
}

// The last lines of a process's stderr, for a message.
std::string stderr_tail(const ProcessOutcome& outcome) {
  std::string tail = outcome.stderr_tail;
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == ' ')) tail.pop_back();
  if (tail.empty()) return "";
  constexpr std::size_t kShown = 1500;
  if (tail.size() > kShown) tail = "..." + tail.substr(tail.size() - kShown);
  return "\nstderr:\n" + tail;
}

// The CPUs this process may use (its affinity: a Slurm or cgroup allotment, taskset), in order.
std::vector<int> usable_cpus() {
  std::vector<int> out;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) == 0) {
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
      if (CPU_ISSET(cpu, &set)) out.push_back(cpu);
    }
  }
  if (out.empty()) {
    for (unsigned cpu = 0; cpu < std::max(1u, std::thread::hardware_concurrency()); ++cpu)
      out.push_back(static_cast<int>(cpu));
  }
  return out;
}

// The CPUs of run slot `slot` of `slots`: an equal share of the usable ones, in order (shared round-robin
// when there are fewer CPUs than slots). Empty for a single slot: it may use them all.
std::vector<int> cpus_of(int slot, int slots) {
  if (slots <= 1) return {};
  const std::vector<int> cpus = usable_cpus();
  const int count = static_cast<int>(cpus.size());
  const int share = std::max(1, count / slots);
  std::vector<int> out;
  for (int i = 0; i < share; ++i) out.push_back(cpus[static_cast<std::size_t>((slot * share + i) % count)]);
  return out;
}

std::string visible_device(int slot) {
  const char* visible = std::getenv("CUDA_VISIBLE_DEVICES");
  if (!visible || !*visible) return {};
  std::vector<std::string> devices;
  std::stringstream list(visible);
  for (std::string d; std::getline(list, d, ',');) {
    if (!d.empty()) devices.push_back(d);
  }
  if (devices.empty()) return {};
  return devices[static_cast<std::size_t>(slot) % devices.size()];
}

}  // namespace

std::string candidate_module(const expr::Expr& activation, trainer::ExternalFramework framework) {
  const bool torch = framework == trainer::ExternalFramework::PyTorch;
  std::string out = expr::export_code(activation, torch ? expr::Target::PyTorch : expr::Target::JAX);
  out += "\n\n# ---- the names of the external training protocol (docs/EXTERNAL.md) ----\n";
  out += "import inspect as _inspect\n\n";
  // A JSON string is a Python string literal.
  out += "EXPRESSION = " + nlohmann::json(expr::print(activation)).dump() + "\n";
  out += "# The trainable constants at their initial values, in the order learned_params lists them.\n";
  out +=
      "PARAMETERS = {_n: float(_p.default) for _n, _p in _inspect.signature(activation).parameters.items() if _n != "
      "\"x\"}\n\n\n";
  if (torch) {
    out += "def make_activation():\n";
    out += "    \"\"\"A new module for one use (one per layer): its constants are nn.Parameters of its own.\"\"\"\n";
    out += "    return Activation(**PARAMETERS)\n";
  } else {
    out += "def init_params():\n";
    out +=
        "    \"\"\"A new dict of the trainable constants for one use (one per layer): activation(x, **params).\"\"\"\n";
    out += "    return dict(PARAMETERS)\n";
  }
  return out;
}

trainer::TrainResult run_one(const trainer::TaskSpec& task, const trainer::TrainJob& job,
                             const std::filesystem::path& folder, int slot, int slots) {
  const trainer::ExternalSpec& spec = task.external;
  auto failed = [](std::string message) {
    trainer::TrainResult r;
    r.status = trainer::RunStatus::Failed;
    r.message = std::move(message);
    return r;
  };
  const std::filesystem::path module = folder / "candidate.py", result = folder / "result.json";
  {
    std::ofstream out(module);
    out << candidate_module(job.activation, spec.framework);
    if (!out.flush()) return failed("cannot write the candidate's module " + module.string());
  }
  auto words = split_words(spec.command);
  if (!words) return failed("external.command: " + words.error().message);
  const trainer::JobBudget budget = trainer::budget_of(task, job);
  const std::vector<int> cpus = cpus_of(slot, slots);
  const int threads = static_cast<int>(cpus.empty() ? usable_cpus().size() : cpus.size());
  const std::map<std::string, std::string> values = {{"module", module.string()},
                                                     {"result", result.string()},
                                                     {"seed", std::to_string(job.seed)},
                                                     {"epochs", std::to_string(budget.epochs)},
                                                     {"examples", std::to_string(budget.train_examples)},
                                                     {"batch_size", std::to_string(task.training.batch_size)},
                                                     {"test", job.evaluate_test ? "1" : "0"},
                                                     {"threads", std::to_string(threads)}};
  ProcessSpec process;
  process.dir = spec.dir;
  try {
    process.argv = expand(*words, values);
  } catch (const std::out_of_range&) {
    return failed("external.command names a placeholder the engine does not fill in");
  }
  const auto program = find_program(process.argv[0], spec.dir);
  if (!program) return failed("program '" + process.argv[0] + "' not found");
  process.argv[0] = program->string();
  process.timeout = std::chrono::duration<double>(spec.timeout_s);
  process.cpus = cpus;
  const std::string count = std::to_string(threads);
  process.environment = {{"OMP_NUM_THREADS", count},
                         {"OPENBLAS_NUM_THREADS", count},
                         {"MKL_NUM_THREADS", count},
                         {"ACTSEARCH_WORKER_SLOT", std::to_string(slot)}};
  if (const std::string device = visible_device(slot); !device.empty()) {
    process.environment.emplace_back("CUDA_VISIBLE_DEVICES", device);
  }
  auto outcome = run_process(process);
  if (!outcome) return failed(outcome.error().message);
  auto with_context = [&](trainer::TrainResult r) {
    r.wall_seconds = outcome->seconds;
    if (r.status == trainer::RunStatus::Ok && budget.train_examples > 0 && outcome->seconds > 0) {
      r.examples_per_second = static_cast<double>(budget.train_examples) * budget.epochs / outcome->seconds;
    }
    if (r.status != trainer::RunStatus::Ok) {
      r.val_accuracy = r.val_loss = r.train_loss = r.test_accuracy = r.test_loss = trainer::kNotEvaluated;
      r.message += stderr_tail(*outcome);
    }
    return r;
  };
  if (outcome->timed_out || outcome->exit_code != 0) {
    return with_context(failed("the training command failed: " + describe_end(*outcome, spec.timeout_s)));
  }
  bool readable = false;
  const std::string text = read_file(result, readable);
  if (!readable) {
    return with_context(failed("the training command exited 0 but wrote no result at " + result.string() +
                               " (the path passed as {result})"));
  }
  return with_context(read_result(text, expr::parameters(job.activation).size()));
}

CommandBackend::CommandBackend(int workers, std::filesystem::path scratch)
    : workers_(std::max(1, workers)), scratch_(std::move(scratch)) {
  if (scratch_.empty()) {
    scratch_ = make_scratch();
    own_scratch_ = true;
  }
}

CommandBackend::~CommandBackend() {
  if (own_scratch_) {
    std::error_code ec;
    std::filesystem::remove_all(scratch_, ec);
  }
}

std::string CommandBackend::name() const { return "external (" + std::to_string(workers_) + " runs at once)"; }

std::vector<trainer::TrainResult> CommandBackend::train(const trainer::TaskSpec& task, const trainer::Dataset&,
                                                        std::span<const trainer::TrainJob> jobs,
                                                        const trainer::JobDone& on_done) {
  std::vector<trainer::TrainResult> results(jobs.size());
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  static std::atomic<std::uint64_t> runs{0};
  const int slots = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(workers_), jobs.size()));
  auto work = [&](int slot) {
    for (;;) {
      const std::size_t i = next.fetch_add(1);
      if (i >= jobs.size() || stop) return;
      const std::filesystem::path folder = scratch_ / ("run-" + std::to_string(runs.fetch_add(1)));
      std::error_code ec;
      std::filesystem::create_directories(folder, ec);
      if (ec) {
        results[i].status = trainer::RunStatus::Failed;
        results[i].message = "cannot make the run folder " + folder.string() + ": " + ec.message();
      } else {
        results[i] = run_one(task, jobs[i], folder, slot, workers_);
      }
      std::filesystem::remove_all(folder, ec);
      if (!on_done) continue;
      try {
        on_done(i, results[i]);
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
        stop = true;
        return;
      }
    }
  };
  std::vector<std::thread> threads;
  for (int slot = 1; slot < slots; ++slot) threads.emplace_back(work, slot);
  work(0);
  for (auto& t : threads) t.join();
  if (error) std::rethrow_exception(error);
  return results;
}

trainer::DataFingerprint command_fingerprint(const trainer::ExternalSpec& spec) {
  trainer::DataFingerprint out;
  const std::string command = std::string(trainer::to_string(spec.framework)) + "\n" + spec.command;
  out.splits.push_back({.split = "command", .examples = 0, .hash = hash::fnv1a_hex(command)});
  std::uint64_t files = hash::kFnv1aOffsetBasis;
  std::size_t bytes = 0;
  if (auto words = split_words(spec.command)) {
    for (std::size_t w = 1; w < words->size(); ++w) {
      const std::string& word = (*words)[w];
      if (word.find('{') != std::string::npos || word.empty()) continue;
      std::error_code ec;
      const std::filesystem::path file = spec.dir / word;
      if (!std::filesystem::is_regular_file(file, ec)) continue;
      bool ok = false;
      const std::string text = read_file(file, ok);
      files = hash::fnv1a(word + "\n" + text, files);
      bytes += text.size();
    }
  }
  out.splits.push_back({.split = "files", .examples = bytes, .hash = hash::hex16(files)});
  out.whole = hash::fnv1a_hex(out.splits[0].hash + out.splits[1].hash);
  return out;
}

}  // namespace actsearch::external
