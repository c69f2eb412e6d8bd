#include "search/strategies/options.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <stdexcept>

namespace actsearch::search::strategies {
namespace {

template <class T>
const T& as(const OptionValue& value, std::string_view key) {
  if (const T* v = std::get_if<T>(&value)) return *v;
  throw std::logic_error("strategy option '" + std::string(key) + "' read with the wrong type");
}

}  // namespace

const OptionValue& StrategyOptions::at(std::string_view key) const {
  for (const auto& [name, value] : values_) {
    if (name == key) return value;
  }
  throw std::logic_error("the strategy has no option '" + std::string(key) + "'");
}

int StrategyOptions::integer(std::string_view key) const { return as<int>(at(key), key); }
double StrategyOptions::number(std::string_view key) const { return as<double>(at(key), key); }
const std::string& StrategyOptions::text(std::string_view key) const { return as<std::string>(at(key), key); }
const std::vector<std::string>& StrategyOptions::texts(std::string_view key) const {
  return as<std::vector<std::string>>(at(key), key);
}

void StrategyOptions::set(std::string_view key, OptionValue value) {
  for (auto& [name, old] : values_) {
    if (name != key) continue;
    if (old.index() != value.index()) {
      throw std::logic_error("strategy option '" + std::string(key) + "' set with the wrong type");
    }
    old = std::move(value);
    return;
  }
  throw std::logic_error("the strategy has no option '" + std::string(key) + "'");
}

std::string format_option(const OptionValue& value) {
  struct Format {
    std::string operator()(int v) const { return std::to_string(v); }
    // Shortest text that reads back as the same double, with a decimal point so it reads as a number.
    std::string operator()(double v) const {
      std::string text = fmt::format("{}", v);
      if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
      return text;
    }
    std::string operator()(const std::string& v) const { return v; }
    std::string operator()(const std::vector<std::string>& v) const {
      return "[" + fmt::format("{}", fmt::join(v, ", ")) + "]";
    }
  };
  return std::visit(Format{}, value);
}

}  // namespace actsearch::search::strategies
