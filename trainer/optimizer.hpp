// Optimisers and learning-rate schedules over a flat parameter array, with PyTorch's update rules
// (torch.optim.SGD, Adam, AdamW) so that results can be compared one to one.
#pragma once

#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "trainer/task.hpp"

// The element-wise update rules, shared with the CUDA backend's kernels (see the file).
namespace actsearch::trainer::rules {
using std::pow;
using std::sqrt;
#include "trainer/optimizer_rules.hpp"
}  // namespace actsearch::trainer::rules

namespace actsearch::trainer {

// Learning rate of update number `step` (0-based) out of `total_steps`:
//   warm-up: W = round(warmup_epochs * steps_per_epoch) steps; for step < W, lr * (step + 1) / W;
//   then constant: lr;
//   or cosine:     min_lr + (lr - min_lr) * (1 + cos(pi * (step - W) / (total_steps - W))) / 2.
double learning_rate_at(const OptimizerSpec& spec, std::int64_t step, std::int64_t steps_per_epoch,
                        std::int64_t total_steps);

// A range of the parameter array and whether weight decay applies to it.
struct DecayRange {
  std::size_t offset = 0;
  std::size_t size = 0;
  bool decay = false;
};

// Per parameter p with gradient g (wd = weight_decay on ranges marked decay, else 0), t = 1, 2, ...:
//   SGD:   g += wd p; v = momentum v + g (v starts at 0); d = nesterov ? g + momentum v : v
//          (d = g without momentum); p -= lr d
//   Adam:  g += wd p; m = b1 m + (1 - b1) g; s = b2 s + (1 - b2) g^2;
//          p -= lr / (1 - b1^t) * m / (sqrt(s) / sqrt(1 - b2^t) + eps)
//   AdamW: p *= 1 - lr wd, then Adam's update without the g += wd p.
// Elements outside every range are left alone.
template <class T>
class Optimizer {
 public:
  Optimizer(const OptimizerSpec& spec, std::size_t num_parameters, std::vector<DecayRange> ranges);
  void step(std::span<T> params, std::span<const T> grads, double lr);
  std::int64_t steps_taken() const { return t_; }

 private:
  OptimizerSpec spec_;
  std::vector<DecayRange> ranges_;
  std::vector<T> first_, second_;  // momentum / Adam moments
  std::int64_t t_ = 0;
};

extern template class Optimizer<float>;
extern template class Optimizer<double>;

}  // namespace actsearch::trainer
