// A space definition that is part of another YAML document (e.g. inline in a campaign config). Apart
// from spaces/space.hpp so that only code that already holds YAML nodes sees yaml-cpp.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

#include "common/expected.hpp"
#include "spaces/space.hpp"

namespace actsearch::spaces {

// The space defined by `definition`; errors name `file` and the node's line, column and field.
Expected<Space> parse_space(const YAML::Node& definition, const std::string& file);

}  // namespace actsearch::spaces
