// One value of a space definition together with its place in the file. The space kinds read their keys
// through it, so they see neither the YAML library nor the document format, and every error they report
// names the file, line, column and field. Implemented over yaml-cpp in yaml_source.cpp.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"

namespace actsearch::spaces::detail {

class Field {
 public:
  struct Node;  // the document's node (yaml_source.cpp)
  Field(std::shared_ptr<const Node> node, std::string file, std::string path);

  // Whether the key exists (a key with an empty value is present and null).
  bool present() const;
  bool is_scalar() const;
  bool is_map() const;
  bool is_sequence() const;

  // The dotted field name: "units.min", "unary[1].expression"; empty for the document itself.
  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }
  // This value's position (file, line, column) named as this field, or as `field`.
  Location where() const { return where(path_); }
  Location where(std::string field) const;
  // What the value holds, for "expected X, found Y": "a mapping", "a sequence", "nothing (null)", "'text'".
  std::string found() const;
  // The text of a scalar (also of a mapping key); empty otherwise.
  std::string scalar() const;

  // A key of a mapping (absent when this is no mapping or lacks the key).
  Field operator[](std::string_view key) const;
  // An element of a sequence (absent when out of range or no sequence).
  Field operator[](std::size_t index) const;
  // Elements of a sequence, entries of a mapping; 0 otherwise.
  std::size_t size() const;
  // The keys of a mapping in document order, each positioned at the key and named path.key.
  std::vector<Field> keys() const;

  // Typed reads of a scalar; errors are located at this value and named as this field.
  Expected<std::string> text() const;
  Expected<int> integer(int low, int high) const;
  Expected<double> number() const;  // finite
  Expected<bool> boolean() const;

 private:
  std::string child_path(std::string_view key) const;

  std::shared_ptr<const Node> node_;
  std::string file_;
  std::string path_;
};

}  // namespace actsearch::spaces::detail
