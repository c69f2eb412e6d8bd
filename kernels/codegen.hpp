// CUDA code generation from compiled expressions: one module holds K candidate activations and the
// kernels that train K networks in lockstep over a [K, ...] layout. Everything here is text, so it
// builds and is tested on machines without the CUDA toolkit.
//
// Layout conventions shared by the generated kernels (src/device/training_kernels.cu) and the host
// code (src/batch.cpp):
//  * Slot k (blockIdx.z, 0 <= k < K) is one network. Its candidate function is candidate_of[k], an
//    index into the programs the module was generated from, so one module serves any subset.
//  * Matrices are column-major features x examples; slot k's matrix starts at k * matrix_stride.
//  * Each slot's trainable values are one flat block of param_stride floats; bias_offset and
//    theta_offset locate a layer's bias and activation parameters inside it.
//  * Activation parameter gradients are reduced deterministically (fixed order, no atomics), so a
//    slot's results never depend on K or on which other candidates share the launch.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/expected.hpp"

namespace actsearch::expr {
class Program;
}

namespace actsearch::kernels {

// Kernel entry points of a generated module (extern "C", so these are also the symbol names).
inline constexpr std::string_view kForwardKernel = "bias_activation_forward";
inline constexpr std::string_view kBackwardKernel = "activation_backward";
inline constexpr std::string_view kReduceThetaKernel = "reduce_theta_partials";
inline constexpr std::string_view kRowSumKernel = "row_sum";
inline constexpr std::string_view kAddBiasKernel = "add_bias";
inline constexpr std::string_view kSoftmaxKernel = "softmax_cross_entropy";
inline constexpr std::string_view kReduceExamplesKernel = "reduce_examples";
inline constexpr std::string_view kGradSumKernel = "gradient_sum";
inline constexpr std::string_view kStepStatusKernel = "step_status";
inline constexpr std::string_view kSgdKernel = "sgd_update";
inline constexpr std::string_view kAdamKernel = "adam_update";
inline constexpr std::string_view kGatherKernel = "gather_batch";
inline constexpr std::string_view kEvaluateKernel = "evaluate_candidates";

// Threads per block of the element-wise kernels, and the row tile of activation_backward
// (kBackwardRows rows x kBlockThreads / kBackwardRows column lanes).
inline constexpr int kBlockThreads = 256;
inline constexpr int kBackwardRows = 32;

// How a candidate's code reaches the kernels that call it (forward, backward, evaluation). What a
// form costs in kernel speed can only be measured on a GPU; what it saves in compile time is
// printed by bench/kernels_vs_pytorch.sh.
enum class CandidateForm {
  // A functor inlined into each kernel, uniform instructions hoisted out of the element loop: the
  // fastest code, but ptxas compiles every candidate three times inside three huge kernels.
  Inlined,
  // One __noinline__ extern "C" device function per candidate, called through a table (one
  // indirect call per element; uniform instructions recomputed per element): ptxas compiles each
  // candidate once and the kernels once. Needed to compile candidates apart and link them.
  DeviceFunction,
};
std::string_view form_name(CandidateForm form);  // "inlined", "function"
std::optional<CandidateForm> parse_form(std::string_view name);

// Name of candidate i's functor (Inlined: "Candidate7") or device function ("as_candidate_7").
std::string candidate_name(int index, CandidateForm form = CandidateForm::Inlined);

// The code of one program defining `name` in `form`, standalone (it calls the as_* functions of
// the scalar definitions). Inlined: uniform instructions (not depending on x) are computed once in
// the constructor; operator() computes phi, phi' and every dphi/dtheta_k for one x.
// DeviceFunction: void name(float x, const float* theta, float* phi, float* slope, float* dtheta).
// Needs derivatives.
Expected<std::string> generate_candidate(const expr::Program& program, const std::string& name,
                                         CandidateForm form = CandidateForm::Inlined);
Expected<std::string> generate_candidate(const expr::Program& program, int index,
                                         CandidateForm form = CandidateForm::Inlined);

// The whole module: scalar definitions, optimiser and divergence rules, one candidate per program
// (in order), the dispatch and all kernels. Deterministic: the same programs give byte-identical
// text. Every program needs derivatives; an empty list gives a module with the generic kernels and
// a dispatch that does nothing.
Expected<std::string> generate_module(std::span<const expr::Program* const> programs,
                                      CandidateForm form = CandidateForm::Inlined);

// One candidate of a module: its name, the text defining it (generate_candidate) and its parameter
// count.
struct CandidateSource {
  std::string name;
  std::string text;
  int params = 0;
};

// The module around already generated candidates (candidate i of the module is candidates[i]).
// With `declare_only` (DeviceFunction form) the candidates are declared, not defined: their code
// comes from separately compiled objects linked in (nvrtc.hpp, CompileOptions::link).
std::string assemble_module(std::span<const CandidateSource> candidates, CandidateForm form, bool declare_only = false);

// Candidates compiled apart from the kernels, for linking: the scalar definitions and their
// DeviceFunction texts.
std::string assemble_candidate_object(std::span<const CandidateSource> candidates);

// The largest parameter count over the programs (the per-slot theta width of the kernels).
int max_params(std::span<const expr::Program* const> programs);

}  // namespace actsearch::kernels
