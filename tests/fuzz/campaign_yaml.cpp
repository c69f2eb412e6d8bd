// Campaign configs (YAML) on arbitrary text: parse_campaign_config never crashes or throws, errors say
// what, and an accepted config has its canonical text. Relative task and space paths resolve against
// the source tree's configs/ folder, so the seeds can name the real task and space files.
#include <cstddef>
#include <cstdint>
#include <string>

#include "search/config/campaign_config.hpp"
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
  FUZZ_CHECK(!config->canonical_text.empty(), text);
  // The canonical text is what a resumed campaign must match: reading it back gives the same text.
  auto again = search::parse_campaign_config(config->text, file);
  FUZZ_CHECK(again.has_value() && again->canonical_text == config->canonical_text,
             "the same text parsed twice differs: " + text);
  return 0;
}
