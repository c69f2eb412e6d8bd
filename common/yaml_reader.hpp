// Reading YAML documents field by field with precise error locations: the first problem found is kept
// with its file, line, column and dotted field path ("optimizer.lr"); unknown keys, wrong types and
// out-of-range numbers are reported the same way by every loader (tasks, spaces, campaigns).
#pragma once

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/expected.hpp"
#include "common/yaml_names.hpp"

namespace actsearch::yaml {

// The position of `node` in `file`, for an error about `field` (a dotted path).
inline Location location_of(const YAML::Node& node, const std::string& file, std::string field) {
  Location at{.file = file, .field = std::move(field)};
  if (node) {
    const YAML::Mark mark = node.Mark();
    if (!mark.is_null()) {
      at.line = mark.line + 1;
      at.column = mark.column + 1;
    }
  }
  return at;
}

// The position (1-based line, column) of the first byte that is not part of valid UTF-8, if any: YAML is
// UTF-8, and what is read is stored and printed as JSON, which cannot hold other bytes.
inline std::optional<std::pair<int, int>> first_invalid_utf8(std::string_view text) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = byte < 0x80           ? 1
                         : (byte >> 5) == 0x6  ? 2
                         : (byte >> 4) == 0xe  ? 3
                         : (byte >> 3) == 0x1e ? 4
                                               : 0;
    bool valid = length > 0 && i + length <= text.size() && !(length == 2 && byte < 0xc2);
    std::uint32_t code = length == 1 ? byte : length == 2 ? byte & 0x1f : length == 3 ? byte & 0x0f : byte & 0x07;
    for (std::size_t k = 1; valid && k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      valid = (next & 0xc0) == 0x80;
      code = (code << 6) | (next & 0x3f);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8 either.
    if (valid && ((length == 3 && (code < 0x800 || (code >= 0xd800 && code <= 0xdfff))) ||
                  (length == 4 && (code < 0x10000 || code > 0x10ffff)))) {
      valid = false;
    }
    if (!valid) return std::pair{line, column};
    if (byte == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += length;
  }
  return std::nullopt;
}

// Parses YAML text; a syntax error becomes an Error at its line and column in `file`.
inline Expected<YAML::Node> load_text(std::string_view text, const std::string& file) {
  if (const auto bad = first_invalid_utf8(text)) {
    return fail("not UTF-8 text (YAML files are UTF-8)",
                Location{.file = file, .line = bad->first, .column = bad->second});
  }
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    Location at{.file = file};
    if (!e.mark.is_null()) {
      at.line = e.mark.line + 1;
      at.column = e.mark.column + 1;
    }
    return fail("YAML syntax error: " + e.msg, std::move(at));
  }
}

// What a node holds, for "expected X, found Y" messages.
inline std::string describe(const YAML::Node& node) {
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a sequence";
  if (node.IsNull()) return "nothing (null)";
  return "'" + node.Scalar() + "'";
}

// Reads fields of one document, keeping the first error and the position of every field it read.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  bool ok() const { return !error_; }
  const Error& error() const { return *error_; }
  const std::string& file() const { return file_; }

  Location where(const YAML::Node& node, std::string field) const { return location_of(node, file_, std::move(field)); }
  void report(std::string message, Location at) {
    if (!error_) error_ = Error{std::move(message), std::move(at)};
  }
  // The position of a field that was read, else of the closest enclosing section that was.
  Location position_of(const std::string& field) const {
    for (std::string path = field;;) {
      if (auto it = marks_.find(path); it != marks_.end()) return {file_, it->second.first, it->second.second, field};
      const auto dot = path.rfind('.');
      if (dot == std::string::npos) break;
      path.resize(dot);
    }
    const auto root = marks_.find("");
    if (root != marks_.end()) return {file_, root->second.first, root->second.second, field};
    return {.file = file_, .field = field};
  }

  // A mapping (or absent/null = all defaults); reports keys that are not in `allowed`.
  bool section(const YAML::Node& node, const std::string& path, std::initializer_list<std::string_view> allowed) {
    return section(node, path, std::span<const std::string_view>(allowed.begin(), allowed.size()));
  }
  bool section(const YAML::Node& node, const std::string& path, std::span<const std::string_view> allowed) {
    if (!ok()) return false;
    if (!node || node.IsNull()) return false;
    remember(node, path);
    if (!node.IsMap()) {
      report("expected a mapping", where(node, path));
      return false;
    }
    for (const auto& entry : node) {
      const auto key = entry.first.as<std::string>("");
      bool known = false;
      for (auto a : allowed) known = known || a == key;
      if (!known) {
        report("unknown key '" + key + "'" + (path.empty() ? "" : " in '" + path + "'") +
                   " (expected one of: " + join(allowed) + ")",
               where(entry.first, qualified(path, key)));
        return false;
      }
    }
    return true;
  }

  // Reports `key` of `map` if present: it does not apply in this context.
  void reject(const YAML::Node& map, const std::string& path, std::string_view key, const std::string& why) {
    if (ok() && map[std::string(key)]) {
      report("key '" + std::string(key) + "' does not apply " + why,
             where(map[std::string(key)], qualified(path, key)));
    }
  }

  template <class T>
  void read(const YAML::Node& map, const std::string& path, std::string_view key, T& out) {
    if (!ok() || !map.IsMap()) return;
    const YAML::Node node = map[std::string(key)];
    if (!node) return;
    const std::string field = qualified(path, key);
    remember(node, field);
    if (auto message = convert(node, out)) report(*message, where(node, field));
  }

  template <class E, std::size_t N>
  void read_enum(const YAML::Node& map, const std::string& path, std::string_view key, const Named<E> (&table)[N],
                 E& out) {
    read_enum(map, path, key, std::span<const Named<E>>(table), out);
  }
  template <class E>
  void read_enum(const YAML::Node& map, const std::string& path, std::string_view key,
                 std::span<const Named<std::type_identity_t<E>>> table, E& out) {
    std::string text;
    read(map, path, key, text);
    if (!ok() || !map[std::string(key)]) return;
    for (const auto& row : table) {
      if (row.name == text) {
        out = row.value;
        return;
      }
    }
    report("unknown value '" + text + "' (expected one of: " + choices(table) + ")",
           where(map[std::string(key)], qualified(path, key)));
  }

  void remember(const YAML::Node& node, const std::string& field) {
    const YAML::Mark mark = node.Mark();
    if (!mark.is_null()) marks_[field] = {mark.line + 1, mark.column + 1};
  }

 private:
  static std::string qualified(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }

  static std::optional<std::string> scalar(const YAML::Node& node, std::string_view expected, std::string& text) {
    if (!node.IsScalar()) return "expected " + std::string(expected) + ", found " + kind_name(node);
    text = node.Scalar();
    return std::nullopt;
  }
  static std::string kind_name(const YAML::Node& node) { return describe(node); }
  template <class I>
  static std::optional<std::string> parse_integer(const YAML::Node& node, I& out) {
    std::string text;
    if (auto bad = scalar(node, "an integer", text)) return bad;
    long long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return "expected an integer, found '" + text + "'";
    if constexpr (std::is_unsigned_v<I>) {
      if (value < 0) return "must not be negative, found " + text;
    }
    if (!std::in_range<I>(value)) return "integer out of range: " + text;
    out = static_cast<I>(value);
    return std::nullopt;
  }

  static std::optional<std::string> convert(const YAML::Node& node, int& out) { return parse_integer(node, out); }
  template <class U>
  requires(std::is_unsigned_v<U> &&
           !std::is_same_v<U, bool>) static std::optional<std::string> convert(const YAML::Node& node, U& out) {
    std::string text;
    if (auto bad = scalar(node, "an integer", text)) return bad;
    if (!text.empty() && text[0] == '-') return "must not be negative, found " + text;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec == std::errc::result_out_of_range) return "integer out of range: " + text;
    if (ec != std::errc() || end != text.data() + text.size()) return "expected an integer, found '" + text + "'";
    return std::nullopt;
  }
  static std::optional<std::string> convert(const YAML::Node& node, double& out) {
    std::string text;
    if (auto bad = scalar(node, "a number", text)) return bad;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(out)) {
      return "expected a finite number, found '" + text + "'";
    }
    return std::nullopt;
  }
  static std::optional<std::string> convert(const YAML::Node& node, bool& out) {
    std::string text;
    if (auto bad = scalar(node, "true or false", text)) return bad;
    if (!YAML::convert<bool>::decode(node, out)) return "expected true or false, found '" + text + "'";
    return std::nullopt;
  }
  static std::optional<std::string> convert(const YAML::Node& node, std::string& out) {
    if (auto bad = scalar(node, "a string", out)) return bad;
    return std::nullopt;
  }
  static std::optional<std::string> convert(const YAML::Node& node, std::filesystem::path& out) {
    std::string text;
    if (auto bad = scalar(node, "a path", text)) return bad;
    out = text;
    return std::nullopt;
  }
  static std::optional<std::string> convert(const YAML::Node& node, std::vector<int>& out) {
    if (!node.IsSequence()) return "expected a sequence of integers, found " + kind_name(node);
    out.clear();
    for (std::size_t i = 0; i < node.size(); ++i) {
      int value = 0;
      if (auto bad = parse_integer(node[i], value)) return "element " + std::to_string(i) + ": " + *bad;
      out.push_back(value);
    }
    return std::nullopt;
  }

  static std::optional<std::string> convert(const YAML::Node& node, std::vector<std::string>& out) {
    if (!node.IsSequence()) return "expected a sequence of strings, found " + kind_name(node);
    out.clear();
    for (std::size_t i = 0; i < node.size(); ++i) {
      std::string text;
      if (auto bad = scalar(node[i], "a string", text)) return "element " + std::to_string(i) + ": " + *bad;
      out.push_back(text);
    }
    return std::nullopt;
  }

  std::string file_;
  std::optional<Error> error_;
  std::map<std::string, std::pair<int, int>> marks_;
};

}  // namespace actsearch::yaml
