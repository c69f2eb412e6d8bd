// The CPU backend: jobs run concurrently in a oneTBB arena, one job per worker thread; each job is
// single-threaded (Eigen never spawns threads here: EIGEN_DONT_PARALLELIZE), so a job's arithmetic,
// and hence its result, is the same whatever the number of threads.
#include <dlfcn.h>
#include <tbb/blocked_range.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <Eigen/Core>
#include <mutex>
#include <new>
#include <optional>

#include "common/timing.hpp"
#include "expr/program.hpp"
#include "trainer/backend.hpp"
#include "trainer/src/training_loop.hpp"

namespace actsearch::trainer {
namespace {

struct CompiledActivation {
  expr::Program training;
  expr::Program inference;
};

bool uses_placeholders(const expr::Expr& e) {
  if (e.is_var()) return e.node().var != 0;
  for (const expr::Expr& a : e.args()) {
    if (uses_placeholders(a)) return true;
  }
  return false;
}

Expected<CompiledActivation> compile_activation(const expr::Expr& activation) {
  if (uses_placeholders(activation)) return fail("the activation uses template placeholders (x1, x2, ...)");
  try {
    return CompiledActivation{expr::Program::compile(activation),
                              expr::Program::compile(activation, expr::ProgramOptions{.derivatives = false})};
  } catch (const std::bad_alloc&) {
    throw;  // says nothing about the activation; see guarded()
  } catch (const std::exception& e) {
    return fail(std::string("the activation does not compile: ") + e.what());
  }
}

TrainResult failed(std::string message) {
  TrainResult result;
  result.status = RunStatus::Failed;
  result.message = std::move(message);
  return result;
}

// Runs a compiled job; programmer errors surface as a Failed result, never as an exception. Running out
// of memory is the exception: it is the machine's state, not the candidate's, and a Failed result would be
// stored and reused on every resume, so it propagates to the campaign, which stops with an error.
TrainResult guarded(const TaskSpec& task, const Dataset& data, const TrainJob& job, const CompiledActivation& program) {
  try {
    return train_compiled(task, data, job, program.training, program.inference);
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    return failed(std::string("training failed: ") + e.what());
  } catch (...) {
    return failed("training failed: unknown exception");
  }
}

// Matrix products may go to OpenBLAS (trainer/CMakeLists.txt), which by default splits every product
// over all cores; jobs already run side by side, so each product gets one thread. The call is not
// part of the BLAS interface, hence the lookup (absent with another BLAS or none).
void use_single_threaded_blas() {
  static std::once_flag once;
  std::call_once(once, [] {
    using SetThreads = void (*)(int);
    if (void* symbol = ::dlsym(RTLD_DEFAULT, "openblas_set_num_threads")) reinterpret_cast<SetThreads>(symbol)(1);
  });
}

}  // namespace

std::string_view to_string(RunStatus status) {
  switch (status) {
    case RunStatus::Ok: return "ok";
    case RunStatus::Diverged: return "diverged";
    case RunStatus::Failed: return "failed";
  }
  return "?";
}

TrainingBackend::~TrainingBackend() = default;

CpuBackend::CpuBackend(int threads) : threads_(threads > 0 ? threads : tbb::info::default_concurrency()) {}

std::string CpuBackend::name() const { return "cpu(" + std::to_string(threads_) + " threads)"; }

TrainResult train_one(const TaskSpec& task, const Dataset& data, const TrainJob& job) {
  use_single_threaded_blas();
  const timing::Stopwatch clock;
  auto program = compile_activation(job.activation);
  if (!program) {
    TrainResult result = failed(program.error().describe());
    result.wall_seconds = clock.seconds();
    return result;
  }
  return guarded(task, data, job, *program);
}

std::vector<TrainResult> CpuBackend::train(const TaskSpec& task, const Dataset& data, std::span<const TrainJob> jobs,
                                           const JobDone& on_done) {
  use_single_threaded_blas();
  std::vector<TrainResult> results(jobs.size());
  // Compiled up front on this thread: compilation is cheap, and the workers then share nothing but
  // read-only programs and data.
  std::vector<std::optional<CompiledActivation>> programs(jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    auto compiled = compile_activation(jobs[i].activation);
    if (compiled) {
      programs[i] = std::move(*compiled);
    } else {
      results[i] = failed(compiled.error().describe());
    }
  }
  tbb::task_arena arena(threads_);
  arena.execute([&] {
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(0, jobs.size(), 1),
        [&](const tbb::blocked_range<std::size_t>& range) {
          for (std::size_t i = range.begin(); i != range.end(); ++i) {
            if (programs[i]) results[i] = guarded(task, data, jobs[i], *programs[i]);
            if (on_done) on_done(i, results[i]);
          }
        },
        tbb::simple_partitioner());
  });
  return results;
}

}  // namespace actsearch::trainer
