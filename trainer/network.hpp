// The convolutional and deep networks of `model.kind: network` tasks (trainer/layer_spec.hpp gives
// the layer grammar), templated on the scalar type like Mlp<T> and with the same surface, so that
// the training loop drives either.
//
// Layout: a batch is n examples of C x H x W values each, example-major (NCHW); the logits are
// classes x n (one example per column) and the loss is the mean softmax cross-entropy, as in the MLP.
//
// All trainable values live in one flat array (parameters()), blocks in the order the layers are
// listed (a residual block: conv1, bn1, act, conv2, bn2, [shortcut conv, shortcut bn], act), then
// the classifier's W and b. ParameterBlock::layer numbers the layers that own parameters, in that
// order. Convolution weights are PyTorch's [out][in][ky][kx] row-major; dense weights are out x in
// column-major (as Mlp's). Batch-norm running means and variances are state(), not parameters: the
// optimiser never sees them.
//
// initialize(seed): the weights of the j-th layer with random weights (convolutions and dense layers,
// the classifier last) use key = stream_key(seed, Stream::WeightInit, j) and counter i = r * fan_in + c
// for element (r, c) of the out x fan_in matrix (fan_in = C_in * k * k), drawn as Mlp::initialize
// documents with sd from fan_in and fan_out = C_out * k * k. Convolution and hidden dense biases are
// bias_init, the classifier's bias 0, norm gains 1 and biases 0, running means 0 and variances 1,
// theta the Program's initial_params().
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "trainer/layer_spec.hpp"
#include "trainer/mlp.hpp"
#include "trainer/task.hpp"

namespace actsearch::trainer {

namespace layers {
template <class T>
class Sequence;
}

template <class T>
class Network {
 public:
  using Buffer = std::vector<T, Eigen::aligned_allocator<T>>;

  // `input` is one example's shape; spec.layers must pass check_layers for it (throws otherwise).
  // The programs are as for Mlp and must outlive the network.
  Network(TensorShape input, const ModelSpec& spec, int classes, const expr::Program& training,
          const expr::Program& inference);
  ~Network();
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  std::size_t num_inputs() const { return input_.size(); }
  std::size_t num_activations() const { return theta_offsets_.size(); }
  int num_classes() const { return classes_; }
  std::span<const ParameterBlock> blocks() const { return blocks_; }
  std::span<T> parameters() { return params_; }
  std::span<const T> parameters() const { return params_; }
  std::span<const T> gradients() const { return grads_; }
  // Batch-norm running statistics: for each batch-norm layer in order, C means then C variances.
  std::span<T> state() { return state_; }
  std::span<const T> state() const { return state_; }
  // Theta of activation layer `index` (0-based, in order; empty when the activation has no parameters).
  std::span<T> activation_params(std::size_t index);
  std::span<const T> activation_params(std::size_t index) const;

  void initialize(std::uint64_t seed);

  // Training mode (batch statistics; running statistics move): `inputs` holds labels.size() examples.
  // Returns the mean cross-entropy; gradients() then holds its gradient.
  double forward_backward(std::span<const T> inputs, std::span<const std::int32_t> labels);

  // Evaluation mode (running statistics, the inference program); any batch size.
  BatchScore score(std::span<const T> inputs, std::span<const std::int32_t> labels);

 private:
  TensorShape input_;
  int classes_;
  ModelSpec spec_;
  std::unique_ptr<layers::Sequence<T>> layers_;  // the listed layers and the classifier
  std::vector<ParameterBlock> blocks_;
  std::vector<std::size_t> theta_offsets_;
  std::size_t num_theta_ = 0;
  Buffer params_, grads_, state_;
  Buffer logits_;
};

extern template class Network<float>;
extern template class Network<double>;

}  // namespace actsearch::trainer
