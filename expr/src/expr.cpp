#include "expr/expr.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>
#include <unordered_map>

#include "common/hash.hpp"

namespace actsearch::expr {
namespace {

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  // SplitMix64-style mixing: order-sensitive and well distributed.
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

// FNV-1a with the legacy basis, as since the first release (see common/hash.hpp).
std::uint64_t hash_string(std::string_view s) { return hash::fnv1a(s, hash::kFnv1aLegacyBasis); }

std::uint64_t double_bits(double v) {
  if (v == 0) v = 0;  // +0 and -0 hash alike (they compare equal)
  return std::bit_cast<std::uint64_t>(v);
}

}  // namespace

Expr::Expr() : Expr(constant(0)) {}

Expr Expr::x() { return placeholder(0); }

Expr Expr::placeholder(int index) {
  static const std::vector<Expr> cache = [] {
    std::vector<Expr> v;
    for (int i = 0; i < 10; ++i) {
      auto n = std::make_shared<Node>();
      n->kind = NodeKind::Var;
      n->var = i;
      n->hash = mix(1, static_cast<std::uint64_t>(i));
      v.push_back(Expr(std::move(n)));
    }
    return v;
  }();
  if (index < 0 || index >= static_cast<int>(cache.size())) throw std::logic_error("placeholder index out of range");
  return cache[static_cast<std::size_t>(index)];
}

Expr Expr::constant(double value) {
  auto n = std::make_shared<Node>();
  n->kind = NodeKind::Const;
  n->value = value == 0 ? 0.0 : value;
  n->hash = mix(2, double_bits(value));
  return Expr(std::move(n));
}

Expr Expr::param(std::string name, double initial) {
  auto n = std::make_shared<Node>();
  n->kind = NodeKind::Param;
  n->value = initial;
  n->hash = mix(mix(3, hash_string(name)), double_bits(initial));
  n->name = std::move(name);
  return Expr(std::move(n));
}

Expr Expr::call(PrimId prim, std::vector<Expr> args) {
  const Primitive& p = expr::primitive(prim);
  if (static_cast<int>(args.size()) != p.arity) {
    throw std::logic_error("primitive '" + std::string(p.name) + "' takes " + std::to_string(p.arity) +
                           " argument(s), got " + std::to_string(args.size()));
  }
  auto n = std::make_shared<Node>();
  n->kind = NodeKind::Call;
  n->prim = prim;
  std::uint64_t h = mix(4, prim);
  int size = 1;
  int depth = 0;
  for (const Expr& a : args) {
    h = mix(h, a.hash());
    size += a.size();
    depth = std::max(depth, a.depth());
  }
  n->hash = h;
  n->size = size;
  n->depth = depth + 1;
  n->args = std::move(args);
  return Expr(std::move(n));
}

Expr Expr::call(std::string_view prim_name, std::vector<Expr> args) {
  return call(primitive_id(prim_name), std::move(args));
}

const Primitive& Expr::primitive() const { return expr::primitive(node_->prim); }

bool operator==(const Expr& a, const Expr& b) {
  if (a.node_ == b.node_) return true;
  if (a.hash() != b.hash() || a.kind() != b.kind() || a.size() != b.size()) return false;
  return compare(a, b) == 0;
}

int compare(const Expr& a, const Expr& b) {
  if (&a.node() == &b.node()) return 0;
  auto rank = [](NodeKind k) {
    switch (k) {
      case NodeKind::Const: return 0;
      case NodeKind::Param: return 1;
      case NodeKind::Var: return 2;
      case NodeKind::Call: return 3;
    }
    return 4;
  };
  if (a.kind() != b.kind()) return rank(a.kind()) < rank(b.kind()) ? -1 : 1;
  switch (a.kind()) {
    case NodeKind::Const:
      if (a.value() != b.value()) return a.value() < b.value() ? -1 : 1;
      return 0;
    case NodeKind::Var: return a.node().var == b.node().var ? 0 : (a.node().var < b.node().var ? -1 : 1);
    case NodeKind::Param:
      if (int c = a.name().compare(b.name())) return c < 0 ? -1 : 1;
      if (a.value() != b.value()) return a.value() < b.value() ? -1 : 1;
      return 0;
    case NodeKind::Call: break;
  }
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  if (a.prim() != b.prim()) {
    int c = a.primitive().name.compare(b.primitive().name);
    return c < 0 ? -1 : 1;
  }
  for (std::size_t i = 0; i < a.args().size(); ++i) {
    if (int c = compare(a.arg(i), b.arg(i))) return c;
  }
  return 0;
}

namespace {
void collect_params(const Expr& e, std::vector<ParamInfo>& out) {
  if (e.is_param()) {
    bool seen = std::any_of(out.begin(), out.end(), [&](const ParamInfo& p) { return p.name == e.name(); });
    if (!seen) out.push_back({e.name(), e.value()});
    return;
  }
  for (const Expr& a : e.args()) collect_params(a, out);
}

template <class Fn>
Expr rebuild(const Expr& e, const Fn& leaf) {
  if (!e.is_call()) return leaf(e);
  std::vector<Expr> args;
  args.reserve(e.args().size());
  bool changed = false;
  for (const Expr& a : e.args()) {
    args.push_back(rebuild(a, leaf));
    changed = changed || args.back() != a;
  }
  return changed ? Expr::call(e.prim(), std::move(args)) : e;
}
}  // namespace

std::vector<ParamInfo> parameters(const Expr& e) {
  std::vector<ParamInfo> out;
  collect_params(e, out);
  return out;
}

bool depends_on_x(const Expr& e) {
  if (e.is_var()) return e.node().var == 0;
  return std::any_of(e.args().begin(), e.args().end(), [](const Expr& a) { return depends_on_x(a); });
}

Expr substitute(const Expr& e, std::span<const Expr> placeholders) {
  return rebuild(e, [&](const Expr& leaf) {
    if (leaf.is_var() && leaf.node().var >= 1 && leaf.node().var <= static_cast<int>(placeholders.size())) {
      return placeholders[static_cast<std::size_t>(leaf.node().var - 1)];
    }
    return leaf;
  });
}

Expr substitute_x(const Expr& e, const Expr& replacement) {
  return rebuild(e, [&](const Expr& leaf) { return leaf.is_var() && leaf.node().var == 0 ? replacement : leaf; });
}

Expr rename_parameters(const Expr& e, std::span<const std::string> from, std::span<const std::string> to) {
  return rebuild(e, [&](const Expr& leaf) {
    if (!leaf.is_param()) return leaf;
    for (std::size_t i = 0; i < from.size() && i < to.size(); ++i) {
      if (leaf.name() == from[i]) return Expr::param(to[i], leaf.value());
    }
    return leaf;
  });
}

Expr with_initial_values(const Expr& e, std::span<const std::string> names, std::span<const double> values) {
  return rebuild(e, [&](const Expr& leaf) {
    if (!leaf.is_param()) return leaf;
    for (std::size_t i = 0; i < names.size() && i < values.size(); ++i) {
      if (leaf.name() == names[i]) return Expr::param(leaf.name(), values[i]);
    }
    return leaf;
  });
}

double cost(const Expr& e) {
  double c = e.is_call() ? e.primitive().cost : 0;
  for (const Expr& a : e.args()) c += cost(a);
  return c;
}

}  // namespace actsearch::expr
