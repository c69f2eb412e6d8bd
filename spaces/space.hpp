// Search spaces: a YAML definition becomes a Space that samples, mutates, enumerates and counts its
// members and turns each member (a Genome) into an expression. Three kinds:
//
// core_units  Ramachandran, Zoph & Le (2017): `units` core units b(u1(in1), u2(in2)), applied in order.
//             Unit k's two inputs are each either x or the output of an earlier unit j < k (unit 1 reads
//             only x); the function is the last unit's output. Every such wiring is a raw member, also
//             those that leave an earlier unit unused (structural counting removes those duplicates).
// schema      AQuaSurF (Bingham & Miikkulainen 2023): schemas such as "binary(unary(x),unary(x))"; a
//             member is a schema plus one operator per slot.
// tree        expression trees over the unary/binary operators with leaves x, the listed constants and
//             (optionally) trainable parameters; depth counts nodes on the longest root-leaf path (x alone
//             has depth 1), size counts all nodes. A member is the tree in prefix order, one token per
//             node: [0, U) unary operators, [U, U+B) binary operators, U+B the leaf x, U+B+1 a trainable
//             parameter leaf (when enabled), then the listed constants in order.
//
// Each kind is one class behind one interface (spaces/src/kind.hpp), registered by its name
// (spaces/src/registry.cpp); the YAML reading is apart from the space logic (spaces/src/yaml_source.cpp).
//
// Operators are named: every primitive-table row by its table name (unary rows in `unary`, binary rows
// in `binary`; powi is excluded, its exponent must be a literal), the paper's items that are no table row
// (square, cube, scale = beta*x, shift = x+beta, gaussian = exp(-x^2), min0 = min(x,0), const = beta,
// zero, one, identity, sigmoid_gate, gaussian_distance, laplace_distance, interpolate; see
// `operator_templates()`), or user-written as {name: ..., expression: "..."} over x1 (and x2).
// Each occurrence of an operator with a trainable parameter gets its own parameter (beta, beta2, ...),
// initial value as in the template (1 for beta).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"
#include "expr/expr.hpp"
#include "spaces/genome.hpp"
#include "spaces/random.hpp"

namespace actsearch::spaces {

// A named operator that is not a row of the primitive table, as an expression over x1 (and x2).
struct OperatorTemplate {
  std::string_view name;
  int arity = 1;
  std::string_view expression;
  std::string_view description;
};
std::span<const OperatorTemplate> operator_templates();

// The default operator sets, by name.
std::span<const std::string_view> ramachandran_unary();   // the paper's 25
std::span<const std::string_view> ramachandran_binary();  // the paper's 10
std::span<const std::string_view> aquasurf_unary();       // 27
std::span<const std::string_view> aquasurf_binary();      // 7

// Spaces with more raw members than this are not enumerated (enumerable() is false).
inline constexpr std::uint64_t kEnumerationLimit = 2'000'000'000;

namespace detail {
class SpaceKind;
}

// A value type: a cheap handle to an immutable definition (copies share it), safe to use from several
// threads at once (each with its own Rng).
class Space {
 public:
  // One operator of the space: its name and its body over placeholders x1 (x2).
  struct Operator {
    std::string name;
    expr::Expr body;
  };

  // From a YAML file or text; errors name the file, line, column and field. (A definition inside another
  // YAML document: parse_space in spaces/space_yaml.hpp.)
  static Expected<Space> load(const std::filesystem::path& file);
  static Expected<Space> parse_text(std::string_view yaml, const std::string& file = {});

  // Made by the parser; `kind` is never null.
  Space(std::string name, std::shared_ptr<const detail::SpaceKind> kind);

  // The kind as named in the definition: core_units, schema or tree.
  std::string_view kind() const;
  const std::string& name() const { return name_; }
  std::string describe() const;
  std::span<const Operator> unary() const;
  std::span<const Operator> binary() const;

  // Uniform over the raw members. core_units: the number of units n is drawn with probability
  // proportional to the number of members with n units, then every gene uniformly. schema: the schema
  // in proportion to its member count, then every slot uniformly. tree: uniform over all distinct trees
  // (token sequences) with depth <= max_depth and size <= max_size: the size is drawn in proportion to
  // the number of trees of that size, then recursively each node's operator and the split of the
  // remaining size between a binary node's children in proportion to the number of completions (exact
  // counts, held as doubles for the draw).
  Genome sample(Rng& rng) const;
  // One mutation operator chosen uniformly among those that apply: replace a unary, replace a binary,
  // rewire an input (core units) / replace a leaf (trees), add or remove a unit (core units: append a
  // unit fed by the last output / drop the last unit; trees: grow a leaf into a node / collapse a node
  // into a child; schemas: switch to another schema), perturb a constant (trees: move a constant leaf to
  // a neighbouring listed value). The result is a member of the space and differs from the parent
  // unless the space has a single member.
  Genome mutate(const Genome& parent, Rng& rng) const;
  // The member's function, unsimplified.
  expr::Expr expression(const Genome& g) const;
  // Whether g is a member of this space.
  bool contains(const Genome& g) const;

  bool enumerable() const;
  std::optional<std::uint64_t> raw_size() const;
  // Every raw member in a fixed order (core units: by unit count, then odometer order with the last
  // unit's input2 fastest; schema: by schema, then slots; tree: by size, then prefix order of tokens).
  // Stops when visit returns false. Throws std::logic_error when !enumerable().
  void enumerate(const std::function<bool(const Genome&)>& visit) const;

 private:
  std::string name_;
  std::shared_ptr<const detail::SpaceKind> kind_;
};

struct SpaceCount {
  std::uint64_t raw = 0;         // members visited
  std::uint64_t structural = 0;  // distinct canonical forms (expr::simplify, printed)
  std::uint64_t functional = 0;  // distinct expr::fingerprint hashes
  std::uint64_t finite = 0;      // distinct fingerprints that are finite and not constant
  double seconds = 0;
  bool complete = true;  // false when a time budget stopped the enumeration early
};

struct CountOptions {
  double max_seconds = 0;  // 0 = no limit; otherwise stop after this long (complete = false)
  std::uint64_t progress_every = 100'000;
};

// Counts by enumeration; the space must be enumerable.
SpaceCount count(const Space& space, const std::function<void(std::uint64_t done)>& progress = {});
SpaceCount count(const Space& space, const CountOptions& options,
                 const std::function<void(std::uint64_t done)>& progress = {});

}  // namespace actsearch::spaces
