// The canonical simplifier. Bottom-up: children are canonical before their parent is rewritten.
//
// Sums (add, sub, neg) are flattened into a constant plus coefficient*term pairs, like terms are
// combined, and the sum is rebuilt in one order: positive terms, then subtracted ones, then the
// constant. Products (mul, neg, integer powers) are flattened into a constant times base^exponent
// factors, equal bases are combined, and the product is rebuilt with the constant first and the
// factors sorted. Calls on constants are folded when the result is finite.
#include "expr/simplify.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <vector>

namespace actsearch::expr {
namespace {

struct Ids {
  PrimId add = primitive_id("add"), sub = primitive_id("sub"), mul = primitive_id("mul"), div = primitive_id("div"),
         neg = primitive_id("neg"), powi = primitive_id("powi"), max = primitive_id("max"), min = primitive_id("min"),
         abs = primitive_id("abs");
};
const Ids& ids() {
  static const Ids i;
  return i;
}

bool finite(double v) { return std::isfinite(v); }

// ---- products -------------------------------------------------------------------------------

struct Factor {
  Expr base;
  double exponent;  // an integer
};

struct Product {
  double coefficient = 1;
  std::vector<Factor> factors;
  bool overflow = false;
};

void collect_factors(const Expr& e, Product& p) {
  const Ids& id = ids();
  if (e.is_const()) {
    double c = p.coefficient * e.value();
    if (!finite(c)) p.overflow = true;
    p.coefficient = c;
  } else if (e.is_call(id.mul)) {
    collect_factors(e.arg(0), p);
    collect_factors(e.arg(1), p);
  } else if (e.is_call(id.neg)) {
    p.coefficient = -p.coefficient;
    collect_factors(e.arg(0), p);
  } else if (e.is_call(id.powi) && e.arg(1).is_const()) {
    p.factors.push_back({e.arg(0), e.arg(1).value()});
  } else {
    p.factors.push_back({e, 1});
  }
}

// Combines equal bases. Only non-negative exponents are merged: a * a^-1 is not 1 near a = 0,
// where the negative power is protected.
void combine_factors(Product& p) {
  std::vector<Factor> out;
  for (const Factor& f : p.factors) {
    auto same = std::find_if(out.begin(), out.end(),
                             [&](const Factor& g) { return g.base == f.base && g.exponent > 0 && f.exponent > 0; });
    if (same != out.end())
      same->exponent += f.exponent;
    else
      out.push_back(f);
  }
  p.factors = std::move(out);
}

Expr power(const Expr& base, double exponent) {
  if (exponent == 1) return base;
  return Expr::call(ids().powi, {base, Expr::constant(exponent)});
}

Expr build_product(const Product& p) {
  const Ids& id = ids();
  if (p.coefficient == 0) return Expr::constant(0);
  std::vector<Expr> factors;
  for (const Factor& f : p.factors) {
    if (f.exponent != 0) factors.push_back(power(f.base, f.exponent));
  }
  std::sort(factors.begin(), factors.end(), [](const Expr& a, const Expr& b) { return compare(a, b) < 0; });
  if (factors.empty()) return Expr::constant(p.coefficient);
  Expr e = factors[0];
  for (std::size_t i = 1; i < factors.size(); ++i) e = Expr::call(id.mul, {e, factors[i]});
  if (p.coefficient == 1) return e;
  if (p.coefficient == -1) return Expr::call(id.neg, {e});
  // The constant leads: c*f1*f2 is ((c*f1)*f2).
  Expr c = Expr::constant(p.coefficient);
  Expr out = Expr::call(id.mul, {c, factors[0]});
  for (std::size_t i = 1; i < factors.size(); ++i) out = Expr::call(id.mul, {out, factors[i]});
  return out;
}

// ---- sums -----------------------------------------------------------------------------------

struct Term {
  double coefficient;
  Expr term;  // no leading constant factor
};

struct Sum {
  double constant = 0;
  std::vector<Term> terms;
  bool overflow = false;
};

void collect_terms(const Expr& e, double sign, Sum& s) {
  const Ids& id = ids();
  if (e.is_const()) {
    s.constant += sign * e.value();
  } else if (e.is_call(id.add)) {
    collect_terms(e.arg(0), sign, s);
    collect_terms(e.arg(1), sign, s);
  } else if (e.is_call(id.sub)) {
    collect_terms(e.arg(0), sign, s);
    collect_terms(e.arg(1), -sign, s);
  } else if (e.is_call(id.neg)) {
    collect_terms(e.arg(0), -sign, s);
  } else {
    Product p;
    collect_factors(e, p);
    if (p.overflow) s.overflow = true;
    double c = sign * p.coefficient;
    p.coefficient = 1;
    s.terms.push_back({c, build_product(p)});
  }
  if (!finite(s.constant)) s.overflow = true;
}

Expr build_sum(Sum& s) {
  const Ids& id = ids();
  std::vector<Term> combined;
  for (const Term& t : s.terms) {
    auto same = std::find_if(combined.begin(), combined.end(), [&](const Term& u) { return u.term == t.term; });
    if (same != combined.end())
      same->coefficient += t.coefficient;
    else
      combined.push_back(t);
  }
  std::erase_if(combined, [](const Term& t) { return t.coefficient == 0; });
  std::sort(combined.begin(), combined.end(), [](const Term& a, const Term& b) { return compare(a.term, b.term) < 0; });

  auto scaled = [](double c, const Expr& t) {
    Product p;
    p.coefficient = c;
    collect_factors(t, p);
    return build_product(p);
  };
  std::vector<Expr> positive, negative;  // negative holds magnitudes
  for (const Term& t : combined) {
    if (t.coefficient > 0)
      positive.push_back(scaled(t.coefficient, t.term));
    else
      negative.push_back(scaled(-t.coefficient, t.term));
  }
  if (positive.empty() && negative.empty()) return Expr::constant(s.constant);

  Expr e;
  std::size_t next_negative = 0;
  if (!positive.empty()) {
    e = positive[0];
    for (std::size_t i = 1; i < positive.size(); ++i) e = Expr::call(id.add, {e, positive[i]});
  } else if (s.constant > 0) {
    e = Expr::constant(s.constant);
    s.constant = 0;
  } else {
    // All terms negative: the first one carries the sign as a negative coefficient (-2*x) or neg (-x).
    e = scaled(-1, negative[0]);
    next_negative = 1;
  }
  for (std::size_t i = next_negative; i < negative.size(); ++i) e = Expr::call(id.sub, {e, negative[i]});
  if (s.constant > 0) e = Expr::call(id.add, {e, Expr::constant(s.constant)});
  if (s.constant < 0) e = Expr::call(id.sub, {e, Expr::constant(-s.constant)});
  return e;
}

// ---- per-node rules ------------------------------------------------------------------------

Expr simplify_node(const Expr& e);

Expr fold_constant(const Expr& e) {
  const Primitive& p = e.primitive();
  double a = e.arg(0).value();
  double b = e.args().size() > 1 ? e.arg(1).value() : 0.0;
  double v = p.f64(a, b);
  return finite(v) ? Expr::constant(v) : e;
}

Expr simplify_node(const Expr& e) {
  if (!e.is_call()) return e;
  const Ids& id = ids();
  const PrimId prim = e.prim();

  bool all_constant = std::all_of(e.args().begin(), e.args().end(), [](const Expr& a) { return a.is_const(); });
  if (all_constant) {
    Expr folded = fold_constant(e);
    if (folded.is_const()) return folded;
  }

  if (prim == id.add || prim == id.sub || prim == id.neg) {
    Sum s;
    collect_terms(e, 1, s);
    return s.overflow ? e : build_sum(s);
  }
  if (prim == id.mul) {
    Product p;
    collect_factors(e, p);
    if (p.overflow) return e;
    combine_factors(p);
    return build_product(p);
  }
  if (prim == id.powi && e.arg(1).is_const()) {
    double n = e.arg(1).value();
    if (n == 0) return Expr::constant(1);
    if (n == 1) return e.arg(0);
    const Expr& base = e.arg(0);
    if (base.is_call(id.powi) && base.arg(1).is_const() && base.arg(1).value() > 0 && n > 0) {
      return simplify_node(Expr::call(id.powi, {base.arg(0), Expr::constant(base.arg(1).value() * n)}));
    }
    if (base.is_call(id.mul) || base.is_call(id.neg)) {
      // (c*a*b)^n = c^n * a^n * b^n for integer n > 0.
      if (n > 0) {
        Product inner;
        collect_factors(base, inner);
        Product p;
        p.coefficient = std::pow(inner.coefficient, n);
        if (!finite(p.coefficient)) return e;
        for (const Factor& f : inner.factors) p.factors.push_back({f.base, f.exponent * n});
        combine_factors(p);
        return build_product(p);
      }
    }
    return e;
  }
  if (prim == id.div) {
    const Expr& a = e.arg(0);
    const Expr& b = e.arg(1);
    if (a.is_const(0)) return Expr::constant(0);
    if (b.is_const() && std::abs(b.value()) >= kEpsilon) {
      // Division by a constant is multiplication by its reciprocal.
      return simplify_node(Expr::call(id.mul, {Expr::constant(1 / b.value()), a}));
    }
    return e;
  }
  if (prim == id.max || prim == id.min) {
    if (e.arg(0) == e.arg(1)) return e.arg(0);
    if (compare(e.arg(1), e.arg(0)) < 0) return Expr::call(prim, {e.arg(1), e.arg(0)});
    return e;
  }
  if (prim == id.abs) {
    const Expr& a = e.arg(0);
    if (a.is_call(id.abs)) return a;
    if (a.is_call(id.neg)) return simplify_node(Expr::call(id.abs, {a.arg(0)}));
    return e;
  }
  return e;
}

// Memoised by node: derivative rules share subtrees (sigmoid(a) and 1 - sigmoid(a)), and each shared
// node is simplified once.
class TreeSimplifier {
 public:
  Expr run(const Expr& e) {
    if (!e.is_call()) return e;
    if (auto it = done_.find(&e.node()); it != done_.end()) return it->second;
    std::vector<Expr> args;
    args.reserve(e.args().size());
    bool changed = false;
    for (const Expr& a : e.args()) {
      args.push_back(run(a));
      changed = changed || args.back() != a;
    }
    Expr out = simplify_node(changed ? Expr::call(e.prim(), std::move(args)) : e);
    done_.emplace(&e.node(), out);
    keep_.push_back(e);  // keeps the node (and so its address) alive while it is a key
    return out;
  }

 private:
  std::unordered_map<const Node*, Expr> done_;
  std::vector<Expr> keep_;
};

}  // namespace

Expr simplify(const Expr& e) {
  // A second pass settles the rare rewrite whose result enables a rule at an already visited parent.
  Expr once = TreeSimplifier().run(e);
  return TreeSimplifier().run(once);
}

}  // namespace actsearch::expr
