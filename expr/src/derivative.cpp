// Symbolic differentiation: the chain rule over the derivative templates of the primitive table.
#include "expr/derivative.hpp"

#include <stdexcept>
#include <unordered_map>

#include "expr/simplify.hpp"
#include "expr/src/row_templates.hpp"

namespace actsearch::expr {
namespace {

// The derivative templates of every row, parsed once.
const std::vector<std::array<Expr, 2>>& rule_table() {
  static const std::vector<std::array<Expr, 2>> rules = [] {
    std::vector<std::array<Expr, 2>> out;
    for (const Primitive& p : primitives()) {
      std::array<Expr, 2> r;
      for (std::size_t i = 0; i < static_cast<std::size_t>(p.arity); ++i)
        r[i] = parse_row_template(p.name, p.derivative[i]);
      out.push_back(r);
    }
    return out;
  }();
  return rules;
}

// Differentiates with respect to x (param empty) or to the named parameter.
class Differentiator {
 public:
  explicit Differentiator(std::string_view param) : param_(param) {}

  Expr run(const Expr& e) {
    switch (e.kind()) {
      case NodeKind::Var: return Expr::constant(param_.empty() && e.node().var == 0 ? 1 : 0);
      case NodeKind::Const: return Expr::constant(0);
      case NodeKind::Param: return Expr::constant(!param_.empty() && e.name() == param_ ? 1 : 0);
      case NodeKind::Call: break;
    }
    if (auto it = memo_.find(&e.node()); it != memo_.end()) return it->second;
    const auto& rules = rule_table()[e.prim()];
    Expr total = Expr::constant(0);
    bool any = false;
    for (std::size_t i = 0; i < e.args().size(); ++i) {
      Expr inner = run(e.arg(i));
      if (inner.is_const(0)) continue;
      Expr outer = instantiate_row_template(rules[i], e.args());
      Expr term = inner.is_const(1) ? outer : Expr::call("mul", {outer, inner});
      total = any ? Expr::call("add", {total, term}) : term;
      any = true;
    }
    memo_.emplace(&e.node(), total);
    keep_.push_back(e);
    return total;
  }

 private:
  std::string_view param_;
  std::unordered_map<const Node*, Expr> memo_;
  std::vector<Expr> keep_;
};

}  // namespace

Expr derivative_x(const Expr& e) { return simplify(Differentiator("").run(e)); }

Expr derivative_param(const Expr& e, std::string_view name) {
  if (name.empty()) throw std::logic_error("derivative_param needs a parameter name");
  return simplify(Differentiator(name).run(e));
}

Derivatives derivatives(const Expr& e) {
  Derivatives d;
  d.dx = derivative_x(e);
  for (const ParamInfo& p : parameters(e)) d.dparams.push_back(derivative_param(e, p.name));
  return d;
}

}  // namespace actsearch::expr
