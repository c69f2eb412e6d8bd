// Error returns at library boundaries: a value or an Error that says what was wrong and where.
// (C++20 has no std::expected; this is the small subset the project needs.)
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace actsearch {

// Where a problem was found. Any part may be empty/zero when it does not apply.
struct Location {
  std::string file;
  int line = 0;    // 1-based; 0 = unknown
  int column = 0;  // 1-based; 0 = unknown
  std::string field;

  bool empty() const { return file.empty() && line == 0 && column == 0 && field.empty(); }

  // "file:line:column: field 'x'", leaving out the parts that are unknown.
  std::string describe() const {
    std::string out = file;
    auto append = [&out](const std::string& sep_after_something, const std::string& lone, const std::string& text) {
      out += (out.empty() ? lone : sep_after_something) + text;
    };
    if (line > 0) append(":", "line ", std::to_string(line));
    if (column > 0) append(line > 0 ? ":" : ", column ", "column ", std::to_string(column));
    if (!field.empty()) append(": ", "", "field '" + field + "'");
    return out;
  }
};

struct Error {
  std::string message;
  Location where;

  // The message prefixed by the location, ready for a user.
  std::string describe() const { return where.empty() ? message : where.describe() + ": " + message; }
};

// Thrown only when a caller ignores an error and asks for the value anyway (a programmer error).
class BadExpectedAccess : public std::logic_error {
 public:
  explicit BadExpectedAccess(const Error& e) : std::logic_error("value of a failed result: " + e.describe()) {}
};

struct Unexpected {
  Error error;
};

inline Unexpected fail(std::string message, Location where = {}) {
  return Unexpected{Error{std::move(message), std::move(where)}};
}
inline Unexpected fail(Error error) { return Unexpected{std::move(error)}; }

template <class T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Expected(Unexpected u) : state_(std::in_place_index<1>, std::move(u.error)) {}

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    check();
    return std::get<0>(state_);
  }
  const T& value() const& {
    check();
    return std::get<0>(state_);
  }
  T&& value() && {
    check();
    return std::get<0>(std::move(state_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const {
    if (has_value()) throw std::logic_error("error() of a successful result");
    return std::get<1>(state_);
  }

 private:
  void check() const {
    if (!has_value()) throw BadExpectedAccess(std::get<1>(state_));
  }
  std::variant<T, Error> state_;
};

// For operations that return nothing on success.
template <>
class [[nodiscard]] Expected<void> {
 public:
  Expected() = default;
  Expected(Unexpected u) : error_(std::move(u.error)), failed_(true) {}
  bool has_value() const { return !failed_; }
  explicit operator bool() const { return has_value(); }
  void value() const {
    if (failed_) throw BadExpectedAccess(error_);
  }
  const Error& error() const {
    if (!failed_) throw std::logic_error("error() of a successful result");
    return error_;
  }

 private:
  Error error_;
  bool failed_ = false;
};

}  // namespace actsearch
