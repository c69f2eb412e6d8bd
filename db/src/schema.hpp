// The schema's history: one ordered list of migration steps, the single source of truth for the tables.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace actsearch::db::schema {

struct Migration {
  int version;  // PRAGMA user_version after this step
  std::string_view description;
  std::string_view sql;
};

// Steps in order; step k takes a database from version k - 1 to version k.
std::span<const Migration> migrations();

// PRAGMA application_id of actsearch databases ("ACTS"), set by the first step.
inline constexpr std::int32_t kApplicationId = 0x41435453;

}  // namespace actsearch::db::schema
