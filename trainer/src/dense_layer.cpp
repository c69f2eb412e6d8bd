// Fully connected layer on the flattened example: y = W x + b, W out x in column-major as in the MLP.
#include "trainer/random.hpp"
#include "trainer/src/layer.hpp"

namespace actsearch::trainer::layers {
namespace {

template <class T>
class Dense final : public Layer<T> {
 public:
  using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
  using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;

  Dense(Layout& layout, TensorShape in, std::size_t out, bool hidden)
      : Layer<T>(in, {out, 1, 1}), hidden_(hidden), stream_(layout.parameterised++) {
    weight_ = layout.claim(BlockKind::Weight, out, in.size());
    bias_ = layout.claim(BlockKind::Bias, out);
    ++layout.block_index;
  }

  void forward(const Context<T>& ctx, const T* x, T* y, std::size_t n) override {
    const auto rows = static_cast<Eigen::Index>(this->out().c), in = static_cast<Eigen::Index>(this->in().size());
    const auto cols = static_cast<Eigen::Index>(n);
    Eigen::Map<Matrix> u(y, rows, cols);
    u.noalias() = Eigen::Map<const Matrix>(ctx.params + weight_, rows, in) * Eigen::Map<const Matrix>(x, in, cols);
    u.colwise() += Eigen::Map<const Vector>(ctx.params + bias_, rows);
  }

  void backward(const Context<T>& ctx, const T* x, T* dy, T* dx, std::size_t n) override {
    const auto rows = static_cast<Eigen::Index>(this->out().c), in = static_cast<Eigen::Index>(this->in().size());
    const auto cols = static_cast<Eigen::Index>(n);
    Eigen::Map<const Matrix> g(dy, rows, cols);
    Eigen::Map<Matrix>(ctx.grads + weight_, rows, in).noalias() = g * Eigen::Map<const Matrix>(x, in, cols).transpose();
    Eigen::Map<Vector>(ctx.grads + bias_, rows) = g.rowwise().sum();
    if (dx != nullptr) {
      Eigen::Map<Matrix>(dx, in, cols).noalias() =
          Eigen::Map<const Matrix>(ctx.params + weight_, rows, in).transpose() * g;
    }
  }

  void initialize(T* params, T*, const InitRecipe& recipe) const override {
    const std::size_t in = this->in().size(), out = this->out().c;
    const std::uint64_t key = stream_key(recipe.seed, Stream::WeightInit, stream_);
    const double sd = init_sd(recipe.init, in, out);
    for (std::size_t c = 0; c < in; ++c) {
      for (std::size_t r = 0; r < out; ++r) {
        params[weight_ + c * out + r] = static_cast<T>(init_weight(recipe.distribution, key, r * in + c, sd));
      }
    }
    const T bias = hidden_ ? static_cast<T>(recipe.bias_init) : T(0);
    for (std::size_t r = 0; r < out; ++r) params[bias_ + r] = bias;
  }

 private:
  bool hidden_;
  std::size_t stream_;
  std::size_t weight_ = 0, bias_ = 0;
};

}  // namespace

template <class T>
LayerPtr<T> make_dense(Layout& layout, TensorShape in, std::size_t out_features, bool bias_is_hidden) {
  return std::make_unique<Dense<T>>(layout, in, out_features, bias_is_hidden);
}
template LayerPtr<float> make_dense<float>(Layout&, TensorShape, std::size_t, bool);
template LayerPtr<double> make_dense<double>(Layout&, TensorShape, std::size_t, bool);

}  // namespace actsearch::trainer::layers
