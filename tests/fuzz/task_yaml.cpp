// Task files (YAML) on arbitrary text: parse_task_text never crashes or throws, errors say what, and an
// accepted task passes the checks that tasks built in code must pass.
#include <cstddef>
#include <cstdint>
#include <string>

#include "tests/fuzz/fuzz_support.hpp"
#include "trainer/task.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace actsearch;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto task = trainer::parse_task_text(text, "fuzz.yaml");
  if (!task) {
    FUZZ_CHECK(!task.error().message.empty(), std::string(text));
    return 0;
  }
  auto valid = trainer::validate_task(*task);
  FUZZ_CHECK(valid.has_value(), "accepted task fails validate_task: " + valid.error().describe());
  return 0;
}
