// The rows of trainer/task_fields.hpp: one per member, in member order; a task with every field changed
// survives the trip through YAML; docs/TASKS.md and the fuzzing dictionary name every key.
#include "trainer/task_fields.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/yaml_reader.hpp"
#include "helpers.hpp"
#include "task_field_samples.hpp"

namespace actsearch::trainer {
namespace {

using testing::Changed;
using testing::differing_fields;
using testing::fields_changed;
using testing::source_dir;
using testing::TempDir;
using testing::with_fields_changed;

std::string file_text(const std::filesystem::path& file) {
  std::ifstream in(file);
  EXPECT_TRUE(in) << file;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Each row's value lies inside its own section, after the previous row's (member order), and no two
// rows share a member.
TEST(TaskFields, EachRowIsAMemberOfItsSectionInMemberOrder) {
  TaskSpec task;
  const auto* begin = reinterpret_cast<const char*>(&task);
  const char* previous_end = begin;
  std::size_t rows = 0;
  visit_task_fields(task, [&](const auto& field, const auto& value) {
    using Section = typename std::remove_cvref_t<decltype(field)>::Section;
    const auto* section = reinterpret_cast<const char*>(&section_of<Section>(task));
    const auto* at = reinterpret_cast<const char*>(&value);
    EXPECT_GE(at, section) << field.path;
    EXPECT_LE(at + sizeof value, section + sizeof(Section)) << field.path;
    EXPECT_GE(at, previous_end) << field.path << " is not after the row before it";
    previous_end = at + sizeof value;
    ++rows;
  });
  EXPECT_LE(previous_end, begin + sizeof task);
  EXPECT_EQ(rows, std::tuple_size_v<decltype(kTaskFields)>);
}

// Changing one field through its row changes that field and no other (so the comparisons of the other
// tests see every field).
TEST(TaskFields, ChangingOneRowChangesOneField) {
  const TaskSpec defaults;
  std::size_t target = 0, rows = 0;
  for_each_task_field([&rows](const auto&) { ++rows; });
  for (; target < rows; ++target) {
    TaskSpec task;
    std::string path;
    std::size_t index = 0;
    visit_task_fields(task, [&](const auto& field, auto& value) {
      if (index++ == target) {
        value = testing::changed_value(field, value);
        path = field.path;
      }
    });
    EXPECT_EQ(differing_fields(defaults, task), std::vector<std::string>{path});
  }
}

// A valid task of the given kinds with small sizes (a synthetic pool larger than its validation split, an
// IDX directory that exists).
TaskSpec task_of_kinds(DatasetKind dataset, OptimizerKind optimizer, const TempDir& dir) {
  TaskSpec task;
  task.dataset.kind = dataset;
  task.optimizer.kind = optimizer;
  task.model.hidden = {16, 8};
  if (task_kinds::idx(task.dataset)) {
    task.dataset.dir = dir.path();
  } else {
    task.dataset.validation_examples = 500;
    task.dataset.examples = 2500;
  }
  return task;
}

// Every field that applies, changed from its value above, is written by task_to_yaml and read back bit
// for bit, for every dataset kind and every optimiser.
TEST(TaskFields, YamlRoundTripOfEveryFieldThatApplies) {
  TempDir dir;
  for (const auto& dataset : kDatasetKinds) {
    for (const auto& optimizer : kOptimizerKinds) {
      const std::string kinds = std::string(dataset.name) + "/" + std::string(optimizer.name);
      const TaskSpec base = task_of_kinds(dataset.value, optimizer.value, dir);
      const TaskSpec task = with_fields_changed(base, Changed::ThoseThatApply);
      EXPECT_EQ(differing_fields(base, task), fields_changed(base, Changed::ThoseThatApply)) << kinds;
      if (task_kinds::idx(task.dataset)) std::filesystem::create_directories(task.dataset.dir);
      ASSERT_TRUE(validate_task(task).has_value()) << kinds << ": " << validate_task(task).error().describe();
      const std::string yaml = task_to_yaml(task);
      auto back = parse_task_text(yaml);
      ASSERT_TRUE(back.has_value()) << kinds << ":\n" << yaml << back.error().describe();
      EXPECT_EQ(differing_fields(task, *back), std::vector<std::string>{}) << kinds << ":\n" << yaml;
      EXPECT_EQ(task_to_yaml(*back), yaml) << kinds;
    }
  }
}

// The defaults written out are a task file that gives the defaults.
TEST(TaskFields, TheDefaultsWrittenOutReadBackAsTheDefaults) {
  TempDir dir;
  TaskSpec defaults;
  defaults.dataset.dir = dir.path();  // the default directory need not exist here
  const std::string yaml = task_to_yaml(defaults);
  EXPECT_NE(yaml.find("kind: fashion_mnist"), std::string::npos) << yaml;
  EXPECT_EQ(yaml.find("beta1"), std::string::npos) << "a key that does not apply to SGD was written:\n" << yaml;
  auto back = parse_task_text(yaml);
  ASSERT_TRUE(back.has_value()) << back.error().describe();
  EXPECT_EQ(differing_fields(defaults, *back), std::vector<std::string>{}) << yaml;
}

// docs/TASKS.md has one row per field, `path` and `default`, and the default read as YAML is the one in
// code.
TEST(TaskFields, TheDocumentationListsEveryKeyWithItsDefault) {
  std::map<std::string, std::string> documented;  // path -> default, as written
  std::istringstream doc(file_text(source_dir() / "docs" / "TASKS.md"));
  for (std::string line; std::getline(doc, line);) {
    if (line.rfind("| `", 0) != 0) continue;
    std::vector<std::string> cells;
    std::istringstream row(line.substr(1));
    for (std::string cell; std::getline(row, cell, '|');) cells.push_back(cell);
    ASSERT_GE(cells.size(), 2u) << line;
    auto code = [&line](std::string cell) {
      const auto first = cell.find('`'), last = cell.rfind('`');
      EXPECT_TRUE(first != std::string::npos && last > first) << line;
      return first == std::string::npos || last <= first ? std::string() : cell.substr(first + 1, last - first - 1);
    };
    EXPECT_TRUE(documented.emplace(code(cells[0]), code(cells[1])).second) << "listed twice: " << line;
  }
  const TaskSpec defaults;
  std::set<std::string> rows;
  visit_task_fields(defaults, [&](const auto& field, const auto& value) {
    const std::string path(field.path);
    rows.insert(path);
    const auto it = documented.find(path);
    if (it == documented.end()) {
      ADD_FAILURE() << path << " is not in docs/TASKS.md";
      return;
    }
    const YAML::Node node = YAML::Load("value: " + it->second);
    yaml::Reader in("docs/TASKS.md");
    auto read = value;
    if constexpr (std::is_enum_v<std::remove_cvref_t<decltype(value)>>) {
      in.read_enum(node, "", "value", field.names, read);
    } else {
      in.read(node, "", "value", read);
    }
    ASSERT_TRUE(in.ok()) << path << ": " << in.error().describe();
    EXPECT_TRUE(testing::same_value(read, value)) << path << ": docs/TASKS.md says " << it->second;
  });
  for (const auto& [path, value] : documented) EXPECT_TRUE(rows.count(path)) << path << " is not a field";
}

// The fuzzer's dictionary holds every key and every spelling of a value, so that it can reach them all.
TEST(TaskFields, TheFuzzingDictionaryHoldsEveryKeyAndSpelling) {
  const std::string dict = file_text(source_dir() / "tests" / "fuzz" / "task_yaml.dict");
  auto listed = [&dict](std::string_view word) {
    return dict.find("\n\"" + std::string(word) + "\"\n") != std::string::npos;
  };
  for_each_task_section([&](const auto& section) { EXPECT_TRUE(listed(section.name)) << section.name; });
  for_each_task_field([&](const auto& field) {
    EXPECT_TRUE(listed(field.key())) << field.path;
    for (const auto& named : field.names) EXPECT_TRUE(listed(named.name)) << field.path << ": " << named.name;
  });
}

}  // namespace
}  // namespace actsearch::trainer
