// The multilayer perceptron the candidates are scored with, templated on the scalar type: float for
// training, double for checking gradients against finite differences.
//
// Layout: activations are features x batch matrices (column-major, one example per column). Hidden
// layer l computes u = W_l a_{l-1} + b_l, z = u or LayerNorm(u) (per example over the features, eps
// 1e-5, learned gain and bias), then phi(z; theta_l) through the candidate's compiled Program (one
// fused evaluate per layer and batch gives phi, phi' and dphi/dtheta together; phi' and dphi/dtheta
// are kept for the backward pass). With residual connections a hidden layer l >= 1 (0-based) whose
// input width equals its width outputs a_{l-1} + phi(z). The output layer is affine; the loss is the
// mean softmax cross-entropy over the batch.
//
// All trainable values live in one flat array (parameters()), blocks in order: for each hidden layer
// W (out x in, column-major), b, [LN gain, LN bias], theta; then the output layer's W and b. Each
// hidden layer has its own copy of the activation's parameters theta.
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "trainer/task.hpp"

namespace actsearch::expr {
class Program;
}

namespace actsearch::trainer {

enum class BlockKind { Weight, Bias, NormGain, NormBias, ActivationParams };

// One named range of the flat parameter array.
struct ParameterBlock {
  BlockKind kind = BlockKind::Weight;
  std::size_t layer = 0;   // 0-based; the output layer is number num_hidden()
  std::size_t offset = 0;  // into parameters()
  std::size_t size = 0;
  std::size_t rows = 0;  // weights: out; vectors: size
  std::size_t cols = 1;  // weights: in
};

// Sums over a batch scored without gradients.
struct BatchScore {
  double loss_sum = 0;  // sum over examples of the cross-entropy (NaN/inf if the network produced such values)
  std::size_t correct = 0;
};

template <class T>
class Mlp {
 public:
  using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
  using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
  using Buffer = std::vector<T, Eigen::aligned_allocator<T>>;

  // `training` must have derivatives; `inference` computes phi alone (ProgramOptions{.derivatives =
  // false}) or may be the training program itself. Both must outlive the model. Parameters start
  // at zero: call initialize().
  Mlp(std::size_t inputs, const ModelSpec& spec, int classes, const expr::Program& training,
      const expr::Program& inference);

  std::size_t num_inputs() const { return inputs_; }
  std::size_t num_hidden() const { return widths_.size(); }
  std::size_t num_activations() const { return widths_.size(); }  // one per hidden layer
  int num_classes() const { return classes_; }
  std::span<const ParameterBlock> blocks() const { return blocks_; }
  std::span<T> parameters() { return params_; }
  std::span<const T> parameters() const { return params_; }
  std::span<const T> gradients() const { return grads_; }
  // Theta of hidden layer `layer` (empty when the activation has no parameters).
  std::span<T> activation_params(std::size_t layer);
  std::span<const T> activation_params(std::size_t layer) const;

  // Initialises every parameter from `seed`: weights of layer j (0-based, output layer last) use
  // key = stream_key(seed, Stream::WeightInit, j) and, for element (r, c) of the out x in matrix,
  // counter i = r * in + c:
  //   normal:  W = sd * normal_at(key, i)
  //   uniform: W = sd * sqrt(3) * (2 * uniform01(stream_bits(key, i)) - 1)
  // with sd = sqrt(2 / in) (he), sqrt(1 / in) (lecun) or sqrt(2 / (in + out)) (xavier), computed in
  // double and rounded to T. Hidden biases are spec.bias_init (0 by default), the output bias and LN
  // biases 0, LN gains 1, theta the Program's
  // initial_params().
  void initialize(std::uint64_t seed);

  // Forward and backward pass over one batch: `inputs` holds labels.size() columns of num_inputs()
  // values. Returns the mean cross-entropy; gradients() then holds its gradient.
  double forward_backward(std::span<const T> inputs, std::span<const std::int32_t> labels);

  // Forward pass with the inference program; any batch size.
  BatchScore score(std::span<const T> inputs, std::span<const std::int32_t> labels);

 private:
  struct Layer {
    std::size_t in = 0, out = 0;
    std::size_t weight = 0, bias = 0, gain = 0, norm_bias = 0, theta = 0;  // offsets into params_
    bool residual = false;
  };
  // Per-batch-size buffers of the forward and backward passes.
  struct TrainBuffers {
    std::size_t batch = 0;
    std::vector<Buffer> z, xhat, act, slope, dtheta;  // per hidden layer
    std::vector<Buffer> inv_std;
    Buffer logits, grad_a[2], grad_z;
  };
  struct ScoreBuffers {
    std::size_t batch = 0;
    Buffer z, act[2], logits;
  };

  void ensure(TrainBuffers& b, std::size_t batch) const;
  void ensure(ScoreBuffers& b, std::size_t batch) const;
  void affine(const Layer& layer, const T* input, std::size_t batch, T* out) const;
  void layer_norm_forward(const Layer& layer, T* z, T* xhat, T* inv_std, std::size_t batch) const;
  void layer_norm_backward(const Layer& layer, T* grad, const T* xhat, const T* inv_std, std::size_t batch);

  std::size_t inputs_;
  int classes_;
  ModelSpec spec_;
  std::vector<std::size_t> widths_;
  std::vector<Layer> layers_;  // hidden layers, then the output layer
  std::vector<ParameterBlock> blocks_;
  std::size_t num_theta_ = 0;
  std::vector<double> initial_theta_;
  const expr::Program* training_;
  const expr::Program* inference_;
  Buffer params_, grads_;
  TrainBuffers train_;
  ScoreBuffers score_;
};

extern template class Mlp<float>;
extern template class Mlp<double>;

}  // namespace actsearch::trainer
