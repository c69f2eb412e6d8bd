// The `external:` section of a task file: what it reads, what it rejects, what it writes back.
#include <gtest/gtest.h>

#include "tests/external/python_env.hpp"
#include "trainer/symmetry.hpp"
#include "trainer/task.hpp"

namespace actsearch::trainer {
namespace {

TEST(ExternalTask, ReadsTheSectionWithTheFilesFolderAsWorkingDirectory) {
  const auto dir = external_testing::fresh_folder("task-yaml");
  external_testing::write_file(dir / "train.py", "");
  auto task = parse_task_text(R"(name: mine
training: {epochs: 3, train_examples: 500}
external:
  framework: jax
  command: "sh train.py --module {module} --result {result} --seed {seed}"
  timeout_s: 30
  workers: 2
)",
                              (dir / "task.yaml").string());
  ASSERT_TRUE(task.has_value()) << task.error().describe();
  EXPECT_TRUE(is_external(*task));
  EXPECT_EQ(task->external.framework, ExternalFramework::Jax);
  EXPECT_EQ(std::filesystem::weakly_canonical(task->external.dir), std::filesystem::weakly_canonical(dir));
  EXPECT_EQ(task->external.timeout_s, 30);
  EXPECT_EQ(task->external.workers, 2);
  EXPECT_FALSE(sign_symmetric(*task));

  // Written back without the sections the script replaces, and read back the same.
  const std::string yaml = task_to_yaml(*task);
  EXPECT_EQ(yaml.find("hidden"), std::string::npos) << yaml;
  EXPECT_EQ(yaml.find("fashion"), std::string::npos) << yaml;
  auto back = parse_task_text(yaml);
  ASSERT_TRUE(back.has_value()) << back.error().describe() << "\n" << yaml;
  EXPECT_EQ(back->external.command, task->external.command);
  EXPECT_EQ(back->external.dir, task->external.dir);
  EXPECT_EQ(task_to_yaml(*back), yaml);
  std::filesystem::remove_all(dir);
}

TEST(ExternalTask, NativeTasksAreUnchangedAndRejectCommandKeys) {
  const TaskSpec native;
  EXPECT_FALSE(is_external(native));
  EXPECT_EQ(task_to_yaml(native).find("command"), std::string::npos);
  auto with_command = parse_task_text("external:\n  command: \"sh x {module} {result}\"\n", "t.yaml");
  ASSERT_FALSE(with_command.has_value());
  EXPECT_EQ(with_command.error().describe(),
            "t.yaml:2:12: field 'external.command': key 'command' does not apply to external framework none");
  auto with_model = parse_task_text(
      "model: {hidden: [3]}\nexternal: {framework: pytorch, command: \"sh x {module} {result}\"}\n", "t.yaml");
  ASSERT_FALSE(with_model.has_value());
  EXPECT_NE(with_model.error().describe().find(
                "t.yaml:1:17: field 'model.hidden': key 'hidden' does not apply to an external task"),
            std::string::npos)
      << with_model.error().describe();
  auto bad_timeout =
      parse_task_text("external: {framework: pytorch, command: \"sh x {module} {result}\", timeout_s: 0}\n", "t.yaml");
  ASSERT_FALSE(bad_timeout.has_value());
  EXPECT_NE(bad_timeout.error().describe().find("field 'external.timeout_s': must be positive"), std::string::npos)
      << bad_timeout.error().describe();
}

}  // namespace
}  // namespace actsearch::trainer
