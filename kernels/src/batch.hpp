// K networks trained in lockstep on the device: the buffers of one batch, the forward, backward
// and update passes over them, and the epochs of one batch (cuda_backend.hpp gives the protocol).
// Only built with the toolkit.
#pragma once

#include <span>
#include <vector>

#include "kernels/src/device_calls.hpp"
#include "trainer/backend.hpp"

namespace actsearch::expr {
class Program;
}

namespace actsearch::kernels::gpu {

// The jobs of one lockstep batch and where their results go.
struct BatchJobs {
  std::vector<std::size_t> job_index;
  std::vector<const expr::Program*> programs;
  std::vector<int> candidate_of;
};

// Trains one batch on the device with the kernels of `module`; fills results[job_index[s]] for
// every slot s. Device failures are exceptions (device_calls.hpp).
void run_batch(const Device& d, const BlasHandle& blas, const cuda::Module& module, const trainer::TaskSpec& task,
               const trainer::Dataset& data, std::span<const trainer::TrainJob> jobs, const BatchJobs& batch,
               int theta_width, int epochs, std::size_t m, std::size_t eval_chunk, const DeviceSplit& train,
               const DeviceSplit& validation, const DeviceSplit* test, std::vector<trainer::TrainResult>& results);

}  // namespace actsearch::kernels::gpu
