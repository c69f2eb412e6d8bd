// Pooling: max and average over 2 x 2 windows of stride 2 (odd sizes round down, as PyTorch's default),
// and global average pooling to one value per channel.
#include <cmath>
#include <limits>

#include "trainer/src/layer.hpp"

namespace actsearch::trainer::layers {
namespace {

template <class T>
class Pool2x2 final : public Layer<T> {
 public:
  Pool2x2(TensorShape in, bool max) : Layer<T>(in, {in.c, in.h / 2, in.w / 2}), max_(max) {}

  void forward(const Context<T>& ctx, const T* x, T* y, std::size_t n) override {
    const TensorShape in = this->in(), out = this->out();
    std::uint32_t* arg = max_ && ctx.training ? sized(argmax_, n * out.size()) : nullptr;
    for (std::size_t plane = 0; plane < n * in.c; ++plane) {
      const T* src = x + plane * in.h * in.w;
      T* dst = y + plane * out.h * out.w;
      for (std::size_t oy = 0; oy < out.h; ++oy) {
        for (std::size_t ox = 0; ox < out.w; ++ox) {
          const std::size_t at = 2 * oy * in.w + 2 * ox;
          const std::size_t window[4] = {at, at + 1, at + in.w, at + in.w + 1};
          const std::size_t o = oy * out.w + ox;
          if (max_) {
            // The first largest value wins (as PyTorch's); NaN propagates.
            std::size_t best = window[0];
            for (std::size_t k = 1; k < 4; ++k) {
              if (src[window[k]] > src[best] || std::isnan(src[window[k]])) best = window[k];
            }
            dst[o] = src[best];
            if (arg != nullptr) arg[plane * out.h * out.w + o] = static_cast<std::uint32_t>(best);
          } else {
            dst[o] = (src[window[0]] + src[window[1]] + src[window[2]] + src[window[3]]) * T(0.25);
          }
        }
      }
    }
  }

  void backward(const Context<T>&, const T*, T* dy, T* dx, std::size_t n) override {
    if (dx == nullptr) return;
    const TensorShape in = this->in(), out = this->out();
    std::fill_n(dx, n * in.size(), T(0));
    for (std::size_t plane = 0; plane < n * in.c; ++plane) {
      T* dst = dx + plane * in.h * in.w;
      const T* g = dy + plane * out.h * out.w;
      for (std::size_t oy = 0; oy < out.h; ++oy) {
        for (std::size_t ox = 0; ox < out.w; ++ox) {
          const std::size_t o = oy * out.w + ox;
          if (max_) {
            dst[argmax_[plane * out.h * out.w + o]] += g[o];
          } else {
            const std::size_t at = 2 * oy * in.w + 2 * ox;
            const T share = g[o] * T(0.25);
            dst[at] += share;
            dst[at + 1] += share;
            dst[at + in.w] += share;
            dst[at + in.w + 1] += share;
          }
        }
      }
    }
  }

  void initialize(T*, T*, const InitRecipe&) const override {}

 private:
  bool max_;
  Buffer<std::uint32_t> argmax_;
};

template <class T>
class GlobalAvgPool final : public Layer<T> {
 public:
  explicit GlobalAvgPool(TensorShape in) : Layer<T>(in, {in.c, 1, 1}) {}

  void forward(const Context<T>&, const T* x, T* y, std::size_t n) override {
    const std::size_t plane = this->in().h * this->in().w;
    const T inv = T(1) / static_cast<T>(plane);
    for (std::size_t p = 0; p < n * this->in().c; ++p) {
      T sum = 0;
      for (std::size_t i = 0; i < plane; ++i) sum += x[p * plane + i];
      y[p] = sum * inv;
    }
  }

  void backward(const Context<T>&, const T*, T* dy, T* dx, std::size_t n) override {
    if (dx == nullptr) return;
    const std::size_t plane = this->in().h * this->in().w;
    const T inv = T(1) / static_cast<T>(plane);
    for (std::size_t p = 0; p < n * this->in().c; ++p) std::fill_n(dx + p * plane, plane, dy[p] * inv);
  }

  void initialize(T*, T*, const InitRecipe&) const override {}
};

}  // namespace

template <class T>
LayerPtr<T> make_pool(TensorShape in, LayerKind kind) {
  if (kind == LayerKind::GlobalAvgPool) return std::make_unique<GlobalAvgPool<T>>(in);
  return std::make_unique<Pool2x2<T>>(in, kind == LayerKind::MaxPool);
}
template LayerPtr<float> make_pool<float>(TensorShape, LayerKind);
template LayerPtr<double> make_pool<double>(TensorShape, LayerKind);

}  // namespace actsearch::trainer::layers
