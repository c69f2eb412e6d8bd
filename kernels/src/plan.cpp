// Parameter layout and memory planning of the batched GPU trainer (pure arithmetic).
#include <algorithm>

#include "kernels/codegen.hpp"
#include "kernels/cuda_backend.hpp"

namespace actsearch::kernels {
namespace {

// 128-byte alignment keeps every block on a cuBLAS- and coalescing-friendly boundary.
constexpr std::size_t kAlignFloats = 32;

std::size_t round_up(std::size_t n, std::size_t to) { return (n + to - 1) / to * to; }

}  // namespace

SlotLayout slot_layout(std::size_t inputs, std::span<const int> hidden, int classes, bool residual, int theta_width) {
  SlotLayout layout;
  layout.theta_width = theta_width;
  std::size_t offset = 0;
  auto add = [&offset](std::size_t floats) {
    const std::size_t at = offset;
    offset += round_up(floats, kAlignFloats);
    return at;
  };
  std::size_t in = inputs;
  for (std::size_t l = 0; l < hidden.size(); ++l) {
    const auto out = static_cast<std::size_t>(hidden[l]);
    SlotLayout::Layer layer{.in = in, .out = out};
    layer.weight = add(out * in);
    layer.bias = add(out);
    layer.theta = theta_width > 0 ? add(static_cast<std::size_t>(theta_width)) : 0;
    layer.residual = residual && l > 0 && in == out;
    layout.layers.push_back(layer);
    in = out;
  }
  SlotLayout::Layer head{.in = in, .out = static_cast<std::size_t>(classes)};
  head.weight = add(head.out * in);
  head.bias = add(head.out);
  layout.layers.push_back(head);
  layout.params = offset;
  return layout;
}

BatchPlan plan_batch(const BatchShape& shape, std::size_t free_bytes, int max_slots) {
  BatchPlan plan;
  const SlotLayout layout = slot_layout(shape.inputs, shape.hidden, shape.classes, shape.residual, shape.theta_width);
  const auto batch = static_cast<std::size_t>(std::max(shape.batch_size, 1));
  const std::size_t cols = std::max(batch, shape.eval_chunk);  // columns of the activation buffers
  std::size_t widest = shape.inputs;
  std::size_t hidden_sum = 0;
  for (int w : shape.hidden) {
    widest = std::max(widest, static_cast<std::size_t>(w));
    hidden_sum += static_cast<std::size_t>(w);
  }
  const std::size_t tiles = (widest + kBackwardRows - 1) / kBackwardRows;
  const auto classes = static_cast<std::size_t>(shape.classes);
  const auto moments = static_cast<std::size_t>(std::clamp(shape.optimizer_moments, 0, 2));

  std::size_t floats = layout.params * (2 + moments);             // params, grads, moments
  floats += 2 * hidden_sum * cols;                                // z and activation per hidden layer
  floats += classes * cols;                                       // logits
  floats += 3 * widest * cols;                                    // two gradient buffers and grad_pre
  floats += shape.inputs * batch;                                 // the gathered batch
  floats += tiles * static_cast<std::size_t>(shape.theta_width);  // theta partial sums
  std::size_t bytes = floats * sizeof(float);
  bytes += cols * (sizeof(double) + sizeof(int));    // per-example loss and correctness
  bytes += batch * sizeof(int);                      // batch labels
  bytes += shape.train_examples * sizeof(unsigned);  // epoch order
  bytes += 128;                                      // per-slot scalars (status, sums)
  plan.bytes_per_slot = bytes;
  plan.shared_bytes = shape.dataset_bytes + layout.params;  // + the weight-decay mask
  const std::size_t reserve = std::max<std::size_t>(free_bytes / 10, std::size_t{256} << 20);
  if (free_bytes > reserve + plan.shared_bytes) {
    const std::size_t room = free_bytes - reserve - plan.shared_bytes;
    plan.slots =
        static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(std::max(max_slots, 0)), room / bytes));
  }
  plan.total_bytes = plan.shared_bytes + static_cast<std::size_t>(plan.slots) * plan.bytes_per_slot;
  return plan;
}

}  // namespace actsearch::kernels
