// Random search: members sampled uniformly from the space (the baseline every other strategy must beat).
#include "spaces/random.hpp"

#include "search/strategies/registry.hpp"
#include "search/strategies/src/proposal.hpp"

namespace actsearch::search::strategies {
namespace {

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

}  // namespace

extern const StrategyEntry kRandomStrategy{
    .name = "random",
    .summary = "members sampled uniformly from the space",
    .make = [](const StrategySettings& s, std::uint64_t seed) -> std::unique_ptr<Strategy> {
      return std::make_unique<RandomStrategy>(*s.space, seed);
    },
};

}  // namespace actsearch::search::strategies
