#include "expr/known.hpp"

#include <array>

namespace actsearch::expr {
namespace {

constexpr std::array<KnownActivation, 18> kKnown = {{
    {"relu", "", "relu(x)", "rectified linear unit, max(x, 0)", ActivationFamily::other},
    {"leaky_relu", "", "leaky_relu(x)", "leaky ReLU with slope 0.01", ActivationFamily::other},
    {"prelu", "", "relu(x) - alpha=0.25*relu(-x)", "parametric ReLU, trainable negative slope (initial 0.25)",
     ActivationFamily::other},
    {"elu", "", "elu(x)", "exponential linear unit, alpha = 1", ActivationFamily::other},
    {"selu", "", "selu(x)", "scaled ELU (self-normalising)", ActivationFamily::other},
    {"gelu", "", "gelu(x)", "Gaussian error linear unit, x Phi(x)", ActivationFamily::self_gated},
    {"gelu_tanh", "", "gelu_tanh(x)", "GELU, tanh approximation", ActivationFamily::self_gated},
    {"swish", "silu", "silu(x)", "Swish / SiLU, x sigmoid(x)", ActivationFamily::self_gated},
    {"mish", "", "mish(x)", "x tanh(softplus(x))", ActivationFamily::self_gated},
    {"softplus", "", "softplus(x)", "log(1 + e^x)", ActivationFamily::other},
    {"sigmoid", "", "sigmoid(x)", "logistic sigmoid", ActivationFamily::other},
    {"tanh", "", "tanh(x)", "hyperbolic tangent", ActivationFamily::other},
    {"softsign", "", "softsign(x)", "x / (1 + |x|)", ActivationFamily::other},
    {"hard_sigmoid", "", "hard_sigmoid(x)", "piecewise-linear sigmoid, relu6(x + 3) / 6", ActivationFamily::other},
    {"hard_swish", "", "hard_swish(x)", "x hard_sigmoid(x)", ActivationFamily::other},
    {"relu6", "", "relu6(x)", "min(max(x, 0), 6)", ActivationFamily::other},
    {"squared_relu", "", "squared_relu(x)", "max(x, 0)^2", ActivationFamily::other},
    {"identity", "", "x", "no nonlinearity (the network stays linear)", ActivationFamily::other},
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
