// The strategies: list, exhaustive, random, regularised evolution (Real et al. 2019: an aging
// population, tournament selection of the parent, one mutation per child) and the surrogate (its own file).
#include <cmath>
#include <deque>

#include "expr/parse.hpp"
#include "expr/print.hpp"
#include "search/src/surrogate_strategy.hpp"
#include "search/strategy.hpp"
#include "spaces/random.hpp"

namespace actsearch::search {

Strategy::~Strategy() = default;
void Strategy::observe(std::span<const Proposal>, std::span<const double>) {}

namespace {

// Stream numbers under the campaign seed: never renumber (resumed campaigns replay them).
constexpr std::uint64_t kStrategyStream = 0x5eed'0001;

Proposal from_genome(const spaces::Space& space, spaces::Genome genome) {
  expr::Expr e = space.expression(genome);
  std::string text = expr::print(e);
  return Proposal{std::move(e), std::move(text), std::move(genome)};
}

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

// Walks the space's enumeration in order. The enumeration is a callback stream, so each refill runs
// it again from the start and keeps the next chunk: memory stays bounded by the chunk.
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

class RandomStrategy final : public Strategy {
 public:
  RandomStrategy(const spaces::Space& space, std::uint64_t seed) : space_(space), rng_(seed) {}
  std::vector<Proposal> propose(int count) override {
    std::vector<Proposal> out;
    for (int i = 0; i < count; ++i) out.push_back(from_genome(space_, space_.sample(rng_)));
    return out;
  }

 private:
  const spaces::Space& space_;
  spaces::Rng rng_;
};

class EvolutionStrategy final : public Strategy {
 public:
  EvolutionStrategy(const spaces::Space& space, const StrategySpec& spec, std::uint64_t seed)
      : space_(space), spec_(spec), rng_(seed) {}

  std::vector<Proposal> propose(int count) override {
    std::vector<Proposal> out;
    for (int i = 0; i < count; ++i) {
      // Until the population is full, members are random samples of the space.
      if (static_cast<int>(population_.size()) < spec_.population) {
        out.push_back(from_genome(space_, space_.sample(rng_)));
        continue;
      }
      out.push_back(from_genome(space_, space_.mutate(tournament_winner(), rng_)));
    }
    return out;
  }

  void observe(std::span<const Proposal> proposals, std::span<const double> fitness) override {
    for (std::size_t i = 0; i < proposals.size(); ++i) {
      // Rejected children never join: the population holds only functions that trained.
      if (!std::isfinite(fitness[i]) || !proposals[i].genome) continue;
      population_.push_back(Member{*proposals[i].genome, fitness[i]});
      if (static_cast<int>(population_.size()) > spec_.population) population_.pop_front();  // the oldest dies
    }
  }

 private:
  struct Member {
    spaces::Genome genome;
    double fitness;
  };

  // The best of `tournament` members drawn uniformly with replacement (ties: the later draw).
  const spaces::Genome& tournament_winner() {
    const Member* best = nullptr;
    for (int k = 0; k < spec_.tournament; ++k) {
      const Member& m = population_[rng_.below(population_.size())];
      if (!best || m.fitness >= best->fitness) best = &m;
    }
    return best->genome;
  }

  const spaces::Space& space_;
  StrategySpec spec_;
  spaces::Rng rng_;
  std::deque<Member> population_;
};

}  // namespace

std::unique_ptr<Strategy> make_strategy(const CampaignConfig& config) {
  const std::uint64_t seed = config.seed ^ kStrategyStream;
  switch (config.strategy.kind) {
    case StrategyKind::List: return std::make_unique<ListStrategy>(config.strategy.expressions);
    case StrategyKind::Exhaustive: return std::make_unique<ExhaustiveStrategy>(*config.space);
    case StrategyKind::Random: return std::make_unique<RandomStrategy>(*config.space, seed);
    case StrategyKind::Evolution: return std::make_unique<EvolutionStrategy>(*config.space, config.strategy, seed);
    case StrategyKind::Surrogate: return make_surrogate_strategy(*config.space, config.strategy, seed);
  }
  return nullptr;
}

}  // namespace actsearch::search
