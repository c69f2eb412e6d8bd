// Campaign configs (YAML) on arbitrary text: parse_campaign_config never crashes or throws, errors say
// what, and an accepted config's resolution (what a campaign stores and resumes by) reads back as a
// config that resolves to the same values. Relative task and space paths resolve against the source
// tree's configs/ folder, so the seeds can name the real task and space files.
#include <cstddef>
#include <cstdint>
#include <string>

#include "search/config/campaign_config.hpp"
#include "search/config/resolved.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace actsearch;
  static const std::string file = std::string(ACTSEARCH_SOURCE_DIR) + "/configs/fuzz.yaml";
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto config = search::parse_campaign_config(text, file);
  if (!config) {
    FUZZ_CHECK(!config.error().message.empty(), text);
    return 0;
  }
  const auto resolved = search::resolved_config(*config);
  auto again = search::config_from_resolved(resolved, "the resolution");
  FUZZ_CHECK(again.has_value(),
             "the resolution does not read back (" + (again ? std::string() : again.error().describe()) + "): " + text);
  FUZZ_CHECK(search::meaning_differences(resolved, search::resolved_config(*again)).empty(),
             "the resolution reads back as another configuration: " + text);
  return 0;
}
