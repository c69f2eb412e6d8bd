// Forward and backward passes of the MLP (see mlp.hpp for the maths and the parameter layout).
#include "trainer/mlp.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "expr/program.hpp"
#include "trainer/random.hpp"

namespace actsearch::trainer {
namespace {

// Blocks start on 64-byte boundaries so that the element-wise loops run on aligned data.
constexpr std::size_t kBlockAlign = 64;

constexpr double kLayerNormEps = 1e-5;

std::size_t round_up(std::size_t n, std::size_t elements) { return (n + elements - 1) / elements * elements; }

double init_sd(Init init, std::size_t in, std::size_t out) {
  switch (init) {
    case Init::He: return std::sqrt(2.0 / static_cast<double>(in));
    case Init::LeCun: return std::sqrt(1.0 / static_cast<double>(in));
    case Init::Xavier: return std::sqrt(2.0 / static_cast<double>(in + out));
  }
  return 0;
}

}  // namespace

template <class T>
Mlp<T>::Mlp(std::size_t inputs, const ModelSpec& spec, int classes, const expr::Program& training,
            const expr::Program& inference)
    : inputs_(inputs), classes_(classes), spec_(spec), training_(&training), inference_(&inference) {
  if (!training.has_derivatives()) throw std::invalid_argument("Mlp: the training program needs derivatives");
  if (inference.num_params() != training.num_params()) {
    throw std::invalid_argument("Mlp: training and inference programs have different parameters");
  }
  if (inputs == 0 || classes < 1 || spec.hidden.empty()) throw std::invalid_argument("Mlp: empty architecture");
  num_theta_ = static_cast<std::size_t>(training.num_params());
  initial_theta_ = training.initial_params();

  const std::size_t align = kBlockAlign / sizeof(T);
  std::size_t offset = 0;
  auto add = [&](BlockKind kind, std::size_t layer, std::size_t rows, std::size_t cols) {
    const std::size_t at = offset;
    blocks_.push_back({kind, layer, at, rows * cols, rows, cols});
    offset += round_up(rows * cols, align);
    return at;
  };
  std::size_t in = inputs;
  for (std::size_t l = 0; l < spec.hidden.size(); ++l) {
    const auto out = static_cast<std::size_t>(spec.hidden[l]);
    widths_.push_back(out);
    Layer layer{.in = in, .out = out};
    layer.weight = add(BlockKind::Weight, l, out, in);
    layer.bias = add(BlockKind::Bias, l, out, 1);
    if (spec.norm == Norm::Layer) {
      layer.gain = add(BlockKind::NormGain, l, out, 1);
      layer.norm_bias = add(BlockKind::NormBias, l, out, 1);
    }
    if (num_theta_ > 0) layer.theta = add(BlockKind::ActivationParams, l, num_theta_, 1);
    layer.residual = spec.residual && l > 0 && in == out;
    layers_.push_back(layer);
    in = out;
  }
  const auto out = static_cast<std::size_t>(classes);
  Layer output{.in = in, .out = out};
  output.weight = add(BlockKind::Weight, widths_.size(), out, in);
  output.bias = add(BlockKind::Bias, widths_.size(), out, 1);
  layers_.push_back(output);

  params_.assign(offset, T(0));
  grads_.assign(offset, T(0));
}

template <class T>
std::span<T> Mlp<T>::activation_params(std::size_t layer) {
  return std::span<T>(params_).subspan(layers_.at(layer).theta, num_theta_);
}
template <class T>
std::span<const T> Mlp<T>::activation_params(std::size_t layer) const {
  return std::span<const T>(params_).subspan(layers_.at(layer).theta, num_theta_);
}

template <class T>
void Mlp<T>::initialize(std::uint64_t seed) {
  std::fill(params_.begin(), params_.end(), T(0));
  for (std::size_t j = 0; j < layers_.size(); ++j) {
    const Layer& layer = layers_[j];
    const std::uint64_t key = stream_key(seed, Stream::WeightInit, j);
    const double sd = init_sd(spec_.init, layer.in, layer.out);
    T* w = params_.data() + layer.weight;
    for (std::size_t c = 0; c < layer.in; ++c) {
      for (std::size_t r = 0; r < layer.out; ++r) {
        const std::uint64_t i = r * layer.in + c;
        const double value = spec_.init_distribution == InitDistribution::Normal
                                 ? sd * normal_at(key, i)
                                 : sd * std::sqrt(3.0) * (2.0 * uniform01(stream_bits(key, i)) - 1.0);
        w[c * layer.out + r] = static_cast<T>(value);
      }
    }
    if (j == layers_.size() - 1) break;
    std::fill_n(params_.data() + layer.bias, layer.out, static_cast<T>(spec_.bias_init));
    if (spec_.norm == Norm::Layer) std::fill_n(params_.data() + layer.gain, layer.out, T(1));
    for (std::size_t k = 0; k < num_theta_; ++k) params_[layer.theta + k] = static_cast<T>(initial_theta_[k]);
  }
}

template <class T>
void Mlp<T>::ensure(TrainBuffers& b, std::size_t batch) const {
  if (b.batch >= batch) return;
  const std::size_t hidden = widths_.size();
  b.z.resize(hidden);
  b.xhat.resize(hidden);
  b.act.resize(hidden);
  b.slope.resize(hidden);
  b.dtheta.resize(hidden);
  b.inv_std.resize(hidden);
  std::size_t widest = 0;
  for (std::size_t l = 0; l < hidden; ++l) {
    const std::size_t n = widths_[l] * batch;
    widest = std::max(widest, widths_[l]);
    b.z[l].assign(n, T(0));
    b.act[l].assign(n, T(0));
    b.slope[l].assign(n, T(0));
    b.dtheta[l].assign(n * num_theta_, T(0));
    if (spec_.norm == Norm::Layer) {
      b.xhat[l].assign(n, T(0));
      b.inv_std[l].assign(batch, T(0));
    }
  }
  b.logits.assign(static_cast<std::size_t>(classes_) * batch, T(0));
  for (auto& g : b.grad_a) g.assign(widest * batch, T(0));
  b.grad_z.assign(widest * batch, T(0));
  b.batch = batch;
}

template <class T>
void Mlp<T>::ensure(ScoreBuffers& b, std::size_t batch) const {
  if (b.batch >= batch) return;
  const std::size_t widest = *std::max_element(widths_.begin(), widths_.end());
  b.z.assign(widest * batch, T(0));
  for (auto& a : b.act) a.assign(widest * batch, T(0));
  b.logits.assign(static_cast<std::size_t>(classes_) * batch, T(0));
  b.batch = batch;
}

// out = W input + b (out x batch).
template <class T>
void Mlp<T>::affine(const Layer& layer, const T* input, std::size_t batch, T* out) const {
  const auto rows = static_cast<Eigen::Index>(layer.out);
  const auto cols = static_cast<Eigen::Index>(batch);
  Eigen::Map<const Matrix> w(params_.data() + layer.weight, rows, static_cast<Eigen::Index>(layer.in));
  Eigen::Map<const Matrix> x(input, static_cast<Eigen::Index>(layer.in), cols);
  Eigen::Map<Matrix> u(out, rows, cols);
  u.noalias() = w * x;
  u.colwise() += Eigen::Map<const Vector>(params_.data() + layer.bias, rows);
}

// z <- gain * (z - mean) / sqrt(var + eps) + bias, per column; keeps x-hat and 1/sd when asked.
template <class T>
void Mlp<T>::layer_norm_forward(const Layer& layer, T* z, T* xhat, T* inv_std, std::size_t batch) const {
  const auto rows = static_cast<Eigen::Index>(layer.out);
  Eigen::Map<const Vector> gain(params_.data() + layer.gain, rows);
  Eigen::Map<const Vector> shift(params_.data() + layer.norm_bias, rows);
  for (std::size_t j = 0; j < batch; ++j) {
    Eigen::Map<Vector> col(z + j * layer.out, rows);
    const T mean = col.mean();
    col.array() -= mean;
    const T inv = T(1) / std::sqrt(col.squaredNorm() / static_cast<T>(rows) + static_cast<T>(kLayerNormEps));
    col *= inv;
    if (xhat != nullptr) {
      Eigen::Map<Vector>(xhat + j * layer.out, rows) = col;
      inv_std[j] = inv;
    }
    col = col.cwiseProduct(gain) + shift;
  }
}

// On entry `grad` is dL/dz; on exit dL/du. Also writes the gain and bias gradients.
template <class T>
void Mlp<T>::layer_norm_backward(const Layer& layer, T* grad, const T* xhat, const T* inv_std, std::size_t batch) {
  const auto rows = static_cast<Eigen::Index>(layer.out);
  const auto cols = static_cast<Eigen::Index>(batch);
  Eigen::Map<Matrix> g(grad, rows, cols);
  Eigen::Map<const Matrix> xh(xhat, rows, cols);
  Eigen::Map<Vector>(grads_.data() + layer.gain, rows) = g.cwiseProduct(xh).rowwise().sum();
  Eigen::Map<Vector>(grads_.data() + layer.norm_bias, rows) = g.rowwise().sum();
  Eigen::Map<const Vector> gain(params_.data() + layer.gain, rows);
  for (Eigen::Index j = 0; j < cols; ++j) {
    auto col = g.col(j);
    col = col.cwiseProduct(gain);
    const T mean_g = col.mean();
    const T mean_gx = col.dot(xh.col(j)) / static_cast<T>(rows);
    col = inv_std[j] * (col.array() - mean_g - xh.col(j).array() * mean_gx).matrix();
  }
}

template <class T>
double Mlp<T>::forward_backward(std::span<const T> inputs, std::span<const std::int32_t> labels) {
  const std::size_t batch = labels.size();
  if (batch == 0 || inputs.size() != inputs_ * batch) throw std::invalid_argument("Mlp: inputs do not match labels");
  ensure(train_, batch);
  const auto cols = static_cast<Eigen::Index>(batch);

  // Forward.
  std::vector<T*> outputs(2 + num_theta_);
  const T* a_prev = inputs.data();
  for (std::size_t l = 0; l < widths_.size(); ++l) {
    const Layer& layer = layers_[l];
    const std::size_t n = layer.out * batch;
    T* z = train_.z[l].data();
    affine(layer, a_prev, batch, z);
    if (spec_.norm == Norm::Layer) layer_norm_forward(layer, z, train_.xhat[l].data(), train_.inv_std[l].data(), batch);
    outputs[0] = train_.act[l].data();
    outputs[1] = train_.slope[l].data();
    for (std::size_t k = 0; k < num_theta_; ++k) outputs[2 + k] = train_.dtheta[l].data() + k * n;
    training_->evaluate(std::span<const T>(z, n), std::span<const T>(params_.data() + layer.theta, num_theta_),
                        outputs);
    if (layer.residual) {
      Eigen::Map<Vector>(train_.act[l].data(), static_cast<Eigen::Index>(n)) +=
          Eigen::Map<const Vector>(a_prev, static_cast<Eigen::Index>(n));
    }
    a_prev = train_.act[l].data();
  }
  const Layer& head = layers_.back();
  affine(head, a_prev, batch, train_.logits.data());

  // Softmax cross-entropy; the logits buffer becomes dL/dlogits = (softmax - onehot) / batch.
  const auto classes = static_cast<std::size_t>(classes_);
  double loss = 0;
  const T inv_batch = T(1) / static_cast<T>(batch);
  for (std::size_t j = 0; j < batch; ++j) {
    T* z = train_.logits.data() + j * classes;
    const std::int32_t y = labels[j];
    if (y < 0 || static_cast<std::size_t>(y) >= classes) throw std::out_of_range("Mlp: label out of range");
    const T top = *std::max_element(z, z + classes);
    const T shifted_true = z[y] - top;
    T sum = 0;
    for (std::size_t c = 0; c < classes; ++c) sum += (z[c] = std::exp(z[c] - top));
    loss += std::log(static_cast<double>(sum)) - static_cast<double>(shifted_true);
    const T scale = inv_batch / sum;
    for (std::size_t c = 0; c < classes; ++c) z[c] *= scale;
    z[y] -= inv_batch;
  }

  // Backward.
  Eigen::Map<const Matrix> g_logits(train_.logits.data(), static_cast<Eigen::Index>(classes), cols);
  {
    const auto in = static_cast<Eigen::Index>(head.in);
    Eigen::Map<Matrix>(grads_.data() + head.weight, static_cast<Eigen::Index>(classes), in).noalias() =
        g_logits * Eigen::Map<const Matrix>(a_prev, in, cols).transpose();
    Eigen::Map<Vector>(grads_.data() + head.bias, static_cast<Eigen::Index>(classes)) = g_logits.rowwise().sum();
    Eigen::Map<const Matrix> w(params_.data() + head.weight, static_cast<Eigen::Index>(classes), in);
    Eigen::Map<Matrix>(train_.grad_a[0].data(), in, cols).noalias() = w.transpose() * g_logits;
  }
  int current = 0;
  for (std::size_t l = widths_.size(); l-- > 0;) {
    const Layer& layer = layers_[l];
    const auto rows = static_cast<Eigen::Index>(layer.out);
    const auto in = static_cast<Eigen::Index>(layer.in);
    const auto n = static_cast<Eigen::Index>(layer.out * batch);
    Eigen::Map<const Vector> grad_a(train_.grad_a[current].data(), n);
    for (std::size_t k = 0; k < num_theta_; ++k) {
      Eigen::Map<const Vector> dphi_dtheta(train_.dtheta[l].data() + static_cast<std::size_t>(n) * k, n);
      grads_[layer.theta + k] = grad_a.dot(dphi_dtheta);
    }
    Eigen::Map<Vector>(train_.grad_z.data(), n) =
        grad_a.cwiseProduct(Eigen::Map<const Vector>(train_.slope[l].data(), n));
    if (spec_.norm == Norm::Layer) {
      layer_norm_backward(layer, train_.grad_z.data(), train_.xhat[l].data(), train_.inv_std[l].data(), batch);
    }
    Eigen::Map<const Matrix> grad_u(train_.grad_z.data(), rows, cols);
    const T* input = l == 0 ? inputs.data() : train_.act[l - 1].data();
    Eigen::Map<Matrix>(grads_.data() + layer.weight, rows, in).noalias() =
        grad_u * Eigen::Map<const Matrix>(input, in, cols).transpose();
    Eigen::Map<Vector>(grads_.data() + layer.bias, rows) = grad_u.rowwise().sum();
    if (l == 0) break;
    Eigen::Map<Matrix> grad_prev(train_.grad_a[1 - current].data(), in, cols);
    grad_prev.noalias() = Eigen::Map<const Matrix>(params_.data() + layer.weight, rows, in).transpose() * grad_u;
    if (layer.residual) grad_prev += Eigen::Map<const Matrix>(train_.grad_a[current].data(), rows, cols);
    current = 1 - current;
  }
  return loss / static_cast<double>(batch);
}

template <class T>
BatchScore Mlp<T>::score(std::span<const T> inputs, std::span<const std::int32_t> labels) {
  const std::size_t batch = labels.size();
  BatchScore result;
  if (batch == 0) return result;
  if (inputs.size() != inputs_ * batch) throw std::invalid_argument("Mlp: inputs do not match labels");
  ensure(score_, batch);
  const T* a_prev = inputs.data();
  int current = 0;
  for (std::size_t l = 0; l < widths_.size(); ++l) {
    const Layer& layer = layers_[l];
    const std::size_t n = layer.out * batch;
    affine(layer, a_prev, batch, score_.z.data());
    if (spec_.norm == Norm::Layer) layer_norm_forward(layer, score_.z.data(), nullptr, nullptr, batch);
    T* out = score_.act[current].data();
    T* const phi_only[1] = {out};
    inference_->evaluate(std::span<const T>(score_.z.data(), n),
                         std::span<const T>(params_.data() + layer.theta, num_theta_), phi_only);
    if (layer.residual) {
      Eigen::Map<Vector>(out, static_cast<Eigen::Index>(n)) +=
          Eigen::Map<const Vector>(a_prev, static_cast<Eigen::Index>(n));
    }
    a_prev = out;
    current = 1 - current;
  }
  affine(layers_.back(), a_prev, batch, score_.logits.data());

  const auto classes = static_cast<std::size_t>(classes_);
  for (std::size_t j = 0; j < batch; ++j) {
    const T* z = score_.logits.data() + j * classes;
    const std::int32_t y = labels[j];
    if (y < 0 || static_cast<std::size_t>(y) >= classes) throw std::out_of_range("Mlp: label out of range");
    const std::size_t best = static_cast<std::size_t>(std::max_element(z, z + classes) - z);
    const T top = z[best];
    double sum = 0;
    for (std::size_t c = 0; c < classes; ++c) sum += std::exp(static_cast<double>(z[c] - top));
    result.loss_sum += std::log(sum) - static_cast<double>(z[y] - top);
    if (best == static_cast<std::size_t>(y)) ++result.correct;
  }
  return result;
}

template class Mlp<float>;
template class Mlp<double>;

}  // namespace actsearch::trainer
