// The list strategy: the user's own functions, in the order written (`strategy.expressions`).
#include "expr/parse.hpp"
#include "search/strategies/registry.hpp"

namespace actsearch::search::strategies {
namespace {

class ListStrategy final : public Strategy {
 public:
  explicit ListStrategy(std::vector<std::string> expressions) : expressions_(std::move(expressions)) {}
  std::vector<Proposal> propose(int count) override {
    std::vector<Proposal> out;
    while (static_cast<int>(out.size()) < count && next_ < expressions_.size()) {
      const std::string& text = expressions_[next_++];
      auto parsed = expr::parse(text);  // checked when the config was read
      if (parsed) out.push_back(Proposal{*parsed, text, std::nullopt});
    }
    return out;
  }

 private:
  std::vector<std::string> expressions_;
  std::size_t next_ = 0;
};

std::optional<OptionProblem> check(const StrategySettings& s) {
  const auto& expressions = s.options.texts("expressions");
  if (expressions.empty()) return OptionProblem{"expressions", "the list strategy needs expressions"};
  for (std::size_t i = 0; i < expressions.size(); ++i) {
    if (auto e = expr::parse(expressions[i]); !e) {
      return OptionProblem{"expressions[" + std::to_string(i) + "]",
                           "cannot parse '" + expressions[i] + "': " + e.error().describe()};
    }
  }
  return std::nullopt;
}

}  // namespace

extern const StrategyEntry kListStrategy{
    .name = "list",
    .summary = "the functions listed in the file, in order",
    .needs_space = false,
    .proposes_listed_functions = true,
    .options = {{"expressions", std::vector<std::string>{}, "list: the functions to evaluate"}},
    .check = check,
    .supply = [](const StrategySettings& s) -> std::optional<std::uint64_t> {
      return s.options.texts("expressions").size();
    },
    .make = [](const StrategySettings& s, std::uint64_t) -> std::unique_ptr<Strategy> {
      return std::make_unique<ListStrategy>(s.options.texts("expressions"));
    },
};

}  // namespace actsearch::search::strategies
