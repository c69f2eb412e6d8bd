// The divergence rule and messages every training backend uses (trainer/divergence.hpp).
#include "trainer/divergence.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace actsearch::trainer {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr float kInfF = std::numeric_limits<float>::infinity();
constexpr float kNaNF = std::numeric_limits<float>::quiet_NaN();

TEST(Divergence, AFiniteLossTrainsUpToTheThresholdAndDivergesAboveIt) {
  EXPECT_EQ(batch_divergence(2.0, 2.0, 10, 0.5f), Divergence::None);
  EXPECT_EQ(batch_divergence(0.0, 2.0, 10, 0.5f), Divergence::None);
  EXPECT_EQ(batch_divergence(20.0, 2.0, 10, 0.5f), Divergence::None);  // exactly factor x first loss trains on
  EXPECT_EQ(batch_divergence(20.000000000000004, 2.0, 10, 0.5f), Divergence::LossExploded);
  EXPECT_EQ(batch_divergence(1e300, 2.0, 10, 0.5f), Divergence::LossExploded);
}

TEST(Divergence, ANonFiniteLossOrGradientDiverges) {
  for (double loss : {kNaN, kInf, -kInf}) {
    EXPECT_EQ(batch_divergence(loss, 2.0, 10, 0.5f), Divergence::NonFiniteLoss) << loss;
    EXPECT_EQ(batch_divergence(loss, 2.0, 10, kNaNF), Divergence::NonFiniteLoss) << loss;  // the loss is named
  }
  for (float sum : {kNaNF, kInfF, -kInfF}) {
    EXPECT_EQ(batch_divergence(2.0, 2.0, 10, sum), Divergence::NonFiniteGradient) << sum;
    EXPECT_EQ(batch_divergence(30.0, 2.0, 10, sum), Divergence::LossExploded) << sum;  // the loss first
  }
  EXPECT_TRUE(validation_diverged(kNaN));
  EXPECT_TRUE(validation_diverged(kInf));
  EXPECT_FALSE(validation_diverged(1e300));
}

TEST(Divergence, MessagesNameTheStepOneBasedAndTheFigures) {
  EXPECT_EQ(batch_divergence_message(Divergence::NonFiniteLoss, 0, 0, kNaN, 10, kNaN),
            "non-finite loss at epoch 1, step 1");
  EXPECT_EQ(batch_divergence_message(Divergence::LossExploded, 1, 30, 24.5, 10, 2.3456789),
            "loss exploded at epoch 2, step 31: 24.5 > 10 x first loss 2.34568");
  EXPECT_EQ(batch_divergence_message(Divergence::NonFiniteGradient, 2, 99, 1.0, 10, 1.0),
            "non-finite gradient at epoch 3, step 100");
  EXPECT_EQ(validation_divergence_message(4), "non-finite validation loss after epoch 5");
}

}  // namespace
}  // namespace actsearch::trainer
