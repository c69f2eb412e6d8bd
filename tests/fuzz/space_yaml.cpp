// Space definitions (YAML) on arbitrary text: parse_text never crashes or throws, errors say where, and
// an accepted space samples, mutates and builds members that belong to it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "expr/print.hpp"
#include "spaces/random.hpp"
#include "spaces/space.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace actsearch;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto space = spaces::Space::parse_text(text, "fuzz.yaml");
  if (!space) {
    FUZZ_CHECK(!space.error().message.empty(), std::string(text));
    return 0;
  }
  (void)space->describe();
  (void)space->raw_size();
  spaces::Rng rng(size);
  for (int i = 0; i < 4; ++i) {
    const spaces::Genome g = space->sample(rng);
    FUZZ_CHECK(space->contains(g), "a sampled member is not in the space: " + expr::print(space->expression(g)));
    const spaces::Genome child = space->mutate(g, rng);
    FUZZ_CHECK(space->contains(child),
               "a mutated member is not in the space: " + expr::print(space->expression(child)));
    (void)expr::print(space->expression(child));
  }
  return 0;
}
