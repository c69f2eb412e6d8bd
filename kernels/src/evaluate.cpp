// Candidate values computed by the generated device code (evaluate_on_device), for verifying the
// generator against Program::evaluate on a GPU. Only built with the toolkit.
#include "expr/program.hpp"
#include "kernels/codegen.hpp"
#include "kernels/cuda_backend.hpp"
#include "kernels/nvrtc.hpp"
#include "kernels/src/device_calls.hpp"

namespace actsearch::kernels {

using namespace gpu;

Expected<std::vector<std::vector<std::vector<float>>>> evaluate_on_device(
    std::span<const expr::Program* const> programs, std::span<const float> x, std::span<const std::vector<float>> theta,
    const KernelCache* cache, const CompileOptions& compile) {
  auto opened = cuda::device();
  if (!opened) return fail(opened.error());
  const Device& d = **opened;
  auto module_build = compile_candidates(programs, arch_of(d), cache, compile);
  if (!module_build) return fail(module_build.error());
  for (std::size_t i = 0; i < programs.size(); ++i) {
    if (module_build->index_of[i] < 0) return fail("candidate " + std::to_string(i) + ": " + module_build->errors[i]);
  }
  try {
    const cuda::Module module = take(cuda::Module::load(d, module_build->image.image));
    const CUfunction f = take(module.function(kEvaluateKernel));
    const int width = module_build->theta_width;
    const std::size_t K = programs.size(), n = x.size(), outputs = 2 + static_cast<std::size_t>(width);
    std::vector<float> thetas(K * static_cast<std::size_t>(width), 0.0f);
    for (std::size_t p = 0; p < K; ++p) {
      const auto initial = programs[p]->initial_params();
      for (std::size_t j = 0; j < initial.size(); ++j) {
        thetas[p * static_cast<std::size_t>(width) + j] =
            p < theta.size() && !theta[p].empty() ? theta[p].at(j) : static_cast<float>(initial[j]);
      }
    }
    DeviceBuffer dx = alloc(d, n * 4), dtheta = alloc(d, thetas.size() * 4), dout = alloc(d, K * outputs * n * 4),
                 dcand = alloc(d, K * 4);
    upload(d, dx, x);
    upload(d, dtheta, std::span<const float>(thetas));
    upload(d, dcand, std::span<const int>(module_build->index_of));
    if (K > 0 && n > 0) {
      launch(d, f, blocks_for(n, 256), 1, static_cast<unsigned>(K), 256, 1, dx.get(), static_cast<int>(n), dtheta.get(),
             width, dout.get(), dcand.get());
    }
    check(d, d.api->cuCtxSynchronize(), "cuCtxSynchronize");
    const auto flat = download<float>(d, dout, K * outputs * n);
    std::vector<std::vector<std::vector<float>>> out(K);
    for (std::size_t p = 0; p < K; ++p) {
      const auto count = 2 + static_cast<std::size_t>(programs[p]->num_params());
      for (std::size_t o = 0; o < count; ++o) {
        const auto begin = flat.begin() + static_cast<std::ptrdiff_t>((p * outputs + o) * n);
        out[p].emplace_back(begin, begin + static_cast<std::ptrdiff_t>(n));
      }
    }
    return out;
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}

}  // namespace actsearch::kernels
