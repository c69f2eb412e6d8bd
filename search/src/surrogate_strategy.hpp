// The surrogate-guided strategy (`strategy: {kind: surrogate}`): a regression model of first-rung
// fitness on training-free features (surrogate/features.hpp) decides what to train next.
//
// - Warm start: the baselines' results (the scheduler observes them with the first batch) and a random
//   design of `initial` members.
// - Each later round fits the model on every result so far; with `model: auto` the model kind and the
//   feature set are chosen by 5-fold cross-validated Spearman (again whenever the results have grown by
//   a quarter since the last choice).
// - The pool: every member of an enumerable space with at most `pool` members (features computed once),
//   otherwise `pool` fresh members each round, half sampled uniformly and half mutations (one or two) of
//   the ten best members so far.
// - Pool members that fail the grid's quick probe checks or whose symmetry-invariant feature key was
//   already proposed (so -phi, phi(-x), -phi(-x) of a tried function are never proposed) are skipped;
//   the rest are scored by the acquisition and a diverse batch is taken (surrogate/acquisition.hpp).
//
// Every choice flows from the campaign seed and the results observed, in order; parallel work is split
// into fixed blocks: a resumed campaign makes the same proposals, whatever the number of threads.
#pragma once

#include <memory>

#include "search/campaign_config.hpp"
#include "search/strategy.hpp"

namespace actsearch::search {

std::unique_ptr<Strategy> make_surrogate_strategy(const spaces::Space& space, const StrategySpec& spec,
                                                  std::uint64_t seed);

}  // namespace actsearch::search
