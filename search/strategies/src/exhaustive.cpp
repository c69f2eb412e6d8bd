// The exhaustive strategy: every member of an enumerable space, in enumeration order.
#include <deque>

#include "search/strategies/registry.hpp"
#include "search/strategies/src/proposal.hpp"

namespace actsearch::search::strategies {
namespace {

// The enumeration is a callback stream, so each refill runs it again from the start and keeps the next
// chunk: memory stays bounded by the chunk.
class ExhaustiveStrategy final : public Strategy {
 public:
  explicit ExhaustiveStrategy(const spaces::Space& space) : space_(space) {}
  std::vector<Proposal> propose(int count) override {
    std::vector<Proposal> out;
    while (static_cast<int>(out.size()) < count) {
      if (buffer_.empty() && !refill()) break;
      out.push_back(from_genome(space_, std::move(buffer_.front())));
      buffer_.pop_front();
    }
    return out;
  }

 private:
  bool refill() {
    if (finished_) return false;
    constexpr std::uint64_t kChunk = 4096;
    std::uint64_t index = 0;
    const std::uint64_t begin = position_;
    finished_ = true;
    space_.enumerate([&](const spaces::Genome& g) {
      if (index >= begin + kChunk) {
        finished_ = false;
        return false;
      }
      if (index >= begin) buffer_.push_back(g);
      ++index;
      return true;
    });
    position_ = index;
    return !buffer_.empty();
  }

  const spaces::Space& space_;
  std::deque<spaces::Genome> buffer_;
  std::uint64_t position_ = 0;
  bool finished_ = false;
};

}  // namespace

extern const StrategyEntry kExhaustiveStrategy{
    .name = "exhaustive",
    .summary = "every member of an enumerable space, in order",
    .walks_space_in_order = true,
    .check = [](const StrategySettings& s) -> std::optional<OptionProblem> {
      if (s.space && !s.space->enumerable()) {
        return OptionProblem{"kind",
                             "the exhaustive strategy needs an enumerable space; '" + s.space->name() + "' is not"};
      }
      return std::nullopt;
    },
    .make = [](const StrategySettings& s, std::uint64_t) -> std::unique_ptr<Strategy> {
      return std::make_unique<ExhaustiveStrategy>(*s.space);
    },
};

}  // namespace actsearch::search::strategies
