// Network<T>: builds the layers of model.layers and the classifier, and runs them (network.hpp).
#include "trainer/network.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "expr/program.hpp"
#include "trainer/random.hpp"
#include "trainer/src/layer.hpp"

namespace actsearch::trainer {
namespace {

// Examples per evaluation-mode pass: bounds the buffers; results do not depend on it (every example is
// computed on its own except the classifier's product, whose columns do not interact).
constexpr std::size_t kScoreChunk = 128;

}  // namespace

namespace layers {

std::size_t Layout::claim(BlockKind kind, std::size_t rows, std::size_t cols) {
  const std::size_t at = params;
  blocks.push_back({kind, block_index, at, rows * cols, rows, cols});
  params += (rows * cols + align - 1) / align * align;
  return at;
}

double init_sd(Init init, std::size_t fan_in, std::size_t fan_out) {
  switch (init) {
    case Init::He: return std::sqrt(2.0 / static_cast<double>(fan_in));
    case Init::LeCun: return std::sqrt(1.0 / static_cast<double>(fan_in));
    case Init::Xavier: return std::sqrt(2.0 / static_cast<double>(fan_in + fan_out));
  }
  return 0;
}

double init_weight(InitDistribution distribution, std::uint64_t key, std::uint64_t i, double sd) {
  return distribution == InitDistribution::Normal ? sd * normal_at(key, i)
                                                  : sd * std::sqrt(3.0) * (2.0 * uniform01(stream_bits(key, i)) - 1.0);
}

template <class T>
Sequence<T>::Sequence(TensorShape in, std::vector<LayerPtr<T>> layers)
    : Layer<T>(in, layers.empty() ? in : layers.back()->out()), layers_(std::move(layers)) {
  if (layers_.empty()) throw std::invalid_argument("Sequence: no layers");
  outputs_.resize(layers_.size() - 1);
}

template <class T>
void Sequence<T>::forward(const Context<T>& ctx, const T* x, T* y, std::size_t n) {
  const T* in = x;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    T* out = i + 1 == layers_.size() ? y : sized(outputs_[i], n * layers_[i]->out().size());
    layers_[i]->forward(ctx, in, out, n);
    in = out;
  }
}

template <class T>
void Sequence<T>::backward(const Context<T>& ctx, const T* x, T* dy, T* dx, std::size_t n) {
  T* grad = dy;
  int next = 0;
  for (std::size_t i = layers_.size(); i-- > 0;) {
    const T* in = i == 0 ? x : outputs_[i - 1].data();
    T* grad_in = i == 0 ? dx : sized(grad_[next], n * layers_[i]->in().size());
    layers_[i]->backward(ctx, in, grad, grad_in, n);
    grad = grad_in;
    next = 1 - next;
  }
}

template <class T>
void Sequence<T>::initialize(T* params, T* state, const InitRecipe& recipe) const {
  for (const auto& layer : layers_) layer->initialize(params, state, recipe);
}

template class Sequence<float>;
template class Sequence<double>;

}  // namespace layers

template <class T>
Network<T>::Network(TensorShape input, const ModelSpec& spec, int classes, const expr::Program& training,
                    const expr::Program& inference)
    : input_(input), classes_(classes), spec_(spec) {
  if (!training.has_derivatives()) throw std::invalid_argument("Network: the training program needs derivatives");
  if (inference.num_params() != training.num_params()) {
    throw std::invalid_argument("Network: training and inference programs have different parameters");
  }
  if (classes < 1 || input.size() == 0) throw std::invalid_argument("Network: empty architecture");
  if (const auto problem = check_layers(spec.layers, input)) {
    throw std::invalid_argument("Network: model.layers[" + std::to_string(problem->entry) + "]: " + problem->message);
  }
  num_theta_ = static_cast<std::size_t>(training.num_params());
  layers::Layout layout;
  layout.align = 64 / sizeof(T);
  std::vector<layers::LayerPtr<T>> list;
  TensorShape shape = input;
  for (const LayerSpec& l : parse_layers(spec.layers)) {
    switch (l.kind) {
      case LayerKind::Conv:
        list.push_back(layers::make_conv2d<T>(layout, shape, l.channels, l.kernel, l.stride));
        break;
      case LayerKind::BatchNorm: list.push_back(layers::make_batch_norm<T>(layout, shape)); break;
      case LayerKind::LayerNorm: list.push_back(layers::make_layer_norm<T>(layout, shape)); break;
      case LayerKind::Activation: list.push_back(layers::make_activation<T>(layout, shape, training, inference)); break;
      case LayerKind::MaxPool:
      case LayerKind::AvgPool:
      case LayerKind::GlobalAvgPool: list.push_back(layers::make_pool<T>(shape, l.kind)); break;
      case LayerKind::Dense: list.push_back(layers::make_dense<T>(layout, shape, l.channels, true)); break;
      case LayerKind::Block:
        list.push_back(layers::make_residual_block<T>(layout, shape, l.channels, l.stride, training, inference));
        break;
    }
    shape = list.back()->out();
  }
  list.push_back(layers::make_dense<T>(layout, shape, static_cast<std::size_t>(classes), false));
  layers_ = std::make_unique<layers::Sequence<T>>(input, std::move(list));
  blocks_ = std::move(layout.blocks);
  theta_offsets_ = std::move(layout.theta_offsets);
  params_.assign(layout.params, T(0));
  grads_.assign(layout.params, T(0));
  state_.assign(layout.state, T(0));
}

template <class T>
Network<T>::~Network() = default;

template <class T>
std::span<T> Network<T>::activation_params(std::size_t index) {
  return std::span<T>(params_).subspan(theta_offsets_.at(index), num_theta_);
}
template <class T>
std::span<const T> Network<T>::activation_params(std::size_t index) const {
  return std::span<const T>(params_).subspan(theta_offsets_.at(index), num_theta_);
}

template <class T>
void Network<T>::initialize(std::uint64_t seed) {
  std::fill(params_.begin(), params_.end(), T(0));
  layers_->initialize(
      params_.data(), state_.data(),
      {.seed = seed, .init = spec_.init, .distribution = spec_.init_distribution, .bias_init = spec_.bias_init});
}

template <class T>
double Network<T>::forward_backward(std::span<const T> inputs, std::span<const std::int32_t> labels) {
  const std::size_t batch = labels.size();
  if (batch == 0 || inputs.size() != num_inputs() * batch) {
    throw std::invalid_argument("Network: inputs do not match labels");
  }
  const auto classes = static_cast<std::size_t>(classes_);
  T* logits = layers::sized(logits_, classes * batch);
  const layers::Context<T> ctx{
      .params = params_.data(), .grads = grads_.data(), .state = state_.data(), .training = true};
  layers_->forward(ctx, inputs.data(), logits, batch);

  // Softmax cross-entropy; the logits become dL/dlogits = (softmax - onehot) / batch (as Mlp's).
  double loss = 0;
  const T inv_batch = T(1) / static_cast<T>(batch);
  for (std::size_t j = 0; j < batch; ++j) {
    T* z = logits + j * classes;
    const std::int32_t y = labels[j];
    if (y < 0 || static_cast<std::size_t>(y) >= classes) throw std::out_of_range("Network: label out of range");
    const T top = *std::max_element(z, z + classes);
    const T shifted_true = z[y] - top;
    T sum = 0;
    for (std::size_t c = 0; c < classes; ++c) sum += (z[c] = std::exp(z[c] - top));
    loss += std::log(static_cast<double>(sum)) - static_cast<double>(shifted_true);
    const T scale = inv_batch / sum;
    for (std::size_t c = 0; c < classes; ++c) z[c] *= scale;
    z[y] -= inv_batch;
  }
  layers_->backward(ctx, inputs.data(), logits, nullptr, batch);
  return loss / static_cast<double>(batch);
}

template <class T>
BatchScore Network<T>::score(std::span<const T> inputs, std::span<const std::int32_t> labels) {
  BatchScore result;
  if (inputs.size() != num_inputs() * labels.size()) throw std::invalid_argument("Network: inputs do not match labels");
  const auto classes = static_cast<std::size_t>(classes_);
  const layers::Context<T> ctx{
      .params = params_.data(), .grads = grads_.data(), .state = state_.data(), .training = false};
  for (std::size_t start = 0; start < labels.size(); start += kScoreChunk) {
    const std::size_t count = std::min(kScoreChunk, labels.size() - start);
    T* logits = layers::sized(logits_, classes * count);
    layers_->forward(ctx, inputs.data() + start * num_inputs(), logits, count);
    for (std::size_t j = 0; j < count; ++j) {
      const T* z = logits + j * classes;
      const std::int32_t y = labels[start + j];
      if (y < 0 || static_cast<std::size_t>(y) >= classes) throw std::out_of_range("Network: label out of range");
      const std::size_t best = static_cast<std::size_t>(std::max_element(z, z + classes) - z);
      const T top = z[best];
      double sum = 0;
      for (std::size_t c = 0; c < classes; ++c) sum += std::exp(static_cast<double>(z[c] - top));
      result.loss_sum += std::log(sum) - static_cast<double>(z[y] - top);
      if (best == static_cast<std::size_t>(y)) ++result.correct;
    }
  }
  return result;
}

template class Network<float>;
template class Network<double>;

}  // namespace actsearch::trainer
