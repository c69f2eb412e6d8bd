// The `probes:` section of a campaign file: bounds on the stability probes that reject a candidate
// before training. Parsed here, not in probes/, so that the probe library needs no YAML.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

#include "common/expected.hpp"
#include "probes/probes.hpp"

namespace actsearch::search {

// A mapping probe_name: {min: ..., max: ...} (either may be left out; .inf / -.inf accepted).
// Unknown probe names, non-numbers and min > max are errors with file, line, column and field.
Expected<probes::ProbeBounds> parse_probe_bounds(const YAML::Node& node, const std::string& file);

}  // namespace actsearch::search
