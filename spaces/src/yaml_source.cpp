// The YAML side of space definitions: Field over yaml-cpp nodes, and the entry points that turn a file,
// a text or an already-parsed node into a Space. The only translation unit of spaces/ that sees yaml-cpp.
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "common/yaml_reader.hpp"
#include "spaces/space.hpp"
#include "spaces/space_yaml.hpp"
#include "spaces/src/definition.hpp"
#include "spaces/src/field.hpp"

namespace actsearch::spaces {
namespace detail {

struct Field::Node {
  YAML::Node value;  // invalid (a "zombie" node) when the key is absent
};

namespace {

std::shared_ptr<const Field::Node> wrap(YAML::Node value) {
  return std::make_shared<const Field::Node>(Field::Node{std::move(value)});
}

// A stand-in for an absent key or element.
const std::shared_ptr<const Field::Node>& absent() {
  static const auto none = wrap(YAML::Node(YAML::NodeType::Undefined));
  return none;
}

}  // namespace

Field::Field(std::shared_ptr<const Node> node, std::string file, std::string path)
    : node_(node ? std::move(node) : absent()), file_(std::move(file)), path_(std::move(path)) {}

bool Field::present() const { return node_->value.IsDefined(); }
bool Field::is_scalar() const { return present() && node_->value.IsScalar(); }
bool Field::is_map() const { return present() && node_->value.IsMap(); }
bool Field::is_sequence() const { return present() && node_->value.IsSequence(); }

Location Field::where(std::string field) const {
  if (!present()) return Location{.file = file_, .field = std::move(field)};
  return yaml::location_of(node_->value, file_, std::move(field));
}

std::string Field::found() const { return present() ? yaml::describe(node_->value) : "nothing"; }

std::string Field::scalar() const { return is_scalar() ? node_->value.Scalar() : std::string(); }

std::string Field::child_path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

Field Field::operator[](std::string_view key) const {
  const std::string name = child_path(key);
  if (!is_map()) return Field(absent(), file_, name);
  const YAML::Node& map = node_->value;  // const: looking a key up must not insert it
  const YAML::Node child = map[std::string(key)];
  return Field(child ? wrap(child) : absent(), file_, name);
}

Field Field::operator[](std::size_t index) const {
  const std::string name = path_ + "[" + std::to_string(index) + "]";
  if (!is_sequence() || index >= node_->value.size()) return Field(absent(), file_, name);
  const YAML::Node& sequence = node_->value;
  return Field(wrap(sequence[index]), file_, name);
}

std::size_t Field::size() const { return is_map() || is_sequence() ? node_->value.size() : 0; }

std::vector<Field> Field::keys() const {
  std::vector<Field> out;
  if (!is_map()) return out;
  for (const auto& entry : node_->value) out.emplace_back(wrap(entry.first), file_, child_path(entry.first.Scalar()));
  return out;
}

Expected<std::string> Field::text() const {
  if (!is_scalar()) return fail("expected a string, found " + found(), where());
  return node_->value.Scalar();
}

Expected<int> Field::integer(int low, int high) const {
  if (!is_scalar()) return fail("expected an integer, found " + found(), where());
  const std::string& t = node_->value.Scalar();
  long long v = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || end != t.data() + t.size()) return fail("expected an integer, found '" + t + "'", where());
  if (v < low || v > high) {
    return fail("must be between " + std::to_string(low) + " and " + std::to_string(high) + ", found " + t, where());
  }
  return static_cast<int>(v);
}

Expected<double> Field::number() const {
  if (!is_scalar()) return fail("expected a number, found " + found(), where());
  const std::string& t = node_->value.Scalar();
  double v = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || end != t.data() + t.size() || !std::isfinite(v)) {
    return fail("expected a finite number, found '" + t + "'", where());
  }
  return v;
}

Expected<bool> Field::boolean() const {
  bool v = false;
  if (!is_scalar() || !YAML::convert<bool>::decode(node_->value, v)) {
    return fail("expected true or false, found " + found(), where());
  }
  return v;
}

}  // namespace detail

Expected<Space> parse_space(const YAML::Node& definition, const std::string& file) {
  return detail::read_definition(detail::Field(detail::wrap(definition), file, ""));
}

Expected<Space> Space::parse_text(std::string_view yaml, const std::string& file) {
  auto root = yaml::load_text(yaml, file);
  if (!root) return fail(root.error());
  return parse_space(*root, file);
}

Expected<Space> Space::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail("cannot read the space definition", Location{.file = file.string()});
  std::stringstream text;
  text << in.rdbuf();
  return parse_text(text.str(), file.string());
}

}  // namespace actsearch::spaces
