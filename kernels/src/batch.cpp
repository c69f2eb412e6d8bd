// The batch passes (see batch.hpp). Device work is queued on the default stream of the primary
// context; the host waits only at epoch boundaries.
#include "kernels/src/batch.hpp"

#include <cmath>
#include <numeric>
#include <optional>
#include <utility>

#include "expr/program.hpp"
#include "kernels/codegen.hpp"
#include "kernels/cuda_backend.hpp"
#include "trainer/divergence.hpp"
#include "trainer/mlp.hpp"
#include "trainer/optimizer.hpp"
#include "trainer/random.hpp"

namespace actsearch::kernels::gpu {

using trainer::RunStatus;
using trainer::TrainResult;

namespace {

// The kernels of a loaded module.
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
    float step_size = 0, inv_sqrt_bc2 = 0;
    trainer::rules::as_adam_corrections(lr, o.beta1, o.beta2, static_cast<double>(step_index + 1), &step_size,
                                        &inv_sqrt_bc2);
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
      const auto why = static_cast<trainer::Divergence>(status.code[i]);
      active[i] = 0;
      finish(s, RunStatus::Diverged,
             trainer::batch_divergence_message(why, epoch, at_step, status.code_loss[i],
                                               task.training.divergence_factor, status.first_loss[i]),
             at_step);
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
      if (trainer::validation_diverged(val_loss[i])) {
        active[i] = 0;
        changed = true;
        finish(s, RunStatus::Diverged, trainer::validation_divergence_message(epoch), step);
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

}  // namespace actsearch::kernels::gpu
