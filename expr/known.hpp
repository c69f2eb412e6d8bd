// The library of known activation functions, by name: baselines of every campaign and the
// reference set of the likeness measure.
#pragma once

#include <span>
#include <string_view>

namespace actsearch::expr {

struct KnownActivation {
  std::string_view name;        // "swish"
  std::string_view alias;       // another accepted name ("silu"), may be empty
  std::string_view expression;  // in the expression language: "silu(x)"
  std::string_view description;
};

std::span<const KnownActivation> known_activations();
// By name or alias; nullptr when unknown.
const KnownActivation* find_known(std::string_view name);

}  // namespace actsearch::expr
