#include "expr/known.hpp"

#include <array>

namespace actsearch::expr {
namespace {

constexpr std::array<KnownActivation, 18> kKnown = {{
    {"relu", "", "relu(x)", "rectified linear unit, max(x, 0)"},
    {"leaky_relu", "", "leaky_relu(x)", "leaky ReLU with slope 0.01"},
    {"prelu", "", "relu(x) - alpha=0.25*relu(-x)", "parametric ReLU, trainable negative slope (initial 0.25)"},
    {"elu", "", "elu(x)", "exponential linear unit, alpha = 1"},
    {"selu", "", "selu(x)", "scaled ELU (self-normalising)"},
    {"gelu", "", "gelu(x)", "Gaussian error linear unit, x Phi(x)"},
    {"gelu_tanh", "", "gelu_tanh(x)", "GELU, tanh approximation"},
    {"swish", "silu", "silu(x)", "Swish / SiLU, x sigmoid(x)"},
    {"mish", "", "mish(x)", "x tanh(softplus(x))"},
    {"softplus", "", "softplus(x)", "log(1 + e^x)"},
    {"sigmoid", "", "sigmoid(x)", "logistic sigmoid"},
    {"tanh", "", "tanh(x)", "hyperbolic tangent"},
    {"softsign", "", "softsign(x)", "x / (1 + |x|)"},
    {"hard_sigmoid", "", "hard_sigmoid(x)", "piecewise-linear sigmoid, relu6(x + 3) / 6"},
    {"hard_swish", "", "hard_swish(x)", "x hard_sigmoid(x)"},
    {"relu6", "", "relu6(x)", "min(max(x, 0), 6)"},
    {"squared_relu", "", "squared_relu(x)", "max(x, 0)^2"},
    {"identity", "", "x", "no nonlinearity (the network stays linear)"},
}};

}  // namespace

std::span<const KnownActivation> known_activations() { return kKnown; }

const KnownActivation* find_known(std::string_view name) {
  for (const KnownActivation& k : kKnown) {
    if (k.name == name || (!k.alias.empty() && k.alias == name)) return &k;
  }
  return nullptr;
}

}  // namespace actsearch::expr
