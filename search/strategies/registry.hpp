// The strategy kinds. One entry per kind holds everything about it: its name in the campaign file, its
// own keys with their defaults and meanings, the checks of their values, how much it can offer and its
// factory. The campaign file reader, the checks, the progress plan, configs/example.yaml's test and
// the report read these entries; a new strategy is one file (its class and its entry) plus one line in
// src/registry.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "search/strategies/options.hpp"
#include "search/strategies/strategy.hpp"
#include "spaces/space.hpp"

namespace actsearch::search::strategies {

// What a strategy's checks and factory see of the campaign: its slice of the configuration.
struct StrategySettings {
  int budget = 0;  // distinct functions to train at the first rung
  int batch = 0;   // proposals trained together
  const StrategyOptions& options;
  const spaces::Space* space = nullptr;  // null when the campaign has none (a strategy that needs none)
};

// A value that cannot be used: the key (relative to the `strategy:` section, e.g. "tournament",
// "expressions[2]", or "kind" for a problem with the kind itself) and what is wrong.
struct OptionProblem {
  std::string key;
  std::string message;
};

struct StrategyEntry {
  std::string_view name;
  std::string_view summary;  // one line: what it does
  bool needs_space = true;   // false: it proposes without a search space
  // The user's own functions (recorded as listed, not as proposed by a strategy).
  bool proposes_listed_functions = false;
  // Proposes the space's members in order, each once: the progress plan projects its end from the share
  // of proposals that became new candidates so far.
  bool walks_space_in_order = false;
  std::vector<OptionSpec> options;
  // The first value that cannot be used (across keys, against budget, batch and space); none if all can.
  std::function<std::optional<OptionProblem>(const StrategySettings&)> check;
  // The most distinct functions it can propose, when not the space's size.
  std::function<std::optional<std::uint64_t>(const StrategySettings&)> supply;
  // A strategy seeded with `seed`; `settings.space` (when needed) outlives it.
  std::function<std::unique_ptr<Strategy>(const StrategySettings& settings, std::uint64_t seed)> make;

  // Its keys at their defaults.
  StrategyOptions default_options() const;
  bool has_option(std::string_view key) const;
};

// Every registered kind, in the order the documentation lists them.
std::span<const StrategyEntry* const> all_strategies();
// The entry named `name`, or null.
const StrategyEntry* find_strategy(std::string_view name);
// "evolution, random, exhaustive, list, surrogate".
std::string strategy_names();

// The strategy for a campaign seed (its stream is derived here, so every kind is seeded the same way).
std::unique_ptr<Strategy> make_strategy(const StrategyEntry& entry, const StrategySettings& settings,
                                        std::uint64_t campaign_seed);

}  // namespace actsearch::search::strategies
