// Optimiser updates and learning-rate schedules against closed forms.
#include "trainer/optimizer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

namespace actsearch::trainer {
namespace {

// Constant gradient g with momentum m: v_t = g (1 - m^t) / (1 - m), so after T steps
// p_T = p_0 - lr g sum_{t=1..T} (1 - m^t) / (1 - m).
TEST(Optimizer, SgdMomentumMatchesTheClosedForm) {
  OptimizerSpec spec;
  spec.kind = OptimizerKind::Sgd;
  spec.momentum = 0.9;
  Optimizer<double> opt(spec, 2, {{0, 2, false}});
  std::vector<double> p = {1.0, -2.0};
  const std::vector<double> g = {0.5, -0.25};
  const double lr = 0.1;
  const int steps = 7;
  for (int t = 0; t < steps; ++t) opt.step(p, g, lr);
  double sum = 0;
  for (int t = 1; t <= steps; ++t) sum += (1 - std::pow(0.9, t)) / (1 - 0.9);
  EXPECT_NEAR(p[0], 1.0 - lr * 0.5 * sum, 1e-12);
  EXPECT_NEAR(p[1], -2.0 + lr * 0.25 * sum, 1e-12);
  EXPECT_EQ(opt.steps_taken(), steps);
}

// Nesterov: d_t = g + m v_t = g (1 + m (1 - m^t) / (1 - m)).
TEST(Optimizer, SgdNesterovMatchesTheClosedForm) {
  OptimizerSpec spec;
  spec.momentum = 0.5;
  spec.nesterov = true;
  Optimizer<double> opt(spec, 1, {{0, 1, false}});
  std::vector<double> p = {0.0};
  const std::vector<double> g = {1.0};
  double expected = 0;
  for (int t = 1; t <= 4; ++t) {
    opt.step(p, g, 0.2);
    expected -= 0.2 * (1 + 0.5 * (1 - std::pow(0.5, t)) / (1 - 0.5));
    EXPECT_NEAR(p[0], expected, 1e-12) << "step " << t;
  }
}

// Weight decay applies only to ranges marked for it; elements outside every range never move.
TEST(Optimizer, WeightDecayOnlyOnMarkedRanges) {
  OptimizerSpec spec;
  spec.momentum = 0.0;
  spec.weight_decay = 0.1;
  Optimizer<double> opt(spec, 3, {{0, 1, true}, {1, 1, false}});
  std::vector<double> p = {2.0, 2.0, 2.0};
  opt.step(p, std::vector<double>{0.0, 0.0, 5.0}, 0.5);
  EXPECT_DOUBLE_EQ(p[0], 2.0 - 0.5 * 0.1 * 2.0);
  EXPECT_DOUBLE_EQ(p[1], 2.0);
  EXPECT_DOUBLE_EQ(p[2], 2.0);
}

// With a constant gradient Adam's bias-corrected moments are exactly g and g^2, so every step moves
// by lr * g / (|g| + eps).
TEST(Optimizer, AdamStepsByTheLearningRateUnderAConstantGradient) {
  OptimizerSpec spec;
  spec.kind = OptimizerKind::Adam;
  spec.eps = 1e-8;
  Optimizer<double> opt(spec, 2, {{0, 2, true}});
  std::vector<double> p = {0.0, 0.0};
  const std::vector<double> g = {3.0, -0.01};
  for (int t = 1; t <= 5; ++t) {
    opt.step(p, g, 0.01);
    EXPECT_NEAR(p[0], -0.01 * t * 3.0 / (3.0 + 1e-8), 1e-12);
    EXPECT_NEAR(p[1], 0.01 * t * 0.01 / (0.01 + 1e-8), 1e-12);
  }
}

// Two steps with gradients 1 then -1 (b1 = 0.9, b2 = 0.999), worked by hand:
// step 1: m = 0.1, s = 0.001, m^ = 1, s^ = 1 -> p = -lr
// step 2: m = 0.09 - 0.1 = -0.01, s = 0.000999 + 0.001 = 0.001999,
//         m^ = -0.01 / 0.19, s^ = 0.001999 / 0.001999 = 1 -> p += lr * 0.01 / 0.19
TEST(Optimizer, AdamTwoStepsByHand) {
  OptimizerSpec spec;
  spec.kind = OptimizerKind::Adam;
  spec.eps = 0.0;
  Optimizer<double> opt(spec, 1, {{0, 1, false}});
  std::vector<double> p = {0.0};
  opt.step(p, std::vector<double>{1.0}, 0.1);
  EXPECT_NEAR(p[0], -0.1, 1e-12);
  opt.step(p, std::vector<double>{-1.0}, 0.1);
  EXPECT_NEAR(p[0], -0.1 + 0.1 * 0.01 / 0.19, 1e-12);
}

// AdamW decays the weight by lr * wd before the Adam step and does not feed it into the moments.
TEST(Optimizer, AdamWDecouplesTheDecay) {
  OptimizerSpec spec;
  spec.kind = OptimizerKind::AdamW;
  spec.weight_decay = 0.5;
  spec.eps = 0.0;
  Optimizer<double> opt(spec, 1, {{0, 1, true}});
  std::vector<double> p = {4.0};
  opt.step(p, std::vector<double>{2.0}, 0.1);
  EXPECT_NEAR(p[0], 4.0 * (1 - 0.1 * 0.5) - 0.1, 1e-12);
}

TEST(Schedule, WarmupThenCosine) {
  OptimizerSpec spec;
  spec.lr = 0.1;
  spec.min_lr = 0.01;
  spec.schedule = Schedule::Cosine;
  spec.warmup_epochs = 1.0;
  const std::int64_t per_epoch = 10, total = 110;
  EXPECT_DOUBLE_EQ(learning_rate_at(spec, 0, per_epoch, total), 0.1 * 1 / 10);
  EXPECT_DOUBLE_EQ(learning_rate_at(spec, 9, per_epoch, total), 0.1);
  EXPECT_DOUBLE_EQ(learning_rate_at(spec, 10, per_epoch, total), 0.1);
  EXPECT_NEAR(learning_rate_at(spec, 60, per_epoch, total), 0.01 + 0.09 * 0.5, 1e-15);
  const double quarter = 0.01 + 0.09 * (1 + std::cos(std::numbers::pi * 0.25)) / 2;
  EXPECT_NEAR(learning_rate_at(spec, 35, per_epoch, total), quarter, 1e-15);
  EXPECT_NEAR(learning_rate_at(spec, 110, per_epoch, total), 0.01, 1e-15);
}

TEST(Schedule, ConstantIgnoresTheStep) {
  OptimizerSpec spec;
  spec.lr = 0.05;
  for (std::int64_t step : {0, 5, 1000}) EXPECT_DOUBLE_EQ(learning_rate_at(spec, step, 10, 100), 0.05);
}

}  // namespace
}  // namespace actsearch::trainer
