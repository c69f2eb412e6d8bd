// The CPU trainer's half of bench/trainer_vs_pytorch.sh: one epoch of 784-256-256-10 on the 50k
// Fashion-MNIST train split (batch 128, SGD momentum 0.9, lr 0.05, He-normal), one thread, per
// activation; then candidate-epochs per second with 1 and 2 threads. Prints tab-separated rows:
//   run <name> <median seconds> <validation accuracy> <validation loss> <CPU utilisation>
//   rate <threads> <candidates> <seconds> <candidate-epochs per second> <CPU utilisation>
// CPU utilisation is (user + system time) / wall time of the process over those runs.
// --only NAME runs that activation alone and skips the rates; --rates-only skips the runs.
// The PyTorch script reproduces the same split, initial weights and data order from the seed.
#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/timing.hpp"
#include "expr/parse.hpp"
#include "expr/simplify.hpp"
#include "trainer/backend.hpp"
#include "trainer/dataset.hpp"
#include "trainer/task.hpp"

namespace {

using namespace actsearch;

struct Candidate {
  const char* name;
  const char* expression;
};

constexpr Candidate kCandidates[] = {
    {"relu", "relu(x)"},
    {"swish", "x*sigmoid(x)"},
    {"mish", "mish(x)"},
    {"complex", "max(x*sigmoid(1.5*x), tanh(x)) + 0.1*sin(x)*exp(-x*x)"},
};

int usage() {
  fmt::print(stderr, "usage: trainer_vs_pytorch TASK_YAML [--repeats N] [--seed S] [--only NAME | --rates-only]\n");
  return 2;
}

double wall_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  int repeats = 3;
  std::uint64_t seed = 0;
  std::string only;
  bool runs = true, rates = true;
  for (int i = 2; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--rates-only") {
      runs = false;
      --i;
      continue;
    }
    if (i + 1 >= argc) return usage();
    if (flag == "--only") {
      only = argv[i + 1];
      rates = false;
    } else if (flag == "--repeats") {
      repeats = std::max(1, std::atoi(argv[i + 1]));
    } else if (flag == "--seed") {
      seed = std::strtoull(argv[i + 1], nullptr, 10);
    } else {
      return usage();
    }
  }

  auto task = trainer::load_task(argv[1]);
  if (!task) {
    fmt::print(stderr, "{}\n", task.error().describe());
    return 1;
  }
  // The benchmark protocol: the reference task's data and optimiser, a 2-hidden-layer net, lr 0.05,
  // one epoch.
  task->model.hidden = {256, 256};
  task->optimizer.lr = 0.05;
  task->training.epochs = 1;
  auto data = trainer::load_dataset(task->dataset);
  if (!data) {
    fmt::print(stderr, "{}\n", data.error().describe());
    return 1;
  }

  std::vector<trainer::TrainJob> jobs;
  for (const Candidate& c : kCandidates) {
    auto parsed = expr::parse(c.expression);
    if (!parsed) {
      fmt::print(stderr, "{}: {}\n", c.expression, parsed.error().describe());
      return 1;
    }
    jobs.push_back({.activation = expr::simplify(*parsed), .seed = seed, .epochs = 1});
  }

  trainer::CpuBackend one_thread(1);
  for (std::size_t i = 0; runs && i < jobs.size(); ++i) {
    if (!only.empty() && only != kCandidates[i].name) continue;
    std::vector<double> seconds;
    trainer::TrainResult result;
    const double cpu0 = actsearch::timing::process_cpu_seconds(), wall0 = wall_seconds();
    for (int r = 0; r < repeats; ++r) {
      result = one_thread.train(*task, *data, std::span(&jobs[i], 1)).front();
      if (result.status != trainer::RunStatus::Ok) {
        fmt::print(stderr, "{}: {} {}\n", kCandidates[i].name, trainer::to_string(result.status), result.message);
        return 1;
      }
      seconds.push_back(result.wall_seconds);
    }
    const double utilisation = (actsearch::timing::process_cpu_seconds() - cpu0) / (wall_seconds() - wall0);
    std::sort(seconds.begin(), seconds.end());
    fmt::print("run\t{}\t{:.4f}\t{:.4f}\t{:.4f}\t{:.3f}\n", kCandidates[i].name, seconds[seconds.size() / 2],
               result.val_accuracy, result.val_loss, utilisation);
    std::fflush(stdout);
  }

  for (int threads : {1, 2}) {
    if (!rates) break;
    trainer::CpuBackend backend(threads);
    const double cpu0 = actsearch::timing::process_cpu_seconds(), wall0 = wall_seconds();
    const auto results = backend.train(*task, *data, jobs);
    const double seconds = wall_seconds() - wall0;
    const double utilisation = (actsearch::timing::process_cpu_seconds() - cpu0) / seconds;
    for (const auto& r : results) {
      if (r.status != trainer::RunStatus::Ok) return 1;
    }
    fmt::print("rate\t{}\t{}\t{:.3f}\t{:.3f}\t{:.3f}\n", threads, jobs.size(), seconds,
               static_cast<double>(jobs.size()) / seconds, utilisation);
    std::fflush(stdout);
  }
  return 0;
}
