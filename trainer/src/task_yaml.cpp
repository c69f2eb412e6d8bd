// Task files: YAML <-> TaskSpec with precise error locations, driven by the rows of
// trainer/task_fields.hpp. Values are checked once, by validate_task (task_validate.cpp); the parser
// maps the failing field back to its line and column.
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <type_traits>

#include "common/yaml_reader.hpp"
#include "trainer/task_fields.hpp"

namespace actsearch::trainer {
namespace {

using yaml::Reader;

// The keys a section's mapping may hold: its fields (and at the top level, the sections too).
template <class S>
std::vector<std::string_view> keys_of() {
  std::vector<std::string_view> keys;
  for_each_task_field([&keys](const auto& field) {
    if constexpr (in_section_v<S, decltype(field)>) keys.push_back(field.key());
  });
  if constexpr (std::is_same_v<S, TaskSpec>) {
    for_each_task_section([&keys](const auto& section) { keys.push_back(section.name); });
  }
  return keys;
}

template <class Field, class T>
void read_value(Reader& in, const YAML::Node& map, const std::string& path, const Field& field, T& value) {
  if constexpr (std::is_enum_v<T>) {
    in.read_enum(map, path, field.key(), field.names, value);
  } else {
    in.read(map, path, field.key(), value);
  }
  if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    // Each element's position, for errors about one entry ("model.layers[3]").
    const YAML::Node list = map[std::string(field.key())];
    if (in.ok() && list && list.IsSequence()) {
      for (std::size_t i = 0; i < list.size(); ++i)
        in.remember(list[i], path + "." + std::string(field.key()) + "[" + std::to_string(i) + "]");
    }
  }
  if constexpr (std::is_same_v<T, std::filesystem::path>) {
    // A relative path is relative to the file that names it (an empty default: the file's folder).
    if (in.ok() && (map[std::string(field.key())] || value.empty()) && value.is_relative() && !in.file().empty()) {
      value = std::filesystem::path(in.file()).parent_path() / value;
    }
  }
}

// The fields of section S from `map` (the section's mapping, or the document at the top level).
template <class S>
void read_fields(Reader& in, const YAML::Node& map, const std::string& path, S& out) {
  // The kind first: it says which other fields may be given.
  std::string why;
  for_each_task_field([&](const auto& field) {
    if constexpr (in_section_v<S, decltype(field)> &&
                  std::is_enum_v<typename std::remove_cvref_t<decltype(field)>::Value>) {
      if (field.selects) {
        read_value(in, map, path, field, out.*field.member);
        why = "to " + path + " " + std::string(field.key()) + " " +
              std::string(yaml::name_of(field.names, out.*field.member));
      }
    }
  });
  for_each_task_field([&](const auto& field) {
    if constexpr (in_section_v<S, decltype(field)>) {
      if (!field.applies_in(out)) in.reject(map, path, field.key(), why);
    }
  });
  for_each_task_field([&](const auto& field) {
    if constexpr (in_section_v<S, decltype(field)>) {
      if (!field.selects) read_value(in, map, path, field, out.*field.member);
    }
  });
}

// Shortest text that reads back as the same double.
std::string shortest(double v) {
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, v).ptr;
  return std::string(text, end);
}

template <class Field, class T>
void write_value(YAML::Emitter& out, const Field& field, const T& value) {
  if constexpr (std::is_enum_v<T>) {
    out << std::string(yaml::name_of(field.names, value));
  } else if constexpr (std::is_same_v<T, double>) {
    out << shortest(value);
  } else if constexpr (std::is_same_v<T, bool> || std::is_integral_v<T> || std::is_same_v<T, std::string>) {
    out << value;
  } else if constexpr (std::is_same_v<T, std::filesystem::path>) {
    out << value.string();
  } else if constexpr (std::is_same_v<T, std::vector<int>> || std::is_same_v<T, std::vector<std::string>>) {
    out << YAML::Flow << YAML::BeginSeq;
    for (const auto& v : value) out << v;
    out << YAML::EndSeq;
  } else {
    static_assert(sizeof(T) == 0, "a task field of a type task_to_yaml cannot write");
  }
}

template <class S>
void write_fields(YAML::Emitter& out, const TaskSpec& task) {
  visit_task_fields(task, [&](const auto& field, const auto& value) {
    if constexpr (in_section_v<S, decltype(field)>) {
      if (!field.applies_to(task)) return;
      out << YAML::Key << std::string(field.key()) << YAML::Value;
      write_value(out, field, value);
    }
  });
}

}  // namespace

Expected<TaskSpec> parse_task(const YAML::Node& node, const std::string& file) {
  Reader in(file);
  TaskSpec task;
  if (!node || node.IsNull()) {
    in.report("empty task: expected a mapping", in.where(node, ""));
    return fail(in.error());
  }
  in.remember(node, "");
  if (in.section(node, "", keys_of<TaskSpec>())) {
    read_fields(in, node, "", task);
    for_each_task_section([&](const auto& section) {
      using S = typename std::remove_cvref_t<decltype(section)>::Type;
      const std::string path(section.name);
      const YAML::Node map = node[path];
      if (in.section(map, path, keys_of<S>())) read_fields(in, map, path, task.*section.member);
    });
    // The sections an external task's script replaces may not be given.
    for_each_task_section([&](const auto& section) {
      using S = typename std::remove_cvref_t<decltype(section)>::Type;
      if (section_applies<S>(task)) return;
      const YAML::Node map = node[std::string(section.name)];
      if (!map || !map.IsMap()) return;
      for (std::string_view key : keys_of<S>()) in.reject(map, std::string(section.name), key, "to an external task");
    });
  }
  if (!in.ok()) return fail(in.error());
  if (auto valid = validate_task(task); !valid) {
    Error e = valid.error();
    e.where = in.position_of(e.where.field);
    return fail(std::move(e));
  }
  return task;
}

Expected<TaskSpec> parse_task_text(std::string_view yaml, const std::string& file) {
  auto root = yaml::load_text(yaml, file);
  if (!root) return fail(root.error());
  return parse_task(*root, file);
}

Expected<TaskSpec> load_task(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return fail("cannot read task file", {.file = file.string()});
  std::stringstream text;
  text << in.rdbuf();
  return parse_task_text(text.str(), file.string());
}

std::string task_to_yaml(const TaskSpec& task) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  write_fields<TaskSpec>(out, task);
  for_each_task_section([&](const auto& section) {
    using S = typename std::remove_cvref_t<decltype(section)>::Type;
    out << YAML::Key << std::string(section.name) << YAML::Value << YAML::BeginMap;
    write_fields<S>(out, task);
    out << YAML::EndMap;
  });
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

std::string_view to_string(DatasetKind kind) { return yaml::name_of(kDatasetKinds, kind); }
std::string_view to_string(ModelKind kind) { return yaml::name_of(kModelKinds, kind); }
std::string_view to_string(Norm norm) { return yaml::name_of(kNorms, norm); }
std::string_view to_string(Init init) { return yaml::name_of(kInits, init); }
std::string_view to_string(OptimizerKind kind) { return yaml::name_of(kOptimizerKinds, kind); }
std::string_view to_string(ExternalFramework framework) { return yaml::name_of(kExternalFrameworks, framework); }

}  // namespace actsearch::trainer
