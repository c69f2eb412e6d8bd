// A space member as a proposal: its expression and the text it prints as (what the database records).
#pragma once

#include "expr/print.hpp"
#include "search/strategies/strategy.hpp"
#include "spaces/space.hpp"

namespace actsearch::search::strategies {

inline Proposal from_genome(const spaces::Space& space, spaces::Genome genome) {
  expr::Expr e = space.expression(genome);
  std::string text = expr::print(e);
  return Proposal{std::move(e), std::move(text), std::move(genome)};
}

}  // namespace actsearch::search::strategies
