// Regularised evolution (Real et al. 2019): an aging population, tournament selection of the parent,
// one mutation per child.
#include <cmath>
#include <deque>

#include "search/strategies/registry.hpp"
#include "search/strategies/src/proposal.hpp"
#include "spaces/random.hpp"

namespace actsearch::search::strategies {
namespace {

class EvolutionStrategy final : public Strategy {
 public:
  EvolutionStrategy(const spaces::Space& space, int population, int tournament, std::uint64_t seed)
      : space_(space), population_size_(population), tournament_(tournament), rng_(seed) {}

  std::vector<Proposal> propose(int count) override {
    std::vector<Proposal> out;
    for (int i = 0; i < count; ++i) {
      // Until the population is full, members are random samples of the space.
      if (static_cast<int>(population_.size()) < population_size_) {
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
      if (static_cast<int>(population_.size()) > population_size_) population_.pop_front();  // the oldest dies
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
    for (int k = 0; k < tournament_; ++k) {
      const Member& m = population_[rng_.below(population_.size())];
      if (!best || m.fitness >= best->fitness) best = &m;
    }
    return best->genome;
  }

  const spaces::Space& space_;
  int population_size_;
  int tournament_;
  spaces::Rng rng_;
  std::deque<Member> population_;
};

}  // namespace

extern const StrategyEntry kEvolutionStrategy{
    .name = "evolution",
    .summary = "regularised evolution: an aging population, tournament selection, one mutation per child",
    .options = {{"population", 16, "evolution: aging population size"},
                {"tournament", 4, "evolution: tournament sample size"}},
    .check = [](const StrategySettings& s) -> std::optional<OptionProblem> {
      const int population = s.options.integer("population");
      const int tournament = s.options.integer("tournament");
      if (population < 2) return OptionProblem{"population", "must be at least 2"};
      if (tournament < 1 || tournament > population) {
        return OptionProblem{"tournament", "must be between 1 and the population (" + std::to_string(population) + ")"};
      }
      return std::nullopt;
    },
    .make = [](const StrategySettings& s, std::uint64_t seed) -> std::unique_ptr<Strategy> {
      return std::make_unique<EvolutionStrategy>(*s.space, s.options.integer("population"),
                                                 s.options.integer("tournament"), seed);
    },
};

}  // namespace actsearch::search::strategies
