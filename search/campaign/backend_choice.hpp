// Which training backend a campaign uses (`device: auto|cpu|cuda`).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "common/expected.hpp"
#include "search/config/campaign_config.hpp"
#include "trainer/backend.hpp"

namespace actsearch::search {

// auto: the CUDA backend when this build has it and a device answers, else the CPU; cpu and cuda
// force one (cuda fails with the reason when no device is usable).
// `workers`: concurrent CPU jobs (0 = one per core), also the CUDA backend's host threads.
// `task`, when given: a task the GPU path does not train (kernels::gpu_unsupported: networks of
// model.layers) gets the CPU under auto and cuda alike, and `log` says why.
Expected<std::unique_ptr<trainer::TrainingBackend>> make_backend(Device device, int workers,
                                                                 const std::function<void(const std::string&)>& log,
                                                                 const trainer::TaskSpec* task = nullptr);

// Concurrent CPU jobs for `workers` (0 = one per core).
int cpu_workers(int workers);

}  // namespace actsearch::search
