// The kinds of space by the name a definition gives in its `kind` key. Adding a kind is one file that
// implements SpaceKind and defines its KindInfo, plus its line in registry.cpp.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "common/expected.hpp"
#include "spaces/src/field.hpp"
#include "spaces/src/kind.hpp"

namespace actsearch::spaces::detail {

struct KindInfo {
  std::string_view name;
  // The keys of a definition of this kind besides the shared ones (kind, name, description, unary, binary).
  std::span<const std::string_view> keys;
  // The operator sets a definition without `unary` / `binary` gets.
  std::span<const std::string_view> (*default_unary)();
  std::span<const std::string_view> (*default_binary)();
  // Reads the kind's keys from the definition (the shared keys are read already) and builds the kind.
  Expected<std::shared_ptr<const SpaceKind>> (*build)(const Field& definition, OperatorSets operators);
};

// Every registered kind, in the order error messages list them.
std::span<const KindInfo> space_kinds();
// The kind named `name`, or nullptr.
const KindInfo* find_space_kind(std::string_view name);
// "core_units, schema or tree".
std::string space_kind_names();

}  // namespace actsearch::spaces::detail
