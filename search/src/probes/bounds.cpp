#include <charconv>
#include <cmath>
#include <cstdio>

#include "common/yaml_reader.hpp"
#include "search/probes.hpp"

namespace actsearch::search {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Four significant digits: enough to read a rejection reason.
std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", v);
  return text;
}

}  // namespace

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

Expected<ProbeBounds> parse_probe_bounds(const YAML::Node& node, const std::string& file) {
  auto where = [&](const YAML::Node& n, const std::string& field) { return yaml::location_of(n, file, field); };
  ProbeBounds out;
  if (!node || node.IsNull()) return out;
  if (!node.IsMap()) return fail("expected a mapping from probe name to {min, max}", where(node, "probes"));
  for (const auto& entry : node) {
    ProbeBound bound;
    bound.probe = entry.first.Scalar();
    const std::string field = "probes." + bound.probe;
    bool known = false;
    std::string names;
    for (auto n : probe_names()) {
      known = known || n == bound.probe;
      names += (names.empty() ? "" : ", ") + std::string(n);
    }
    if (!known)
      return fail("unknown probe '" + bound.probe + "' (expected one of: " + names + ")", where(entry.first, field));
    const YAML::Node limits = entry.second;
    if (!limits.IsMap()) return fail("expected {min: ..., max: ...}", where(limits, field));
    for (const auto& limit : limits) {
      const std::string key = limit.first.Scalar();
      const std::string limit_field = field + "." + key;
      if (key != "min" && key != "max")
        return fail("unknown key '" + key + "' (expected min, max)", where(limit.first, limit_field));
      if (!limit.second.IsScalar()) return fail("expected a number", where(limit.second, limit_field));
      const std::string& t = limit.second.Scalar();
      double v = 0;
      if (t == ".inf" || t == "+.inf" || t == ".Inf") {
        v = kInf;
      } else if (t == "-.inf" || t == "-.Inf") {
        v = -kInf;
      } else {
        const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
        if (ec != std::errc() || end != t.data() + t.size() || std::isnan(v)) {
          return fail("expected a number, found '" + t + "'", where(limit.second, limit_field));
        }
      }
      (key == "min" ? bound.min : bound.max) = v;
    }
    if (bound.min > bound.max) {
      return fail("min " + number(bound.min) + " is larger than max " + number(bound.max), where(limits, field));
    }
    out.bounds.push_back(bound);
  }
  return out;
}

std::vector<std::string> check_probes(const ProbeValues& values, const ProbeBounds& bounds) {
  std::vector<std::string> reasons;
  for (const auto& b : bounds.bounds) {
    const double v = probe_value(values, b.probe);
    if (!std::isfinite(v)) {
      reasons.push_back(b.probe + "=" + number(v) + " is not finite");
    } else if (v < b.min) {
      reasons.push_back(b.probe + "=" + number(v) + " < min " + number(b.min));
    } else if (v > b.max) {
      reasons.push_back(b.probe + "=" + number(v) + " > max " + number(b.max));
    }
  }
  return reasons;
}

}  // namespace actsearch::search
