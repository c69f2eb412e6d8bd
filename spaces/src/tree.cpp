// tree: expression trees over the unary and binary operators with leaves x, the listed constants and
// (optionally) a trainable parameter, bounded in depth and size. A member is its token sequence in
// prefix order (token layout in spaces/space.hpp).
#include <algorithm>
#include <stdexcept>
#include <utility>

#include "spaces/src/kind_support.hpp"
#include "spaces/src/registry.hpp"

namespace actsearch::spaces::detail {
namespace {

constexpr int kMaxTreeDepth = 32;
constexpr int kMaxTreeSize = 64;
constexpr std::string_view kKeys[] = {"max_depth", "max_size", "constants", "parameters"};

struct TreeOptions {
  int max_depth = 3;
  int max_size = 7;
  bool parameters = false;
  std::vector<double> constants;
};

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

class TreeKind final : public SpaceKind {
 public:
  TreeKind(OperatorSets operators, TreeOptions options) : SpaceKind(std::move(operators)), o_(std::move(options)) {
    prepare_counts();
    std::uint64_t total = 0;
    bool overflow = false;
    for (int size = 1; size <= o_.max_size; ++size) {
      const double c = count(o_.max_depth, size);
      // Counts below 2^53 are exact in a double (they are sums of products of exact integers).
      if (!(c < 9007199254740992.0)) overflow = true;
      if (!overflow) overflow |= !checked_add(total, static_cast<std::uint64_t>(c));
    }
    if (!overflow) raw_ = total;
  }

  std::string_view kind_name() const override { return "tree"; }

  std::string describe() const override {
    return "tree, depth <= " + std::to_string(o_.max_depth) + ", size <= " + std::to_string(o_.max_size) + ", " +
           std::to_string(o_.constants.size()) + " constant(s)" + (o_.parameters ? ", parameters" : "");
  }

  std::optional<std::uint64_t> raw_size() const override { return raw_; }

  Genome sample(Rng& rng) const override {
    std::vector<double> weights;
    for (int s = 1; s <= o_.max_size; ++s) weights.push_back(count(o_.max_depth, s));
    const int size = 1 + static_cast<int>(pick(weights, rng));
    Genome g;
    sample_tree(o_.max_depth, size, rng, g.symbols);
    return g;
  }

  bool mutate_once(Genome& g, Rng& rng) const override;

  expr::Expr expression(const Genome& g) const override {
    ParameterNamer namer;
    const std::size_t u = unary().size(), b = binary().size();
    std::size_t pos = 0;
    auto build = [&](auto& self) -> expr::Expr {
      const std::uint16_t t = g.symbols.at(pos++);
      if (t < u + b) {
        const Space::Operator& chosen = t < u ? unary()[t] : binary()[t - u];
        expr::Expr body = namer.instance(chosen.body);
        std::vector<expr::Expr> args;
        for (int k = 0; k < (t < u ? 1 : 2); ++k) args.push_back(self(self));
        return expr::substitute(body, args);
      }
      const std::size_t leaf = t - u - b;
      if (leaf == 0) return expr::Expr::x();
      if (o_.parameters && leaf == 1) return expr::Expr::param(namer.fresh("beta"), 1.0);
      return expr::Expr::constant(o_.constants.at(leaf - (o_.parameters ? 2 : 1)));
    };
    return build(build);
  }

  bool contains(const Genome& g) const override {
    if (!g.units.empty() || g.schema != 0 || g.symbols.empty()) return false;
    if (g.symbols.size() > static_cast<std::size_t>(o_.max_size)) return false;
    const std::size_t limit = unary().size() + binary().size() + leaf_tokens();
    for (auto t : g.symbols) {
      if (t >= limit) return false;
    }
    const TreeShape shape = tree_shape(g.symbols, unary().size(), binary().size());
    return shape.valid && shape.height <= o_.max_depth;
  }

  void enumerate(const std::function<bool(const Genome&)>& visit) const override {
    Genome g;
    std::vector<std::uint16_t> tokens;
    const std::function<bool()> emit = [&] {
      g.symbols = tokens;
      return visit(g);
    };
    for (int size = 1; size <= o_.max_size; ++size) {
      if (!enumerate_trees(o_.max_depth, size, tokens, emit)) return;
    }
  }

 private:
  std::uint16_t leaf_tokens() const {
    return static_cast<std::uint16_t>(1 + (o_.parameters ? 1 : 0) + o_.constants.size());
  }

  // counts_[d][s]: trees with depth <= d and exactly s nodes (exact below 2^53).
  void prepare_counts() {
    const double leaves = leaf_tokens();
    const double u = static_cast<double>(unary().size());
    const double b = static_cast<double>(binary().size());
    counts_.assign(o_.max_depth + 1, std::vector<double>(o_.max_size + 1, 0.0));
    for (int d = 1; d <= o_.max_depth; ++d) {
      auto& row = counts_[d];
      const auto& below = counts_[d - 1];
      row[1] = leaves;
      for (int s = 2; s <= o_.max_size; ++s) {
        double c = u * below[s - 1];
        for (int left = 1; left <= s - 2; ++left) c += b * below[left] * below[s - 1 - left];
        row[s] = c;
      }
    }
  }

  double count(int depth, int size) const {
    if (depth < 1 || size < 1) return 0;
    return counts_[depth][size];
  }

  void sample_tree(int depth, int size, Rng& rng, std::vector<std::uint16_t>& out) const {
    const auto u = static_cast<std::uint16_t>(unary().size());
    const auto b = static_cast<std::uint16_t>(binary().size());
    if (size == 1) {
      out.push_back(static_cast<std::uint16_t>(u + b + rng.below(leaf_tokens())));
      return;
    }
    // Choice 0: a unary root; choice k >= 1: a binary root whose left child has k nodes.
    std::vector<double> weights(static_cast<std::size_t>(size - 1), 0.0);
    weights[0] = u * count(depth - 1, size - 1);
    for (int left = 1; left <= size - 2; ++left) {
      weights[left] = b * count(depth - 1, left) * count(depth - 1, size - 1 - left);
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

  // Every tree of exactly `size` nodes and depth <= `depth` appended to `out` in turn, calling next()
  // for each; false when next() asked to stop.
  bool enumerate_trees(int depth, int size, std::vector<std::uint16_t>& out, const std::function<bool()>& next) const {
    if (depth < 1 || size < 1) return true;
    const auto u = static_cast<std::uint16_t>(unary().size());
    const auto b = static_cast<std::uint16_t>(binary().size());
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
        if (count(depth - 1, left) == 0 || count(depth - 1, size - 1 - left) == 0) continue;
        out.push_back(static_cast<std::uint16_t>(u + op));
        const std::function<bool()> right = [&] { return enumerate_trees(depth - 1, size - 1 - left, out, next); };
        if (!enumerate_trees(depth - 1, left, out, right)) return false;
        out.pop_back();
      }
    }
    return true;
  }

  TreeOptions o_;
  std::vector<std::vector<double>> counts_;
  std::optional<std::uint64_t> raw_;
};

bool TreeKind::mutate_once(Genome& g, Rng& rng) const {
  const std::size_t nu = unary().size(), nb = binary().size();
  enum Op { ReplaceUnary, ReplaceBinary, ReplaceLeaf, Grow, Collapse, Perturb };
  std::vector<Op> ops;
  const TreeShape shape = tree_shape(g.symbols, nu, nb);
  const auto first_leaf = static_cast<std::uint16_t>(nu + nb);
  const std::size_t first_constant = first_leaf + (o_.parameters ? 2 : 1);
  std::vector<std::size_t> unary_at, binary_at, leaves, growable, internal, constants;
  const int size = static_cast<int>(g.symbols.size());
  for (std::size_t i = 0; i < g.symbols.size(); ++i) {
    const int a = shape.arity[i];
    (a == 1 ? unary_at : a == 2 ? binary_at : leaves).push_back(i);
    if (a > 0) internal.push_back(i);
    if (a == 0 && shape.depth[i] < o_.max_depth &&
        ((nu > 0 && size + 1 <= o_.max_size) || (nb > 0 && size + 2 <= o_.max_size)))
      growable.push_back(i);
    if (a == 0 && g.symbols[i] >= first_constant) constants.push_back(i);
  }
  if (!unary_at.empty() && nu > 1) ops.push_back(ReplaceUnary);
  if (!binary_at.empty() && nb > 1) ops.push_back(ReplaceBinary);
  if (leaf_tokens() > 1) ops.push_back(ReplaceLeaf);
  if (!growable.empty()) ops.push_back(Grow);
  if (!internal.empty()) ops.push_back(Collapse);
  if (!constants.empty() && o_.constants.size() > 1) ops.push_back(Perturb);
  if (ops.empty()) return false;
  const Op op = ops[rng.below(ops.size())];
  auto& t = g.symbols;
  if (op == ReplaceUnary) {
    auto& tok = t[unary_at[rng.below(unary_at.size())]];
    tok = other(tok, nu, rng);
  } else if (op == ReplaceBinary) {
    auto& tok = t[binary_at[rng.below(binary_at.size())]];
    tok = static_cast<std::uint16_t>(nu + other(static_cast<std::uint16_t>(tok - nu), nb, rng));
  } else if (op == ReplaceLeaf) {
    auto& tok = t[leaves[rng.below(leaves.size())]];
    tok = static_cast<std::uint16_t>(first_leaf +
                                     other(static_cast<std::uint16_t>(tok - first_leaf), leaf_tokens(), rng));
  } else if (op == Grow) {
    const std::size_t at = growable[rng.below(growable.size())];
    const bool can_unary = nu > 0 && size + 1 <= o_.max_size;
    const bool can_binary = nb > 0 && size + 2 <= o_.max_size;
    const bool binary = can_binary && (!can_unary || rng.below(2));
    std::vector<std::uint16_t> node;
    node.push_back(static_cast<std::uint16_t>(binary ? nu + rng.below(nb) : rng.below(nu)));
    // The old leaf stays as the first child, so the parent's function is part of the child's.
    node.push_back(t[at]);
    if (binary) node.push_back(static_cast<std::uint16_t>(first_leaf + rng.below(leaf_tokens())));
    t.erase(t.begin() + static_cast<std::ptrdiff_t>(at));
    t.insert(t.begin() + static_cast<std::ptrdiff_t>(at), node.begin(), node.end());
  } else if (op == Collapse) {
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
    const std::size_t last = o_.constants.size() - 1;
    const std::size_t moved = j == 0 ? 1 : j == last ? last - 1 : (rng.below(2) ? j + 1 : j - 1);
    tok = static_cast<std::uint16_t>(first_constant + moved);
  }
  return true;
}

Expected<std::shared_ptr<const SpaceKind>> build(const Field& definition, OperatorSets operators) {
  TreeOptions o;
  if (const Field depth = definition["max_depth"]; depth.present()) {
    auto v = depth.integer(1, kMaxTreeDepth);
    if (!v) return fail(v.error());
    o.max_depth = *v;
  }
  if (const Field size = definition["max_size"]; size.present()) {
    auto v = size.integer(1, kMaxTreeSize);
    if (!v) return fail(v.error());
    o.max_size = *v;
  }
  if (const Field parameters = definition["parameters"]; parameters.present()) {
    auto v = parameters.boolean();
    if (!v) return fail(v.error());
    o.parameters = *v;
  }
  if (const Field list = definition["constants"]; list.present()) {
    if (!list.is_sequence()) return fail("expected a sequence of numbers, found " + list.found(), list.where());
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Field item = list[i];
      auto v = item.number();
      if (!v) return fail(v.error());
      if (std::find(o.constants.begin(), o.constants.end(), *v) != o.constants.end()) {
        return fail("constant " + item.scalar() + " is listed twice", item.where());
      }
      o.constants.push_back(*v);
    }
  }
  if (operators.unary.size() + operators.binary.size() + 3 + o.constants.size() > 65535) {
    return fail("too many operators and constants for the tree encoding", definition.where("constants"));
  }
  return std::shared_ptr<const SpaceKind>(std::make_shared<TreeKind>(std::move(operators), std::move(o)));
}

}  // namespace

KindInfo tree_kind() {
  return {.name = "tree",
          .keys = kKeys,
          .default_unary = ramachandran_unary,
          .default_binary = ramachandran_binary,
          .build = build};
}

}  // namespace actsearch::spaces::detail
