// The CUDA backend's half of bench/kernels_vs_pytorch.sh.
//
//  * NVRTC (needs no GPU): 64 candidates sampled from the two-unit Ramachandran space, compiled for
//    ARCH in each way of LEVERS (a cold compile into an empty cache, wall and process CPU time),
//    then again from the cache.
//  * Bandwidth (needs a GPU): each candidate's forward and backward activation kernels over 2^26
//    elements, next to a device-to-device copy.
//  * Training (needs a GPU): one epoch of 784-256-256-10 on the 50k Fashion-MNIST train split
//    (batch 128, SGD momentum 0.9, lr 0.05) for K = 1, 8, 64, 256 candidates trained in lockstep.
//
// Prints tab-separated rows for the driver script:
//   nvrtc <lever> <candidates> <compiled> <cold seconds> <cold CPU seconds> <cache-hit seconds> <arch> <bytes>
//   train <K> <candidate-epochs> <seconds> <candidate-epochs per second> <mean validation accuracy> <ok>
//   copy <elements> <GB/s>; bandwidth <candidate> <forward GB/s> <backward GB/s> <function>
//   note <what> <text>
//   skip <what> <why>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "common/timing.hpp"
#include "expr/export.hpp"
#include "expr/print.hpp"
#include "expr/program.hpp"
#include "expr/simplify.hpp"
#include "kernels/cache.hpp"
#include "kernels/cuda_backend.hpp"
#include "kernels/measure.hpp"
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

// One way of compiling the batch. `modules` > 1 splits the batch into that many modules compiled
// at once in as many threads: the backend cannot use that (it launches one module per batch), so
// it is measured to compare with `link`, which gets the same parallelism into one module.
struct Lever {
  std::string name;
  kernels::CompileOptions options;
  int modules = 1;
};

// The levers named in `which` ("all", or names separated by commas); any lever can be split into
// N modules compiled at once by appending "-N-modules" to its name ("function-8-modules").
Expected<std::vector<Lever>> levers(const std::string& which) {
  using kernels::CandidateForm;
  const std::vector<Lever> base = {
      {"inlined", {.form = CandidateForm::Inlined}},
      {"inlined-maxrreg32", {.form = CandidateForm::Inlined, .extra_options = {"--maxrregcount=32"}}},
      {"inlined-ptxas-O1", {.form = CandidateForm::Inlined, .extra_options = {"-Xptxas=-O1"}}},
      {"function", {.form = CandidateForm::DeviceFunction, .link = false}},
      {"function-ptxas-O1", {.form = CandidateForm::DeviceFunction, .extra_options = {"-Xptxas=-O1"}, .link = false}},
      {"function-link-1-per-object", {.form = CandidateForm::DeviceFunction, .link = true, .candidates_per_object = 1}},
      {"function-link-8-per-object", {.form = CandidateForm::DeviceFunction, .link = true, .candidates_per_object = 8}},
      {"function-link-8-ptxas-O1",
       {.form = CandidateForm::DeviceFunction,
        .extra_options = {"-Xptxas=-O1"},
        .link = true,
        .candidates_per_object = 8}},
      {"function-link-32-per-object",
       {.form = CandidateForm::DeviceFunction, .link = true, .candidates_per_object = 32}},
  };
  const std::string names =
      which == "all" ? "inlined,inlined-2-modules,inlined-maxrreg32,inlined-ptxas-O1,function,function-2-modules,"
                       "function-ptxas-O1,function-link-1-per-object,function-link-8-per-object,"
                       "function-link-8-ptxas-O1,function-link-32-per-object"
                     : which;
  std::vector<Lever> out;
  for (std::size_t at = 0; at <= names.size();) {
    const std::size_t comma = std::min(names.find(',', at), names.size());
    const std::string name = names.substr(at, comma - at);
    at = comma + 1;
    if (name.empty()) continue;
    std::string stem = name;
    int modules = 1;
    if (const auto dash = name.rfind("-modules"); dash != std::string::npos && dash + 8 == name.size()) {
      const auto count_at = name.rfind('-', dash - 1);
      if (count_at == std::string::npos) return fail("--levers: cannot read '" + name + "'");
      modules = std::atoi(name.substr(count_at + 1, dash - count_at - 1).c_str());
      stem = name.substr(0, count_at);
      if (modules < 1) return fail("--levers: bad module count in '" + name + "'");
    }
    const auto found = std::find_if(base.begin(), base.end(), [&](const Lever& l) { return l.name == stem; });
    if (found == base.end()) return fail("--levers: unknown lever '" + name + "'");
    Lever lever = *found;
    lever.name = name;
    lever.modules = modules;
    out.push_back(std::move(lever));
  }
  return out;
}

// Compiles the batch as `lever` says; returns the images' total size, or an error.
Expected<std::size_t> compile_batch(const std::vector<const expr::Program*>& programs, const std::string& arch,
                                    const kernels::KernelCache& cache, const Lever& lever, int* compiled) {
  const std::size_t parts = static_cast<std::size_t>(std::max(lever.modules, 1));
  std::vector<std::optional<Expected<kernels::CandidateModule>>> results(parts);
  std::vector<std::thread> threads;
  for (std::size_t m = 0; m < parts; ++m) {
    const std::size_t first = programs.size() * m / parts, last = programs.size() * (m + 1) / parts;
    threads.emplace_back([&, m, first, last] {
      const std::vector<const expr::Program*> share(programs.begin() + static_cast<std::ptrdiff_t>(first),
                                                    programs.begin() + static_cast<std::ptrdiff_t>(last));
      results[m].emplace(kernels::compile_candidates(share, arch, &cache, lever.options));
    });
  }
  for (std::thread& t : threads) t.join();
  std::size_t bytes = 0;
  *compiled = 0;
  for (auto& r : results) {
    if (!*r) return fail(r->error());
    bytes += (*r)->image.image.size();
    *compiled += static_cast<int>((*r)->index_of.size()) - (*r)->failed();
  }
  return bytes;
}

int bench_nvrtc(const std::vector<expr::Expr>& candidates, const std::string& arch, const std::string& which) {
  if (!kernels::nvrtc_available()) {
    fmt::print("skip\tnvrtc\tthis build has no CUDA toolkit\n");
    return 0;
  }
  std::vector<expr::Program> programs;
  for (const auto& e : candidates) programs.push_back(expr::Program::compile(e));
  std::vector<const expr::Program*> pointers;
  for (const auto& p : programs) pointers.push_back(&p);

  auto chosen = levers(which);
  if (!chosen) {
    fmt::print(stderr, "{}\n", chosen.error().describe());
    return 2;
  }
  for (const Lever& lever : *chosen) {
    if (std::string why; lever.options.link && lever.options.form == kernels::CandidateForm::DeviceFunction &&
                         !kernels::nvjitlink_available(&why)) {
      fmt::print("skip\tnvrtc {}\t{}\n", lever.name, why);
      continue;
    }
    const auto dir = std::filesystem::temp_directory_path() / fmt::format("actsearch-kernels-bench-{}", ::getpid());
    std::filesystem::remove_all(dir);
    const kernels::KernelCache cache(kernels::CacheConfig{.dir = dir});
    int compiled = 0;
    const double cpu_start = timing::process_cpu_seconds();
    timing::Stopwatch clock;
    auto cold = compile_batch(pointers, arch, cache, lever, &compiled);
    const double cold_seconds = clock.seconds(), cold_cpu = timing::process_cpu_seconds() - cpu_start;
    if (!cold) {
      fmt::print(stderr, "{}: {}\n", lever.name, cold.error().describe());
      std::filesystem::remove_all(dir);
      return 1;
    }
    clock.restart();
    int again = 0;
    auto warm = compile_batch(pointers, arch, cache, lever, &again);
    const double warm_seconds = clock.seconds();
    std::filesystem::remove_all(dir);
    if (!warm) {
      fmt::print(stderr, "{}: {}\n", lever.name, warm.error().describe());
      return 1;
    }
    fmt::print("nvrtc\t{}\t{}\t{}\t{:.3f}\t{:.3f}\t{:.5f}\t{}\t{}\n", lever.name, programs.size(), compiled,
               cold_seconds, cold_cpu, warm_seconds, arch, *cold);
    std::fflush(stdout);
  }
  return 0;
}

int bench_training(const std::vector<expr::Expr>& candidates, const char* task_file,
                   const kernels::CompileOptions& compile) {
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
    options.compile = compile;
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
    // The same candidates on a few examples first: the module compile (cached for the timed run),
    // cuBLAS handles and first-launch costs stay out of the figure.
    std::vector<trainer::TrainJob> warm = jobs;
    for (auto& j : warm) j.train_examples = 1280;
    (void)(*backend)->train(*task, *data, warm);
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
    const auto* cuda = dynamic_cast<const kernels::CudaBackend*>(backend->get());
    for (const std::string& note : cuda != nullptr ? cuda->fallback_notes() : std::vector<std::string>{}) {
      fmt::print("note\ttraining K={}\t{}\n", k, note);
    }
    fmt::print("train\t{}\t{}\t{:.3f}\t{:.2f}\t{:.4f}\t{}\n", k, k, seconds, k / seconds, ok ? accuracy / ok : 0.0, ok);
    std::fflush(stdout);
  }
  return 0;
}

int bench_bandwidth(const std::vector<expr::Expr>& candidates, const kernels::CompileOptions& compile) {
  std::string why;
  if (!kernels::cuda_available(&why)) {
    fmt::print("skip\tbandwidth\t{}\n", why);
    return 0;
  }
  std::vector<expr::Program> programs;
  for (const auto& e : candidates) programs.push_back(expr::Program::compile(e));
  std::vector<const expr::Program*> pointers;
  for (const auto& p : programs) pointers.push_back(&p);
  const kernels::KernelCache cache;  // $ACTSEARCH_KERNEL_CACHE, as the backend's
  auto measured = kernels::measure_activation_bandwidth(pointers, std::size_t{1} << 26, compile, &cache);
  if (!measured) {
    fmt::print("skip\tbandwidth\t{}\n", measured.error().describe());
    return 0;
  }
  fmt::print("copy\t{}\t{:.1f}\n", measured->elements, measured->copy_gbps);
  for (std::size_t i = 0; i < programs.size(); ++i) {
    fmt::print("bandwidth\t{}\t{:.1f}\t{:.1f}\t{}\n", i, measured->forward_gbps[i], measured->backward_gbps[i],
               expr::print(candidates[i]));
  }
  return 0;
}

// Each candidate's PyTorch export (expr/export.hpp), so that the peer trains the same functions.
int export_candidates(const std::vector<expr::Expr>& candidates, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const auto path = dir / fmt::format("candidate_{:03}.py", i);
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (f == nullptr) {
      fmt::print(stderr, "{}: cannot write\n", path.string());
      return 1;
    }
    fmt::print(f, "{}", expr::export_code(candidates[i], expr::Target::PyTorch));
    std::fclose(f);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const char* usage =
      "usage: kernels_bench SPACE_YAML TASK_YAML [--arch ARCH] [--levers all|NAME,...] [--form inlined|function]\n"
      "                     [--no-link] [--no-nvrtc] [--no-train] [--no-bandwidth] [--export DIR]\n"
      "  ARCH defaults to the device's, else sm_90. --form and --no-link choose how the GPU part compiles\n"
      "  (default: the backend's, device functions linked; --no-link: one module).\n";
  if (argc < 3) {
    fmt::print(stderr, "{}", usage);
    return 2;
  }
  std::string arch, which = "all", export_dir;
  kernels::CompileOptions compile;
  bool nvrtc = true, train = true, bandwidth = true;
  for (int i = 3; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--arch" && has_value) {
      arch = argv[++i];
    } else if (a == "--levers" && has_value) {
      which = argv[++i];
    } else if (a == "--form" && has_value) {
      auto form = kernels::parse_form(argv[++i]);
      if (!form) {
        fmt::print(stderr, "--form: unknown form '{}' (inlined or function)\n", argv[i]);
        return 2;
      }
      compile.form = *form;
    } else if (a == "--no-link") {
      compile.link = false;
    } else if (a == "--no-nvrtc") {
      nvrtc = false;
    } else if (a == "--no-train") {
      train = false;
    } else if (a == "--no-bandwidth") {
      bandwidth = false;
    } else if (a == "--export" && has_value) {
      export_dir = argv[++i];
    } else {
      fmt::print(stderr, "unknown argument '{}'\n{}", a, usage);
      return 2;
    }
  }
  auto space = spaces::Space::load(argv[1]);
  if (!space) {
    fmt::print(stderr, "{}\n", space.error().describe());
    return 1;
  }
  std::vector<expr::Expr> candidates = sample_candidates(*space, 64, 2024);
  if (!export_dir.empty()) {
    if (int rc = export_candidates(candidates, export_dir)) return rc;
  }
  if (arch.empty()) {
    auto device = kernels::device_arch();
    arch = device ? *device : "sm_90";
  }
  if (nvrtc) {
    if (int rc = bench_nvrtc(candidates, arch, which)) return rc;
  }
  if (bandwidth) {
    if (int rc = bench_bandwidth(candidates, compile)) return rc;
  }
  return train ? bench_training(candidates, argv[2], compile) : 0;
}
