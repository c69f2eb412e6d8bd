// torchvision's BasicBlock: y = act(bn2(conv3x3(act(bn1(conv3x3_s(x))))) + shortcut(x)), the shortcut
// the identity when the shape is kept and bn(conv1x1_s(x)) when the stride or the channels change.
#include "trainer/src/layer.hpp"

namespace actsearch::trainer::layers {
namespace {

template <class T>
class ResidualBlock final : public Layer<T> {
 public:
  using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;

  ResidualBlock(Layout& layout, TensorShape in, std::size_t channels, std::size_t stride, const expr::Program& training,
                const expr::Program& inference)
      : Layer<T>(in, {channels, (in.h + stride - 1) / stride, (in.w + stride - 1) / stride}) {
    std::vector<LayerPtr<T>> main;
    main.push_back(make_conv2d<T>(layout, in, channels, 3, stride));
    const TensorShape out = main.back()->out();
    main.push_back(make_batch_norm<T>(layout, out));
    main.push_back(make_activation<T>(layout, out, training, inference));
    main.push_back(make_conv2d<T>(layout, out, channels, 3, 1));
    main.push_back(make_batch_norm<T>(layout, out));
    main_ = std::make_unique<Sequence<T>>(in, std::move(main));
    if (stride != 1 || in.c != channels) {
      std::vector<LayerPtr<T>> shortcut;
      shortcut.push_back(make_conv2d<T>(layout, in, channels, 1, stride));
      shortcut.push_back(make_batch_norm<T>(layout, out));
      shortcut_ = std::make_unique<Sequence<T>>(in, std::move(shortcut));
    }
    act_ = make_activation<T>(layout, out, training, inference);
  }

  void forward(const Context<T>& ctx, const T* x, T* y, std::size_t n) override {
    const std::size_t count = n * this->out().size();
    T* sum = sized(sum_, count);
    main_->forward(ctx, x, sum, n);
    const T* skip = x;
    if (shortcut_) {
      shortcut_->forward(ctx, x, sized(skip_, count), n);
      skip = skip_.data();
    }
    Eigen::Map<Vector>(sum, static_cast<Eigen::Index>(count)) +=
        Eigen::Map<const Vector>(skip, static_cast<Eigen::Index>(count));
    act_->forward(ctx, sum, y, n);
  }

  void backward(const Context<T>& ctx, const T* x, T* dy, T* dx, std::size_t n) override {
    const std::size_t count = n * this->out().size();
    const std::size_t in_count = n * this->in().size();
    T* dsum = sized(dsum_, count);
    act_->backward(ctx, sum_.data(), dy, dsum, n);
    T* dmain = sized(dmain_, count);
    std::copy_n(dsum, count, dmain);
    main_->backward(ctx, x, dmain, dx, n);
    if (shortcut_) {
      T* dskip = dx != nullptr ? sized(dskip_, in_count) : nullptr;
      shortcut_->backward(ctx, x, dsum, dskip, n);
      if (dx != nullptr) {
        Eigen::Map<Vector>(dx, static_cast<Eigen::Index>(in_count)) +=
            Eigen::Map<const Vector>(dskip, static_cast<Eigen::Index>(in_count));
      }
    } else if (dx != nullptr) {
      Eigen::Map<Vector>(dx, static_cast<Eigen::Index>(count)) +=
          Eigen::Map<const Vector>(dsum, static_cast<Eigen::Index>(count));
    }
  }

  void initialize(T* params, T* state, const InitRecipe& recipe) const override {
    main_->initialize(params, state, recipe);
    if (shortcut_) shortcut_->initialize(params, state, recipe);
    act_->initialize(params, state, recipe);
  }

 private:
  std::unique_ptr<Sequence<T>> main_, shortcut_;
  LayerPtr<T> act_;
  Buffer<T> sum_, skip_, dsum_, dmain_, dskip_;
};

}  // namespace

template <class T>
LayerPtr<T> make_residual_block(Layout& layout, TensorShape in, std::size_t channels, std::size_t stride,
                                const expr::Program& training, const expr::Program& inference) {
  return std::make_unique<ResidualBlock<T>>(layout, in, channels, stride, training, inference);
}
template LayerPtr<float> make_residual_block<float>(Layout&, TensorShape, std::size_t, std::size_t,
                                                    const expr::Program&, const expr::Program&);
template LayerPtr<double> make_residual_block<double>(Layout&, TensorShape, std::size_t, std::size_t,
                                                      const expr::Program&, const expr::Program&);

}  // namespace actsearch::trainer::layers
