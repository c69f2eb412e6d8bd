// Divergence for every training backend: the rule (trainer/divergence_rule.hpp, also compiled into
// every CUDA module) and the message a diverged run records. The CPU loop and the CUDA backend both
// use these, so a run that diverges says the same on either.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>

namespace actsearch::trainer::rules {
using std::isfinite;
#include "trainer/divergence_rule.hpp"
}  // namespace actsearch::trainer::rules

namespace actsearch::trainer {

using rules::Divergence;

inline Divergence batch_divergence(double loss, double first_loss, double factor, float gradient_sum) {
  return rules::as_batch_divergence(loss, first_loss, factor, gradient_sum);
}

// The message of a run that diverged (why != None) at the batch of 0-based epoch_index and step_index
// (printed 1-based), e.g. "loss exploded at epoch 2, step 31: 24.5 > 10 x first loss 2.3".
std::string batch_divergence_message(Divergence why, int epoch_index, std::int64_t step_index, double loss,
                                     double factor, double first_loss);

// A non-finite validation loss after an epoch also ends the run as diverged.
inline bool validation_diverged(double validation_loss) { return !std::isfinite(validation_loss); }
std::string validation_divergence_message(int epoch_index);

}  // namespace actsearch::trainer
