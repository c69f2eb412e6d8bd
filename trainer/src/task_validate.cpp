// The value checks of a task, shared by the YAML parser (which adds line and column) and by code
// that builds a TaskSpec directly. The checks are the rows' (trainer/task_fields.hpp); a field that does
// not apply to its section's kind is not checked (its value means nothing there).
#include <optional>

#include "trainer/task_fields.hpp"

namespace actsearch::trainer {

Expected<void> validate_task(const TaskSpec& task) {
  std::optional<Error> first;
  auto report = [&first](std::string_view field, const Problem& problem) {
    if (first || !problem) return;
    // "[i] message" (element_problem) is about element i of the field.
    std::string path(field), message = *problem;
    if (const auto close = message.find("] "); message.starts_with('[') && close != std::string::npos) {
      path += message.substr(0, close + 1);
      message.erase(0, close + 2);
    }
    first = Error{std::move(message), {.field = std::move(path)}};
  };
  // Every check of a value within its section first, in row order (so a check may rely on the fields
  // before it), then the checks that read other sections, which are valid by then.
  visit_task_fields(task, [&](const auto& field, const auto& value) {
    using Section = typename std::remove_cvref_t<decltype(field)>::Section;
    if (!first && field.check && field.applies_to(task)) {
      report(field.path, field.check(value, section_of<Section>(task)));
    }
  });
  visit_task_fields(task, [&](const auto& field, const auto& value) {
    if (!first && field.check_in_task && field.applies_to(task)) report(field.path, field.check_in_task(value, task));
  });
  if (first) return fail(std::move(*first));
  return {};
}

}  // namespace actsearch::trainer
