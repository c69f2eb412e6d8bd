// Search strategies: where the next candidates come from. A strategy proposes functions and observes
// how well they did; the campaign takes care of deduplication, probes, training and storage. The kinds
// and how each is configured and made are in search/strategies/registry.hpp.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "expr/expr.hpp"
#include "spaces/genome.hpp"

namespace actsearch::search::strategies {

struct Proposal {
  expr::Expr expression;                 // as proposed (the campaign simplifies it)
  std::string text;                      // how the user or the space wrote it (recorded as an alias)
  std::optional<spaces::Genome> genome;  // where it sits in the space (absent for listed functions)
};

class Strategy {
 public:
  virtual ~Strategy();
  // Up to `count` new proposals; an empty result means the strategy has nothing more to offer.
  virtual std::vector<Proposal> propose(int count) = 0;
  // The fitness of each proposal of the last propose() call, in order (NaN: rejected or failed). Once,
  // after the first batch, it is also called with the baselines (proposals without a genome) and their
  // first-rung fitness, so that a strategy can start from them.
  virtual void observe(std::span<const Proposal> proposals, std::span<const double> fitness);
};

}  // namespace actsearch::search::strategies
