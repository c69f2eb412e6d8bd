// The library of known activation functions, by name: baselines of every campaign and the
// reference set of the likeness measure.
#pragma once

#include <span>
#include <string_view>

namespace actsearch::expr {

// Families the reports compare. Self-gated: x times a smooth sigmoid-shaped gate of x (Swish / SiLU,
// GELU and its tanh approximation, Mish; Swish-beta x*sigmoid(beta*x) too, which calibration's reference
// set adds). The piecewise-linear hard_swish is not one: its gate is not smooth.
enum class ActivationFamily { other, self_gated };

struct KnownActivation {
  std::string_view name;        // "swish"
  std::string_view alias;       // another accepted name ("silu"), may be empty
  std::string_view expression;  // in the expression language: "silu(x)"
  std::string_view description;
  ActivationFamily family;
};

std::span<const KnownActivation> known_activations();
// By name or alias; nullptr when unknown.
const KnownActivation* find_known(std::string_view name);

}  // namespace actsearch::expr
