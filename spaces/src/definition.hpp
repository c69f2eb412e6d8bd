// Reading a space definition: the keys every kind shares (kind, name, description, unary, binary),
// then the kind's own keys through the registry (registry.hpp).
#pragma once

#include "common/expected.hpp"
#include "spaces/space.hpp"
#include "spaces/src/field.hpp"

namespace actsearch::spaces::detail {

Expected<Space> read_definition(const Field& root);

}  // namespace actsearch::spaces::detail
