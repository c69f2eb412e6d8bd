// Layer normalisation of one example over all its values (trainer/network.hpp's `ln`).
#include <cmath>

#include "trainer/src/layer.hpp"

namespace actsearch::trainer::layers {
namespace {

constexpr double kEps = 1e-5;

// Layer normalisation per example over all C*H*W values, with elementwise gain and bias (PyTorch's
// LayerNorm([C, H, W])).
template <class T>
class LayerNorm final : public Layer<T> {
 public:
  using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;

  LayerNorm(Layout& layout, TensorShape in) : Layer<T>(in, in) {
    gain_ = layout.claim(BlockKind::NormGain, in.size());
    bias_ = layout.claim(BlockKind::NormBias, in.size());
    ++layout.block_index;
  }

  void forward(const Context<T>& ctx, const T* x, T* y, std::size_t n) override {
    const auto size = static_cast<Eigen::Index>(this->in().size());
    T* xhat = ctx.training ? sized(xhat_, n * this->in().size()) : nullptr;
    if (ctx.training) sized(inv_std_, n);
    Eigen::Map<const Vector> gain(ctx.params + gain_, size), shift(ctx.params + bias_, size);
    for (std::size_t e = 0; e < n; ++e) {
      Eigen::Map<const Vector> xe(x + e * static_cast<std::size_t>(size), size);
      Eigen::Map<Vector> ye(y + e * static_cast<std::size_t>(size), size);
      const T mean = xe.mean();
      ye = xe.array() - mean;
      const T inv = T(1) / std::sqrt(ye.squaredNorm() / static_cast<T>(size) + static_cast<T>(kEps));
      ye *= inv;
      if (xhat != nullptr) {
        Eigen::Map<Vector>(xhat + e * static_cast<std::size_t>(size), size) = ye;
        inv_std_[e] = inv;
      }
      ye = ye.cwiseProduct(gain) + shift;
    }
  }

  void backward(const Context<T>& ctx, const T*, T* dy, T* dx, std::size_t n) override {
    const auto size = static_cast<Eigen::Index>(this->in().size());
    Eigen::Map<Vector> dgain(ctx.grads + gain_, size), dbias(ctx.grads + bias_, size);
    dgain.setZero();
    dbias.setZero();
    Eigen::Map<const Vector> gain(ctx.params + gain_, size);
    for (std::size_t e = 0; e < n; ++e) {
      Eigen::Map<Vector> g(dy + e * static_cast<std::size_t>(size), size);
      Eigen::Map<const Vector> h(xhat_.data() + e * static_cast<std::size_t>(size), size);
      dgain += g.cwiseProduct(h);
      dbias += g;
      if (dx == nullptr) continue;
      g = g.cwiseProduct(gain);
      const T mean_g = g.mean(), mean_gx = g.dot(h) / static_cast<T>(size);
      Eigen::Map<Vector>(dx + e * static_cast<std::size_t>(size), size) =
          inv_std_[e] * (g.array() - mean_g - h.array() * mean_gx).matrix();
    }
  }

  void initialize(T* params, T*, const InitRecipe&) const override {
    std::fill_n(params + gain_, this->in().size(), T(1));
    std::fill_n(params + bias_, this->in().size(), T(0));
  }

 private:
  std::size_t gain_ = 0, bias_ = 0;
  Buffer<T> xhat_, inv_std_;
};

}  // namespace

template <class T>
LayerPtr<T> make_layer_norm(Layout& layout, TensorShape in) {
  return std::make_unique<LayerNorm<T>>(layout, in);
}
template LayerPtr<float> make_layer_norm<float>(Layout&, TensorShape);
template LayerPtr<double> make_layer_norm<double>(Layout&, TensorShape);

}  // namespace actsearch::trainer::layers
