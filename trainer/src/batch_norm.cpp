// Batch normalisation per channel, as PyTorch's BatchNorm2d/1d: training normalises with the batch's
// mean and biased variance over (N, H, W) and moves the running statistics by momentum 0.1 towards the
// batch mean and the unbiased variance; evaluation normalises with the running statistics. eps 1e-5;
// gain 1 and bias 0 at the start; running mean 0 and variance 1.
#include <cmath>

#include "trainer/src/layer.hpp"

namespace actsearch::trainer::layers {
namespace {

constexpr double kEps = 1e-5;
constexpr double kMomentum = 0.1;

template <class T>
class BatchNorm final : public Layer<T> {
 public:
  BatchNorm(Layout& layout, TensorShape in) : Layer<T>(in, in) {
    gain_ = layout.claim(BlockKind::NormGain, in.c);
    bias_ = layout.claim(BlockKind::NormBias, in.c);
    mean_ = layout.claim_state(in.c);
    var_ = layout.claim_state(in.c);
    ++layout.block_index;
  }

  void forward(const Context<T>& ctx, const T* x, T* y, std::size_t n) override {
    const TensorShape s = this->in();
    const std::size_t plane = s.h * s.w;
    T* xhat = ctx.training ? sized(xhat_, n * s.size()) : nullptr;
    if (ctx.training) sized(inv_std_, s.c);
    for (std::size_t c = 0; c < s.c; ++c) {
      double mean = 0, var = 0;
      if (ctx.training) {
        for (std::size_t e = 0; e < n; ++e) {
          const T* p = x + e * s.size() + c * plane;
          for (std::size_t i = 0; i < plane; ++i) mean += static_cast<double>(p[i]);
        }
        const double count = static_cast<double>(n * plane);
        mean /= count;
        for (std::size_t e = 0; e < n; ++e) {
          const T* p = x + e * s.size() + c * plane;
          for (std::size_t i = 0; i < plane; ++i) {
            const double d = static_cast<double>(p[i]) - mean;
            var += d * d;
          }
        }
        const double unbiased = count > 1 ? var / (count - 1) : var / count;
        var /= count;
        T& rm = ctx.state[mean_ + c];
        T& rv = ctx.state[var_ + c];
        rm = static_cast<T>((1 - kMomentum) * static_cast<double>(rm) + kMomentum * mean);
        rv = static_cast<T>((1 - kMomentum) * static_cast<double>(rv) + kMomentum * unbiased);
      } else {
        mean = static_cast<double>(ctx.state[mean_ + c]);
        var = static_cast<double>(ctx.state[var_ + c]);
      }
      const T inv = static_cast<T>(1.0 / std::sqrt(var + kEps));
      const T m = static_cast<T>(mean), g = ctx.params[gain_ + c], b = ctx.params[bias_ + c];
      if (ctx.training) inv_std_[c] = inv;
      for (std::size_t e = 0; e < n; ++e) {
        const std::size_t at = e * s.size() + c * plane;
        for (std::size_t i = 0; i < plane; ++i) {
          const T h = (x[at + i] - m) * inv;
          if (xhat != nullptr) xhat[at + i] = h;
          y[at + i] = g * h + b;
        }
      }
    }
  }

  void backward(const Context<T>& ctx, const T*, T* dy, T* dx, std::size_t n) override {
    const TensorShape s = this->in();
    const std::size_t plane = s.h * s.w;
    const T count = static_cast<T>(n * plane);
    for (std::size_t c = 0; c < s.c; ++c) {
      T sum_g = 0, sum_gx = 0;
      for (std::size_t e = 0; e < n; ++e) {
        const std::size_t at = e * s.size() + c * plane;
        for (std::size_t i = 0; i < plane; ++i) {
          sum_g += dy[at + i];
          sum_gx += dy[at + i] * xhat_[at + i];
        }
      }
      ctx.grads[gain_ + c] = sum_gx;
      ctx.grads[bias_ + c] = sum_g;
      if (dx == nullptr) continue;
      const T scale = ctx.params[gain_ + c] * inv_std_[c];
      const T mean_g = sum_g / count, mean_gx = sum_gx / count;
      for (std::size_t e = 0; e < n; ++e) {
        const std::size_t at = e * s.size() + c * plane;
        for (std::size_t i = 0; i < plane; ++i) dx[at + i] = scale * (dy[at + i] - mean_g - xhat_[at + i] * mean_gx);
      }
    }
  }

  void initialize(T* params, T* state, const InitRecipe&) const override {
    const std::size_t c = this->in().c;
    std::fill_n(params + gain_, c, T(1));
    std::fill_n(params + bias_, c, T(0));
    std::fill_n(state + mean_, c, T(0));
    std::fill_n(state + var_, c, T(1));
  }

 private:
  std::size_t gain_ = 0, bias_ = 0, mean_ = 0, var_ = 0;
  Buffer<T> xhat_, inv_std_;
};

}  // namespace

template <class T>
LayerPtr<T> make_batch_norm(Layout& layout, TensorShape in) {
  return std::make_unique<BatchNorm<T>>(layout, in);
}
template LayerPtr<float> make_batch_norm<float>(Layout&, TensorShape);
template LayerPtr<double> make_batch_norm<double>(Layout&, TensorShape);

}  // namespace actsearch::trainer::layers
