// Which training backend a campaign uses (`device: auto|cpu|cuda`, or the task's external command), and
// the data it trains on.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "common/expected.hpp"
#include "search/config/campaign_config.hpp"
#include "trainer/backend.hpp"

namespace actsearch::search {

// An external task (trainer::is_external) trains through its command (external/command_backend.hpp),
// task.external.workers runs at once (0: `workers`, and 0 there: one per core); `device` is not used.
// Otherwise auto: the CUDA backend when this build has it and a device answers, else the CPU; cpu and cuda
// force one (cuda fails with the reason when no device is usable).
// `workers`: concurrent CPU jobs (0 = one per core), also the CUDA backend's host threads.
// An external task gets its command backend; a task the GPU path does not train (kernels::gpu_unsupported:
// networks of model.layers) gets the CPU under auto and cuda alike, and `log` says why.
Expected<std::unique_ptr<trainer::TrainingBackend>> make_backend(const trainer::TaskSpec& task, Device device,
                                                                 int workers,
                                                                 const std::function<void(const std::string&)>& log);

// The data a task trains on and its fingerprint: the loaded data set of a native task; for an external
// task, whose script loads its own, an empty data set and the fingerprint of its command and the files
// it names (external::command_fingerprint).
struct TaskData {
  trainer::Dataset data;
  trainer::DataFingerprint fingerprint;
};
Expected<TaskData> load_task_data(const trainer::TaskSpec& task);

// Concurrent CPU jobs for `workers` (0 = one per core).
int cpu_workers(int workers);

}  // namespace actsearch::search
