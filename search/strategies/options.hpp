// A strategy's own settings: the keys of the campaign file's `strategy:` section beyond kind, budget and
// batch. Each strategy declares its keys with their defaults (which fix their types) in its registry
// entry (search/strategies/registry.hpp); the campaign file reader, the checks, `configs/example.yaml`'s
// test and the report all work from that one declaration.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace actsearch::search::strategies {

using OptionValue = std::variant<int, double, std::string, std::vector<std::string>>;

// One key of a strategy's section.
struct OptionSpec {
  std::string_view key;
  OptionValue default_value;                   // its type is the key's type
  std::string_view meaning;                    // one line, as configs/example.yaml explains it
  std::vector<std::string_view> choices = {};  // a string key: the values it may take
};

// Resolved values: every key of one strategy, in its entry's order, defaults filled in.
class StrategyOptions {
 public:
  StrategyOptions() = default;
  explicit StrategyOptions(std::vector<std::pair<std::string, OptionValue>> values) : values_(std::move(values)) {}

  // The value of a key of this strategy; asking for a key it does not have, or with another type, is a
  // programmer error (std::logic_error).
  int integer(std::string_view key) const;
  double number(std::string_view key) const;
  const std::string& text(std::string_view key) const;
  const std::vector<std::string>& texts(std::string_view key) const;
  // Replaces a value (same rules as the getters: the key must exist and keep its type).
  void set(std::string_view key, OptionValue value);

  const std::vector<std::pair<std::string, OptionValue>>& values() const { return values_; }
  bool operator==(const StrategyOptions&) const = default;

 private:
  const OptionValue& at(std::string_view key) const;
  std::vector<std::pair<std::string, OptionValue>> values_;
};

// How a value reads in a YAML file ("16", "1.0", "auto", "[a, b]").
std::string format_option(const OptionValue& value);

}  // namespace actsearch::search::strategies
