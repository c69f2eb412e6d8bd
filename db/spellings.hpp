// Enumerations stored as text. Each one has a single constexpr table of {value, spelling} pairs, declared
// next to it together with an ADL hook `spellings(E)` that returns the table; to_string and from_string
// are generated from it, and a test holds every table equal to the matching CHECK list of the schema.
#pragma once

#include <concepts>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace actsearch::db {

template <class E>
struct Spelling {
  E value;
  std::string_view text;
};

template <class E>
concept Spelled = std::is_enum_v<E> && requires(E e) {
  { spellings(e) } -> std::convertible_to<std::span<const Spelling<E>>>;
};

template <Spelled E>
constexpr std::span<const Spelling<E>> spellings_of() {
  return spellings(E{});
}

// A value outside the table (only reachable by casting an integer) spells "unknown", which no CHECK
// constraint admits.
template <Spelled E>
constexpr std::string_view to_string(E value) {
  for (const auto& s : spellings_of<E>()) {
    if (s.value == value) return s.text;
  }
  return "unknown";
}

// Exact, case-sensitive match: the database holds only the spellings of the table.
template <Spelled E>
constexpr std::optional<E> from_string(std::string_view text) {
  for (const auto& s : spellings_of<E>()) {
    if (s.text == text) return s.value;
  }
  return std::nullopt;
}

// "a, b, c": for error messages that list what would have been accepted.
template <Spelled E>
std::string known_spellings() {
  std::string out;
  for (const auto& s : spellings_of<E>()) {
    if (!out.empty()) out += ", ";
    out += s.text;
  }
  return out;
}

}  // namespace actsearch::db
