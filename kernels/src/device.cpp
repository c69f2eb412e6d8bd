// Whether a CUDA device can be used, and which architecture to compile for. Only built with the
// toolkit (no_cuda.cpp says why not otherwise).
#include "kernels/cuda_backend.hpp"
#include "kernels/src/device_calls.hpp"

namespace actsearch::kernels {

bool cuda_available(std::string* why) {
  auto d = cuda::device();
  if (!d) {
    if (why != nullptr) *why = d.error().describe();
    return false;
  }
  return true;
}

Expected<std::string> device_arch() {
  auto d = cuda::device();
  if (!d) return fail(d.error());
  return gpu::arch_of(**d);
}

}  // namespace actsearch::kernels
