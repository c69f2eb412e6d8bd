#include "search/campaign/backend_choice.hpp"

#include <thread>

#include "external/command_backend.hpp"
#include "kernels/cuda_backend.hpp"

namespace actsearch::search {

int cpu_workers(int workers) {
  if (workers > 0) return workers;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

Expected<TaskData> load_task_data(const trainer::TaskSpec& task) {
  if (trainer::is_external(task)) return TaskData{{}, external::command_fingerprint(task.external)};
  auto data = trainer::load_dataset(task.dataset);
  if (!data) return fail(data.error());
  TaskData out{std::move(*data), {}};
  out.fingerprint = trainer::fingerprint(out.data);
  return out;
}

Expected<std::unique_ptr<trainer::TrainingBackend>> make_backend(const trainer::TaskSpec& task, Device device,
                                                                 int workers,
                                                                 const std::function<void(const std::string&)>& log) {
  if (trainer::is_external(task)) {
    const int runs = task.external.workers > 0 ? task.external.workers : cpu_workers(workers);
    return std::unique_ptr<trainer::TrainingBackend>(std::make_unique<external::CommandBackend>(runs));
  }
  auto cpu = [&] {
    return std::unique_ptr<trainer::TrainingBackend>(std::make_unique<trainer::CpuBackend>(cpu_workers(workers)));
  };
  if (device == Device::Cpu) return cpu();
  if (const auto why = kernels::gpu_unsupported(task)) {
    if (log) log("training on the CPU: " + *why);
    return cpu();
  }

  std::string why;
  if (!kernels::cuda_available(&why)) {
    if (device == Device::Cuda) return fail("device: cuda was requested but CUDA cannot be used: " + why);
    if (log) log("no usable GPU, training on the CPU: " + why);
    return cpu();
  }
  kernels::CudaBackendOptions options;
  options.cpu_threads = workers;
  auto cuda = kernels::make_cuda_backend(options);
  if (!cuda) {
    if (device == Device::Cuda) {
      return fail("device: cuda was requested but the CUDA backend failed to start: " + cuda.error().message);
    }
    if (log) log("the CUDA backend failed to start, training on the CPU: " + cuda.error().message);
    return cpu();
  }
  return std::move(*cuda);
}

}  // namespace actsearch::search
