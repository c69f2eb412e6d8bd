#include "trainer/optimizer.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace actsearch::trainer {

double learning_rate_at(const OptimizerSpec& spec, std::int64_t step, std::int64_t steps_per_epoch,
                        std::int64_t total_steps) {
  const auto warmup =
      static_cast<std::int64_t>(std::llround(spec.warmup_epochs * static_cast<double>(steps_per_epoch)));
  if (step < warmup) return spec.lr * static_cast<double>(step + 1) / static_cast<double>(warmup);
  if (spec.schedule == Schedule::Constant) return spec.lr;
  const double span = static_cast<double>(std::max<std::int64_t>(1, total_steps - warmup));
  const double progress = std::min(1.0, static_cast<double>(step - warmup) / span);
  return spec.min_lr + (spec.lr - spec.min_lr) * 0.5 * (1.0 + std::cos(std::numbers::pi * progress));
}

template <class T>
Optimizer<T>::Optimizer(const OptimizerSpec& spec, std::size_t num_parameters, std::vector<DecayRange> ranges)
    : spec_(spec), ranges_(std::move(ranges)) {
  for (const auto& r : ranges_) {
    if (r.offset + r.size > num_parameters) throw std::out_of_range("Optimizer: range beyond the parameters");
  }
  const bool uses_first = spec.kind != OptimizerKind::Sgd || spec.momentum > 0;
  if (uses_first) first_.assign(num_parameters, T(0));
  if (spec.kind != OptimizerKind::Sgd) second_.assign(num_parameters, T(0));
}

template <class T>
void Optimizer<T>::step(std::span<T> params, std::span<const T> grads, double lr) {
  ++t_;
  const T rate = static_cast<T>(lr);
  for (const auto& range : ranges_) {
    T* p = params.data() + range.offset;
    const T* g = grads.data() + range.offset;
    const std::size_t n = range.size;
    const T wd = range.decay ? static_cast<T>(spec_.weight_decay) : T(0);
    if (spec_.kind == OptimizerKind::Sgd) {
      if (first_.empty()) {
        for (std::size_t i = 0; i < n; ++i) p[i] = rules::as_sgd(p[i], g[i], rate, wd);
        continue;
      }
      const T mu = static_cast<T>(spec_.momentum);
      T* v = first_.data() + range.offset;
      for (std::size_t i = 0; i < n; ++i) p[i] = rules::as_sgd_momentum(p[i], g[i], v[i], rate, mu, wd, spec_.nesterov);
      continue;
    }
    const bool decoupled = spec_.kind == OptimizerKind::AdamW;
    const T b1 = static_cast<T>(spec_.beta1), b2 = static_cast<T>(spec_.beta2);
    T step_size, inv_sqrt_bc2;
    rules::as_adam_corrections(lr, spec_.beta1, spec_.beta2, static_cast<double>(t_), &step_size, &inv_sqrt_bc2);
    const T eps = static_cast<T>(spec_.eps);
    T* m = first_.data() + range.offset;
    T* s = second_.data() + range.offset;
    for (std::size_t i = 0; i < n; ++i) {
      p[i] = rules::as_adam(p[i], g[i], m[i], s[i], rate, b1, b2, step_size, inv_sqrt_bc2, eps, wd, decoupled);
    }
  }
}

template class Optimizer<float>;
template class Optimizer<double>;

}  // namespace actsearch::trainer
