// The CUDA backend's half of bench/kernels_vs_pytorch.sh.
//
//  * NVRTC (needs no GPU): 64 candidates sampled from the two-unit Ramachandran space, generated
//    into one module and compiled for ARCH (a cold compile into an empty cache), then the same
//    module loaded from the cache.
//  * Training (needs a GPU): one epoch of 784-256-256-10 on the 50k Fashion-MNIST train split
//    (batch 128, SGD momentum 0.9, lr 0.05) for K = 1, 8, 64, 256 candidates trained in lockstep.
//
// Prints tab-separated rows for the driver script:
//   nvrtc <candidates> <compiled> <cold seconds> <cache-hit seconds> <arch>
//   train <K> <candidate-epochs> <seconds> <candidate-epochs per second> <mean validation accuracy>
//   skip <what> <why>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "common/timing.hpp"
#include "expr/print.hpp"
#include "expr/program.hpp"
#include "expr/simplify.hpp"
#include "kernels/cache.hpp"
#include "kernels/cuda_backend.hpp"
#include "kernels/nvrtc.hpp"
#include "spaces/random.hpp"
#include "spaces/space.hpp"
#include "trainer/backend.hpp"
#include "trainer/dataset.hpp"
#include "trainer/task.hpp"

namespace {

using namespace actsearch;

// `count` distinct compilable candidates from the space, in sampling order.
std::vector<expr::Expr> sample_candidates(const spaces::Space& space, std::size_t count, std::uint64_t seed) {
  spaces::Rng rng(seed);
  std::vector<expr::Expr> out;
  std::vector<std::string> seen;
  for (int tries = 0; out.size() < count && tries < 100000; ++tries) {
    expr::Expr e = expr::simplify(space.expression(space.sample(rng)));
    const std::string text = expr::print(e);
    if (std::find(seen.begin(), seen.end(), text) != seen.end()) continue;
    try {
      (void)expr::Program::compile(e);
    } catch (const std::exception&) {
      continue;
    }
    seen.push_back(text);
    out.push_back(std::move(e));
  }
  return out;
}

int bench_nvrtc(const std::vector<expr::Expr>& candidates, const std::string& arch) {
  if (!kernels::nvrtc_available()) {
    fmt::print("skip\tnvrtc\tthis build has no CUDA toolkit\n");
    return 0;
  }
  std::vector<expr::Program> programs;
  for (const auto& e : candidates) programs.push_back(expr::Program::compile(e));
  std::vector<const expr::Program*> pointers;
  for (const auto& p : programs) pointers.push_back(&p);

  const auto dir = std::filesystem::temp_directory_path() / fmt::format("actsearch-kernels-bench-{}", ::getpid());
  std::filesystem::remove_all(dir);
  const kernels::KernelCache cache(kernels::CacheConfig{.dir = dir});
  timing::Stopwatch clock;
  auto cold = kernels::compile_candidates(pointers, arch, &cache);
  const double cold_seconds = clock.seconds();
  if (!cold) {
    fmt::print(stderr, "{}\n", cold.error().describe());
    return 1;
  }
  clock.restart();
  auto warm = kernels::compile_candidates(pointers, arch, &cache);
  const double warm_seconds = clock.seconds();
  std::filesystem::remove_all(dir);
  if (!warm) {
    fmt::print(stderr, "{}\n", warm.error().describe());
    return 1;
  }
  fmt::print("nvrtc\t{}\t{}\t{:.4f}\t{:.5f}\t{}\n", programs.size(), programs.size() - cold->failed(), cold_seconds,
             warm_seconds, arch);
  return 0;
}

int bench_training(const std::vector<expr::Expr>& candidates, const char* task_file) {
  std::string why;
  if (!kernels::cuda_available(&why)) {
    fmt::print("skip\ttraining\t{}\n", why);
    return 0;
  }
  auto task = trainer::load_task(task_file);
  if (!task) {
    fmt::print(stderr, "{}\n", task.error().describe());
    return 1;
  }
  task->model.hidden = {256, 256};
  task->optimizer.lr = 0.05;
  task->training.epochs = 1;
  auto data = trainer::load_dataset(task->dataset);
  if (!data) {
    fmt::print(stderr, "{}\n", data.error().describe());
    return 1;
  }
  for (int k : {1, 8, 64, 256}) {
    kernels::CudaBackendOptions options;
    options.max_slots = k;
    auto backend = kernels::make_cuda_backend(options);
    if (!backend) {
      fmt::print("skip\ttraining\t{}\n", backend.error().message);
      return 0;
    }
    std::vector<trainer::TrainJob> jobs;
    for (int i = 0; i < k; ++i) {
      jobs.push_back({.activation = candidates[static_cast<std::size_t>(i) % candidates.size()],
                      .seed = static_cast<std::uint64_t>(i)});
    }
    (void)(*backend)->train(*task, *data, std::span(jobs).first(1));  // module load, cuBLAS handles
    const timing::Stopwatch clock;
    const auto results = (*backend)->train(*task, *data, jobs);
    const double seconds = clock.seconds();
    double accuracy = 0;
    int ok = 0;
    for (const auto& r : results) {
      if (r.status == trainer::RunStatus::Ok) {
        accuracy += r.val_accuracy;
        ++ok;
      }
    }
    fmt::print("train\t{}\t{}\t{:.3f}\t{:.2f}\t{:.4f}\n", k, k, seconds, k / seconds, ok ? accuracy / ok : 0.0);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    fmt::print(stderr,
               "usage: kernels_bench SPACE_YAML TASK_YAML [ARCH]   (ARCH defaults to the device's, else sm_90)\n");
    return 2;
  }
  auto space = spaces::Space::load(argv[1]);
  if (!space) {
    fmt::print(stderr, "{}\n", space.error().describe());
    return 1;
  }
  std::vector<expr::Expr> candidates = sample_candidates(*space, 64, 2024);
  std::string arch = argc > 3 ? argv[3] : "sm_90";
  if (argc <= 3) {
    if (auto device = kernels::device_arch()) arch = *device;
  }
  if (int rc = bench_nvrtc(candidates, arch)) return rc;
  return bench_training(candidates, argv[2]);
}
