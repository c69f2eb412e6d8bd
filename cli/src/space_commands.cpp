// `actsearch space count` and `actsearch space sample`: inspecting search spaces.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/src/commands.hpp"
#include "expr/print.hpp"
#include "expr/simplify.hpp"
#include "spaces/space.hpp"

namespace actsearch::cli {
namespace {

int run_count(const std::string& file, bool as_json, double max_seconds) {
  auto space = spaces::Space::load(file);
  if (!space) {
    report(space.error());
    return kBadInput;
  }
  const auto raw = space->raw_size();
  if (!space->enumerable()) {
    report(Error{"the space has " + (raw ? std::to_string(*raw) : std::string("too many")) +
                     " raw members, more than can be enumerated (limit " + std::to_string(spaces::kEnumerationLimit) +
                     ")",
                 Location{.file = file}});
    return kBadInput;
  }
  spaces::CountOptions options;
  options.max_seconds = max_seconds;
  const bool interactive = !as_json && isatty(fileno(stderr));
  const auto c = spaces::count(*space, options, [&](std::uint64_t done) {
    if (interactive) fmt::print(stderr, "\r{} / {}", done, *raw);
  });
  if (interactive) fmt::print(stderr, "\r{:40}\r", "");
  if (as_json) {
    nlohmann::json out = {{"space", space->name()},     {"raw_size", *raw},           {"raw", c.raw},
                          {"structural", c.structural}, {"functional", c.functional}, {"finite", c.finite},
                          {"seconds", c.seconds},       {"complete", c.complete}};
    fmt::print("{}\n", out.dump(2));
    return 0;
  }
  fmt::print("{}\n", space->describe());
  if (!c.complete)
    fmt::print("stopped after {:.0f} s: counts cover the first {} of {} members\n", max_seconds, c.raw, *raw);
  fmt::print("raw          {}\n", c.raw);
  fmt::print("structural   {}\n", c.structural);
  fmt::print("functional   {}\n", c.functional);
  fmt::print("finite       {}\n", c.finite);
  fmt::print("seconds      {:.2f}\n", c.seconds);
  return 0;
}

int run_sample(const std::string& file, int n, std::uint64_t seed) {
  auto space = spaces::Space::load(file);
  if (!space) {
    report(space.error());
    return kBadInput;
  }
  spaces::Rng rng(seed);
  for (int i = 0; i < n; ++i) fmt::print("{}\n", expr::print(expr::simplify(space->expression(space->sample(rng)))));
  return 0;
}

}  // namespace

void add_space_commands(CLI::App& app, int& exit_code) {
  auto* space = app.add_subcommand("space", "Inspect a search space definition");
  space->require_subcommand(1);

  auto* count =
      space->add_subcommand("count", "Enumerate a space: raw, structurally and functionally distinct members");
  auto count_file = std::make_shared<std::string>();
  auto count_json = std::make_shared<bool>(false);
  auto count_budget = std::make_shared<double>(0.0);
  count->add_option("SPACE", *count_file, "Space definition (YAML)")->required();
  count->add_flag("--json", *count_json, "Print one JSON object");
  count->add_option("--max-seconds", *count_budget, "Stop after this long and report partial counts (0 = no limit)")
      ->check(CLI::NonNegativeNumber);
  count->callback([=, &exit_code] { exit_code = run_count(*count_file, *count_json, *count_budget); });

  auto* sample = space->add_subcommand("sample", "Print uniformly sampled members as canonical expressions");
  auto sample_file = std::make_shared<std::string>();
  auto sample_n = std::make_shared<int>(10);
  auto sample_seed = std::make_shared<std::uint64_t>(0);
  sample->add_option("SPACE", *sample_file, "Space definition (YAML)")->required();
  sample->add_option("-n", *sample_n, "Number of samples")->check(CLI::NonNegativeNumber);
  sample->add_option("--seed", *sample_seed, "Random seed");
  sample->callback([=, &exit_code] { exit_code = run_sample(*sample_file, *sample_n, *sample_seed); });
}

}  // namespace actsearch::cli
