#include "search/strategies/registry.hpp"

namespace actsearch::search::strategies {

// Each kind's entry lives in its own file.
extern const StrategyEntry kEvolutionStrategy;
extern const StrategyEntry kRandomStrategy;
extern const StrategyEntry kExhaustiveStrategy;
extern const StrategyEntry kListStrategy;
extern const StrategyEntry kSurrogateStrategy;

namespace {

// Stream number under the campaign seed: never renumber (resumed campaigns replay it).
constexpr std::uint64_t kStrategyStream = 0x5eed'0001;

const StrategyEntry* const kEntries[] = {&kEvolutionStrategy, &kRandomStrategy, &kExhaustiveStrategy, &kListStrategy,
                                         &kSurrogateStrategy};

}  // namespace

Strategy::~Strategy() = default;
void Strategy::observe(std::span<const Proposal>, std::span<const double>) {}

StrategyOptions StrategyEntry::default_options() const {
  std::vector<std::pair<std::string, OptionValue>> values;
  for (const auto& o : options) values.emplace_back(std::string(o.key), o.default_value);
  return StrategyOptions(std::move(values));
}

bool StrategyEntry::has_option(std::string_view key) const {
  for (const auto& o : options) {
    if (o.key == key) return true;
  }
  return false;
}

std::span<const StrategyEntry* const> all_strategies() { return kEntries; }

const StrategyEntry* find_strategy(std::string_view name) {
  for (const auto* e : kEntries) {
    if (e->name == name) return e;
  }
  return nullptr;
}

std::string strategy_names() {
  std::string out;
  for (const auto* e : kEntries) out += (out.empty() ? "" : ", ") + std::string(e->name);
  return out;
}

std::unique_ptr<Strategy> make_strategy(const StrategyEntry& entry, const StrategySettings& settings,
                                        std::uint64_t campaign_seed) {
  return entry.make(settings, campaign_seed ^ kStrategyStream);
}

}  // namespace actsearch::search::strategies
