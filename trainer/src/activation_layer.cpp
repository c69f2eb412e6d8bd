// The candidate activation applied to every value, with its own copy of the constants theta: one fused
// Program::evaluate over the whole batch gives phi, phi' and dphi/dtheta (kept for backward).
#include "expr/program.hpp"
#include "trainer/src/layer.hpp"

namespace actsearch::trainer::layers {
namespace {

template <class T>
class Activation final : public Layer<T> {
 public:
  using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;

  Activation(Layout& layout, TensorShape in, const expr::Program& training, const expr::Program& inference)
      : Layer<T>(in, in),
        training_(&training),
        inference_(&inference),
        num_theta_(static_cast<std::size_t>(training.num_params())),
        initial_theta_(training.initial_params()) {
    if (num_theta_ > 0) theta_ = layout.claim(BlockKind::ActivationParams, num_theta_);
    layout.theta_offsets.push_back(theta_);
    ++layout.block_index;
  }

  void forward(const Context<T>& ctx, const T* x, T* y, std::size_t n) override {
    const std::size_t count = n * this->in().size();
    const std::span<const T> theta(ctx.params + theta_, num_theta_);
    if (!ctx.training) {
      T* const phi_only[1] = {y};
      inference_->evaluate(std::span<const T>(x, count), theta, phi_only);
      return;
    }
    outputs_.resize(2 + num_theta_);
    outputs_[0] = y;
    outputs_[1] = sized(slope_, count);
    T* dtheta = sized(dtheta_, count * num_theta_);
    for (std::size_t k = 0; k < num_theta_; ++k) outputs_[2 + k] = dtheta + k * count;
    training_->evaluate(std::span<const T>(x, count), theta, outputs_);
  }

  void backward(const Context<T>& ctx, const T*, T* dy, T* dx, std::size_t n) override {
    const auto count = static_cast<Eigen::Index>(n * this->in().size());
    Eigen::Map<const Vector> g(dy, count);
    for (std::size_t k = 0; k < num_theta_; ++k) {
      ctx.grads[theta_ + k] =
          g.dot(Eigen::Map<const Vector>(dtheta_.data() + k * static_cast<std::size_t>(count), count));
    }
    if (dx != nullptr) Eigen::Map<Vector>(dx, count) = g.cwiseProduct(Eigen::Map<const Vector>(slope_.data(), count));
  }

  void initialize(T* params, T*, const InitRecipe&) const override {
    for (std::size_t k = 0; k < num_theta_; ++k) params[theta_ + k] = static_cast<T>(initial_theta_[k]);
  }

 private:
  const expr::Program* training_;
  const expr::Program* inference_;
  std::size_t num_theta_;
  std::vector<double> initial_theta_;
  std::size_t theta_ = 0;
  std::vector<T*> outputs_;
  Buffer<T> slope_, dtheta_;
};

}  // namespace

template <class T>
LayerPtr<T> make_activation(Layout& layout, TensorShape in, const expr::Program& training,
                            const expr::Program& inference) {
  return std::make_unique<Activation<T>>(layout, in, training, inference);
}
template LayerPtr<float> make_activation<float>(Layout&, TensorShape, const expr::Program&, const expr::Program&);
template LayerPtr<double> make_activation<double>(Layout&, TensorShape, const expr::Program&, const expr::Program&);

}  // namespace actsearch::trainer::layers
