// Whole training runs on the synthetic spirals: accuracy, divergence, failures, learned parameters,
// determinism across thread counts and the completion callback.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "helpers.hpp"
#include "tests/common/bits.hpp"
#include "trainer/backend.hpp"
#include "trainer/dataset.hpp"

namespace actsearch::trainer {
namespace {

using ::actsearch::testing::same_bits;

using testing::canonical;
using testing::load_config;

class Training : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    task_ = new TaskSpec(load_config("spirals-small.yaml"));
    auto data = load_dataset(task_->dataset);
    ASSERT_TRUE(data.has_value()) << data.error().describe();
    data_ = new Dataset(std::move(*data));
  }
  static void TearDownTestSuite() {
    delete data_;
    delete task_;
  }
  static TaskSpec* task_;
  static Dataset* data_;
};
TaskSpec* Training::task_ = nullptr;
Dataset* Training::data_ = nullptr;

TrainJob job(std::string_view activation, std::uint64_t seed, int epochs = 0) {
  return TrainJob{.activation = canonical(activation), .seed = seed, .epochs = epochs};
}

// The spirals are not linearly separable (a linear model stays near 50%); a 2-64-64-2 network with
// a good activation separates them.
TEST_F(Training, SpiralsAreLearned) {
  TrainJob j = job("tanh(x)", 1);
  j.evaluate_test = true;
  const TrainResult r = train_one(*task_, *data_, j);
  ASSERT_EQ(r.status, RunStatus::Ok) << r.message;
  EXPECT_GE(r.val_accuracy, 0.95);
  EXPECT_GE(r.test_accuracy, 0.93);
  ASSERT_EQ(r.epochs.size(), 20u);
  EXPECT_LT(r.epochs.back().train_loss, r.epochs.front().train_loss);
  EXPECT_EQ(r.steps, 20 * ((2000 + 63) / 64));
  // The identity makes the network linear: it cannot separate the arms.
  const TrainResult linear = train_one(*task_, *data_, job("x", 1));
  ASSERT_EQ(linear.status, RunStatus::Ok) << linear.message;
  EXPECT_LT(linear.val_accuracy, 0.75);
}

TEST_F(Training, ExplodingActivationEndsAsDivergedNotACrash) {
  const TrainResult r = train_one(*task_, *data_, job("exp(exp(x))", 3));
  EXPECT_EQ(r.status, RunStatus::Diverged);
  EXPECT_FALSE(r.message.empty());
  EXPECT_TRUE(std::isnan(r.val_accuracy));
  EXPECT_TRUE(std::isnan(r.test_accuracy));
}

TEST_F(Training, ImpossibleJobFailsWithAMessage) {
  TrainJob j = job("relu(x)", 1);
  j.train_examples = data_->train.size + 1;
  const TrainResult r = train_one(*task_, *data_, j);
  EXPECT_EQ(r.status, RunStatus::Failed);
  EXPECT_NE(r.message.find("train_examples"), std::string::npos) << r.message;
}

TEST_F(Training, TestSplitOnlyWhenAsked) {
  const TrainResult r = train_one(*task_, *data_, job("relu(x)", 2, 2));
  ASSERT_EQ(r.status, RunStatus::Ok) << r.message;
  EXPECT_TRUE(std::isnan(r.test_accuracy));
  EXPECT_FALSE(std::isnan(r.val_accuracy));
}

TEST_F(Training, TrainableBetaIsLearnedPerLayer) {
  const TrainResult r = train_one(*task_, *data_, job("x*sigmoid(beta*x)", 4, 5));
  ASSERT_EQ(r.status, RunStatus::Ok) << r.message;
  ASSERT_EQ(r.learned_params.size(), 2u);  // one theta vector per hidden layer
  for (const auto& layer : r.learned_params) {
    ASSERT_EQ(layer.size(), 1u);
    EXPECT_TRUE(std::isfinite(layer[0]));
    EXPECT_GT(std::abs(layer[0] - 1.0), 1e-3) << "beta never moved from its initial value 1";
  }
  EXPECT_NE(r.learned_params[0][0], r.learned_params[1][0]);
}

TEST_F(Training, ResultsAreBitIdenticalWithOneAndTwoThreads) {
  std::vector<TrainJob> jobs = {job("relu(x)", 1, 3), job("x*sigmoid(beta*x)", 2, 3), job("tanh(x)", 3, 3),
                                job("exp(exp(x))", 4, 3), job("max(x, 0.1*x)", 5, 3)};
  CpuBackend one(1), two(2);
  const auto a = one.train(*task_, *data_, jobs);
  const auto b = two.train(*task_, *data_, jobs);
  ASSERT_EQ(a.size(), jobs.size());
  ASSERT_EQ(b.size(), jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    EXPECT_EQ(a[i].status, b[i].status) << i;
    EXPECT_EQ(a[i].steps, b[i].steps) << i;
    ASSERT_EQ(a[i].epochs.size(), b[i].epochs.size()) << i;
    for (std::size_t e = 0; e < a[i].epochs.size(); ++e) {
      EXPECT_TRUE(same_bits(a[i].epochs[e].train_loss, b[i].epochs[e].train_loss)) << i << " epoch " << e;
      EXPECT_TRUE(same_bits(a[i].epochs[e].val_loss, b[i].epochs[e].val_loss)) << i << " epoch " << e;
      EXPECT_TRUE(same_bits(a[i].epochs[e].val_accuracy, b[i].epochs[e].val_accuracy)) << i << " epoch " << e;
    }
    EXPECT_EQ(a[i].learned_params, b[i].learned_params) << i;
    // Alone or in a batch, a job's result is the same.
    const TrainResult alone = train_one(*task_, *data_, jobs[i]);
    EXPECT_TRUE(same_bits(alone.val_loss, a[i].val_loss)) << i;
  }
  // Different seeds give different runs.
  EXPECT_FALSE(same_bits(a[0].val_loss, train_one(*task_, *data_, job("relu(x)", 99, 3)).val_loss));
}

TEST_F(Training, EveryJobIsReportedOnceAsItFinishes) {
  std::vector<TrainJob> jobs;
  for (int i = 0; i < 6; ++i) jobs.push_back(job(i % 2 ? "tanh(x)" : "relu(x)", static_cast<std::uint64_t>(i), 1));
  CpuBackend backend(2);
  std::mutex mutex;
  std::vector<int> calls(jobs.size(), 0);
  std::vector<double> reported(jobs.size(), 0);
  const auto results = backend.train(*task_, *data_, jobs, [&](std::size_t index, const TrainResult& r) {
    std::lock_guard lock(mutex);
    ASSERT_LT(index, jobs.size());
    ++calls[index];
    reported[index] = r.val_loss;
  });
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    EXPECT_EQ(calls[i], 1) << i;
    EXPECT_TRUE(same_bits(reported[i], results[i].val_loss)) << i;
  }
}

TEST_F(Training, ACallbackExceptionStopsTheBatchAndPropagates) {
  std::vector<TrainJob> jobs;
  for (int i = 0; i < 8; ++i) jobs.push_back(job("relu(x)", static_cast<std::uint64_t>(i), 1));
  CpuBackend backend(1);
  std::atomic<int> calls = 0;
  EXPECT_THROW(backend.train(*task_, *data_, jobs,
                             [&](std::size_t, const TrainResult&) {
                               ++calls;
                               throw std::runtime_error("disk full");
                             }),
               std::runtime_error);
  EXPECT_LT(calls.load(), 8);
}

}  // namespace
}  // namespace actsearch::trainer
