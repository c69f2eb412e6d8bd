#include "trainer/symmetry.hpp"

namespace actsearch::trainer {
namespace {

// Each switch lists every value, so a new enumerator does not compile (-Wswitch) until it is classified.
bool symmetric(Init init) {
  switch (init) {
    case Init::He:
    case Init::LeCun:
    case Init::Xavier: return true;  // zero-mean weights, zero biases
  }
  return false;
}

bool symmetric(InitDistribution distribution) {
  switch (distribution) {
    case InitDistribution::Normal:
    case InitDistribution::Uniform: return true;  // both symmetric about zero
  }
  return false;
}

bool symmetric(Norm norm) {
  switch (norm) {
    case Norm::None:
    case Norm::Layer: return true;  // LN(-u) = -LN(u); gain 1 and bias 0 at the start
  }
  return false;
}

bool symmetric(OptimizerKind kind) {
  switch (kind) {
    case OptimizerKind::Sgd:
    case OptimizerKind::Adam:
    case OptimizerKind::AdamW: return true;  // per-coordinate rules odd in (p, g)
  }
  return false;
}

}  // namespace

bool sign_symmetric(const TaskSpec& task) {
  return task.model.bias_init == 0 && symmetric(task.model.init) && symmetric(task.model.init_distribution) &&
         symmetric(task.model.norm) && symmetric(task.optimizer.kind);
}

template <class T>
void reflect_parameters(std::span<const ParameterBlock> blocks, std::size_t num_hidden, expr::Reflection r,
                        std::span<T> params) {
  for (const ParameterBlock& b : blocks) {
    const bool hidden = b.layer < num_hidden;
    bool flip = false;
    if (expr::negates_output(r) && b.kind == BlockKind::Weight && b.layer > 0) flip = !flip;
    if (expr::negates_input(r) && hidden &&
        (b.kind == BlockKind::Weight || b.kind == BlockKind::Bias || b.kind == BlockKind::NormBias)) {
      flip = !flip;
    }
    if (!flip) continue;
    for (std::size_t i = 0; i < b.size; ++i) params[b.offset + i] = -params[b.offset + i];
  }
}

template void reflect_parameters<float>(std::span<const ParameterBlock>, std::size_t, expr::Reflection,
                                        std::span<float>);
template void reflect_parameters<double>(std::span<const ParameterBlock>, std::size_t, expr::Reflection,
                                         std::span<double>);

}  // namespace actsearch::trainer
