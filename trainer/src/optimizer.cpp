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
      const T mu = static_cast<T>(spec_.momentum);
      if (first_.empty()) {
        for (std::size_t i = 0; i < n; ++i) p[i] -= rate * (g[i] + wd * p[i]);
        continue;
      }
      T* v = first_.data() + range.offset;
      if (spec_.nesterov) {
        for (std::size_t i = 0; i < n; ++i) {
          const T gi = g[i] + wd * p[i];
          v[i] = mu * v[i] + gi;
          p[i] -= rate * (gi + mu * v[i]);
        }
      } else {
        for (std::size_t i = 0; i < n; ++i) {
          v[i] = mu * v[i] + (g[i] + wd * p[i]);
          p[i] -= rate * v[i];
        }
      }
      continue;
    }
    const bool decoupled = spec_.kind == OptimizerKind::AdamW;
    const T b1 = static_cast<T>(spec_.beta1), b2 = static_cast<T>(spec_.beta2);
    const double t = static_cast<double>(t_);
    const T step_size = static_cast<T>(lr / (1.0 - std::pow(spec_.beta1, t)));
    const T inv_sqrt_bc2 = static_cast<T>(1.0 / std::sqrt(1.0 - std::pow(spec_.beta2, t)));
    const T eps = static_cast<T>(spec_.eps);
    const T shrink = decoupled ? T(1) - rate * wd : T(1);
    const T coupled_wd = decoupled ? T(0) : wd;
    T* m = first_.data() + range.offset;
    T* s = second_.data() + range.offset;
    for (std::size_t i = 0; i < n; ++i) {
      const T gi = g[i] + coupled_wd * p[i];
      p[i] *= shrink;
      m[i] = b1 * m[i] + (T(1) - b1) * gi;
      s[i] = b2 * s[i] + (T(1) - b2) * gi * gi;
      p[i] -= step_size * m[i] / (std::sqrt(s[i]) * inv_sqrt_bc2 + eps);
    }
  }
}

template class Optimizer<float>;
template class Optimizer<double>;

}  // namespace actsearch::trainer
