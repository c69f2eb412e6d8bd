// Training the shipped CNN task on a few hundred Fashion-MNIST images: it learns, and CpuBackend gives
// bit-identical results with one and two threads. Task files of kind network: read, written back, and
// rejected with the file, line, column and entry when an entry or the shapes are wrong.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "helpers.hpp"
#include "tests/common/bits.hpp"
#include "trainer/backend.hpp"
#include "trainer/dataset.hpp"

namespace actsearch::trainer {
namespace {

TrainJob cnn_job(std::string_view activation, std::uint64_t seed) {
  return TrainJob{.activation = testing::canonical(activation), .seed = seed};
}

TEST(NetworkTraining, SmallCnnLearnsFashionMnistAndIsThreadCountIndependent) {
  TaskSpec task = testing::load_config("fmnist-cnn.yaml");
  ASSERT_EQ(task.model.kind, ModelKind::Network);
  task.dataset.validation_examples = 1000;
  task.training.train_examples = 800;
  task.training.batch_size = 32;
  task.training.epochs = 3;
  auto data = load_dataset(task.dataset);
  ASSERT_TRUE(data.has_value()) << data.error().describe();

  const std::vector<TrainJob> jobs = {cnn_job("x*sigmoid(x)", 1), cnn_job("relu(x)", 2)};
  CpuBackend one(1), two(2);
  const auto a = one.train(task, *data, jobs);
  const auto b = two.train(task, *data, jobs);
  ASSERT_EQ(a.size(), 2u);
  ASSERT_EQ(b.size(), 2u);
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    ASSERT_EQ(a[i].status, RunStatus::Ok) << a[i].message;
    EXPECT_GT(a[i].val_accuracy, 0.5) << i;  // chance is 0.1
    EXPECT_LT(a[i].epochs.back().train_loss, a[i].epochs.front().train_loss) << i;
    ASSERT_EQ(a[i].epochs.size(), b[i].epochs.size());
    for (std::size_t e = 0; e < a[i].epochs.size(); ++e) {
      EXPECT_TRUE(::actsearch::testing::same_bits(a[i].epochs[e].train_loss, b[i].epochs[e].train_loss));
      EXPECT_TRUE(::actsearch::testing::same_bits(a[i].epochs[e].val_loss, b[i].epochs[e].val_loss));
    }
    EXPECT_EQ(a[i].learned_params.size(), 2u);  // one theta vector per activation layer
  }
}

TEST(NetworkTraining, ConvolutionOnFlatDataFailsWithTheEntry) {
  TaskSpec task = testing::load_config("spirals-small.yaml");
  task.model.kind = ModelKind::Network;
  task.model.layers = {"dense 16", "act", "conv 8 3x3"};
  auto data = load_dataset(task.dataset);
  ASSERT_TRUE(data.has_value());
  const TrainResult r = train_one(task, *data, cnn_job("tanh(x)", 1));
  EXPECT_EQ(r.status, RunStatus::Failed);
  EXPECT_NE(r.message.find("model.layers[2]"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("needs image data"), std::string::npos) << r.message;
}

TEST(NetworkTask, ReadsTheLayerListAndWritesItBack) {
  auto task = parse_task_text("model: {kind: network, layers: [conv 16 3x3, bn, act, block 16, block 32 s2, gap]}\n");
  ASSERT_TRUE(task.has_value()) << task.error().describe();
  EXPECT_EQ(task->model.kind, ModelKind::Network);
  EXPECT_EQ(task->model.layers.size(), 6u);
  const std::string yaml = task_to_yaml(*task);
  EXPECT_EQ(yaml.find("hidden"), std::string::npos) << yaml;  // an MLP field: not written for networks
  auto back = parse_task_text(yaml);
  ASSERT_TRUE(back.has_value()) << back.error().describe();
  EXPECT_EQ(back->model.layers, task->model.layers);
  // The default kind is mlp, which takes no layer list.
  EXPECT_EQ(TaskSpec{}.model.kind, ModelKind::Mlp);
  auto mlp_with_layers = parse_task_text("model:\n  layers: [act]\n", "t.yaml");
  ASSERT_FALSE(mlp_with_layers.has_value());
  EXPECT_EQ(mlp_with_layers.error().where.field, "model.layers");
}

TEST(NetworkTask, BadEntryIsReportedAtItsLineAndColumn) {
  const std::string text =
      "model:\n"
      "  kind: network\n"
      "  layers:\n"
      "    - conv 16 3x3\n"
      "    - bn\n"
      "    - act\n"
      "    - conv 16 5x5\n";
  auto task = parse_task_text(text, "bad.yaml");
  ASSERT_FALSE(task.has_value());
  const Error& e = task.error();
  EXPECT_EQ(e.where.file, "bad.yaml");
  EXPECT_EQ(e.where.field, "model.layers[3]");
  EXPECT_EQ(e.where.line, 7);
  EXPECT_EQ(e.where.column, 7);
  EXPECT_NE(e.message.find("'1x1' or '3x3'"), std::string::npos) << e.message;

  auto flow = parse_task_text("model: {kind: network, layers: [act, maxpool 3]}\n", "flow.yaml");
  ASSERT_FALSE(flow.has_value());
  EXPECT_EQ(flow.error().where.field, "model.layers[1]");
  EXPECT_EQ(flow.error().where.line, 1);
  EXPECT_EQ(flow.error().where.column, 38);
  EXPECT_NE(flow.error().message.find("kernel = stride = 2"), std::string::npos) << flow.error().message;

  for (const char* bad : {"conv", "conv 0 3x3", "conv 8 3x3 s3", "block", "dense x", "bn 2", "pool", "relu"}) {
    auto t = parse_task_text(std::string("model: {kind: network, layers: [") + bad + "]}\n", "x.yaml");
    ASSERT_FALSE(t.has_value()) << bad;
    EXPECT_EQ(t.error().where.field, "model.layers[0]") << bad;
    EXPECT_NE(t.error().message.find("expected"), std::string::npos) << t.error().message;
  }
}

}  // namespace
}  // namespace actsearch::trainer
