// The bandwidth measurement of measure.hpp. Only built with the toolkit.
#include "kernels/measure.hpp"

#include <algorithm>

#include "expr/program.hpp"
#include "kernels/codegen.hpp"
#include "kernels/src/device_calls.hpp"

namespace actsearch::kernels {

using namespace gpu;

namespace {

// Owns a CUDA event.
class Event {
 public:
  explicit Event(const Device& d) : d_(d) {
    check(d, d.api->cuEventCreate(&event_, CU_EVENT_DEFAULT), "cuEventCreate");
  }
  ~Event() { d_.api->cuEventDestroy(event_); }
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  void record() { check(d_, d_.api->cuEventRecord(event_, nullptr), "cuEventRecord"); }
  // Milliseconds from `start` to this event (waits for it).
  float since(const Event& start) const {
    check(d_, d_.api->cuEventSynchronize(event_), "cuEventSynchronize");
    float ms = 0;
    check(d_, d_.api->cuEventElapsedTime(&ms, start.event_, event_), "cuEventElapsedTime");
    return ms;
  }

 private:
  const Device& d_;
  CUevent event_ = nullptr;
};

// Median milliseconds of 9 runs of `work` after one warm-up.
template <class Work>
double median_ms(const Device& d, const Work& work) {
  work();
  std::vector<double> ms;
  Event start(d), stop(d);
  for (int i = 0; i < 9; ++i) {
    start.record();
    work();
    stop.record();
    ms.push_back(stop.since(start));
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

double gbps(double bytes, double ms) { return bytes / (ms * 1e-3) / 1e9; }

}  // namespace

Expected<ActivationBandwidth> measure_activation_bandwidth(std::span<const expr::Program* const> programs,
                                                           std::size_t elements, const CompileOptions& compile,
                                                           const KernelCache* cache) {
  auto opened = cuda::device();
  if (!opened) return fail(opened.error());
  const Device& d = **opened;
  auto built = compile_candidates(programs, arch_of(d), cache, compile);
  if (!built) return fail(built.error());
  try {
    const cuda::Module module = take(cuda::Module::load(d, built->image.image));
    const CUfunction forward = take(module.function(kForwardKernel));
    const CUfunction backward = take(module.function(kBackwardKernel));
    constexpr std::size_t rows = std::size_t{1} << 20;
    const std::size_t cols = std::max<std::size_t>(elements / rows, 1);
    const std::size_t n = rows * cols;
    const int width = std::max(built->theta_width, 1);
    const std::size_t tiles = (rows + kBackwardRows - 1) / kBackwardRows;
    const std::size_t stride = rows + 32;  // bias, then the activation parameters
    DeviceBuffer z = alloc(d, n * 4), act = alloc(d, n * 4), grad = alloc(d, n * 4), grad_pre = alloc(d, n * 4),
                 params = alloc(d, stride * 4), grads = alloc(d, stride * 4),
                 partials = alloc(d, tiles * static_cast<std::size_t>(width) * 4), candidate = alloc(d, 4);
    for (const DeviceBuffer* b : {&z, &grad, &params})
      check(d, d.api->cuMemsetD8(b->get(), 0, b->bytes()), "cuMemsetD8");
    // Parameters of 0.5: a plausible value for every candidate's constants.
    std::vector<float> theta(32, 0.5f);
    upload(d, params, std::span<const float>(theta), rows);

    ActivationBandwidth out;
    out.elements = n;
    out.copy_gbps =
        gbps(8.0 * static_cast<double>(n),
             median_ms(d, [&] { check(d, d.api->cuMemcpyDtoD(act.get(), z.get(), n * 4), "cuMemcpyDtoD"); }));
    const auto r = static_cast<int>(rows), c = static_cast<int>(cols);
    const auto n64 = static_cast<long long>(n), stride64 = static_cast<long long>(stride);
    for (std::size_t p = 0; p < programs.size(); ++p) {
      const int index = built->index_of[p];
      if (index < 0) return fail("candidate " + std::to_string(p) + ": " + built->errors[p]);
      upload(d, candidate, std::span<const int>(&index, 1));
      const double f = median_ms(d, [&] {
        launch(d, forward, blocks_for(n, 256), 1, 1, 256, 1, z.get(), act.get(), CUdeviceptr{0}, params.get(), stride64,
               0, r, r, c, n64, candidate.get());
      });
      const double b = median_ms(d, [&] {
        launch(d, backward, static_cast<unsigned>(tiles), 1, 1, static_cast<unsigned>(kBackwardRows),
               static_cast<unsigned>(kBlockThreads / kBackwardRows), z.get(), grad.get(), grad_pre.get(), params.get(),
               grads.get(), stride64, 0, r, r, c, n64, partials.get(), built->theta_width, candidate.get());
      });
      out.forward_gbps.push_back(gbps(12.0 * static_cast<double>(n), f));
      out.backward_gbps.push_back(gbps(12.0 * static_cast<double>(n), b));
    }
    return out;
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}

}  // namespace actsearch::kernels
