#include <cmath>
#include <cstdio>

#include "probes/probes.hpp"

namespace actsearch::probes {
std::string format_probe_value(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", v);
  return text;
}

ProbeBounds ProbeBounds::defaults() {
  // Only clearly broken candidates are rejected. Calibrated on the known activations (`actsearch
  // probes`): all pass except identity (linear) and squared ReLU, whose variance map q -> q^2 has no
  // stable fixed point, so the 50-layer probe network overflows (it is trained only with normalisation).
  return ProbeBounds{{
      // A pole or overflow anywhere on [-50, 50]: training would meet it.
      {.probe = "non_finite", .max = 0},
      // Moments must exist (no bound on their size: a later linear layer rescales).
      {.probe = "second_moment"},
      {.probe = "slope_second_moment"},
      // An (almost) affine function makes the whole network affine. Hard sigmoid, linear on [-3, 3],
      // has R^2 = 0.9996.
      {.probe = "near_linearity", .max = 0.9999},
      // Almost no gradient flows (ReLU and ReLU6 have 0.5).
      {.probe = "dead_fraction", .max = 0.95},
      // Slopes beyond 1e3 on the input range explode gradients at any depth.
      {.probe = "max_slope", .max = 1e3},
      // The 50-layer network amplifies small per-layer gains: known activations span forward ratios
      // 0.03 (Mish) to 2e6 (hard swish) and gradient ratios 7e-50 (hard sigmoid; saturating functions
      // vanish over 50 layers yet train in shallow networks) to 5e7 (hard swish). The bounds catch only
      // what lies far outside: collapsing, dead or exponentially exploding shapes.
      {.probe = "forward_variance_ratio", .min = 1e-8, .max = 1e8},
      {.probe = "gradient_norm_ratio", .min = 1e-60, .max = 1e10},
  }};
}

std::vector<std::string> check_probes(const ProbeValues& values, const ProbeBounds& bounds) {
  std::vector<std::string> reasons;
  for (const auto& b : bounds.bounds) {
    const double v = probe_value(values, b.probe);
    if (!std::isfinite(v)) {
      reasons.push_back(b.probe + "=" + format_probe_value(v) + " is not finite");
    } else if (v < b.min) {
      reasons.push_back(b.probe + "=" + format_probe_value(v) + " < min " + format_probe_value(b.min));
    } else if (v > b.max) {
      reasons.push_back(b.probe + "=" + format_probe_value(v) + " > max " + format_probe_value(b.max));
    }
  }
  return reasons;
}

}  // namespace actsearch::probes
