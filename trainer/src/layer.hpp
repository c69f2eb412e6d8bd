// The building blocks of Network<T> (trainer/network.hpp): one layer maps a batch of n examples of
// shape `in` (NCHW, example-major) to n examples of shape `out`. Layers keep what their backward pass
// needs from the last training-mode forward pass; parameters, gradients and state (batch-norm running
// statistics) live in the network's flat arrays, reached through the Context of each call.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <vector>

#include "trainer/layer_spec.hpp"
#include "trainer/mlp.hpp"
#include "trainer/task.hpp"

namespace actsearch::expr {
class Program;
}

namespace actsearch::trainer::layers {

template <class T>
using Buffer = std::vector<T, Eigen::aligned_allocator<T>>;

// Grows `b` to at least n elements (contents unspecified).
template <class T>
T* sized(Buffer<T>& b, std::size_t n) {
  if (b.size() < n) b.resize(n);
  return b.data();
}

template <class T>
struct Context {
  T* params = nullptr;
  T* grads = nullptr;
  T* state = nullptr;
  bool training = false;  // batch statistics and caches for backward (else running statistics, phi only)
};

// The network's arrays as they are laid out: layers claim ranges while the network is built.
struct Layout {
  std::vector<ParameterBlock> blocks;
  std::size_t params = 0;
  std::size_t state = 0;
  std::size_t parameterised = 0;           // layers with random initial weights so far: their init stream index
  std::vector<std::size_t> theta_offsets;  // of every activation layer so far (0 without theta)
  std::size_t align = 1;                   // blocks start on multiples of this many elements
  std::size_t block_index = 0;             // ParameterBlock::layer of the next claim

  std::size_t claim(BlockKind kind, std::size_t rows, std::size_t cols = 1);
  std::size_t claim_state(std::size_t n) {
    const std::size_t at = state;
    state += n;
    return at;
  }
};

// What initialisation needs besides the layer's own ranges.
struct InitRecipe {
  std::uint64_t seed = 0;
  Init init = Init::He;
  InitDistribution distribution = InitDistribution::Normal;
  double bias_init = 0;
};

template <class T>
class Layer {
 public:
  Layer(TensorShape in, TensorShape out) : in_(in), out_(out) {}
  virtual ~Layer() = default;
  Layer(const Layer&) = delete;
  Layer& operator=(const Layer&) = delete;

  TensorShape in() const { return in_; }
  TensorShape out() const { return out_; }

  // y = f(x) for n examples.
  virtual void forward(const Context<T>& ctx, const T* x, T* y, std::size_t n) = 0;
  // After a training-mode forward of the same x: dy is dL/dy (the layer may overwrite it); writes dL/dx
  // when dx is not null and the gradients of the layer's parameters (overwriting them).
  virtual void backward(const Context<T>& ctx, const T* x, T* dy, T* dx, std::size_t n) = 0;
  virtual void initialize(T* params, T* state, const InitRecipe& recipe) const = 0;

 private:
  TensorShape in_, out_;
};

template <class T>
using LayerPtr = std::unique_ptr<Layer<T>>;

// Standard deviation of the initial weights for fan_in and fan_out, as Mlp documents it.
double init_sd(Init init, std::size_t fan_in, std::size_t fan_out);
// Weight i (row-major out x fan_in counter) of stream `key` with standard deviation sd.
double init_weight(InitDistribution distribution, std::uint64_t key, std::uint64_t i, double sd);

template <class T>
LayerPtr<T> make_conv2d(Layout& layout, TensorShape in, std::size_t out_channels, std::size_t kernel,
                        std::size_t stride);
template <class T>
LayerPtr<T> make_dense(Layout& layout, TensorShape in, std::size_t out_features, bool bias_is_hidden);
template <class T>
LayerPtr<T> make_batch_norm(Layout& layout, TensorShape in);
template <class T>
LayerPtr<T> make_layer_norm(Layout& layout, TensorShape in);
template <class T>
LayerPtr<T> make_activation(Layout& layout, TensorShape in, const expr::Program& training,
                            const expr::Program& inference);
template <class T>
LayerPtr<T> make_pool(TensorShape in, LayerKind kind);  // MaxPool, AvgPool, GlobalAvgPool
template <class T>
LayerPtr<T> make_residual_block(Layout& layout, TensorShape in, std::size_t channels, std::size_t stride,
                                const expr::Program& training, const expr::Program& inference);

// Layers run one after another, keeping every intermediate output for the backward pass.
template <class T>
class Sequence final : public Layer<T> {
 public:
  Sequence(TensorShape in, std::vector<LayerPtr<T>> layers);
  void forward(const Context<T>& ctx, const T* x, T* y, std::size_t n) override;
  void backward(const Context<T>& ctx, const T* x, T* dy, T* dx, std::size_t n) override;
  void initialize(T* params, T* state, const InitRecipe& recipe) const override;
  bool empty() const { return layers_.empty(); }

 private:
  std::vector<LayerPtr<T>> layers_;
  std::vector<Buffer<T>> outputs_;  // of every layer but the last
  Buffer<T> grad_[2];
};

}  // namespace actsearch::trainer::layers
