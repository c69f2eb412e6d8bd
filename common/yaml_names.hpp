// The YAML spellings of an enumeration's values ({"sgd", OptimizerKind::Sgd}, ...) and the lists that
// error messages print. Apart from yaml_reader.hpp (and without yaml-cpp), so that writers of other
// formats and the tables that describe fields can name values the way YAML files do.
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace actsearch::yaml {

template <class E>
struct Named {
  std::string_view name;
  E value;
};

template <class E>
std::string_view name_of(std::span<const Named<std::type_identity_t<E>>> table, E value) {
  for (const auto& row : table) {
    if (row.value == value) return row.name;
  }
  return "?";
}

template <class E, std::size_t N>
std::string_view name_of(const Named<E> (&table)[N], E value) {
  return name_of<E>(std::span<const Named<E>>(table), value);
}

template <class E>
std::string choices(std::span<const Named<E>> table) {
  std::string out;
  for (const auto& row : table) out += (out.empty() ? "" : ", ") + std::string(row.name);
  return out;
}

template <class E, std::size_t N>
std::string choices(const Named<E> (&table)[N]) {
  return choices(std::span<const Named<E>>(table));
}

inline std::string join(std::span<const std::string_view> names) {
  std::string out;
  for (auto n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

inline std::string join(std::initializer_list<std::string_view> names) {
  return join(std::span<const std::string_view>(names.begin(), names.size()));
}

}  // namespace actsearch::yaml
