// Parameter layout and memory planning of the GPU trainer (pure functions).
#include <gtest/gtest.h>

#include "kernels/cuda_backend.hpp"

namespace actsearch::kernels {
namespace {

TEST(SlotLayout, MlpOrderAlignedBlocks) {
  const std::vector<int> hidden = {64, 64, 32};
  const SlotLayout layout = slot_layout(784, hidden, 10, true, 2);
  ASSERT_EQ(layout.layers.size(), 4u);
  std::size_t previous_end = 0;
  for (std::size_t l = 0; l < layout.layers.size(); ++l) {
    const auto& layer = layout.layers[l];
    EXPECT_EQ(layer.weight % 32, 0u);
    EXPECT_EQ(layer.bias % 32, 0u);
    EXPECT_GE(layer.weight, previous_end);
    EXPECT_GE(layer.bias, layer.weight + layer.in * layer.out);
    previous_end = layer.bias + layer.out;
    if (l + 1 < layout.layers.size()) {
      EXPECT_EQ(layer.theta % 32, 0u);
      EXPECT_GE(layer.theta, layer.bias + layer.out);
      previous_end = layer.theta + 2;
    }
  }
  EXPECT_EQ(layout.layers[0].in, 784u);
  EXPECT_EQ(layout.layers[3].out, 10u);
  // Residual only where the widths match and never on the first layer.
  EXPECT_FALSE(layout.layers[0].residual);
  EXPECT_TRUE(layout.layers[1].residual);
  EXPECT_FALSE(layout.layers[2].residual);
  EXPECT_FALSE(layout.layers[3].residual);
  EXPECT_EQ(layout.params % 32, 0u);
  EXPECT_GE(layout.params, previous_end);
}

TEST(SlotLayout, NoThetaBlocksWithoutParameters) {
  const std::vector<int> hidden = {16};
  const SlotLayout layout = slot_layout(2, hidden, 2, false, 0);
  EXPECT_EQ(layout.params, 32u * 4);  // W1, b1, W2, b2 each padded to one 32-float block
}

BatchShape fmnist_shape() {
  return {.inputs = 784,
          .hidden = {256, 256, 256, 256},
          .classes = 10,
          .theta_width = 1,
          .batch_size = 128,
          .eval_chunk = 1000,
          .train_examples = 50000,
          .optimizer_moments = 1,
          .dataset_bytes = 250u << 20};
}

TEST(PlanBatch, FitsTheFreeMemoryAndTheCap) {
  const BatchShape shape = fmnist_shape();
  const std::size_t free_bytes = std::size_t{40} << 30;
  const BatchPlan plan = plan_batch(shape, free_bytes, 256);
  EXPECT_GT(plan.slots, 0);
  EXPECT_LE(plan.slots, 256);
  EXPECT_LE(plan.total_bytes, free_bytes);
  // Per slot at least the parameters, gradients and momentum.
  const SlotLayout layout = slot_layout(784, shape.hidden, 10, false, 1);
  EXPECT_GE(plan.bytes_per_slot, 3 * layout.params * sizeof(float));
  EXPECT_EQ(plan_batch(shape, free_bytes, 8).slots, 8);
}

TEST(PlanBatch, MoreMemoryNeverMeansFewerSlots) {
  const BatchShape shape = fmnist_shape();
  int previous = 0;
  for (std::size_t gib = 1; gib <= 80; gib *= 2) {
    const BatchPlan plan = plan_batch(shape, gib << 30, 100000);
    EXPECT_GE(plan.slots, previous) << gib;
    EXPECT_LE(plan.total_bytes, gib << 30);
    previous = plan.slots;
  }
  EXPECT_GT(previous, 256);
}

TEST(PlanBatch, NothingFitsInTinyMemory) {
  const BatchPlan plan = plan_batch(fmnist_shape(), 100u << 20, 256);
  EXPECT_EQ(plan.slots, 0);
}

TEST(PlanBatch, AdamNeedsMoreThanPlainSgd) {
  BatchShape sgd = fmnist_shape();
  sgd.optimizer_moments = 0;
  BatchShape adam = fmnist_shape();
  adam.optimizer_moments = 2;
  EXPECT_GT(plan_batch(adam, 8u << 30, 1000).bytes_per_slot, plan_batch(sgd, 8u << 30, 1000).bytes_per_slot);
}

}  // namespace
}  // namespace actsearch::kernels
