#include "spaces/src/registry.hpp"

namespace actsearch::spaces::detail {

// Each defined in its kind's file.
KindInfo core_units_kind();  // core_units.cpp
KindInfo schema_kind();      // schema.cpp
KindInfo tree_kind();        // tree.cpp

std::span<const KindInfo> space_kinds() {
  static const KindInfo kinds[] = {core_units_kind(), schema_kind(), tree_kind()};
  return kinds;
}

const KindInfo* find_space_kind(std::string_view name) {
  for (const auto& kind : space_kinds()) {
    if (kind.name == name) return &kind;
  }
  return nullptr;
}

std::string space_kind_names() {
  const auto kinds = space_kinds();
  std::string out;
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    if (i > 0) out += i + 1 == kinds.size() ? " or " : ", ";
    out += kinds[i].name;
  }
  return out;
}

}  // namespace actsearch::spaces::detail
