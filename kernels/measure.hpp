// Device-side measurements for bench/kernels_vs_pytorch.sh: how close each candidate's generated
// activation kernels come to the device's memory bandwidth. Needs a GPU.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "common/expected.hpp"
#include "kernels/nvrtc.hpp"

namespace actsearch::expr {
class Program;
}

namespace actsearch::kernels {

struct ActivationBandwidth {
  std::size_t elements = 0;
  double copy_gbps = 0;               // cuMemcpyDtoD of `elements` floats: 8 bytes per element
  std::vector<double> forward_gbps;   // bias_activation_forward: reads z, writes z and the activation
  std::vector<double> backward_gbps;  // activation_backward: reads z and dL/da, writes dL/dz
};

// Each program's forward and backward kernels over one slot of `elements` floats (2^20 rows,
// the rest columns, the backward kernel's parallel shape), in a module compiled as `compile` says
// (through `cache` when given);
// bytes moved (12 per element for both) over the median of 9 timed launches after one warm-up.
Expected<ActivationBandwidth> measure_activation_bandwidth(std::span<const expr::Program* const> programs,
                                                           std::size_t elements, const CompileOptions& compile = {},
                                                           const KernelCache* cache = nullptr);

}  // namespace actsearch::kernels
