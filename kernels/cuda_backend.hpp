// The CUDA training backend: K candidates trained in lockstep, one network per slot of a [K, ...]
// layout, with the semantics of trainer/backend.hpp (same model, initialisation, data order,
// optimiser, divergence rules and evaluation as the CPU backend, float32, up to summation order).
//
// How a call to train() proceeds:
//  * Jobs whose activation does not compile to a Program, or that the CPU backend would reject
//    (train_examples beyond the split, ...), are handed to trainer::train_one, which reports them
//    exactly as the CPU backend does.
//  * Tasks of model.kind network (kernels::gpu_unsupported) and tasks with layer normalisation run
//    entirely on the CPU backend (the GPU path implements
//    affine layers, residual connections, the activation, softmax cross-entropy, SGD and Adam(W));
//    fallback_notes() says so.
//  * The rest are grouped by (epochs, examples) — jobs in a group take the same number of steps —
//    and cut into batches of K slots (plan_batch). Each batch's activations are generated into one
//    CUDA module (codegen.hpp), compiled by NVRTC through the on-disk cache as options.compile
//    says; a candidate NVRTC rejects is trained on the CPU instead.
//  * Initial weights are computed on the host by trainer::Mlp::initialize (SplitMix64 streams of
//    trainer/random.hpp) and uploaded, and epoch orders by trainer::shuffle, so both backends start
//    from bit-identical weights and visit the examples in the same order; cuRAND is not used.
//  * Per step: gather each slot's batch from the device-resident train split, strided-batched
//    SGEMMs (cuBLAS) and the generated kernels forward and backward, the divergence check on the
//    device (a slot whose loss or gradient is not finite, or whose loss explodes, is marked
//    inactive and frozen; the other slots are unaffected), then the optimiser update of the active
//    slots. The host synchronises once per epoch, not per step.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "kernels/cache.hpp"
#include "kernels/nvrtc.hpp"
#include "trainer/backend.hpp"

namespace actsearch::expr {
class Program;
}

namespace actsearch::kernels {

// ---- Memory planning (pure, no device needed) --------------------------------------------------

// The flat parameter block of one slot: trainer::Mlp's order (per hidden layer W, b, theta; then
// the output W and b) with every block starting on a 32-float boundary and theta_width activation
// parameters per hidden layer for every slot (candidates with fewer leave the rest at zero).
struct SlotLayout {
  struct Layer {
    std::size_t in = 0, out = 0;
    std::size_t weight = 0, bias = 0, theta = 0;  // offsets
    bool residual = false;
  };
  std::vector<Layer> layers;  // hidden layers, then the output layer
  std::size_t params = 0;     // floats per slot (a multiple of 32)
  int theta_width = 0;
};
SlotLayout slot_layout(std::size_t inputs, std::span<const int> hidden, int classes, bool residual, int theta_width);

struct BatchShape {
  std::size_t inputs = 0;
  std::vector<int> hidden;
  int classes = 0;
  bool residual = false;
  int theta_width = 0;
  int batch_size = 128;
  std::size_t eval_chunk = 1000;   // examples per scoring pass
  std::size_t train_examples = 0;  // m: each slot keeps its epoch order (m indices)
  int optimizer_moments = 1;       // float arrays per parameter besides params and grads (0, 1, 2)
  std::size_t dataset_bytes = 0;   // device-resident splits, shared by all slots
};

struct BatchPlan {
  int slots = 0;  // K; 0 when not even one slot fits
  std::size_t bytes_per_slot = 0;
  std::size_t shared_bytes = 0;  // data set and per-module constants
  std::size_t total_bytes = 0;   // shared + slots * per slot
};

// The largest K <= max_slots whose buffers fit in `free_bytes` after keeping 10% (and at least
// 256 MiB) for cuBLAS workspaces, the module and fragmentation.
BatchPlan plan_batch(const BatchShape& shape, std::size_t free_bytes, int max_slots);

// ---- Device --------------------------------------------------------------------------------------

// True when this build has CUDA support, the driver library loads and a device is present; when
// false, *why says which of these failed.
bool cuda_available(std::string* why = nullptr);

// Why the GPU path cannot train `task` (a network of model.layers: it has no convolutions, pooling or
// batch norm), or nothing. Such tasks train on the CPU backend.
std::optional<std::string> gpu_unsupported(const trainer::TaskSpec& task);

// "sm_XY" of the device (compute capability), for compile_candidates.
Expected<std::string> device_arch();

// phi, phi' and dphi/dtheta of every program at the points x, computed by the generated device
// code: out[p][o][i] for program p, output o (0 phi, 1 phi', 2 + k dphi/dtheta_k), point i.
// theta[p] holds program p's parameters (empty: initial values). Used to verify the generator
// against Program::evaluate on a GPU, in every form of `compile`.
Expected<std::vector<std::vector<std::vector<float>>>> evaluate_on_device(
    std::span<const expr::Program* const> programs, std::span<const float> x,
    std::span<const std::vector<float>> theta = {}, const KernelCache* cache = nullptr,
    const CompileOptions& compile = {});

struct CudaBackendOptions {
  int max_slots = 256;  // upper bound on K
  int cpu_threads = 0;  // for jobs that fall back to the CPU (0 = all cores)
  bool use_cache = true;
  CacheConfig cache;
  std::size_t eval_chunk = 1000;
  CompileOptions compile;  // how each batch's candidates are compiled (nvrtc.hpp)
};

class CudaBackend final : public trainer::TrainingBackend {
 public:
  ~CudaBackend() override;
  std::string name() const override;
  using trainer::TrainingBackend::train;  // keeps the overload without a callback visible
  // on_done is called on the calling thread: for a GPU batch when the whole batch has finished,
  // for CPU fallbacks as each job finishes (from the CPU backend's workers).
  std::vector<trainer::TrainResult> train(const trainer::TaskSpec& task, const trainer::Dataset& data,
                                          std::span<const trainer::TrainJob> jobs,
                                          const trainer::JobDone& on_done) override;
  // Why jobs of the last train() call ran on the CPU (one line per reason), empty when none did.
  const std::vector<std::string>& fallback_notes() const { return notes_; }

 private:
  friend Expected<std::unique_ptr<CudaBackend>> make_cuda_backend_impl(const CudaBackendOptions& options);
  struct State;
  explicit CudaBackend(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
  std::vector<std::string> notes_;
};

// The backend, or an Error that says why CUDA cannot be used (then use trainer::CpuBackend).
Expected<std::unique_ptr<trainer::TrainingBackend>> make_cuda_backend(const CudaBackendOptions& options = {});

}  // namespace actsearch::kernels
