// The expression IR: an immutable tree of variables, numeric constants, named trainable parameters
// and calls of primitive-table rows. Expr is a cheap value type (a shared pointer to a const node);
// equality and hashing are structural.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "expr/primitives.hpp"

namespace actsearch::expr {

enum class NodeKind : std::uint8_t { Var, Const, Param, Call };

class Expr;

struct Node {
  NodeKind kind = NodeKind::Const;
  PrimId prim = 0;         // Call: row of the primitive table
  int var = 0;             // Var: 0 is `x`; 1.. are the placeholders x1, x2, ... of templates
  double value = 0;        // Const: the value; Param: the initial value
  std::string name;        // Param: its name
  std::vector<Expr> args;  // Call: the arguments
  std::uint64_t hash = 0;  // structural hash of the whole subtree
  int size = 1;            // number of nodes in the subtree
  int depth = 1;           // levels of the subtree (a leaf is 1)
};

class Expr {
 public:
  Expr();  // the constant 0

  static Expr x();
  static Expr placeholder(int index);  // x1, x2, ... (index >= 1), used by space templates
  static Expr constant(double value);
  static Expr param(std::string name, double initial = 1.0);
  static Expr call(PrimId prim, std::vector<Expr> args);  // throws std::logic_error on wrong arity
  static Expr call(std::string_view prim_name, std::vector<Expr> args);

  const Node& node() const { return *node_; }
  NodeKind kind() const { return node_->kind; }
  bool is_var() const { return kind() == NodeKind::Var; }
  bool is_const() const { return kind() == NodeKind::Const; }
  bool is_const(double v) const { return is_const() && node_->value == v; }
  bool is_param() const { return kind() == NodeKind::Param; }
  bool is_call() const { return kind() == NodeKind::Call; }
  bool is_call(PrimId p) const { return is_call() && node_->prim == p; }
  double value() const { return node_->value; }
  const std::string& name() const { return node_->name; }
  PrimId prim() const { return node_->prim; }
  const Primitive& primitive() const;
  std::span<const Expr> args() const { return node_->args; }
  const Expr& arg(std::size_t i) const { return node_->args[i]; }
  std::uint64_t hash() const { return node_->hash; }
  int size() const { return node_->size; }
  int depth() const { return node_->depth; }

  friend bool operator==(const Expr& a, const Expr& b);
  friend bool operator!=(const Expr& a, const Expr& b) { return !(a == b); }

 private:
  explicit Expr(std::shared_ptr<const Node> n) : node_(std::move(n)) {}
  std::shared_ptr<const Node> node_;
};

// A strict total order on expressions (used for canonical argument order): constants first, then
// parameters, then x, then calls by size, row and arguments.
int compare(const Expr& a, const Expr& b);

struct ExprHash {
  std::size_t operator()(const Expr& e) const { return static_cast<std::size_t>(e.hash()); }
};

struct ParamInfo {
  std::string name;
  double initial = 1.0;
};

// The trainable parameters in order of first appearance (depth-first, left to right). Every
// consumer (Program, trainer, exporters) indexes parameters in this order.
std::vector<ParamInfo> parameters(const Expr& e);

// True if the expression contains x (a function of x rather than a constant).
bool depends_on_x(const Expr& e);

// Replace placeholder i (1-based) by values[i-1]; x itself is replaced when replace_x is given.
Expr substitute(const Expr& e, std::span<const Expr> placeholders);
Expr substitute_x(const Expr& e, const Expr& replacement);

// Rename parameters: every parameter whose name is in `from` gets the matching name of `to`.
Expr rename_parameters(const Expr& e, std::span<const std::string> from, std::span<const std::string> to);

// Every parameter named in `names` gets the matching value of `values` as its initial value.
Expr with_initial_values(const Expr& e, std::span<const std::string> names, std::span<const double> values);

// Sum of the cost column over all call nodes: a rough per-element evaluation cost.
double cost(const Expr& e);

}  // namespace actsearch::expr
