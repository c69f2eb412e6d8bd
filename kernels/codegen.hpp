// CUDA code generation from compiled expressions: one module holds K candidate activations and the
// kernels that train K networks in lockstep over a [K, ...] layout. Everything here is text, so it
// builds and is tested on machines without the CUDA toolkit.
//
// Layout conventions shared by the generated kernels and the host code (cuda_backend.cpp):
//  * Slot k (blockIdx.z, 0 <= k < K) is one network. Its candidate function is candidate_of[k], an
//    index into the programs the module was generated from, so one module serves any subset.
//  * Matrices are column-major features x examples; slot k's matrix starts at k * matrix_stride.
//  * Each slot's trainable values are one flat block of param_stride floats; bias_offset and
//    theta_offset locate a layer's bias and activation parameters inside it.
//  * Activation parameter gradients are reduced deterministically (fixed order, no atomics), so a
//    slot's results never depend on K or on which other candidates share the launch.
#pragma once

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

// Name of candidate i's device functor in the generated source ("Candidate7").
std::string candidate_name(int index);

// The device functor of one program, standalone (it calls the as_* functions of the scalar
// definitions). Uniform instructions (not depending on x) are computed once in the constructor;
// operator() computes phi, phi' and every dphi/dtheta_k for one x. Needs derivatives.
Expected<std::string> generate_candidate(const expr::Program& program, int index);

// The whole module: scalar definitions, one functor per program (in order), the dispatch switch
// and all kernels. Deterministic: the same programs give byte-identical text. Every program needs
// derivatives; an empty list gives a module with the generic kernels and a dispatch that does nothing.
Expected<std::string> generate_module(std::span<const expr::Program* const> programs);

// The module around already generated functors (functors[i] defines candidate_name(i)).
std::string assemble_module(std::span<const std::string> functors);

// The largest parameter count over the programs (the per-slot theta width of the kernels).
int max_params(std::span<const expr::Program* const> programs);

}  // namespace actsearch::kernels
