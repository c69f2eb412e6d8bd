// The batched CUDA training backend (see cuda_backend.hpp for the protocol). Device work is queued
// on the default stream of the primary context; the host waits only at epoch boundaries.
#include "kernels/cuda_backend.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "expr/program.hpp"
#include "kernels/codegen.hpp"
#include "kernels/nvrtc.hpp"
#include "trainer/mlp.hpp"
#include "trainer/optimizer.hpp"
#include "trainer/random.hpp"

#ifdef ACTSEARCH_HAVE_CUDA
#include <cublas_v2.h>

#include "kernels/src/driver.hpp"
#endif

namespace actsearch::kernels {

using trainer::RunStatus;
using trainer::TrainResult;

#ifndef ACTSEARCH_HAVE_CUDA

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
                                                                          const KernelCache*) {
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

#else

namespace {

using Clock = std::chrono::steady_clock;
using cuda::Device;
using cuda::DeviceBuffer;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::string format(double v) {
  std::ostringstream out;
  out.precision(6);
  out << v;
  return out.str();
}

// Inside a batch, device failures are exceptions; train() catches them and moves the batch's jobs
// to the CPU, so no job is lost and nothing escapes the backend.
void check(const Device& d, CUresult rc, const char* what) {
  if (rc != CUDA_SUCCESS) throw std::runtime_error(cuda::describe(*d.api, rc, what));
}
void check_blas(cublasStatus_t status, const char* what) {
  if (status != CUBLAS_STATUS_SUCCESS)
    throw std::runtime_error(std::string(what) + ": " + cublasGetStatusString(status));
}
template <class T>
T take(Expected<T> e) {
  if (!e) throw std::runtime_error(e.error().describe());
  return std::move(*e);
}

DeviceBuffer alloc(const Device& d, std::size_t bytes) {
  return take(DeviceBuffer::allocate(d, std::max<std::size_t>(bytes, 4)));
}

CUdeviceptr at(const DeviceBuffer& b, std::size_t element, std::size_t element_size = sizeof(float)) {
  return b.get() + element * element_size;
}
float* fptr(CUdeviceptr p) { return reinterpret_cast<float*>(static_cast<std::uintptr_t>(p)); }

template <class T>
void upload(const Device& d, const DeviceBuffer& dst, std::span<const T> src, std::size_t offset = 0) {
  if (src.empty()) return;
  check(d, d.api->cuMemcpyHtoD(dst.get() + offset * sizeof(T), src.data(), src.size_bytes()), "cuMemcpyHtoD");
}
template <class T>
std::vector<T> download(const Device& d, const DeviceBuffer& src, std::size_t count) {
  std::vector<T> out(count);
  if (count > 0) check(d, d.api->cuMemcpyDtoH(out.data(), src.get(), count * sizeof(T)), "cuMemcpyDtoH");
  return out;
}

unsigned blocks_for(std::size_t n, unsigned threads) {
  return static_cast<unsigned>(std::clamp<std::size_t>((n + threads - 1) / threads, 1, 65535));
}

// Kernel arguments are passed by address; every argument's type must match the kernel's parameter
// exactly (pointers as CUdeviceptr, 64-bit strides as long long).
template <class... Args>
void launch(const Device& d, CUfunction f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by,
            Args... args) {
  void* params[] = {static_cast<void*>(&args)...};
  check(d, d.api->cuLaunchKernel(f, gx, gy, gz, bx, by, 1, 0, nullptr, params, nullptr), "cuLaunchKernel");
}

class BlasHandle {
 public:
  BlasHandle() {
    check_blas(cublasCreate(&handle_), "cublasCreate");
    // Plain IEEE float32 GEMMs: no TF32 or other reduced-precision shortcuts, like the CPU backend.
    check_blas(cublasSetMathMode(handle_, CUBLAS_PEDANTIC_MATH), "cublasSetMathMode");
  }
  ~BlasHandle() { cublasDestroy(handle_); }
  BlasHandle(const BlasHandle&) = delete;
  BlasHandle& operator=(const BlasHandle&) = delete;
  cublasHandle_t get() const { return handle_; }

 private:
  cublasHandle_t handle_ = nullptr;
};

struct Functions {
  CUfunction forward, backward, reduce_theta, row_sum, add_bias, softmax, reduce_examples, grad_sum, step_status, sgd,
      adam, gather, evaluate;
  static Functions load(const cuda::Module& m) {
    auto get = [&m](std::string_view name) { return take(m.function(name)); };
    return {get(kForwardKernel),    get(kBackwardKernel), get(kReduceThetaKernel),    get(kRowSumKernel),
            get(kAddBiasKernel),    get(kSoftmaxKernel),  get(kReduceExamplesKernel), get(kGradSumKernel),
            get(kStepStatusKernel), get(kSgdKernel),      get(kAdamKernel),           get(kGatherKernel),
            get(kEvaluateKernel)};
  }
};

std::string arch_of(const Device& d) { return "sm_" + std::to_string(d.major) + std::to_string(d.minor); }

// A split resident on the device.
struct DeviceSplit {
  DeviceBuffer features, labels;
  std::size_t size = 0;
};

DeviceSplit upload_split(const Device& d, const trainer::Split& split) {
  DeviceSplit out;
  out.size = split.size;
  out.features = alloc(d, split.features.size() * sizeof(float));
  out.labels = alloc(d, split.labels.size() * sizeof(std::int32_t));
  upload(d, out.features, std::span<const float>(split.features));
  upload(d, out.labels, std::span<const std::int32_t>(split.labels));
  return out;
}

// K networks trained in lockstep: the buffers of one batch and the passes over them.
class Batch {
 public:
  Batch(const Device& d, const BlasHandle& blas, const Functions& fn, const trainer::TaskSpec& task, std::size_t inputs,
        int classes, int theta_width, int slots, std::size_t m, std::size_t eval_chunk)
      : d_(d), blas_(blas), fn_(fn), task_(task), K_(slots), m_(m) {
    layout_ = slot_layout(inputs, task.model.hidden, classes, task.model.residual, theta_width);
    P_ = layout_.params;
    B_ = static_cast<std::size_t>(task.training.batch_size);
    R_ = std::max(B_, eval_chunk);
    nf_ = inputs;
    classes_ = static_cast<std::size_t>(classes);
    for (int w : task.model.hidden) widest_ = std::max(widest_, static_cast<std::size_t>(w));
    tiles_ = (widest_ + kBackwardRows - 1) / kBackwardRows;
    const auto k = static_cast<std::size_t>(K_);
    params_ = alloc(d, k * P_ * 4);
    grads_ = alloc(d, k * P_ * 4);
    const bool sgd = task.optimizer.kind == trainer::OptimizerKind::Sgd;
    if (!sgd || task.optimizer.momentum > 0) first_ = alloc(d, k * P_ * 4);
    if (!sgd) second_ = alloc(d, k * P_ * 4);
    decay_ = alloc(d, P_);
    for (const auto& layer : std::span(layout_.layers).first(layout_.layers.size() - 1)) {
      z_.push_back(alloc(d, k * layer.out * R_ * 4));
      act_.push_back(alloc(d, k * layer.out * R_ * 4));
    }
    logits_ = alloc(d, k * classes_ * R_ * 4);
    // Gradient buffers use the activations' layout (layer l: out_l x cols at stride out_l * R).
    for (auto& g : grad_a_) g = alloc(d, k * widest_ * R_ * 4);
    grad_u_ = alloc(d, k * widest_ * R_ * 4);
    x_ = alloc(d, k * nf_ * B_ * 4);
    labels_ = alloc(d, k * B_ * 4);
    example_loss_ = alloc(d, k * R_ * 8);
    example_correct_ = alloc(d, k * R_ * 4);
    partials_ = alloc(d, k * tiles_ * static_cast<std::size_t>(std::max(theta_width, 1)) * 4);
    order_ = alloc(d, k * m_ * 4);
    candidate_of_ = alloc(d, k * 4);
    active_ = alloc(d, k);
    first_loss_ = alloc(d, k * 8);
    epoch_loss_ = alloc(d, k * 8);
    batch_loss_ = alloc(d, k * 8);
    grad_sums_ = alloc(d, k * 4);
    code_ = alloc(d, k * 4);
    code_loss_ = alloc(d, k * 8);
    code_step_ = alloc(d, k * 8);
    eval_loss_ = alloc(d, k * 8);
    eval_correct_ = alloc(d, k * 8);
    correct_scratch_ = alloc(d, k * 8);

    // Zero everything the kernels accumulate into or read before writing: padding between
    // parameter blocks must stay exactly zero (its gradient is zero, so every update keeps it so).
    for (const DeviceBuffer* b : {&params_, &grads_, &first_, &second_, &first_loss_, &code_, &code_step_}) {
      if (b->bytes() > 0) check(d, d.api->cuMemsetD8(b->get(), 0, b->bytes()), "cuMemsetD8");
    }
    std::vector<unsigned char> decay(P_, 0);
    for (const auto& layer : layout_.layers)
      std::fill_n(decay.begin() + static_cast<std::ptrdiff_t>(layer.weight), layer.out * layer.in, 1);
    upload(d, decay_, std::span<const unsigned char>(decay));
    std::vector<unsigned char> active(k, 1);
    upload(d, active_, std::span<const unsigned char>(active));
  }

  const SlotLayout& layout() const { return layout_; }
  std::size_t params_per_slot() const { return P_; }

  void set_candidates(std::span<const int> candidate_of) { upload(d_, candidate_of_, candidate_of); }
  void set_params(std::span<const float> all) { upload(d_, params_, all); }
  std::vector<float> params() const { return download<float>(d_, params_, static_cast<std::size_t>(K_) * P_); }
  void set_orders(std::span<const std::uint32_t> orders) { upload(d_, order_, orders); }
  void reset_epoch_loss() { check(d_, d_.api->cuMemsetD8(epoch_loss_.get(), 0, epoch_loss_.bytes()), "cuMemsetD8"); }
  void set_active(std::span<const unsigned char> active) { upload(d_, active_, active); }

  struct Status {
    std::vector<unsigned char> active;
    std::vector<int> code;
    std::vector<double> code_loss, first_loss, epoch_loss;
    std::vector<long long> code_step;
  };
  Status status() const {
    const auto k = static_cast<std::size_t>(K_);
    check(d_, d_.api->cuCtxSynchronize(), "cuCtxSynchronize");
    return {download<unsigned char>(d_, active_, k), download<int>(d_, code_, k),
            download<double>(d_, code_loss_, k),     download<double>(d_, first_loss_, k),
            download<double>(d_, epoch_loss_, k),    download<long long>(d_, code_step_, k)};
  }

  // One optimiser step on positions [first, first + count) of every slot's epoch order.
  void step(const DeviceSplit& train, std::size_t first, std::size_t count, long long step_index, double lr) {
    const auto k = static_cast<unsigned>(K_);
    const int n_count = static_cast<int>(count);
    launch(d_, fn_.gather, blocks_for(nf_ * count, 256), 1, k, 256, 1, train.features.get(), train.labels.get(),
           order_.get(), static_cast<long long>(m_), static_cast<int>(first), n_count, static_cast<int>(nf_), x_.get(),
           static_cast<long long>(nf_ * B_), labels_.get(), static_cast<long long>(B_));
    forward(count, x_.get(), static_cast<long long>(nf_ * B_));
    launch(d_, fn_.softmax, blocks_for(count, 128), 1, k, 128, 1, logits_.get(), labels_.get(),
           static_cast<long long>(B_), static_cast<int>(classes_), n_count, static_cast<long long>(classes_ * R_), 1,
           example_loss_.get(), example_correct_.get(), static_cast<long long>(R_));
    launch(d_, fn_.reduce_examples, k, 1, 1, kBlockThreads, 1, example_loss_.get(), example_correct_.get(),
           static_cast<long long>(R_), n_count, batch_loss_.get(), correct_scratch_.get(), 0);
    backward(count);
    launch(d_, fn_.grad_sum, k, 1, 1, kBlockThreads, 1, grads_.get(), static_cast<long long>(P_), static_cast<int>(P_),
           grad_sums_.get());
    launch(d_, fn_.step_status, blocks_for(K_, 128), 1, 1, 128, 1, batch_loss_.get(), grad_sums_.get(), n_count,
           task_.training.divergence_factor, step_index, step_index == 0 ? 1 : 0, active_.get(), first_loss_.get(),
           epoch_loss_.get(), code_.get(), code_loss_.get(), code_step_.get(), K_);
    update(step_index, lr);
  }

  // Mean loss and accuracy of every slot on a device-resident split.
  std::pair<std::vector<double>, std::vector<double>> score(const DeviceSplit& split) {
    const auto k = static_cast<unsigned>(K_);
    check(d_, d_.api->cuMemsetD8(eval_loss_.get(), 0, eval_loss_.bytes()), "cuMemsetD8");
    check(d_, d_.api->cuMemsetD8(eval_correct_.get(), 0, eval_correct_.bytes()), "cuMemsetD8");
    for (std::size_t start = 0; start < split.size; start += R_) {
      const std::size_t count = std::min(R_, split.size - start);
      forward(count, at(split.features, start * nf_), 0);
      launch(d_, fn_.softmax, blocks_for(count, 128), 1, k, 128, 1, logits_.get(), at(split.labels, start, 4), 0LL,
             static_cast<int>(classes_), static_cast<int>(count), static_cast<long long>(classes_ * R_), 0,
             example_loss_.get(), example_correct_.get(), static_cast<long long>(R_));
      launch(d_, fn_.reduce_examples, k, 1, 1, kBlockThreads, 1, example_loss_.get(), example_correct_.get(),
             static_cast<long long>(R_), static_cast<int>(count), eval_loss_.get(), eval_correct_.get(), 1);
    }
    const auto loss = download<double>(d_, eval_loss_, static_cast<std::size_t>(K_));
    const auto correct = download<long long>(d_, eval_correct_, static_cast<std::size_t>(K_));
    std::pair<std::vector<double>, std::vector<double>> out;
    const auto n = static_cast<double>(split.size);
    for (int s = 0; s < K_; ++s) {
      out.first.push_back(loss[static_cast<std::size_t>(s)] / n);
      out.second.push_back(static_cast<double>(correct[static_cast<std::size_t>(s)]) / n);
    }
    return out;
  }

 private:
  // C = op(A) op(B) for every slot (column-major, strided over the K slots).
  void gemm(cublasOperation_t ta, cublasOperation_t tb, std::size_t m, std::size_t n, std::size_t k, CUdeviceptr a,
            std::size_t lda, long long stride_a, CUdeviceptr b, std::size_t ldb, long long stride_b, float beta,
            CUdeviceptr c, std::size_t ldc, long long stride_c) {
    const float one = 1.0f;
    check_blas(
        cublasSgemmStridedBatched(blas_.get(), ta, tb, static_cast<int>(m), static_cast<int>(n), static_cast<int>(k),
                                  &one, fptr(a), static_cast<int>(lda), stride_a, fptr(b), static_cast<int>(ldb),
                                  stride_b, &beta, fptr(c), static_cast<int>(ldc), stride_c, K_),
        "cublasSgemmStridedBatched");
  }

  // Forward pass over `cols` examples; input stride 0 shares one input matrix among all slots.
  void forward(std::size_t cols, CUdeviceptr input, long long input_stride) {
    const auto k = static_cast<unsigned>(K_);
    const auto P = static_cast<long long>(P_);
    CUdeviceptr a_prev = input;
    long long a_stride = input_stride;
    for (std::size_t l = 0; l + 1 < layout_.layers.size(); ++l) {
      const auto& layer = layout_.layers[l];
      const auto z_stride = static_cast<long long>(layer.out * R_);
      gemm(CUBLAS_OP_N, CUBLAS_OP_N, layer.out, cols, layer.in, at(params_, layer.weight), layer.out, P, a_prev,
           layer.in, a_stride, 0.0f, z_[l].get(), layer.out, z_stride);
      launch(d_, fn_.forward, blocks_for(layer.out * cols, 256), 1, k, 256, 1, z_[l].get(), act_[l].get(),
             layer.residual ? a_prev : CUdeviceptr{0}, params_.get(), P, static_cast<int>(layer.bias),
             static_cast<int>(layer.theta), static_cast<int>(layer.out), static_cast<int>(cols), z_stride,
             candidate_of_.get());
      a_prev = act_[l].get();
      a_stride = z_stride;
    }
    const auto& head = layout_.layers.back();
    const auto l_stride = static_cast<long long>(classes_ * R_);
    gemm(CUBLAS_OP_N, CUBLAS_OP_N, head.out, cols, head.in, at(params_, head.weight), head.out, P, a_prev, head.in,
         a_stride, 0.0f, logits_.get(), head.out, l_stride);
    launch(d_, fn_.add_bias, blocks_for(head.out * cols, 256), 1, k, 256, 1, logits_.get(), params_.get(), P,
           static_cast<int>(head.bias), static_cast<int>(head.out), static_cast<int>(cols), l_stride);
  }

  // Gradients of the mean loss; logits_ holds dL/dlogits (softmax kernel in training mode).
  void backward(std::size_t cols) {
    const auto k = static_cast<unsigned>(K_);
    const auto P = static_cast<long long>(P_);
    const std::size_t hidden = layout_.layers.size() - 1;
    const auto& head = layout_.layers.back();
    const auto l_stride = static_cast<long long>(classes_ * R_);
    const auto last_stride = static_cast<long long>(head.in * R_);
    gemm(CUBLAS_OP_N, CUBLAS_OP_T, head.out, head.in, cols, logits_.get(), head.out, l_stride, act_[hidden - 1].get(),
         head.in, last_stride, 0.0f, at(grads_, head.weight), head.out, P);
    launch(d_, fn_.row_sum, blocks_for(head.out, 256), 1, k, 256, 1, logits_.get(), grads_.get(), P,
           static_cast<int>(head.bias), static_cast<int>(head.out), static_cast<int>(cols), l_stride);
    gemm(CUBLAS_OP_T, CUBLAS_OP_N, head.in, cols, head.out, at(params_, head.weight), head.out, P, logits_.get(),
         head.out, l_stride, 0.0f, grad_a_[0].get(), head.in, last_stride);
    int current = 0;
    for (std::size_t l = hidden; l-- > 0;) {
      const auto& layer = layout_.layers[l];
      const auto z_stride = static_cast<long long>(layer.out * R_);
      launch(d_, fn_.backward, static_cast<unsigned>((layer.out + kBackwardRows - 1) / kBackwardRows), 1, k,
             static_cast<unsigned>(kBackwardRows), static_cast<unsigned>(kBlockThreads / kBackwardRows), z_[l].get(),
             grad_a_[current].get(), grad_u_.get(), params_.get(), grads_.get(), P, static_cast<int>(layer.bias),
             static_cast<int>(layer.theta), static_cast<int>(layer.out), static_cast<int>(cols), z_stride,
             partials_.get(), layout_.theta_width, candidate_of_.get());
      if (layout_.theta_width > 0) {
        launch(d_, fn_.reduce_theta, blocks_for(static_cast<std::size_t>(K_ * layout_.theta_width), 256), 1, 1, 256, 1,
               partials_.get(), grads_.get(), P, static_cast<int>(layer.theta),
               static_cast<int>((layer.out + kBackwardRows - 1) / kBackwardRows), layout_.theta_width, K_);
      }
      const CUdeviceptr input = l == 0 ? x_.get() : act_[l - 1].get();
      const long long input_stride = l == 0 ? static_cast<long long>(nf_ * B_) : static_cast<long long>(layer.in * R_);
      gemm(CUBLAS_OP_N, CUBLAS_OP_T, layer.out, layer.in, cols, grad_u_.get(), layer.out, z_stride, input, layer.in,
           input_stride, 0.0f, at(grads_, layer.weight), layer.out, P);
      if (l == 0) break;
      float beta = 0.0f;
      if (layer.residual) {
        check(d_, d_.api->cuMemcpyDtoD(grad_a_[1 - current].get(), grad_a_[current].get(), grad_a_[current].bytes()),
              "cuMemcpyDtoD");
        beta = 1.0f;
      }
      gemm(CUBLAS_OP_T, CUBLAS_OP_N, layer.in, cols, layer.out, at(params_, layer.weight), layer.out, P, grad_u_.get(),
           layer.out, z_stride, beta, grad_a_[1 - current].get(), layer.in, static_cast<long long>(layer.in * R_));
      current = 1 - current;
    }
  }

  void update(long long step_index, double lr) {
    const auto k = static_cast<unsigned>(K_);
    const auto& o = task_.optimizer;
    const auto P = static_cast<long long>(P_);
    const unsigned grid = blocks_for(P_, 256);
    if (o.kind == trainer::OptimizerKind::Sgd) {
      launch(d_, fn_.sgd, grid, 1, k, 256, 1, params_.get(), grads_.get(), first_.get(), decay_.get(), active_.get(), P,
             static_cast<int>(P_), static_cast<float>(lr), static_cast<float>(o.momentum),
             static_cast<float>(o.weight_decay), o.nesterov ? 1 : 0);
      return;
    }
    const double t = static_cast<double>(step_index + 1);
    const auto step_size = static_cast<float>(lr / (1.0 - std::pow(o.beta1, t)));
    const auto inv_sqrt_bc2 = static_cast<float>(1.0 / std::sqrt(1.0 - std::pow(o.beta2, t)));
    launch(d_, fn_.adam, grid, 1, k, 256, 1, params_.get(), grads_.get(), first_.get(), second_.get(), decay_.get(),
           active_.get(), P, static_cast<int>(P_), static_cast<float>(lr), static_cast<float>(o.beta1),
           static_cast<float>(o.beta2), step_size, inv_sqrt_bc2, static_cast<float>(o.eps),
           static_cast<float>(o.weight_decay), o.kind == trainer::OptimizerKind::AdamW ? 1 : 0);
  }

  const Device& d_;
  const BlasHandle& blas_;
  const Functions& fn_;
  const trainer::TaskSpec& task_;
  int K_;
  std::size_t m_;
  SlotLayout layout_;
  std::size_t P_ = 0, B_ = 0, R_ = 0, nf_ = 0, classes_ = 0, widest_ = 0, tiles_ = 0;
  DeviceBuffer params_, grads_, first_, second_, decay_;
  std::vector<DeviceBuffer> z_, act_;
  DeviceBuffer logits_, grad_a_[2], grad_u_, x_, labels_, example_loss_, example_correct_, partials_, order_;
  DeviceBuffer candidate_of_, active_, first_loss_, epoch_loss_, batch_loss_, grad_sums_, code_, code_loss_, code_step_;
  DeviceBuffer eval_loss_, eval_correct_, correct_scratch_;
};

}  // namespace

struct CudaBackend::State {
  CudaBackendOptions options;
  const Device* device = nullptr;
  std::unique_ptr<BlasHandle> blas;
  std::optional<KernelCache> cache;
};

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
  return arch_of(**d);
}

Expected<std::vector<std::vector<std::vector<float>>>> evaluate_on_device(
    std::span<const expr::Program* const> programs, std::span<const float> x, std::span<const std::vector<float>> theta,
    const KernelCache* cache) {
  auto opened = cuda::device();
  if (!opened) return fail(opened.error());
  const Device& d = **opened;
  auto module_build = compile_candidates(programs, arch_of(d), cache);
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

CudaBackend::CudaBackend(std::unique_ptr<State> state) : state_(std::move(state)) {}
CudaBackend::~CudaBackend() = default;

std::string CudaBackend::name() const { return "cuda(" + state_->device->name + ", " + arch_of(*state_->device) + ")"; }

Expected<std::unique_ptr<CudaBackend>> make_cuda_backend_impl(const CudaBackendOptions& options) {
  auto d = cuda::device();
  if (!d) return fail(d.error());
  auto state = std::make_unique<CudaBackend::State>();
  state->options = options;
  state->device = *d;
  try {
    state->blas = std::make_unique<BlasHandle>();
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  if (options.use_cache) state->cache.emplace(options.cache);
  return std::unique_ptr<CudaBackend>(new CudaBackend(std::move(state)));
}

Expected<std::unique_ptr<trainer::TrainingBackend>> make_cuda_backend(const CudaBackendOptions& options) {
  auto backend = make_cuda_backend_impl(options);
  if (!backend) return fail(backend.error());
  return std::unique_ptr<trainer::TrainingBackend>(std::move(*backend));
}

namespace {

// The jobs of one lockstep batch and where their results go.
struct BatchJobs {
  std::vector<std::size_t> job_index;
  std::vector<const expr::Program*> programs;
  std::vector<int> candidate_of;
};

// Trains one batch on the device; fills results[job_index[s]] for every slot s.
void run_batch(const Device& d, const BlasHandle& blas, const cuda::Module& module, const trainer::TaskSpec& task,
               const trainer::Dataset& data, std::span<const trainer::TrainJob> jobs, const BatchJobs& batch,
               int theta_width, int epochs, std::size_t m, std::size_t eval_chunk, const DeviceSplit& train,
               const DeviceSplit& validation, const DeviceSplit* test, std::vector<TrainResult>& results) {
  const auto start = Clock::now();
  const Functions fn = Functions::load(module);
  const int K = static_cast<int>(batch.job_index.size());
  Batch net(d, blas, fn, task, data.num_features, data.num_classes, theta_width, K, m, eval_chunk);
  net.set_candidates(batch.candidate_of);

  // Initial weights exactly as the CPU backend makes them (Mlp::initialize), moved into the
  // slot layout.
  const SlotLayout& layout = net.layout();
  const std::size_t P = net.params_per_slot();
  std::vector<float> params(static_cast<std::size_t>(K) * P, 0.0f);
  for (int s = 0; s < K; ++s) {
    const trainer::TrainJob& job = jobs[batch.job_index[static_cast<std::size_t>(s)]];
    const expr::Program& program = *batch.programs[static_cast<std::size_t>(s)];
    trainer::Mlp<float> model(data.num_features, task.model, data.num_classes, program, program);
    model.initialize(job.seed);
    for (const trainer::ParameterBlock& b : model.blocks()) {
      const auto& layer = layout.layers[b.layer];
      std::size_t to = 0;
      switch (b.kind) {
        case trainer::BlockKind::Weight: to = layer.weight; break;
        case trainer::BlockKind::Bias: to = layer.bias; break;
        case trainer::BlockKind::ActivationParams: to = layer.theta; break;
        default: throw std::logic_error("layer normalisation is not implemented on the GPU");
      }
      const auto src = model.parameters().subspan(b.offset, b.size);
      std::copy(src.begin(), src.end(),
                params.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(s) * P + to));
    }
  }
  net.set_params(params);

  const auto B = static_cast<std::size_t>(task.training.batch_size);
  const auto steps_per_epoch = static_cast<std::int64_t>((m + B - 1) / B);
  const std::int64_t total_steps = steps_per_epoch * epochs;
  std::vector<bool> done(static_cast<std::size_t>(K), false);
  std::vector<unsigned char> active(static_cast<std::size_t>(K), 1);
  std::vector<std::uint32_t> orders(static_cast<std::size_t>(K) * m);

  auto examples_before = [&](std::int64_t steps) {
    const std::int64_t full = steps / steps_per_epoch, partial = steps % steps_per_epoch;
    return static_cast<double>(full) * static_cast<double>(m) +
           static_cast<double>(std::min(static_cast<std::size_t>(partial) * B, m));
  };
  auto finish = [&](int s, RunStatus status, std::string message, std::int64_t steps) {
    TrainResult& r = results[batch.job_index[static_cast<std::size_t>(s)]];
    r.status = status;
    r.message = std::move(message);
    r.steps = steps;
    r.wall_seconds = seconds_since(start);
    r.examples_per_second = examples_before(steps) / std::max(r.wall_seconds, 1e-9);
    done[static_cast<std::size_t>(s)] = true;
  };

  std::int64_t step = 0;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    const auto epoch_start = Clock::now();
    for (int s = 0; s < K; ++s) {
      const auto slot_order = std::span<std::uint32_t>(orders).subspan(static_cast<std::size_t>(s) * m, m);
      std::iota(slot_order.begin(), slot_order.end(), 0u);
      const std::uint64_t seed = jobs[batch.job_index[static_cast<std::size_t>(s)]].seed;
      trainer::shuffle(slot_order,
                       trainer::stream_key(seed, trainer::Stream::EpochShuffle, static_cast<std::uint64_t>(epoch)));
    }
    net.set_orders(orders);
    net.reset_epoch_loss();
    for (std::size_t first = 0; first < m; first += B) {
      const std::size_t count = std::min(B, m - first);
      net.step(train, first, count, step,
               trainer::learning_rate_at(task.optimizer, step, steps_per_epoch, total_steps));
      ++step;
    }
    const Batch::Status status = net.status();
    for (int s = 0; s < K; ++s) {
      const auto i = static_cast<std::size_t>(s);
      if (done[i] || status.active[i]) continue;
      const std::int64_t at_step = status.code_step[i];
      const std::string where = "epoch " + std::to_string(epoch + 1) + ", step " + std::to_string(at_step + 1);
      std::string why;
      switch (status.code[i]) {
        case 1: why = "non-finite loss at " + where; break;
        case 2:
          why = "loss exploded at " + where + ": " + format(status.code_loss[i]) + " > " +
                format(task.training.divergence_factor) + " x first loss " + format(status.first_loss[i]);
          break;
        default: why = "non-finite gradient at " + where; break;
      }
      active[i] = 0;
      finish(s, RunStatus::Diverged, why, at_step);
    }
    const auto [val_loss, val_accuracy] = net.score(validation);
    bool changed = false;
    for (int s = 0; s < K; ++s) {
      const auto i = static_cast<std::size_t>(s);
      if (done[i]) continue;
      TrainResult& r = results[batch.job_index[i]];
      r.epochs.push_back({.epoch = epoch + 1,
                          .train_loss = status.epoch_loss[i] / static_cast<double>(m),
                          .val_loss = val_loss[i],
                          .val_accuracy = val_accuracy[i],
                          .seconds = seconds_since(epoch_start)});
      if (!std::isfinite(val_loss[i])) {
        active[i] = 0;
        changed = true;
        finish(s, RunStatus::Diverged, "non-finite validation loss after epoch " + std::to_string(epoch + 1), step);
      }
    }
    if (changed) net.set_active(active);
  }

  std::optional<std::pair<std::vector<double>, std::vector<double>>> test_scores;
  if (test != nullptr && test->size > 0) test_scores = net.score(*test);
  const std::vector<float> final_params = net.params();
  for (int s = 0; s < K; ++s) {
    const auto i = static_cast<std::size_t>(s);
    const std::size_t job = batch.job_index[i];
    TrainResult& r = results[job];
    if (!done[i]) {
      finish(s, RunStatus::Ok, "", total_steps);
      const trainer::EpochMetrics& last = r.epochs.back();
      r.train_loss = last.train_loss;
      r.val_loss = last.val_loss;
      r.val_accuracy = last.val_accuracy;
      if (jobs[job].evaluate_test && test_scores) {
        r.test_loss = test_scores->first[i];
        r.test_accuracy = test_scores->second[i];
      }
    }
    const int count = batch.programs[i]->num_params();
    r.learned_params.assign(layout.layers.size() - 1, {});
    for (std::size_t l = 0; l + 1 < layout.layers.size(); ++l) {
      for (int p = 0; p < count; ++p) {
        r.learned_params[l].push_back(final_params[i * P + layout.layers[l].theta + static_cast<std::size_t>(p)]);
      }
    }
  }
}

}  // namespace

std::vector<TrainResult> CudaBackend::train(const trainer::TaskSpec& task, const trainer::Dataset& data,
                                            std::span<const trainer::TrainJob> jobs, const trainer::JobDone& on_done) {
  notes_.clear();
  std::vector<TrainResult> results(jobs.size());
  const CudaBackendOptions& options = state_->options;
  trainer::CpuBackend cpu(options.cpu_threads);
  if (task.model.norm != trainer::Norm::None) {
    notes_.push_back("layer normalisation is not implemented on the GPU: all " + std::to_string(jobs.size()) +
                     " job(s) ran on the CPU backend");
    return cpu.train(task, data, jobs, on_done);
  }

  std::vector<std::size_t> on_cpu;
  std::vector<std::optional<expr::Program>> programs(jobs.size());
  // (epochs, examples) -> jobs: a lockstep batch needs the same number of steps in every slot.
  std::map<std::pair<int, std::size_t>, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const trainer::TrainJob& job = jobs[i];
    const int epochs = job.epochs > 0 ? job.epochs : task.training.epochs;
    const std::size_t wanted = job.train_examples > 0 ? job.train_examples : task.training.train_examples;
    const std::size_t m = wanted > 0 ? wanted : data.train.size;
    // Anything the CPU backend would reject is left to it, so the messages are the same.
    bool ok = m > 0 && m <= data.train.size && data.validation.size > 0 && epochs >= 1 &&
              task.training.batch_size >= 1 && m * data.num_features < (std::size_t{1} << 31);
    if (ok) {
      try {
        programs[i] = expr::Program::compile(job.activation);
      } catch (const std::exception&) {
        ok = false;
      }
    }
    if (ok) {
      groups[{epochs, m}].push_back(i);
    } else {
      on_cpu.push_back(i);
    }
  }

  const Device& d = *state_->device;
  if (auto current = cuda::device(); !current) {
    notes_.push_back("the CUDA device is no longer usable (" + current.error().describe() + "): jobs ran on the CPU");
    return cpu.train(task, data, jobs, on_done);
  }
  const KernelCache* cache = state_->cache ? &*state_->cache : nullptr;
  const std::size_t eval_chunk = std::max<std::size_t>(options.eval_chunk, 1);
  std::optional<DeviceSplit> train_split, validation_split, test_split;
  try {
    if (!groups.empty()) {
      train_split = upload_split(d, data.train);
      validation_split = upload_split(d, data.validation);
      const bool any_test = std::any_of(jobs.begin(), jobs.end(), [](const auto& j) { return j.evaluate_test; });
      if (any_test && data.test.size > 0) test_split = upload_split(d, data.test);
    }
  } catch (const std::exception& e) {
    notes_.push_back(std::string("could not upload the data set (") + e.what() + "): jobs ran on the CPU");
    return cpu.train(task, data, jobs, on_done);
  }

  for (const auto& [key, members] : groups) {
    const auto [epochs, m] = key;
    int theta_width = 0;
    for (std::size_t i : members) theta_width = std::max(theta_width, programs[i]->num_params());
    BatchShape shape{.inputs = data.num_features,
                     .hidden = task.model.hidden,
                     .classes = data.num_classes,
                     .residual = task.model.residual,
                     .theta_width = theta_width,
                     .batch_size = task.training.batch_size,
                     .eval_chunk = eval_chunk,
                     .train_examples = m,
                     .optimizer_moments =
                         task.optimizer.kind == trainer::OptimizerKind::Sgd ? (task.optimizer.momentum > 0 ? 1 : 0) : 2,
                     .dataset_bytes = 0};  // already resident: counted in the free memory
    std::size_t free_bytes = 0, total_bytes = 0;
    d.api->cuMemGetInfo(&free_bytes, &total_bytes);
    const BatchPlan plan = plan_batch(shape, free_bytes, options.max_slots);
    if (plan.slots < 1) {
      notes_.push_back("not even one network fits in the free device memory (" + std::to_string(free_bytes >> 20) +
                       " MiB): " + std::to_string(members.size()) + " job(s) ran on the CPU");
      on_cpu.insert(on_cpu.end(), members.begin(), members.end());
      continue;
    }
    for (std::size_t first = 0; first < members.size(); first += static_cast<std::size_t>(plan.slots)) {
      const std::size_t count = std::min(static_cast<std::size_t>(plan.slots), members.size() - first);
      std::vector<const expr::Program*> batch_programs;
      for (std::size_t j = 0; j < count; ++j) batch_programs.push_back(&*programs[members[first + j]]);
      auto built = compile_candidates(batch_programs, arch_of(d), cache);
      if (!built) {
        notes_.push_back("the kernels do not compile (" + built.error().describe() + "): " + std::to_string(count) +
                         " job(s) ran on the CPU");
        for (std::size_t j = 0; j < count; ++j) on_cpu.push_back(members[first + j]);
        continue;
      }
      BatchJobs batch;
      for (std::size_t j = 0; j < count; ++j) {
        const std::size_t job = members[first + j];
        if (built->index_of[j] < 0) {
          notes_.push_back("job " + std::to_string(job) +
                           " ran on the CPU: its kernel does not compile: " + built->errors[j]);
          on_cpu.push_back(job);
          continue;
        }
        batch.job_index.push_back(job);
        batch.programs.push_back(batch_programs[j]);
        batch.candidate_of.push_back(built->index_of[j]);
      }
      if (batch.job_index.empty()) continue;
      bool trained = false;
      try {
        const cuda::Module module = take(cuda::Module::load(d, built->image.image));
        run_batch(d, *state_->blas, module, task, data, jobs, batch, built->theta_width, epochs, m, eval_chunk,
                  *train_split, *validation_split, test_split ? &*test_split : nullptr, results);
        trained = true;
      } catch (const std::exception& e) {
        notes_.push_back(std::string("a GPU batch failed (") + e.what() + "): its " +
                         std::to_string(batch.job_index.size()) + " job(s) ran on the CPU");
        for (std::size_t job : batch.job_index) {
          results[job] = TrainResult{};
          on_cpu.push_back(job);
        }
      }
      // Outside the try: an exception from the callback must reach the caller, not send the batch
      // to the CPU.
      if (trained && on_done) {
        for (std::size_t job : batch.job_index) on_done(job, results[job]);
      }
    }
  }

  if (!on_cpu.empty()) {
    std::sort(on_cpu.begin(), on_cpu.end());
    std::vector<trainer::TrainJob> subset;
    for (std::size_t i : on_cpu) subset.push_back(jobs[i]);
    trainer::JobDone forward_done;
    if (on_done) forward_done = [&](std::size_t j, const TrainResult& r) { on_done(on_cpu[j], r); };
    std::vector<TrainResult> cpu_results = cpu.train(task, data, subset, forward_done);
    for (std::size_t j = 0; j < on_cpu.size(); ++j) results[on_cpu[j]] = std::move(cpu_results[j]);
  }
  return results;
}

#endif  // ACTSEARCH_HAVE_CUDA

}  // namespace actsearch::kernels
