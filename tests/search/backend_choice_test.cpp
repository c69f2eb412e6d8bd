// `device: auto|cpu|cuda`: which training backend a campaign gets, on a machine with or without a GPU.
#include "search/campaign/backend_choice.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "kernels/cuda_backend.hpp"

namespace actsearch::search {
namespace {

TEST(BackendChoice, CpuWorkers) {
  EXPECT_EQ(cpu_workers(3), 3);
  EXPECT_EQ(cpu_workers(0), static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
}

TEST(BackendChoice, CpuIsAlwaysTheCpu) {
  auto backend = make_backend(trainer::TaskSpec{}, Device::Cpu, 2, {});
  ASSERT_TRUE(backend) << backend.error().describe();
  EXPECT_EQ((*backend)->name(), "cpu(2 threads)");
}

TEST(BackendChoice, AutoAndCudaFollowTheDevice) {
  std::string why;
  const bool gpu = kernels::cuda_available(&why);
  std::vector<std::string> lines;
  auto automatic =
      make_backend(trainer::TaskSpec{}, Device::Auto, 1, [&](const std::string& line) { lines.push_back(line); });
  ASSERT_TRUE(automatic) << automatic.error().describe();
  auto cuda = make_backend(trainer::TaskSpec{}, Device::Cuda, 1, {});
  if (gpu) {
    EXPECT_NE((*automatic)->name().find("cuda"), std::string::npos) << (*automatic)->name();
    EXPECT_TRUE(cuda) << cuda.error().describe();
  } else {
    // No device: auto says why and falls back; cuda is an error that gives the reason.
    EXPECT_EQ((*automatic)->name(), "cpu(1 threads)");
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("no usable GPU"), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find(why), std::string::npos) << lines[0];
    ASSERT_FALSE(cuda);
    EXPECT_NE(cuda.error().message.find("device: cuda was requested"), std::string::npos);
    EXPECT_NE(cuda.error().message.find(why), std::string::npos) << cuda.error().message;
  }
}

// An external task trains through its command whatever the device; its own workers count wins.
TEST(BackendChoice, AnExternalTaskRunsItsCommand) {
  trainer::TaskSpec task;
  task.external.framework = trainer::ExternalFramework::PyTorch;
  auto campaign_workers = make_backend(task, Device::Cuda, 3, {});
  ASSERT_TRUE(campaign_workers) << campaign_workers.error().describe();
  EXPECT_EQ((*campaign_workers)->name(), "external (3 runs at once)");
  task.external.workers = 2;
  auto own_workers = make_backend(task, Device::Cpu, 3, {});
  ASSERT_TRUE(own_workers);
  EXPECT_EQ((*own_workers)->name(), "external (2 runs at once)");
  auto data = load_task_data(task);
  ASSERT_TRUE(data) << data.error().describe();
  EXPECT_EQ(data->data.train.size, 0u);
  EXPECT_EQ(data->fingerprint.splits.size(), 2u);
}

// The GPU path has no convolutions: a network task trains on the CPU whatever the device, and says so;
// MLP tasks are the GPU path's.
TEST(BackendChoice, NetworkTasksTrainOnTheCpuAndSaySo) {
  trainer::TaskSpec network;
  network.name = "cnn";
  network.model.kind = trainer::ModelKind::Network;
  network.model.layers = {"conv 8 3x3", "act", "gap"};
  EXPECT_FALSE(kernels::gpu_unsupported(trainer::TaskSpec{}).has_value());
  const auto why = kernels::gpu_unsupported(network);
  ASSERT_TRUE(why.has_value());
  for (Device device : {Device::Auto, Device::Cuda}) {
    std::vector<std::string> lines;
    auto backend = make_backend(network, device, 1, [&](const std::string& line) { lines.push_back(line); });
    ASSERT_TRUE(backend) << backend.error().describe();
    EXPECT_EQ((*backend)->name(), "cpu(1 threads)");
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("training on the CPU"), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find("network of model.layers"), std::string::npos) << lines[0];
  }
}

}  // namespace
}  // namespace actsearch::search
