// The CUDA API of a build without the toolkit: everything says why it cannot be used, and the
// backend (never constructed: make_cuda_backend fails) would train on the CPU.
#include "kernels/cuda_backend.hpp"
#include "kernels/measure.hpp"
#include "kernels/nvrtc.hpp"
#include "kernels/src/jitlink.hpp"

namespace actsearch::kernels {

using trainer::TrainResult;

struct CudaBackend::State {};

bool cuda_available(std::string* why) {
  if (why != nullptr) *why = "this build has no CUDA support (the CUDA toolkit was not found when it was configured)";
  return false;
}

Expected<std::string> device_arch() {
  std::string why;
  cuda_available(&why);
  return fail(why);
}

Expected<std::vector<std::vector<std::vector<float>>>> evaluate_on_device(std::span<const expr::Program* const>,
                                                                          std::span<const float>,
                                                                          std::span<const std::vector<float>>,
                                                                          const KernelCache*, const CompileOptions&) {
  std::string why;
  cuda_available(&why);
  return fail(why);
}

CudaBackend::CudaBackend(std::unique_ptr<State> state) : state_(std::move(state)) {}
CudaBackend::~CudaBackend() = default;
std::string CudaBackend::name() const { return "cuda(unavailable)"; }
std::vector<TrainResult> CudaBackend::train(const trainer::TaskSpec& task, const trainer::Dataset& data,
                                            std::span<const trainer::TrainJob> jobs, const trainer::JobDone& on_done) {
  return trainer::CpuBackend(0).train(task, data, jobs, on_done);
}

Expected<std::unique_ptr<trainer::TrainingBackend>> make_cuda_backend(const CudaBackendOptions&) {
  std::string why;
  cuda_available(&why);
  return fail(why);
}

Expected<ActivationBandwidth> measure_activation_bandwidth(std::span<const expr::Program* const>, std::size_t,
                                                           const CompileOptions&, const KernelCache*) {
  std::string why;
  cuda_available(&why);
  return fail(why);
}

bool nvjitlink_available(std::string* why) {
  if (why != nullptr) *why = "this build has no CUDA support (the CUDA toolkit was not found when it was configured)";
  return false;
}

std::string nvjitlink_version() { return {}; }

Expected<std::string> link_cubins(std::span<const std::string_view>, std::string_view) {
  std::string why;
  nvjitlink_available(&why);
  return fail(why);
}

}  // namespace actsearch::kernels
