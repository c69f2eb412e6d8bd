// When a batch ends a training run as diverged, written once. The CPU trainer compiles this file
// (through trainer/divergence.hpp); the CUDA backend embeds its text in every generated module
// (kernels/CMakeLists.txt) with AS_HD defined as __device__, and its step_status kernel applies it
// to every slot after every batch, so both backends stop a run at the same step for the same reason.
// Rules for this file, as for optimizer_rules.hpp: unqualified math calls (isfinite; the includer
// brings std's into scope), no includes, no standard-library types, no statics.
#ifndef AS_HD
#define AS_HD inline
#endif

// Why a run diverged; the device stores it as its int value.
enum class Divergence : int { None = 0, NonFiniteLoss = 1, LossExploded = 2, NonFiniteGradient = 3 };

// A batch's mean loss, the first batch's loss (the batch's own on the first step), the task's
// divergence_factor and the sum of the batch's gradients: a non-finite loss; else a loss above
// factor x first loss (a loss exactly at the threshold trains on); else a non-finite gradient.
AS_HD Divergence as_batch_divergence(double loss, double first_loss, double factor, float gradient_sum) {
  if (!isfinite(loss)) return Divergence::NonFiniteLoss;
  if (loss > factor * first_loss) return Divergence::LossExploded;
  if (!isfinite(gradient_sum)) return Divergence::NonFiniteGradient;
  return Divergence::None;
}
