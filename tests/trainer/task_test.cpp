// Task files: defaults, the shipped tasks, and errors that name the file, line, column and field.
#include "trainer/task.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "helpers.hpp"

namespace actsearch::trainer {
namespace {

using testing::load_config;
using testing::TempDir;

TEST(Task, EmptyMappingGivesTheDocumentedDefaults) {
  auto task = parse_task_text("{}");
  ASSERT_TRUE(task.has_value()) << task.error().describe();
  EXPECT_EQ(task->model.hidden, (std::vector<int>{256, 256, 256, 256}));
  EXPECT_EQ(task->optimizer.kind, OptimizerKind::Sgd);
  EXPECT_DOUBLE_EQ(task->optimizer.lr, 0.02);
  EXPECT_DOUBLE_EQ(task->optimizer.momentum, 0.9);
  EXPECT_EQ(task->training.epochs, 2);
  EXPECT_EQ(task->training.batch_size, 128);
  EXPECT_EQ(task->dataset.kind, DatasetKind::FashionMnist);
  EXPECT_EQ(task->dataset.validation_examples, 10000u);
}

TEST(Task, ShippedTasksLoad) {
  const TaskSpec fmnist = load_config("fmnist-mlp4.yaml");
  EXPECT_EQ(fmnist.name, "fmnist-mlp4");
  EXPECT_EQ(fmnist.model.hidden.size(), 4u);
  const TaskSpec spirals = load_config("spirals-small.yaml");
  EXPECT_EQ(spirals.dataset.kind, DatasetKind::TwoSpirals);
  EXPECT_EQ(spirals.optimizer.kind, OptimizerKind::Adam);
  EXPECT_EQ(spirals.optimizer.schedule, Schedule::Cosine);
}

struct BadTask {
  std::string yaml;
  int line, column;
  std::string field, message_part;
};

class TaskErrors : public ::testing::TestWithParam<BadTask> {};

TEST_P(TaskErrors, NameFileLineColumnAndField) {
  const BadTask& c = GetParam();
  TempDir dir;
  const auto file = dir.path() / "task.yaml";
  std::ofstream(file) << c.yaml;
  auto task = load_task(file);
  ASSERT_FALSE(task.has_value()) << c.yaml;
  const Error& e = task.error();
  EXPECT_EQ(e.where.file, file.string());
  EXPECT_EQ(e.where.line, c.line) << e.describe();
  EXPECT_EQ(e.where.column, c.column) << e.describe();
  EXPECT_EQ(e.where.field, c.field) << e.describe();
  EXPECT_NE(e.message.find(c.message_part), std::string::npos) << e.describe();
}

INSTANTIATE_TEST_SUITE_P(
    Task, TaskErrors,
    ::testing::Values(BadTask{"name: t\noptimizer:\n  lr: fast\n", 3, 7, "optimizer.lr", "expected a finite number"},
                      BadTask{"name: t\noptimizer:\n  kind: rmsprop\n", 3, 9, "optimizer.kind", "sgd, adam, adamw"},
                      BadTask{"model:\n  hidden: [64, 64]\n  widht: 3\n", 3, 3, "model.widht", "unknown key"},
                      BadTask{"training:\n  epochs: -1\n", 2, 11, "training.epochs", "must be at least 1"},
                      BadTask{"training:\n  batch_size: 0\n", 2, 15, "training.batch_size", "must be at least 1"},
                      BadTask{"optimizer:\n  lr: -0.1\n", 2, 7, "optimizer.lr", "must be positive"},
                      BadTask{"model:\n  hidden: []\n", 2, 11, "model.hidden", "hidden"},
                      BadTask{"model:\n  hidden: [64, x]\n", 2, 11, "model.hidden", "element 1"},
                      BadTask{"dataset:\n  kind: two_spirals\n  dir: /tmp\n", 3, 8, "dataset.dir", "does not apply"},
                      BadTask{"optimizer: 3\n", 1, 12, "optimizer", "expected a mapping"},
                      BadTask{"model:\n  bias_init: 5000\n", 2, 14, "model.bias_init", "within [-1000, 1000]"}),
    [](const ::testing::TestParamInfo<BadTask>& param) { return "case" + std::to_string(param.index); });

TEST(Task, SyntaxErrorsHaveAPosition) {
  TempDir dir;
  const auto file = dir.path() / "broken.yaml";
  std::ofstream(file) << "name: t\nmodel: {hidden: [64\n";
  auto task = load_task(file);
  ASSERT_FALSE(task.has_value());
  EXPECT_EQ(task.error().where.file, file.string());
  EXPECT_GT(task.error().where.line, 0);
}

TEST(Task, MissingFileIsAnError) {
  auto task = load_task("/nonexistent/task.yaml");
  ASSERT_FALSE(task.has_value());
  EXPECT_NE(task.error().describe().find("/nonexistent/task.yaml"), std::string::npos);
}

TEST(Task, ValidateRejectsImpossibleValuesBuiltInCode) {
  TaskSpec task;
  EXPECT_TRUE(validate_task(task).has_value());
  task.optimizer.kind = OptimizerKind::Adam;  // beta2 means nothing to SGD, and is not checked there
  task.optimizer.beta2 = 1.0;
  EXPECT_FALSE(validate_task(task).has_value());
  task = TaskSpec{};
  task.training.divergence_factor = 0.5;
  EXPECT_FALSE(validate_task(task).has_value());
}

}  // namespace
}  // namespace actsearch::trainer
