// Tasks for the tests that walk the rows of trainer/task_fields.hpp: a value other than a given one for
// every type a field has, tasks with every field changed, and the fields in which two tasks differ.
// Shared by the trainer and search suites, so that a new field is changed and compared without a word
// about it in any test.
#pragma once

#include <cmath>
#include <cstddef>
#include <filesystem>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "tests/common/bits.hpp"
#include "trainer/task_fields.hpp"

namespace actsearch::trainer::testing {

// A value of the row's type other than `v` and next to it, so that a valid value stays valid: the next
// enumerator (cyclically), the next double, one more, one more hidden layer.
template <class Field, class T>
T changed_value(const Field& field, const T& v) {
  if constexpr (std::is_enum_v<T>) {
    for (std::size_t i = 0; i < field.names.size(); ++i) {
      if (field.names[i].value == v) return field.names[(i + 1) % field.names.size()].value;
    }
    return field.names.front().value;
  } else if constexpr (std::is_same_v<T, bool>) {
    return !v;
  } else if constexpr (std::is_same_v<T, double>) {
    return std::nextafter(v, std::numeric_limits<double>::infinity());
  } else if constexpr (std::is_integral_v<T>) {
    return static_cast<T>(v + 1);
  } else if constexpr (std::is_same_v<T, std::string>) {
    return v + "-changed";
  } else if constexpr (std::is_same_v<T, std::filesystem::path>) {
    return v / "changed";
  } else if constexpr (std::is_same_v<T, std::vector<int>>) {
    std::vector<int> more = v;
    more.push_back(3);
    return more;
  } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    std::vector<std::string> more = v;
    more.push_back("act");
    return more;
  } else {
    static_assert(sizeof(T) == 0, "a task field of a type these tests cannot change");
  }
}

// The same value (doubles bit for bit).
template <class T>
bool same_value(const T& a, const T& b) {
  if constexpr (std::is_same_v<T, double>) {
    return ::actsearch::testing::same_bits(a, b);
  } else {
    return a == b;
  }
}

// The paths of the fields in which `a` and `b` differ, in row order.
inline std::vector<std::string> differing_fields(const TaskSpec& a, const TaskSpec& b) {
  std::vector<std::string> out;
  visit_task_fields(a, [&](const auto& field, const auto& value) {
    if (!same_value(value, field.of(b))) out.emplace_back(field.path);
  });
  return out;
}

enum class Changed {
  Every,          // every field, the kinds too
  ThoseThatApply  // the fields that apply to the task's kinds; the kinds stay
};

// `task` with fields changed by changed_value().
inline TaskSpec with_fields_changed(const TaskSpec& task, Changed which) {
  TaskSpec out = task;
  visit_task_fields(out, [&](const auto& field, auto& value) {
    if (which == Changed::Every || (!field.selects && field.applies_to(task))) value = changed_value(field, value);
  });
  return out;
}

// The paths of the fields with_fields_changed(task, which) changes.
inline std::vector<std::string> fields_changed(const TaskSpec& task, Changed which) {
  std::vector<std::string> out;
  visit_task_fields(task, [&](const auto& field, const auto&) {
    if (which == Changed::Every || (!field.selects && field.applies_to(task))) out.emplace_back(field.path);
  });
  return out;
}

}  // namespace actsearch::trainer::testing
