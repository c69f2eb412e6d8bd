// schema: AQuaSurF (Bingham & Miikkulainen 2023). A member is one of the listed schemas, e.g.
// "binary(unary(x), unary(x))", plus one operator per unary/binary slot in prefix order.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "spaces/src/kind_support.hpp"
#include "spaces/src/registry.hpp"

namespace actsearch::spaces::detail {
namespace {

constexpr std::string_view kKeys[] = {"schemas"};
constexpr int kMaxNesting = 32;

struct Schema {
  std::string text;
  std::vector<int> prefix;  // arity of each node in prefix order: 0 = x, 1 = unary slot, 2 = binary slot
  int unary_slots = 0;
  int binary_slots = 0;
};

// schema := "x" | "unary(" schema ")" | "binary(" schema "," schema ")", spaces allowed.
bool parse_schema(std::string_view t, std::size_t& pos, Schema& out, int depth, std::string& error) {
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
  if (depth > kMaxNesting) {
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
    out.prefix.push_back(1);
    ++out.unary_slots;
    return expect('(') && parse_schema(t, pos, out, depth + 1, error) && expect(')');
  }
  if (word("binary")) {
    out.prefix.push_back(2);
    ++out.binary_slots;
    return expect('(') && parse_schema(t, pos, out, depth + 1, error) && expect(',') &&
           parse_schema(t, pos, out, depth + 1, error) && expect(')');
  }
  if (word("x")) {
    out.prefix.push_back(0);
    return true;
  }
  error = "expected unary(...), binary(..., ...) or x at character " + std::to_string(pos + 1);
  return false;
}

class SchemaKind final : public SpaceKind {
 public:
  SchemaKind(OperatorSets operators, std::vector<Schema> schemas)
      : SpaceKind(std::move(operators)), schemas_(std::move(schemas)) {
    std::uint64_t total = 0;
    bool overflow = false;
    for (const auto& schema : schemas_) overflow |= !checked_add(total, members(schema, overflow));
    if (!overflow) raw_ = total;
  }

  std::string_view kind_name() const override { return "schema"; }

  std::string describe() const override {
    std::string out = "schema";
    for (std::size_t i = 0; i < schemas_.size(); ++i) out += (i ? ", " : " ") + schemas_[i].text;
    return out;
  }

  std::optional<std::uint64_t> raw_size() const override { return raw_; }

  Genome sample(Rng& rng) const override {
    std::vector<double> weights;
    for (const auto& s : schemas_) {
      weights.push_back(std::pow(static_cast<double>(unary().size()), s.unary_slots) *
                        std::pow(static_cast<double>(binary().size()), s.binary_slots));
    }
    Genome g;
    g.schema = static_cast<std::uint16_t>(pick(weights, rng));
    fill_slots(g, rng);
    return g;
  }

  bool mutate_once(Genome& g, Rng& rng) const override {
    const std::size_t nu = unary().size(), nb = binary().size();
    enum Op { ReplaceUnary, ReplaceBinary, SwitchSchema };
    std::vector<Op> ops;
    const Schema& s = schemas_[g.schema];
    if (s.unary_slots > 0 && nu > 1) ops.push_back(ReplaceUnary);
    if (s.binary_slots > 0 && nb > 1) ops.push_back(ReplaceBinary);
    if (schemas_.size() > 1) ops.push_back(SwitchSchema);
    if (ops.empty()) return false;
    const Op op = ops[rng.below(ops.size())];
    if (op == SwitchSchema) {
      g.schema = other(g.schema, schemas_.size(), rng);
      g.symbols.clear();
      fill_slots(g, rng);
      return true;
    }
    const int want = op == ReplaceUnary ? 1 : 2;
    std::vector<std::size_t> slots;
    std::size_t slot = 0;
    for (const int arity : s.prefix) {
      if (arity == 0) continue;
      if (arity == want) slots.push_back(slot);
      ++slot;
    }
    auto& chosen = g.symbols[slots[rng.below(slots.size())]];
    chosen = other(chosen, want == 1 ? nu : nb, rng);
    return true;
  }

  expr::Expr expression(const Genome& g) const override {
    ParameterNamer namer;
    const Schema& schema = schemas_.at(g.schema);
    std::size_t node = 0, slot = 0;
    auto build = [&](auto& self) -> expr::Expr {
      const int arity = schema.prefix.at(node++);
      if (arity == 0) return expr::Expr::x();
      const std::uint16_t op = g.symbols.at(slot++);
      const auto operators = arity == 1 ? unary() : binary();
      if (op >= operators.size()) throw std::out_of_range("operator " + std::to_string(op) + " of the schema space");
      expr::Expr body = namer.instance(operators[op].body);  // parameters numbered parent first, in prefix order
      std::vector<expr::Expr> args;
      for (int k = 0; k < arity; ++k) args.push_back(self(self));
      return expr::substitute(body, args);
    };
    return build(build);
  }

  bool contains(const Genome& g) const override {
    if (!g.units.empty() || g.schema >= schemas_.size()) return false;
    const Schema& s = schemas_[g.schema];
    if (g.symbols.size() != static_cast<std::size_t>(s.unary_slots + s.binary_slots)) return false;
    std::size_t slot = 0;
    for (const int arity : s.prefix) {
      if (arity == 0) continue;
      if (g.symbols[slot++] >= (arity == 1 ? unary().size() : binary().size())) return false;
    }
    return true;
  }

  void enumerate(const std::function<bool(const Genome&)>& visit) const override {
    for (std::size_t s = 0; s < schemas_.size(); ++s) {
      Genome g;
      g.schema = static_cast<std::uint16_t>(s);
      std::vector<std::size_t> radix;
      for (const int arity : schemas_[s].prefix) {
        if (arity != 0) radix.push_back(arity == 1 ? unary().size() : binary().size());
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
  }

 private:
  // One uniform operator per slot of g's schema, in prefix order.
  void fill_slots(Genome& g, Rng& rng) const {
    for (const int arity : schemas_[g.schema].prefix) {
      if (arity == 0) continue;
      g.symbols.push_back(static_cast<std::uint16_t>(rng.below(arity == 1 ? unary().size() : binary().size())));
    }
  }

  std::uint64_t members(const Schema& s, bool& overflow) const {
    std::uint64_t total = 1;
    for (int i = 0; i < s.unary_slots; ++i) overflow |= !checked_mul(total, unary().size());
    for (int i = 0; i < s.binary_slots; ++i) overflow |= !checked_mul(total, binary().size());
    return total;
  }

  std::vector<Schema> schemas_;
  std::optional<std::uint64_t> raw_;
};

Expected<std::shared_ptr<const SpaceKind>> build(const Field& definition, OperatorSets operators) {
  const Field list = definition["schemas"];
  if (!list.present()) {
    return fail("missing key 'schemas' (e.g. [\"unary(unary(x))\", \"binary(unary(x),unary(x))\"])",
                definition.where("schemas"));
  }
  if (!list.is_sequence()) return fail("expected a sequence of schemas, found " + list.found(), list.where());
  if (list.size() == 0) return fail("the schema list is empty", list.where());
  std::vector<Schema> schemas;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Field item = list[i];
    Schema schema;
    auto text = item.text();
    if (!text) return fail(text.error());
    schema.text = *text;
    std::size_t pos = 0;
    std::string error;
    bool good = parse_schema(schema.text, pos, schema, 0, error);
    while (good && pos < schema.text.size() && schema.text[pos] == ' ') ++pos;
    if (good && pos != schema.text.size()) {
      good = false;
      error = "unexpected text at character " + std::to_string(pos + 1);
    }
    if (!good) return fail("bad schema '" + schema.text + "': " + error, item.where());
    for (const auto& seen : schemas) {
      if (seen.prefix == schema.prefix) return fail("schema '" + schema.text + "' is listed twice", item.where());
    }
    schemas.push_back(std::move(schema));
  }
  return std::shared_ptr<const SpaceKind>(std::make_shared<SchemaKind>(std::move(operators), std::move(schemas)));
}

}  // namespace

KindInfo schema_kind() {
  return {.name = "schema",
          .keys = kKeys,
          .default_unary = aquasurf_unary,
          .default_binary = aquasurf_binary,
          .build = build};
}

}  // namespace actsearch::spaces::detail
