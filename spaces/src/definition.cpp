#include "spaces/src/definition.hpp"

#include <algorithm>
#include <filesystem>

#include "spaces/src/operators.hpp"
#include "spaces/src/registry.hpp"

namespace actsearch::spaces::detail {
namespace {

constexpr std::string_view kSharedKeys[] = {"kind", "name", "description", "unary", "binary"};
constexpr std::size_t kMaxOperators = 4096;

// The `unary` or `binary` list: names of table rows or templates, or {name, expression} written by the
// user; the kind's defaults when the key is absent.
Expected<std::vector<Space::Operator>> read_operators(const Field& root, const std::string& key, int arity,
                                                      std::span<const std::string_view> defaults) {
  std::vector<Space::Operator> out;
  const Field list = root[key];
  if (!list.present()) {
    for (auto name : defaults) out.push_back({std::string(name), *resolve_operator(std::string(name), arity)});
    return out;
  }
  if (!list.is_sequence()) return fail("expected a sequence of operator names, found " + list.found(), list.where());
  if (list.size() == 0) return fail("the " + key + " operator set is empty", list.where());
  if (list.size() > kMaxOperators) return fail("too many operators (at most 4096)", list.where());
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Field item = list[i];
    Space::Operator op;
    if (item.is_scalar()) {
      op.name = item.scalar();
      auto body = resolve_operator(op.name, arity);
      if (!body) return fail(body.error().message, item.where());
      op.body = *body;
    } else if (item.is_map()) {
      for (const Field& k : item.keys()) {
        if (k.scalar() != "name" && k.scalar() != "expression") {
          return fail("unknown key '" + k.scalar() + "' (expected name, expression)", k.where());
        }
      }
      const Field name = item["name"], expression = item["expression"];
      if (!name.present() || !expression.present()) {
        return fail("a user-written operator needs both 'name' and 'expression'", item.where());
      }
      auto name_text = name.text();
      if (!name_text) return fail(name_text.error());
      op.name = *name_text;
      auto expression_text = expression.text();
      if (!expression_text) return fail(expression_text.error());
      auto body = parse_operator(*expression_text, arity);
      if (!body) return fail(body.error().message, expression.where());
      op.body = *body;
    } else {
      return fail("expected an operator name or {name, expression}, found " + item.found(), item.where());
    }
    for (const auto& seen : out) {
      if (seen.name == op.name) return fail("operator '" + op.name + "' is listed twice", item.where());
    }
    out.push_back(std::move(op));
  }
  return out;
}

}  // namespace

Expected<Space> read_definition(const Field& root) {
  if (!root.is_map()) return fail("a space definition must be a mapping", root.where(""));
  const Field kind = root["kind"];
  if (!kind.present()) return fail("missing key 'kind' (" + space_kind_names() + ")", root.where("kind"));
  auto kind_text = kind.text();
  if (!kind_text) return fail(kind_text.error());
  const KindInfo* info = find_space_kind(*kind_text);
  if (!info) {
    return fail("unknown kind '" + *kind_text + "' (expected " + space_kind_names() + ")", kind.where());
  }
  for (const Field& key : root.keys()) {
    const std::string& k = key.scalar();
    const auto known = [&](std::span<const std::string_view> keys) {
      return std::find(keys.begin(), keys.end(), k) != keys.end();
    };
    if (!known(kSharedKeys) && !known(info->keys)) {
      std::string list;
      for (auto a : kSharedKeys) list += (list.empty() ? "" : ", ") + std::string(a);
      for (auto a : info->keys) list += ", " + std::string(a);
      return fail("unknown key '" + k + "' for kind " + *kind_text + " (expected one of: " + list + ")", key.where());
    }
  }

  std::string name = std::filesystem::path(root.file()).stem().string();
  if (name.empty()) name = *kind_text;
  if (const Field given = root["name"]; given.present()) {
    auto text = given.text();
    if (!text) return fail(text.error());
    name = *text;
  }
  if (const Field description = root["description"]; description.present()) {
    if (auto text = description.text(); !text) return fail(text.error());
  }

  OperatorSets operators;
  auto unary = read_operators(root, "unary", 1, info->default_unary());
  if (!unary) return fail(unary.error());
  operators.unary = std::move(*unary);
  auto binary = read_operators(root, "binary", 2, info->default_binary());
  if (!binary) return fail(binary.error());
  operators.binary = std::move(*binary);

  auto built = info->build(root, std::move(operators));
  if (!built) return fail(built.error());
  return Space(std::move(name), std::move(*built));
}

}  // namespace actsearch::spaces::detail
