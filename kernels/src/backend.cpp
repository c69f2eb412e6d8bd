// The CUDA backend's policy: which jobs run on the device and which fall back to the CPU backend,
// how jobs are grouped into lockstep batches and compiled (cuda_backend.hpp gives the protocol).
// Only built with the toolkit.
#include <algorithm>
#include <map>
#include <optional>

#include "expr/program.hpp"
#include "kernels/cuda_backend.hpp"
#include "kernels/nvrtc.hpp"
#include "kernels/src/batch.hpp"
#include "kernels/src/device_calls.hpp"

namespace actsearch::kernels {

using namespace gpu;
using trainer::TrainResult;

struct CudaBackend::State {
  CudaBackendOptions options;
  const Device* device = nullptr;
  std::unique_ptr<BlasHandle> blas;
  std::optional<KernelCache> cache;
};

CudaBackend::CudaBackend(std::unique_ptr<State> state) : state_(std::move(state)) {}
CudaBackend::~CudaBackend() = default;

std::string CudaBackend::name() const { return "cuda(" + state_->device->name + ", " + arch_of(*state_->device) + ")"; }

Expected<std::unique_ptr<CudaBackend>> make_cuda_backend_impl(const CudaBackendOptions& options) {
  auto d = cuda::device();
  if (!d) return fail(d.error());
  auto state = std::make_unique<CudaBackend::State>();
  state->options = options;
  state->device = *d;
  try {
    state->blas = std::make_unique<BlasHandle>();
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  if (options.use_cache) state->cache.emplace(options.cache);
  return std::unique_ptr<CudaBackend>(new CudaBackend(std::move(state)));
}

Expected<std::unique_ptr<trainer::TrainingBackend>> make_cuda_backend(const CudaBackendOptions& options) {
  auto backend = make_cuda_backend_impl(options);
  if (!backend) return fail(backend.error());
  return std::unique_ptr<trainer::TrainingBackend>(std::move(*backend));
}

std::vector<TrainResult> CudaBackend::train(const trainer::TaskSpec& task, const trainer::Dataset& data,
                                            std::span<const trainer::TrainJob> jobs, const trainer::JobDone& on_done) {
  notes_.clear();
  std::vector<TrainResult> results(jobs.size());
  const CudaBackendOptions& options = state_->options;
  trainer::CpuBackend cpu(options.cpu_threads);
  if (const auto why = gpu_unsupported(task)) {
    notes_.push_back(*why + ": all " + std::to_string(jobs.size()) + " job(s) ran on the CPU backend");
    return cpu.train(task, data, jobs, on_done);
  }
  if (task.model.norm != trainer::Norm::None) {
    notes_.push_back("layer normalisation is not implemented on the GPU: all " + std::to_string(jobs.size()) +
                     " job(s) ran on the CPU backend");
    return cpu.train(task, data, jobs, on_done);
  }

  std::vector<std::size_t> on_cpu;
  std::vector<std::optional<expr::Program>> programs(jobs.size());
  // (epochs, examples) -> jobs: a lockstep batch needs the same number of steps in every slot.
  std::map<std::pair<int, std::size_t>, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const trainer::TrainJob& job = jobs[i];
    const int epochs = job.epochs > 0 ? job.epochs : task.training.epochs;
    const std::size_t wanted = job.train_examples > 0 ? job.train_examples : task.training.train_examples;
    const std::size_t m = wanted > 0 ? wanted : data.train.size;
    // Anything the CPU backend would reject is left to it, so the messages are the same.
    bool ok = m > 0 && m <= data.train.size && data.validation.size > 0 && epochs >= 1 &&
              task.training.batch_size >= 1 && m * data.num_features < (std::size_t{1} << 31);
    if (ok) {
      try {
        programs[i] = expr::Program::compile(job.activation);
      } catch (const std::exception&) {
        ok = false;
      }
    }
    if (ok) {
      groups[{epochs, m}].push_back(i);
    } else {
      on_cpu.push_back(i);
    }
  }

  const Device& d = *state_->device;
  if (auto current = cuda::device(); !current) {
    notes_.push_back("the CUDA device is no longer usable (" + current.error().describe() + "): jobs ran on the CPU");
    return cpu.train(task, data, jobs, on_done);
  }
  const KernelCache* cache = state_->cache ? &*state_->cache : nullptr;
  const std::size_t eval_chunk = std::max<std::size_t>(options.eval_chunk, 1);
  std::optional<DeviceSplit> train_split, validation_split, test_split;
  try {
    if (!groups.empty()) {
      train_split = upload_split(d, data.train);
      validation_split = upload_split(d, data.validation);
      const bool any_test = std::any_of(jobs.begin(), jobs.end(), [](const auto& j) { return j.evaluate_test; });
      if (any_test && data.test.size > 0) test_split = upload_split(d, data.test);
    }
  } catch (const std::exception& e) {
    notes_.push_back(std::string("could not upload the data set (") + e.what() + "): jobs ran on the CPU");
    return cpu.train(task, data, jobs, on_done);
  }

  for (const auto& [key, members] : groups) {
    const auto [epochs, m] = key;
    int theta_width = 0;
    for (std::size_t i : members) theta_width = std::max(theta_width, programs[i]->num_params());
    BatchShape shape{.inputs = data.num_features,
                     .hidden = task.model.hidden,
                     .classes = data.num_classes,
                     .residual = task.model.residual,
                     .theta_width = theta_width,
                     .batch_size = task.training.batch_size,
                     .eval_chunk = eval_chunk,
                     .train_examples = m,
                     .optimizer_moments =
                         task.optimizer.kind == trainer::OptimizerKind::Sgd ? (task.optimizer.momentum > 0 ? 1 : 0) : 2,
                     .dataset_bytes = 0};  // already resident: counted in the free memory
    std::size_t free_bytes = 0, total_bytes = 0;
    d.api->cuMemGetInfo(&free_bytes, &total_bytes);
    const BatchPlan plan = plan_batch(shape, free_bytes, options.max_slots);
    if (plan.slots < 1) {
      notes_.push_back("not even one network fits in the free device memory (" + std::to_string(free_bytes >> 20) +
                       " MiB): " + std::to_string(members.size()) + " job(s) ran on the CPU");
      on_cpu.insert(on_cpu.end(), members.begin(), members.end());
      continue;
    }
    for (std::size_t first = 0; first < members.size(); first += static_cast<std::size_t>(plan.slots)) {
      const std::size_t count = std::min(static_cast<std::size_t>(plan.slots), members.size() - first);
      std::vector<const expr::Program*> batch_programs;
      for (std::size_t j = 0; j < count; ++j) batch_programs.push_back(&*programs[members[first + j]]);
      auto built = compile_candidates(batch_programs, arch_of(d), cache, options.compile);
      if (!built) {
        notes_.push_back("the kernels do not compile (" + built.error().describe() + "): " + std::to_string(count) +
                         " job(s) ran on the CPU");
        for (std::size_t j = 0; j < count; ++j) on_cpu.push_back(members[first + j]);
        continue;
      }
      BatchJobs batch;
      for (std::size_t j = 0; j < count; ++j) {
        const std::size_t job = members[first + j];
        if (built->index_of[j] < 0) {
          notes_.push_back("job " + std::to_string(job) +
                           " ran on the CPU: its kernel does not compile: " + built->errors[j]);
          on_cpu.push_back(job);
          continue;
        }
        batch.job_index.push_back(job);
        batch.programs.push_back(batch_programs[j]);
        batch.candidate_of.push_back(built->index_of[j]);
      }
      if (batch.job_index.empty()) continue;
      bool trained = false;
      try {
        const cuda::Module module = take(cuda::Module::load(d, built->image.image));
        run_batch(d, *state_->blas, module, task, data, jobs, batch, built->theta_width, epochs, m, eval_chunk,
                  *train_split, *validation_split, test_split ? &*test_split : nullptr, results);
        trained = true;
      } catch (const std::exception& e) {
        notes_.push_back(std::string("a GPU batch failed (") + e.what() + "): its " +
                         std::to_string(batch.job_index.size()) + " job(s) ran on the CPU");
        for (std::size_t job : batch.job_index) {
          results[job] = TrainResult{};
          on_cpu.push_back(job);
        }
      }
      // Outside the try: an exception from the callback must reach the caller, not send the batch
      // to the CPU.
      if (trained && on_done) {
        for (std::size_t job : batch.job_index) on_done(job, results[job]);
      }
    }
  }

  if (!on_cpu.empty()) {
    std::sort(on_cpu.begin(), on_cpu.end());
    std::vector<trainer::TrainJob> subset;
    for (std::size_t i : on_cpu) subset.push_back(jobs[i]);
    trainer::JobDone forward_done;
    if (on_done) forward_done = [&](std::size_t j, const TrainResult& r) { on_done(on_cpu[j], r); };
    std::vector<TrainResult> cpu_results = cpu.train(task, data, subset, forward_done);
    for (std::size_t j = 0; j < on_cpu.size(); ++j) results[on_cpu[j]] = std::move(cpu_results[j]);
  }
  return results;
}

}  // namespace actsearch::kernels
