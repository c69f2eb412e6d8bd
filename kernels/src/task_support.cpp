// Which tasks the GPU path trains (kernels/cuda_backend.hpp); built with and without the toolkit, so
// that the backend choice can tell before starting a device.
#include "kernels/cuda_backend.hpp"

namespace actsearch::kernels {

std::optional<std::string> gpu_unsupported(const trainer::TaskSpec& task) {
  switch (task.model.kind) {
    case trainer::ModelKind::Mlp: return std::nullopt;
    case trainer::ModelKind::Network:
      return "task '" + task.name + "' is a network of model.layers, which the CUDA backend does not implement";
  }
  return std::nullopt;
}

}  // namespace actsearch::kernels
