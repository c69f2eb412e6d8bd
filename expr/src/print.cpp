// Printing with the least parentheses that still parse back to the identical tree.
#include "expr/print.hpp"

#include <charconv>
#include <cmath>
#include <set>
#include <string>

#include "expr/src/spelling.hpp"

namespace actsearch::expr {
namespace {

// Binding strength of what an expression prints as (higher binds tighter).
enum Prec { kSum = 1, kProduct = 2, kUnary = 3, kPower = 4, kAtom = 5 };

int precedence(const Expr& e) {
  if (e.is_const()) return e.value() < 0 ? kUnary : kAtom;
  if (!e.is_call()) return kAtom;
  switch (e.primitive().notation) {
    case Notation::InfixAdd:
    case Notation::InfixSub: return kSum;
    case Notation::InfixMul:
    case Notation::InfixDiv: return kProduct;
    case Notation::PrefixNeg: return kUnary;
    case Notation::InfixPow: return kPower;
    case Notation::Call: return kAtom;
  }
  return kAtom;
}

std::string_view infix_symbol(Notation n) {
  switch (n) {
    case Notation::InfixAdd: return " + ";
    case Notation::InfixSub: return " - ";
    case Notation::InfixMul: return "*";
    case Notation::InfixDiv: return "/";
    case Notation::InfixPow: return "^";
    default: return "";
  }
}

bool is_integer_constant(const Expr& e) { return e.is_const() && std::nearbyint(e.value()) == e.value(); }

// Replaces {0} and {1} in a spelling template.
std::string fill(std::string_view pattern, const std::string& a, const std::string& b) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' &&
        (pattern[i + 1] == '0' || pattern[i + 1] == '1')) {
      out += pattern[i + 1] == '0' ? a : b;
      i += 2;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

class TextPrinter {
 public:
  std::string print(const Expr& e) {
    switch (e.kind()) {
      case NodeKind::Const: return format_number(e.value());
      case NodeKind::Var: return e.node().var == 0 ? "x" : "x" + std::to_string(e.node().var);
      case NodeKind::Param: {
        bool first = printed_params_.insert(e.name()).second;
        return first && e.value() != 1.0 ? e.name() + "=" + format_number(e.value()) : e.name();
      }
      case NodeKind::Call: break;
    }
    const Primitive& p = e.primitive();
    switch (p.notation) {
      case Notation::Call: return call(p.name, e);
      case Notation::PrefixNeg: {
        const Expr& a = e.arg(0);
        bool bare = a.is_var() || a.is_param() || (a.is_call() && precedence(a) >= kPower);
        return bare ? "-" + print(a) : "-(" + print(a) + ")";
      }
      case Notation::InfixPow: {
        // pow with an integer-valued exponent would read back as powi: use call syntax for it.
        bool as_power = p.name == "powi" ? is_integer_constant(e.arg(1)) : !is_integer_constant(e.arg(1));
        if (!as_power) return call(p.name, e);
        std::string base = wrap(e.arg(0), precedence(e.arg(0)) <= kPower);
        return base + "^" + wrap(e.arg(1), precedence(e.arg(1)) < kUnary);
      }
      default: {
        int prec = precedence(e);
        std::string left = wrap(e.arg(0), precedence(e.arg(0)) < prec);
        std::string right = wrap(e.arg(1), precedence(e.arg(1)) <= prec);
        return left + std::string(infix_symbol(p.notation)) + right;
      }
    }
  }

 private:
  std::string wrap(const Expr& e, bool parens) { return parens ? "(" + print(e) + ")" : print(e); }
  std::string call(std::string_view name, const Expr& e) {
    std::string out(name);
    out += '(';
    for (std::size_t i = 0; i < e.args().size(); ++i) {
      if (i) out += ", ";
      out += print(e.arg(i));
    }
    return out + ')';
  }
  std::set<std::string, std::less<>> printed_params_;
};

std::string latex_name(std::string_view name) {
  std::string out = "\\operatorname{";
  for (char c : name) {
    if (c == '_')
      out += "\\_";
    else
      out += c;
  }
  return out + "}";
}

std::string latex(const Expr& e) {
  switch (e.kind()) {
    case NodeKind::Const: {
      std::string s = format_number(e.value());
      if (auto pos = s.find('e'); pos != std::string::npos) {
        s = s.substr(0, pos) + " \\cdot 10^{" + std::to_string(std::stoi(s.substr(pos + 1))) + "}";
      }
      return s;
    }
    case NodeKind::Var: return e.node().var == 0 ? "x" : "x_{" + std::to_string(e.node().var) + "}";
    case NodeKind::Param: {
      static const std::set<std::string, std::less<>> greek = {"alpha", "beta",   "gamma", "delta", "epsilon", "theta",
                                                               "kappa", "lambda", "mu",    "sigma", "tau"};
      return greek.count(e.name()) ? "\\" + e.name() : latex_name(e.name());
    }
    case NodeKind::Call: break;
  }
  const Primitive& p = e.primitive();
  std::string a = latex(e.arg(0));
  std::string b = e.args().size() > 1 ? latex(e.arg(1)) : "";
  auto paren = [](const std::string& s) { return "\\left(" + s + "\\right)"; };
  int prec = precedence(e);
  switch (p.notation) {
    case Notation::InfixAdd:
    case Notation::InfixSub:
    case Notation::InfixMul: {
      if (precedence(e.arg(0)) < prec) a = paren(a);
      if (precedence(e.arg(1)) <= prec) b = paren(b);
      break;
    }
    case Notation::PrefixNeg:
      if (precedence(e.arg(0)) < kPower) a = paren(a);
      break;
    case Notation::InfixPow:
      if (precedence(e.arg(0)) <= kPower) a = paren(a);
      break;
    default: break;
  }
  std::string_view pattern = p.spell.latex;
  if (pattern.empty()) return latex_name(p.name) + "\\left(" + a + (b.empty() ? "" : ", " + b) + "\\right)";
  return fill(pattern, a, b);
}

}  // namespace

std::string format_number(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc()) return "nan";
  return std::string(buf, end);
}

std::string print(const Expr& e) { return TextPrinter().print(e); }

std::string print_latex(const Expr& e) { return latex(e); }

std::ostream& operator<<(std::ostream& out, const Expr& e) { return out << print(e); }

std::string fill_spelling(std::string_view pattern, const std::string& a, const std::string& b) {
  return fill(pattern, a, b);
}

}  // namespace actsearch::expr
