#include "trainer/divergence.hpp"

#include <sstream>

namespace actsearch::trainer {
namespace {

std::string format(double v) {
  std::ostringstream out;
  out.precision(6);
  out << v;
  return out.str();
}

}  // namespace

std::string batch_divergence_message(Divergence why, int epoch_index, std::int64_t step_index, double loss,
                                     double factor, double first_loss) {
  const std::string where = "epoch " + std::to_string(epoch_index + 1) + ", step " + std::to_string(step_index + 1);
  switch (why) {
    case Divergence::NonFiniteLoss: return "non-finite loss at " + where;
    case Divergence::LossExploded:
      return "loss exploded at " + where + ": " + format(loss) + " > " + format(factor) + " x first loss " +
             format(first_loss);
    case Divergence::NonFiniteGradient: return "non-finite gradient at " + where;
    case Divergence::None: break;
  }
  return "";
}

std::string validation_divergence_message(int epoch_index) {
  return "non-finite validation loss after epoch " + std::to_string(epoch_index + 1);
}

}  // namespace actsearch::trainer
