#include "spaces/space.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "common/yaml_reader.hpp"
#include "spaces/src/operators.hpp"

namespace actsearch::spaces {
namespace {

constexpr int kMaxUnits = 16;
constexpr int kMaxTreeDepth = 32;
constexpr int kMaxTreeSize = 64;

// Multiplication and addition that report overflow instead of wrapping.
bool mul(std::uint64_t& acc, std::uint64_t factor) { return !__builtin_mul_overflow(acc, factor, &acc); }
bool add(std::uint64_t& acc, std::uint64_t term) { return !__builtin_add_overflow(acc, term, &acc); }

// Gives each occurrence of a parametrised operator its own parameters: the first `beta` stays `beta`,
// later ones become beta2, beta3, ... (never reusing a name already handed out).
class ParameterNamer {
 public:
  expr::Expr instance(const expr::Expr& body) {
    const auto params = expr::parameters(body);
    if (params.empty()) return body;
    std::vector<std::string> from, to;
    for (const auto& p : params) {
      std::string name = p.name;
      for (int n = 2; assigned_.contains(name); ++n) name = p.name + std::to_string(n);
      assigned_.insert(name);
      from.push_back(p.name);
      to.push_back(name);
    }
    return expr::rename_parameters(body, from, to);
  }
  std::string fresh(const std::string& base) {
    std::string name = base;
    for (int n = 2; assigned_.contains(name); ++n) name = base + std::to_string(n);
    assigned_.insert(name);
    return name;
  }

 private:
  std::set<std::string> assigned_;
};

// Picks index i with probability weights[i] / sum (all weights finite and >= 0, sum > 0).
std::size_t pick(std::span<const double> weights, Rng& rng) {
  double total = 0;
  for (double w : weights) total += w;
  double u = rng.uniform() * total;
  std::size_t last = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] <= 0) continue;
    last = i;
    if (u < weights[i]) return i;
    u -= weights[i];
  }
  return last;  // rounding left u a hair above the last weight
}

// A different value in [0, n), n >= 2.
std::uint16_t other(std::uint16_t old, std::size_t n, Rng& rng) {
  auto v = static_cast<std::uint16_t>(rng.below(n - 1));
  return v >= old ? static_cast<std::uint16_t>(v + 1) : v;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------
// Parsing

class SpaceParser {
 public:
  explicit SpaceParser(std::string file) : file_(std::move(file)) {}

  Expected<Space> parse(const YAML::Node& root) {
    if (!root || !root.IsMap()) return fail("a space definition must be a mapping", where(root, ""));
    const YAML::Node kind = root["kind"];
    if (!kind) return fail("missing key 'kind' (core_units, schema or tree)", where(root, "kind"));
    std::string kind_text;
    if (auto bad = text(kind, "kind", kind_text); !bad) return fail(bad.error());
    Space s;
    s.file_ = file_;
    std::vector<std::string_view> allowed = {"kind", "name", "description", "unary", "binary"};
    if (kind_text == "core_units") {
      s.kind_ = Space::Kind::CoreUnits;
      allowed.push_back("units");
    } else if (kind_text == "schema") {
      s.kind_ = Space::Kind::Schema;
      allowed.push_back("schemas");
    } else if (kind_text == "tree") {
      s.kind_ = Space::Kind::Tree;
      for (auto k : {"max_depth", "max_size", "constants", "parameters"}) allowed.push_back(k);
    } else {
      return fail("unknown kind '" + kind_text + "' (expected core_units, schema or tree)", where(kind, "kind"));
    }
    for (const auto& entry : root) {
      const std::string key = entry.first.Scalar();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        std::string list;
        for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        return fail("unknown key '" + key + "' for kind " + kind_text + " (expected one of: " + list + ")",
                    where(entry.first, key));
      }
    }

    s.name_ = std::filesystem::path(file_).stem().string();
    if (s.name_.empty()) s.name_ = kind_text;
    if (root["name"]) {
      if (auto bad = text(root["name"], "name", s.name_); !bad) return fail(bad.error());
    }
    if (root["description"]) {
      std::string ignored;
      if (auto bad = text(root["description"], "description", ignored); !bad) return fail(bad.error());
    }

    const bool aquasurf = s.kind_ == Space::Kind::Schema;
    if (auto ok = operators(root, "unary", 1, aquasurf ? aquasurf_unary() : ramachandran_unary(), s.unary_); !ok)
      return fail(ok.error());
    if (auto ok = operators(root, "binary", 2, aquasurf ? aquasurf_binary() : ramachandran_binary(), s.binary_); !ok)
      return fail(ok.error());

    Expected<void> ok;
    switch (s.kind_) {
      case Space::Kind::CoreUnits: ok = units(root, s); break;
      case Space::Kind::Schema: ok = schemas(root, s); break;
      case Space::Kind::Tree: ok = tree(root, s); break;
    }
    if (!ok) return fail(ok.error());
    if (s.kind_ == Space::Kind::Tree) s.prepare_tree_counts();
    s.raw_ = compute_raw(s);
    return s;
  }

 private:
  Location where(const YAML::Node& node, const std::string& field) const {
    return yaml::location_of(node, file_, field);
  }

  static std::string found(const YAML::Node& node) { return yaml::describe(node); }

  Expected<void> text(const YAML::Node& node, const std::string& field, std::string& out) const {
    if (!node.IsScalar()) return fail("expected a string, found " + found(node), where(node, field));
    out = node.Scalar();
    return {};
  }

  Expected<void> integer(const YAML::Node& node, const std::string& field, int low, int high, int& out) const {
    if (!node.IsScalar()) return fail("expected an integer, found " + found(node), where(node, field));
    const std::string& t = node.Scalar();
    long long v = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || end != t.data() + t.size()) {
      return fail("expected an integer, found '" + t + "'", where(node, field));
    }
    if (v < low || v > high) {
      return fail("must be between " + std::to_string(low) + " and " + std::to_string(high) + ", found " + t,
                  where(node, field));
    }
    out = static_cast<int>(v);
    return {};
  }

  Expected<void> number(const YAML::Node& node, const std::string& field, double& out) const {
    if (!node.IsScalar()) return fail("expected a number, found " + found(node), where(node, field));
    const std::string& t = node.Scalar();
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
    if (ec != std::errc() || end != t.data() + t.size() || !std::isfinite(out)) {
      return fail("expected a finite number, found '" + t + "'", where(node, field));
    }
    return {};
  }

  Expected<void> operators(const YAML::Node& root, const std::string& key, int arity,
                           std::span<const std::string_view> defaults, std::vector<Space::Operator>& out) const {
    const YAML::Node list = root[key];
    if (!list) {
      for (auto name : defaults) {
        out.push_back({std::string(name), *detail::resolve_operator(std::string(name), arity)});
      }
      return {};
    }
    if (!list.IsSequence())
      return fail("expected a sequence of operator names, found " + found(list), where(list, key));
    if (list.size() == 0) return fail("the " + key + " operator set is empty", where(list, key));
    if (list.size() > 4096) return fail("too many operators (at most 4096)", where(list, key));
    for (std::size_t i = 0; i < list.size(); ++i) {
      const YAML::Node item = list[i];
      const std::string field = key + "[" + std::to_string(i) + "]";
      Space::Operator op;
      if (item.IsScalar()) {
        op.name = item.Scalar();
        auto body = detail::resolve_operator(op.name, arity);
        if (!body) return fail(body.error().message, where(item, field));
        op.body = *body;
      } else if (item.IsMap()) {
        for (const auto& entry : item) {
          const std::string k = entry.first.Scalar();
          if (k != "name" && k != "expression") {
            return fail("unknown key '" + k + "' (expected name, expression)", where(entry.first, field + "." + k));
          }
        }
        if (!item["name"] || !item["expression"]) {
          return fail("a user-written operator needs both 'name' and 'expression'", where(item, field));
        }
        if (auto ok = text(item["name"], field + ".name", op.name); !ok) return ok;
        std::string expression;
        if (auto ok = text(item["expression"], field + ".expression", expression); !ok) return ok;
        auto body = detail::parse_operator(expression, arity);
        if (!body) return fail(body.error().message, where(item["expression"], field + ".expression"));
        op.body = *body;
      } else {
        return fail("expected an operator name or {name, expression}, found " + found(item), where(item, field));
      }
      for (const auto& seen : out) {
        if (seen.name == op.name) return fail("operator '" + op.name + "' is listed twice", where(item, field));
      }
      out.push_back(std::move(op));
    }
    return {};
  }

  Expected<void> units(const YAML::Node& root, Space& s) const {
    const YAML::Node node = root["units"];
    if (!node) return {};  // one unit
    if (node.IsScalar()) {
      if (auto ok = integer(node, "units", 1, kMaxUnits, s.min_units_); !ok) return ok;
      s.max_units_ = s.min_units_;
      return {};
    }
    if (!node.IsMap()) return fail("expected {min, max} or an integer, found " + found(node), where(node, "units"));
    for (const auto& entry : node) {
      const std::string k = entry.first.Scalar();
      if (k != "min" && k != "max") {
        return fail("unknown key '" + k + "' (expected min, max)", where(entry.first, "units." + k));
      }
    }
    if (node["min"]) {
      if (auto ok = integer(node["min"], "units.min", 1, kMaxUnits, s.min_units_); !ok) return ok;
    }
    s.max_units_ = s.min_units_;
    if (node["max"]) {
      if (auto ok = integer(node["max"], "units.max", 1, kMaxUnits, s.max_units_); !ok) return ok;
    }
    if (s.min_units_ > s.max_units_) {
      return fail(
          "min (" + std::to_string(s.min_units_) + ") is larger than max (" + std::to_string(s.max_units_) + ")",
          where(node["min"] ? node["min"] : node, "units.min"));
    }
    return {};
  }

  // schema := "x" | "unary(" schema ")" | "binary(" schema "," schema ")", spaces allowed.
  static bool parse_schema(std::string_view t, std::size_t& pos, Space::Schema& out, int depth, std::string& error) {
    auto skip = [&] {
      while (pos < t.size() && t[pos] == ' ') ++pos;
    };
    auto expect = [&](char c) {
      skip();
      if (pos < t.size() && t[pos] == c) {
        ++pos;
        return true;
      }
      error = std::string("expected '") + c + "' at character " + std::to_string(pos + 1);
      return false;
    };
    if (depth > 32) {
      error = "nested too deeply";
      return false;
    }
    skip();
    auto word = [&](std::string_view w) {
      if (t.substr(pos, w.size()) != w) return false;
      pos += w.size();
      return true;
    };
    if (word("unary")) {
      out.prefix.push_back({1});
      ++out.unary_slots;
      return expect('(') && parse_schema(t, pos, out, depth + 1, error) && expect(')');
    }
    if (word("binary")) {
      out.prefix.push_back({2});
      ++out.binary_slots;
      return expect('(') && parse_schema(t, pos, out, depth + 1, error) && expect(',') &&
             parse_schema(t, pos, out, depth + 1, error) && expect(')');
    }
    if (word("x")) {
      out.prefix.push_back({0});
      return true;
    }
    error = "expected unary(...), binary(..., ...) or x at character " + std::to_string(pos + 1);
    return false;
  }

  Expected<void> schemas(const YAML::Node& root, Space& s) const {
    const YAML::Node list = root["schemas"];
    if (!list) {
      return fail("missing key 'schemas' (e.g. [\"unary(unary(x))\", \"binary(unary(x),unary(x))\"])",
                  where(root, "schemas"));
    }
    if (!list.IsSequence()) return fail("expected a sequence of schemas, found " + found(list), where(list, "schemas"));
    if (list.size() == 0) return fail("the schema list is empty", where(list, "schemas"));
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string field = "schemas[" + std::to_string(i) + "]";
      Space::Schema schema;
      if (auto ok = text(list[i], field, schema.text); !ok) return ok;
      std::size_t pos = 0;
      std::string error;
      bool good = parse_schema(schema.text, pos, schema, 0, error);
      while (good && pos < schema.text.size() && schema.text[pos] == ' ') ++pos;
      if (good && pos != schema.text.size()) {
        good = false;
        error = "unexpected text at character " + std::to_string(pos + 1);
      }
      if (!good) return fail("bad schema '" + schema.text + "': " + error, where(list[i], field));
      for (const auto& seen : s.schemas_) {
        if (seen.prefix.size() == schema.prefix.size() &&
            std::equal(seen.prefix.begin(), seen.prefix.end(), schema.prefix.begin(),
                       [](auto a, auto b) { return a.arity == b.arity; })) {
          return fail("schema '" + schema.text + "' is listed twice", where(list[i], field));
        }
      }
      s.schemas_.push_back(std::move(schema));
    }
    return {};
  }

  Expected<void> tree(const YAML::Node& root, Space& s) const {
    s.max_depth_ = 3;
    s.max_size_ = 7;
    if (root["max_depth"]) {
      if (auto ok = integer(root["max_depth"], "max_depth", 1, kMaxTreeDepth, s.max_depth_); !ok) return ok;
    }
    if (root["max_size"]) {
      if (auto ok = integer(root["max_size"], "max_size", 1, kMaxTreeSize, s.max_size_); !ok) return ok;
    }
    if (const YAML::Node p = root["parameters"]) {
      if (!p.IsScalar() || !YAML::convert<bool>::decode(p, s.parameters_)) {
        return fail("expected true or false, found " + found(p), where(p, "parameters"));
      }
    }
    if (const YAML::Node c = root["constants"]) {
      if (!c.IsSequence()) return fail("expected a sequence of numbers, found " + found(c), where(c, "constants"));
      for (std::size_t i = 0; i < c.size(); ++i) {
        double v = 0;
        if (auto ok = number(c[i], "constants[" + std::to_string(i) + "]", v); !ok) return ok;
        if (std::find(s.constants_.begin(), s.constants_.end(), v) != s.constants_.end()) {
          return fail("constant " + c[i].Scalar() + " is listed twice",
                      where(c[i], "constants[" + std::to_string(i) + "]"));
        }
        s.constants_.push_back(v);
      }
    }
    if (s.unary_.size() + s.binary_.size() + 3 + s.constants_.size() > 65535) {
      return fail("too many operators and constants for the tree encoding", where(root, "constants"));
    }
    return {};
  }

  static std::optional<std::uint64_t> compute_raw(const Space& s) {
    std::uint64_t total = 0;
    bool overflow = false;
    switch (s.kind_) {
      case Space::Kind::CoreUnits:
        for (int n = s.min_units_; n <= s.max_units_; ++n) overflow |= !add(total, s.members_with_units(n, overflow));
        break;
      case Space::Kind::Schema:
        for (const auto& schema : s.schemas_) overflow |= !add(total, s.schema_members(schema, overflow));
        break;
      case Space::Kind::Tree:
        for (int size = 1; size <= s.max_size_; ++size) {
          const double c = s.tree_count(s.max_depth_, size);
          // Counts below 2^53 are exact in a double (they are sums of products of exact integers).
          if (!(c < 9007199254740992.0)) overflow = true;
          if (!overflow) overflow |= !add(total, static_cast<std::uint64_t>(c));
        }
        break;
    }
    if (overflow) return std::nullopt;
    return total;
  }

  std::string file_;
};

Expected<Space> Space::parse(const YAML::Node& node, const std::string& file) { return SpaceParser(file).parse(node); }

Expected<Space> Space::parse_text(std::string_view yaml, const std::string& file) {
  auto root = yaml::load_text(yaml, file);
  if (!root) return fail(root.error());
  return parse(*root, file);
}

Expected<Space> Space::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail("cannot read the space definition", Location{.file = file.string()});
  std::stringstream text;
  text << in.rdbuf();
  return parse_text(text.str(), file.string());
}

// ---------------------------------------------------------------------------------------------------
// Sizes

std::uint64_t Space::members_with_units(int n, bool& overflow) const {
  std::uint64_t total = 1;
  for (std::uint64_t k = 1; k <= static_cast<std::uint64_t>(n); ++k) {
    for (std::uint64_t f :
         {std::uint64_t(binary_.size()), std::uint64_t(unary_.size()), std::uint64_t(unary_.size()), k, k})
      overflow |= !mul(total, f);
  }
  return total;
}

std::uint64_t Space::schema_members(const Schema& s, bool& overflow) const {
  std::uint64_t total = 1;
  for (int i = 0; i < s.unary_slots; ++i) overflow |= !mul(total, unary_.size());
  for (int i = 0; i < s.binary_slots; ++i) overflow |= !mul(total, binary_.size());
  return total;
}

std::uint16_t Space::leaf_tokens() const {
  return static_cast<std::uint16_t>(1 + (parameters_ ? 1 : 0) + constants_.size());
}

void Space::prepare_tree_counts() {
  const double leaves = leaf_tokens();
  const double u = static_cast<double>(unary_.size());
  const double b = static_cast<double>(binary_.size());
  tree_counts_.assign(max_depth_ + 1, std::vector<double>(max_size_ + 1, 0.0));
  for (int d = 1; d <= max_depth_; ++d) {
    auto& row = tree_counts_[d];
    const auto& below = tree_counts_[d - 1];
    row[1] = leaves;
    for (int s = 2; s <= max_size_; ++s) {
      double c = u * below[s - 1];
      for (int left = 1; left <= s - 2; ++left) c += b * below[left] * below[s - 1 - left];
      row[s] = c;
    }
  }
}

double Space::tree_count(int depth, int size) const {
  if (depth < 1 || size < 1) return 0;
  return tree_counts_[depth][size];
}

std::optional<std::uint64_t> Space::raw_size() const { return raw_; }

bool Space::enumerable() const { return raw_ && *raw_ <= kEnumerationLimit; }

std::string Space::describe() const {
  std::string out = name_ + ": ";
  switch (kind_) {
    case Kind::CoreUnits:
      out += "core_units, " + std::to_string(min_units_) +
             (max_units_ != min_units_ ? ".." + std::to_string(max_units_) : std::string()) + " unit(s)";
      break;
    case Kind::Schema: {
      out += "schema";
      for (std::size_t i = 0; i < schemas_.size(); ++i) out += (i ? ", " : " ") + schemas_[i].text;
      break;
    }
    case Kind::Tree:
      out += "tree, depth <= " + std::to_string(max_depth_) + ", size <= " + std::to_string(max_size_) + ", " +
             std::to_string(constants_.size()) + " constant(s)" + (parameters_ ? ", parameters" : "");
      break;
  }
  out += "; " + std::to_string(unary_.size()) + " unary x " + std::to_string(binary_.size()) + " binary; ";
  out += raw_ ? std::to_string(*raw_) + " raw members" : std::string("too many members to count");
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Expressions and membership

namespace {

struct TreeShape {
  std::vector<int> arity;  // per token
  std::vector<int> depth;  // node depth from the root (root = 1)
  std::vector<int> end;    // one past the last token of the subtree
  int height = 0;          // depth of the whole tree (leaf = 1)
  bool valid = true;
};

TreeShape tree_shape(const std::vector<std::uint16_t>& tokens, std::size_t unary, std::size_t binary) {
  TreeShape shape;
  const std::size_t n = tokens.size();
  shape.arity.resize(n);
  shape.depth.resize(n);
  shape.end.resize(n);
  for (std::size_t i = 0; i < n; ++i) shape.arity[i] = tokens[i] < unary ? 1 : tokens[i] < unary + binary ? 2 : 0;
  std::size_t pos = 0;
  auto walk = [&](auto& self, int depth) -> void {
    if (pos >= n) {
      shape.valid = false;
      return;
    }
    const std::size_t at = pos++;
    shape.depth[at] = depth;
    shape.height = std::max(shape.height, depth);
    for (int k = 0; k < shape.arity[at] && shape.valid; ++k) self(self, depth + 1);
    shape.end[at] = static_cast<int>(pos);
  };
  walk(walk, 1);
  if (pos != n) shape.valid = false;
  return shape;
}

}  // namespace

expr::Expr Space::expression(const Genome& g) const {
  ParameterNamer namer;
  auto apply = [&](const Operator& op, std::vector<expr::Expr> args) {
    return expr::substitute(namer.instance(op.body), args);
  };
  switch (kind_) {
    case Kind::CoreUnits: {
      std::vector<expr::Expr> outputs{expr::Expr::x()};
      for (const auto& u : g.units) {
        expr::Expr a = apply(unary_.at(u.unary1), {outputs.at(u.input1)});
        expr::Expr b = apply(unary_.at(u.unary2), {outputs.at(u.input2)});
        outputs.push_back(apply(binary_.at(u.binary), {a, b}));
      }
      return outputs.back();
    }
    case Kind::Schema: {
      const Schema& schema = schemas_.at(g.schema);
      std::size_t node = 0, slot = 0;
      auto build = [&](auto& self) -> expr::Expr {
        const int arity = schema.prefix.at(node++).arity;
        if (arity == 0) return expr::Expr::x();
        const std::uint16_t op = g.symbols.at(slot++);
        const Operator& chosen = arity == 1 ? unary_.at(op) : binary_.at(op);
        expr::Expr body = namer.instance(chosen.body);  // parameters numbered parent first, in prefix order
        std::vector<expr::Expr> args;
        for (int k = 0; k < arity; ++k) args.push_back(self(self));
        return expr::substitute(body, args);
      };
      return build(build);
    }
    case Kind::Tree: {
      const std::size_t u = unary_.size(), b = binary_.size();
      std::size_t pos = 0;
      auto build = [&](auto& self) -> expr::Expr {
        const std::uint16_t t = g.symbols.at(pos++);
        if (t < u + b) {
          const Operator& chosen = t < u ? unary_[t] : binary_[t - u];
          expr::Expr body = namer.instance(chosen.body);
          std::vector<expr::Expr> args;
          for (int k = 0; k < (t < u ? 1 : 2); ++k) args.push_back(self(self));
          return expr::substitute(body, args);
        }
        const std::size_t leaf = t - u - b;
        if (leaf == 0) return expr::Expr::x();
        if (parameters_ && leaf == 1) return expr::Expr::param(namer.fresh("beta"), 1.0);
        return expr::Expr::constant(constants_.at(leaf - (parameters_ ? 2 : 1)));
      };
      return build(build);
    }
  }
  throw std::logic_error("unknown space kind");
}

bool Space::contains(const Genome& g) const {
  switch (kind_) {
    case Kind::CoreUnits: {
      if (!g.symbols.empty() || g.schema != 0) return false;
      const int n = static_cast<int>(g.units.size());
      if (n < min_units_ || n > max_units_) return false;
      for (int k = 0; k < n; ++k) {
        const auto& u = g.units[k];
        if (u.binary >= binary_.size() || u.unary1 >= unary_.size() || u.unary2 >= unary_.size()) return false;
        if (u.input1 > k || u.input2 > k) return false;
      }
      return true;
    }
    case Kind::Schema: {
      if (!g.units.empty() || g.schema >= schemas_.size()) return false;
      const Schema& s = schemas_[g.schema];
      if (g.symbols.size() != static_cast<std::size_t>(s.unary_slots + s.binary_slots)) return false;
      std::size_t slot = 0;
      for (const auto& node : s.prefix) {
        if (node.arity == 0) continue;
        if (g.symbols[slot++] >= (node.arity == 1 ? unary_.size() : binary_.size())) return false;
      }
      return true;
    }
    case Kind::Tree: {
      if (!g.units.empty() || g.schema != 0 || g.symbols.empty()) return false;
      if (g.symbols.size() > static_cast<std::size_t>(max_size_)) return false;
      const std::size_t limit = unary_.size() + binary_.size() + leaf_tokens();
      for (auto t : g.symbols) {
        if (t >= limit) return false;
      }
      const TreeShape shape = tree_shape(g.symbols, unary_.size(), binary_.size());
      return shape.valid && shape.height <= max_depth_;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------
// Sampling

void Space::sample_tree(int depth, int size, Rng& rng, std::vector<std::uint16_t>& out) const {
  const auto u = static_cast<std::uint16_t>(unary_.size());
  const auto b = static_cast<std::uint16_t>(binary_.size());
  if (size == 1) {
    out.push_back(static_cast<std::uint16_t>(u + b + rng.below(leaf_tokens())));
    return;
  }
  // Choice 0: a unary root; choice k >= 1: a binary root whose left child has k nodes.
  std::vector<double> weights(static_cast<std::size_t>(size - 1), 0.0);
  weights[0] = u * tree_count(depth - 1, size - 1);
  for (int left = 1; left <= size - 2; ++left) {
    weights[left] = b * tree_count(depth - 1, left) * tree_count(depth - 1, size - 1 - left);
  }
  const std::size_t choice = pick(weights, rng);
  if (choice == 0) {
    out.push_back(static_cast<std::uint16_t>(rng.below(u)));
    sample_tree(depth - 1, size - 1, rng, out);
  } else {
    out.push_back(static_cast<std::uint16_t>(u + rng.below(b)));
    sample_tree(depth - 1, static_cast<int>(choice), rng, out);
    sample_tree(depth - 1, size - 1 - static_cast<int>(choice), rng, out);
  }
}

Genome Space::sample(Rng& rng) const {
  Genome g;
  switch (kind_) {
    case Kind::CoreUnits: {
      std::vector<double> weights;
      for (int n = min_units_; n <= max_units_; ++n) {
        double w = 1;
        for (int k = 1; k <= n; ++k) w *= static_cast<double>(binary_.size() * unary_.size() * unary_.size()) * k * k;
        weights.push_back(w);
      }
      const int n = min_units_ + static_cast<int>(pick(weights, rng));
      for (int k = 0; k < n; ++k) {
        UnitGene unit;
        unit.binary = static_cast<std::uint16_t>(rng.below(binary_.size()));
        unit.unary1 = static_cast<std::uint16_t>(rng.below(unary_.size()));
        unit.unary2 = static_cast<std::uint16_t>(rng.below(unary_.size()));
        unit.input1 = static_cast<std::uint16_t>(rng.below(k + 1));
        unit.input2 = static_cast<std::uint16_t>(rng.below(k + 1));
        g.units.push_back(unit);
      }
      return g;
    }
    case Kind::Schema: {
      std::vector<double> weights;
      for (const auto& s : schemas_) {
        weights.push_back(std::pow(static_cast<double>(unary_.size()), s.unary_slots) *
                          std::pow(static_cast<double>(binary_.size()), s.binary_slots));
      }
      g.schema = static_cast<std::uint16_t>(pick(weights, rng));
      for (const auto& node : schemas_[g.schema].prefix) {
        if (node.arity == 0) continue;
        g.symbols.push_back(static_cast<std::uint16_t>(rng.below(node.arity == 1 ? unary_.size() : binary_.size())));
      }
      return g;
    }
    case Kind::Tree: {
      std::vector<double> weights;
      for (int s = 1; s <= max_size_; ++s) weights.push_back(tree_count(max_depth_, s));
      const int size = 1 + static_cast<int>(pick(weights, rng));
      sample_tree(max_depth_, size, rng, g.symbols);
      return g;
    }
  }
  return g;
}

// ---------------------------------------------------------------------------------------------------
// Mutation

bool Space::mutate_once(Genome& g, Rng& rng) const {
  const std::size_t nu = unary_.size(), nb = binary_.size();
  enum Op { ReplaceUnary, ReplaceBinary, Rewire, Add, Remove, Perturb };
  std::vector<Op> ops;
  switch (kind_) {
    case Kind::CoreUnits: {
      const int n = static_cast<int>(g.units.size());
      if (nu > 1) ops.push_back(ReplaceUnary);
      if (nb > 1) ops.push_back(ReplaceBinary);
      if (n >= 2) ops.push_back(Rewire);
      if (n < max_units_) ops.push_back(Add);
      if (n > min_units_) ops.push_back(Remove);
      if (ops.empty()) return false;
      const Op op = ops[rng.below(ops.size())];
      if (op == ReplaceUnary) {
        auto& u = g.units[rng.below(n)];
        auto& slot = rng.below(2) ? u.unary2 : u.unary1;
        slot = other(slot, nu, rng);
      } else if (op == ReplaceBinary) {
        auto& u = g.units[rng.below(n)];
        u.binary = other(u.binary, nb, rng);
      } else if (op == Rewire) {
        const std::size_t k = 1 + rng.below(n - 1);  // unit 1 reads only x
        auto& u = g.units[k];
        auto& input = rng.below(2) ? u.input2 : u.input1;
        input = other(input, k + 1, rng);
      } else if (op == Add) {
        // The new last unit reads the old output (so the parent's function feeds it) and one more input.
        UnitGene unit;
        unit.binary = static_cast<std::uint16_t>(rng.below(nb));
        unit.unary1 = static_cast<std::uint16_t>(rng.below(nu));
        unit.unary2 = static_cast<std::uint16_t>(rng.below(nu));
        unit.input1 = static_cast<std::uint16_t>(n);
        unit.input2 = static_cast<std::uint16_t>(rng.below(n + 1));
        if (rng.below(2)) std::swap(unit.input1, unit.input2);
        g.units.push_back(unit);
      } else {
        g.units.pop_back();
      }
      return true;
    }
    case Kind::Schema: {
      const Schema& s = schemas_[g.schema];
      if (s.unary_slots > 0 && nu > 1) ops.push_back(ReplaceUnary);
      if (s.binary_slots > 0 && nb > 1) ops.push_back(ReplaceBinary);
      if (schemas_.size() > 1) ops.push_back(Add);  // switch schema
      if (ops.empty()) return false;
      const Op op = ops[rng.below(ops.size())];
      if (op == Add) {
        g.schema = other(g.schema, schemas_.size(), rng);
        g.symbols.clear();
        for (const auto& node : schemas_[g.schema].prefix) {
          if (node.arity == 0) continue;
          g.symbols.push_back(static_cast<std::uint16_t>(rng.below(node.arity == 1 ? nu : nb)));
        }
        return true;
      }
      const int want = op == ReplaceUnary ? 1 : 2;
      std::vector<std::size_t> slots;
      std::size_t slot = 0;
      for (const auto& node : s.prefix) {
        if (node.arity == 0) continue;
        if (node.arity == want) slots.push_back(slot);
        ++slot;
      }
      auto& chosen = g.symbols[slots[rng.below(slots.size())]];
      chosen = other(chosen, want == 1 ? nu : nb, rng);
      return true;
    }
    case Kind::Tree: {
      const TreeShape shape = tree_shape(g.symbols, nu, nb);
      const auto first_leaf = static_cast<std::uint16_t>(nu + nb);
      const std::size_t first_constant = first_leaf + (parameters_ ? 2 : 1);
      std::vector<std::size_t> unary_at, binary_at, leaves, growable, internal, constants;
      const int size = static_cast<int>(g.symbols.size());
      for (std::size_t i = 0; i < g.symbols.size(); ++i) {
        const int a = shape.arity[i];
        (a == 1 ? unary_at : a == 2 ? binary_at : leaves).push_back(i);
        if (a > 0) internal.push_back(i);
        if (a == 0 && shape.depth[i] < max_depth_ &&
            ((nu > 0 && size + 1 <= max_size_) || (nb > 0 && size + 2 <= max_size_)))
          growable.push_back(i);
        if (a == 0 && g.symbols[i] >= first_constant) constants.push_back(i);
      }
      if (!unary_at.empty() && nu > 1) ops.push_back(ReplaceUnary);
      if (!binary_at.empty() && nb > 1) ops.push_back(ReplaceBinary);
      if (leaf_tokens() > 1) ops.push_back(Rewire);  // replace a leaf
      if (!growable.empty()) ops.push_back(Add);
      if (!internal.empty()) ops.push_back(Remove);
      if (!constants.empty() && constants_.size() > 1) ops.push_back(Perturb);
      if (ops.empty()) return false;
      const Op op = ops[rng.below(ops.size())];
      auto& t = g.symbols;
      if (op == ReplaceUnary) {
        auto& tok = t[unary_at[rng.below(unary_at.size())]];
        tok = other(tok, nu, rng);
      } else if (op == ReplaceBinary) {
        auto& tok = t[binary_at[rng.below(binary_at.size())]];
        tok = static_cast<std::uint16_t>(nu + other(static_cast<std::uint16_t>(tok - nu), nb, rng));
      } else if (op == Rewire) {
        auto& tok = t[leaves[rng.below(leaves.size())]];
        tok = static_cast<std::uint16_t>(first_leaf +
                                         other(static_cast<std::uint16_t>(tok - first_leaf), leaf_tokens(), rng));
      } else if (op == Add) {
        const std::size_t at = growable[rng.below(growable.size())];
        const bool can_unary = nu > 0 && size + 1 <= max_size_;
        const bool can_binary = nb > 0 && size + 2 <= max_size_;
        const bool binary = can_binary && (!can_unary || rng.below(2));
        std::vector<std::uint16_t> node;
        node.push_back(static_cast<std::uint16_t>(binary ? nu + rng.below(nb) : rng.below(nu)));
        // The old leaf stays as the first child, so the parent's function is part of the child's.
        node.push_back(t[at]);
        if (binary) node.push_back(static_cast<std::uint16_t>(first_leaf + rng.below(leaf_tokens())));
        t.erase(t.begin() + static_cast<std::ptrdiff_t>(at));
        t.insert(t.begin() + static_cast<std::ptrdiff_t>(at), node.begin(), node.end());
      } else if (op == Remove) {
        const std::size_t at = internal[rng.below(internal.size())];
        // Keep one child's subtree in place of the node.
        std::size_t child = at + 1;
        if (shape.arity[at] == 2 && rng.below(2)) child = static_cast<std::size_t>(shape.end[at + 1]);
        std::vector<std::uint16_t> kept(t.begin() + static_cast<std::ptrdiff_t>(child), t.begin() + shape.end[child]);
        t.erase(t.begin() + static_cast<std::ptrdiff_t>(at), t.begin() + shape.end[at]);
        t.insert(t.begin() + static_cast<std::ptrdiff_t>(at), kept.begin(), kept.end());
      } else {
        // Perturb: the neighbouring value in the listed order (the list is the space's constant grid).
        auto& tok = t[constants[rng.below(constants.size())]];
        const std::size_t j = tok - first_constant;
        const std::size_t last = constants_.size() - 1;
        const std::size_t moved = j == 0 ? 1 : j == last ? last - 1 : (rng.below(2) ? j + 1 : j - 1);
        tok = static_cast<std::uint16_t>(first_constant + moved);
      }
      return true;
    }
  }
  return false;
}

Genome Space::mutate(const Genome& parent, Rng& rng) const {
  // Every operator changes the genome except where a space is too small to allow any change; a few
  // attempts cover operators that can return to the parent (none do today, the loop is a guard).
  for (int attempt = 0; attempt < 16; ++attempt) {
    Genome child = parent;
    if (!mutate_once(child, rng)) return parent;
    if (child != parent) return child;
  }
  return parent;
}

// ---------------------------------------------------------------------------------------------------
// Enumeration

bool Space::enumerate_trees(int depth, int size, std::vector<std::uint16_t>& out,
                            const std::function<bool()>& next) const {
  if (depth < 1 || size < 1) return true;
  const auto u = static_cast<std::uint16_t>(unary_.size());
  const auto b = static_cast<std::uint16_t>(binary_.size());
  if (size == 1) {
    for (std::uint16_t leaf = 0; leaf < leaf_tokens(); ++leaf) {
      out.push_back(static_cast<std::uint16_t>(u + b + leaf));
      if (!next()) return false;
      out.pop_back();
    }
    return true;
  }
  if (depth < 2) return true;
  for (std::uint16_t op = 0; op < u; ++op) {
    out.push_back(op);
    if (!enumerate_trees(depth - 1, size - 1, out, next)) return false;
    out.pop_back();
  }
  for (std::uint16_t op = 0; op < b; ++op) {
    for (int left = 1; left <= size - 2; ++left) {
      if (tree_count(depth - 1, left) == 0 || tree_count(depth - 1, size - 1 - left) == 0) continue;
      out.push_back(static_cast<std::uint16_t>(u + op));
      const std::function<bool()> right = [&] { return enumerate_trees(depth - 1, size - 1 - left, out, next); };
      if (!enumerate_trees(depth - 1, left, out, right)) return false;
      out.pop_back();
    }
  }
  return true;
}

void Space::enumerate(const std::function<bool(const Genome&)>& visit) const {
  if (!enumerable()) throw std::logic_error("space '" + name_ + "' is too large to enumerate");
  switch (kind_) {
    case Kind::CoreUnits: {
      for (int n = min_units_; n <= max_units_; ++n) {
        Genome g;
        g.units.assign(n, UnitGene{});
        // Odometer over (binary, unary1, unary2, input1, input2) of each unit, the last unit's input2 fastest.
        for (;;) {
          if (!visit(g)) return;
          int k = n - 1;
          for (; k >= 0; --k) {
            auto& u = g.units[k];
            const std::uint16_t inputs = static_cast<std::uint16_t>(k + 1);
            if (++u.input2 < inputs) break;
            u.input2 = 0;
            if (++u.input1 < inputs) break;
            u.input1 = 0;
            if (++u.unary2 < unary_.size()) break;
            u.unary2 = 0;
            if (++u.unary1 < unary_.size()) break;
            u.unary1 = 0;
            if (++u.binary < binary_.size()) break;
            u.binary = 0;
          }
          if (k < 0) break;
        }
      }
      return;
    }
    case Kind::Schema: {
      for (std::size_t s = 0; s < schemas_.size(); ++s) {
        Genome g;
        g.schema = static_cast<std::uint16_t>(s);
        std::vector<std::size_t> radix;
        for (const auto& node : schemas_[s].prefix) {
          if (node.arity != 0) radix.push_back(node.arity == 1 ? unary_.size() : binary_.size());
        }
        g.symbols.assign(radix.size(), 0);
        for (;;) {
          if (!visit(g)) return;
          bool wrapped = true;  // every slot carried over: this schema is done
          for (std::size_t i = radix.size(); i-- > 0;) {
            if (++g.symbols[i] < radix[i]) {
              wrapped = false;
              break;
            }
            g.symbols[i] = 0;
          }
          if (wrapped) break;
        }
      }
      return;
    }
    case Kind::Tree: {
      Genome g;
      std::vector<std::uint16_t> tokens;
      const std::function<bool()> emit = [&] {
        g.symbols = tokens;
        return visit(g);
      };
      for (int size = 1; size <= max_size_; ++size) {
        if (!enumerate_trees(max_depth_, size, tokens, emit)) return;
      }
      return;
    }
  }
}

}  // namespace actsearch::spaces
