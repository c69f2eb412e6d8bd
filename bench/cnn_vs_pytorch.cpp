// One epoch of a network task (configs/tasks/fmnist-cnn.yaml, fmnist-resnet.yaml) with this trainer, on
// one thread, for ReLU, Swish and Mish: prints "run NAME SECONDS ACCURACY LOSS UTILISATION" per
// activation, the format bench/cnn_vs_pytorch.py reads. Run through bench/cnn_vs_pytorch.sh.
#include <fmt/format.h>
#include <sys/resource.h>

#include <chrono>
#include <string>
#include <vector>

#include "expr/parse.hpp"
#include "expr/simplify.hpp"
#include "trainer/backend.hpp"
#include "trainer/dataset.hpp"
#include "trainer/task.hpp"

namespace {

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

double wall_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace actsearch;
  if (argc < 2) {
    fmt::print(stderr, "usage: cnn_vs_pytorch TASK.yaml [--only NAME]\n");
    return 2;
  }
  const std::string only = argc >= 4 && std::string(argv[2]) == "--only" ? argv[3] : "";
  auto task = trainer::load_task(argv[1]);
  if (!task) {
    fmt::print(stderr, "{}\n", task.error().describe());
    return 1;
  }
  task->training.epochs = 1;
  auto data = trainer::load_dataset(task->dataset);
  if (!data) {
    fmt::print(stderr, "{}\n", data.error().describe());
    return 1;
  }
  const std::vector<std::pair<std::string, std::string>> activations = {
      {"relu", "relu(x)"}, {"swish", "x*sigmoid(x)"}, {"mish", "mish(x)"}};
  for (const auto& [name, text] : activations) {
    if (!only.empty() && name != only) continue;
    const trainer::TrainJob job{.activation = expr::simplify(*expr::parse(text)), .seed = 0};
    const double cpu0 = cpu_seconds(), wall0 = wall_seconds();
    const trainer::TrainResult r = trainer::train_one(*task, *data, job);
    const double wall = wall_seconds() - wall0;
    fmt::print("run\t{}\t{:.4f}\t{:.4f}\t{:.4f}\t{:.3f}\n", name, wall, r.val_accuracy, r.val_loss,
               (cpu_seconds() - cpu0) / wall);
    std::fflush(stdout);
  }
  return 0;
}
