// The expression parser on arbitrary text: never crashes, and whatever it accepts prints to a text that
// parses back to the structurally identical expression and prints identically again (both with and
// without template placeholders).
#include <cstddef>
#include <cstdint>
#include <string>

#include "expr/parse.hpp"
#include "expr/print.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

void round_trip(std::string_view text, const actsearch::expr::ParseOptions& options) {
  using namespace actsearch::expr;
  auto parsed = parse(text, options);
  if (!parsed) {
    // An error says where: its column lies inside the text (or just past its end).
    const auto& where = parsed.error().where;
    FUZZ_CHECK(where.column >= 0 && static_cast<std::size_t>(where.column) <= text.size() + 1,
               parsed.error().describe());
    FUZZ_CHECK(!parsed.error().message.empty(), std::string(text));
    return;
  }
  const std::string printed = print(*parsed);
  auto again = parse(printed, options);
  FUZZ_CHECK(again.has_value(), "input: " + std::string(text) + "\nprinted: " + printed +
                                    "\nerror: " + (again ? std::string() : again.error().describe()));
  FUZZ_CHECK(*again == *parsed,
             "input: " + std::string(text) + "\nprinted: " + printed + "\nreprinted: " + print(*again));
  FUZZ_CHECK(print(*again) == printed, "printed: " + printed + "\nreprinted: " + print(*again));
  (void)print_latex(*parsed);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  round_trip(text, {});
  round_trip(text, actsearch::expr::ParseOptions{.placeholders = true});
  return 0;
}
