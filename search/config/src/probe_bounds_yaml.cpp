#include "search/config/src/probe_bounds_yaml.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include "common/yaml_reader.hpp"

namespace actsearch::search {
namespace {

using probes::ProbeBound;
using probes::ProbeBounds;

constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace

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
    for (auto n : probes::probe_names()) {
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
      return fail("min " + probes::format_probe_value(bound.min) + " is larger than max " +
                      probes::format_probe_value(bound.max),
                  where(limits, field));
    }
    out.bounds.push_back(bound);
  }
  return out;
}

}  // namespace actsearch::search
