// 2-D convolution, "same" padding (kernel / 2), stride 1 or 2, with bias; im2col and one GEMM per example.
//
// Weights are PyTorch's [out][in][ky][kx] row-major, which read column-major is the (in*k*k) x out
// matrix W. Per example, with the im2col matrix X of (Hout*Wout) x (in*k*k) (column-major), the output
// (Hout*Wout) x out column-major is exactly the example's NCHW block: Y = X W + b.
#include <cmath>

#include "trainer/random.hpp"
#include "trainer/src/layer.hpp"

namespace actsearch::trainer::layers {
namespace {

template <class T>
class Conv2d final : public Layer<T> {
 public:
  using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
  using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;

  Conv2d(Layout& layout, TensorShape in, std::size_t out_channels, std::size_t kernel, std::size_t stride)
      : Layer<T>(in, {out_channels, (in.h + stride - 1) / stride, (in.w + stride - 1) / stride}),
        kernel_(kernel),
        stride_(stride),
        pad_(kernel / 2),
        patch_(in.c * kernel * kernel),
        stream_(layout.parameterised++) {
    weight_ = layout.claim(BlockKind::Weight, out_channels, patch_);
    bias_ = layout.claim(BlockKind::Bias, out_channels);
    ++layout.block_index;
  }

  void forward(const Context<T>& ctx, const T* x, T* y, std::size_t n) override {
    const TensorShape in = this->in(), out = this->out();
    const auto pixels = static_cast<Eigen::Index>(out.h * out.w);
    Eigen::Map<const Matrix> w(ctx.params + weight_, static_cast<Eigen::Index>(patch_),
                               static_cast<Eigen::Index>(out.c));
    Eigen::Map<const Eigen::Matrix<T, 1, Eigen::Dynamic>> b(ctx.params + bias_, static_cast<Eigen::Index>(out.c));
    for (std::size_t e = 0; e < n; ++e) {
      Eigen::Map<Matrix> ye(y + e * out.size(), pixels, static_cast<Eigen::Index>(out.c));
      ye.noalias() = columns(x + e * in.size()) * w;
      ye.rowwise() += b;
    }
  }

  void backward(const Context<T>& ctx, const T* x, T* dy, T* dx, std::size_t n) override {
    const TensorShape in = this->in(), out = this->out();
    const auto pixels = static_cast<Eigen::Index>(out.h * out.w);
    const auto patch = static_cast<Eigen::Index>(patch_);
    const auto channels = static_cast<Eigen::Index>(out.c);
    Eigen::Map<const Matrix> w(ctx.params + weight_, patch, channels);
    Eigen::Map<Matrix> dw(ctx.grads + weight_, patch, channels);
    Eigen::Map<Vector> db(ctx.grads + bias_, channels);
    dw.setZero();
    db.setZero();
    for (std::size_t e = 0; e < n; ++e) {
      Eigen::Map<const Matrix> dye(dy + e * out.size(), pixels, channels);
      dw.noalias() += columns(x + e * in.size()).transpose() * dye;
      db += dye.colwise().sum().transpose();
      if (dx == nullptr) continue;
      T* dxe = dx + e * in.size();
      if (direct()) {
        Eigen::Map<Matrix>(dxe, pixels, patch).noalias() = dye * w.transpose();
      } else {
        Eigen::Map<Matrix> dcol(sized(col_grad_, patch_ * out.h * out.w), pixels, patch);
        dcol.noalias() = dye * w.transpose();
        scatter(dcol.data(), dxe);
      }
    }
  }

  void initialize(T* params, T*, const InitRecipe& recipe) const override {
    const std::size_t out = this->out().c;
    const std::uint64_t key = stream_key(recipe.seed, Stream::WeightInit, stream_);
    const double sd = init_sd(recipe.init, patch_, out * kernel_ * kernel_);
    for (std::size_t i = 0; i < out * patch_; ++i) {
      params[weight_ + i] = static_cast<T>(init_weight(recipe.distribution, key, i, sd));
    }
    for (std::size_t c = 0; c < out; ++c) params[bias_ + c] = static_cast<T>(recipe.bias_init);
  }

 private:
  // 1x1 kernels of stride 1 read the input as it is.
  bool direct() const { return kernel_ == 1 && stride_ == 1; }

  // The im2col matrix of one example (or the example itself when direct()).
  Eigen::Map<const Matrix> columns(const T* x) {
    const TensorShape in = this->in(), out = this->out();
    const auto pixels = static_cast<Eigen::Index>(out.h * out.w);
    if (direct()) return Eigen::Map<const Matrix>(x, pixels, static_cast<Eigen::Index>(patch_));
    T* col = sized(col_, patch_ * out.h * out.w);
    for (std::size_t c = 0; c < in.c; ++c) {
      for (std::size_t ky = 0; ky < kernel_; ++ky) {
        for (std::size_t kx = 0; kx < kernel_; ++kx) {
          T* dst = col + ((c * kernel_ + ky) * kernel_ + kx) * out.h * out.w;
          for (std::size_t oy = 0; oy < out.h; ++oy) {
            const auto iy = static_cast<std::ptrdiff_t>(oy * stride_ + ky) - static_cast<std::ptrdiff_t>(pad_);
            T* row = dst + oy * out.w;
            if (iy < 0 || iy >= static_cast<std::ptrdiff_t>(in.h)) {
              std::fill_n(row, out.w, T(0));
              continue;
            }
            const T* src = x + (c * in.h + static_cast<std::size_t>(iy)) * in.w;
            for (std::size_t ox = 0; ox < out.w; ++ox) {
              const auto ix = static_cast<std::ptrdiff_t>(ox * stride_ + kx) - static_cast<std::ptrdiff_t>(pad_);
              row[ox] = ix < 0 || ix >= static_cast<std::ptrdiff_t>(in.w) ? T(0) : src[ix];
            }
          }
        }
      }
    }
    return Eigen::Map<const Matrix>(col, pixels, static_cast<Eigen::Index>(patch_));
  }

  // col2im: adds the columns' gradient back onto the input positions they were read from.
  void scatter(const T* dcol, T* dx) const {
    const TensorShape in = this->in(), out = this->out();
    std::fill_n(dx, in.size(), T(0));
    for (std::size_t c = 0; c < in.c; ++c) {
      for (std::size_t ky = 0; ky < kernel_; ++ky) {
        for (std::size_t kx = 0; kx < kernel_; ++kx) {
          const T* src = dcol + ((c * kernel_ + ky) * kernel_ + kx) * out.h * out.w;
          for (std::size_t oy = 0; oy < out.h; ++oy) {
            const auto iy = static_cast<std::ptrdiff_t>(oy * stride_ + ky) - static_cast<std::ptrdiff_t>(pad_);
            if (iy < 0 || iy >= static_cast<std::ptrdiff_t>(in.h)) continue;
            T* dst = dx + (c * in.h + static_cast<std::size_t>(iy)) * in.w;
            const T* row = src + oy * out.w;
            for (std::size_t ox = 0; ox < out.w; ++ox) {
              const auto ix = static_cast<std::ptrdiff_t>(ox * stride_ + kx) - static_cast<std::ptrdiff_t>(pad_);
              if (ix >= 0 && ix < static_cast<std::ptrdiff_t>(in.w)) dst[ix] += row[ox];
            }
          }
        }
      }
    }
  }

  std::size_t kernel_, stride_, pad_, patch_, stream_;
  std::size_t weight_ = 0, bias_ = 0;
  Buffer<T> col_, col_grad_;
};

}  // namespace

template <class T>
LayerPtr<T> make_conv2d(Layout& layout, TensorShape in, std::size_t out_channels, std::size_t kernel,
                        std::size_t stride) {
  return std::make_unique<Conv2d<T>>(layout, in, out_channels, kernel, stride);
}
template LayerPtr<float> make_conv2d<float>(Layout&, TensorShape, std::size_t, std::size_t, std::size_t);
template LayerPtr<double> make_conv2d<double>(Layout&, TensorShape, std::size_t, std::size_t, std::size_t);

}  // namespace actsearch::trainer::layers
