#include "report/function_display.hpp"

#include <fmt/format.h>

#include "expr/parse.hpp"
#include "expr/print.hpp"

namespace actsearch::report {
namespace {

// The same tree with every parameter at 1, the value the printer leaves unwritten.
expr::Expr names_only(const expr::Expr& e) {
  switch (e.kind()) {
    case expr::NodeKind::Param: return expr::Expr::param(e.name(), 1.0);
    case expr::NodeKind::Call: {
      std::vector<expr::Expr> args;
      args.reserve(e.args().size());
      for (const auto& a : e.args()) args.push_back(names_only(a));
      return expr::Expr::call(e.prim(), std::move(args));
    }
    default: return e;
  }
}

}  // namespace

std::string DisplayedFunction::values_text() const {
  std::string out;
  for (const auto& [name, value] : values) {
    out += fmt::format("{}{} = {}", out.empty() ? "" : ", ", name, expr::format_number(value));
  }
  return out;
}

std::string DisplayedFunction::with_values() const {
  return values.empty() ? text : text + "  (" + values_text() + ")";
}

DisplayedFunction display_function(std::string_view canonical_text) {
  auto parsed = expr::parse(canonical_text);
  if (!parsed) return {std::string(canonical_text), {}};
  DisplayedFunction out;
  for (const auto& p : expr::parameters(*parsed)) out.values.emplace_back(p.name, p.initial);
  out.text = out.values.empty() ? std::string(canonical_text) : expr::print(names_only(*parsed));
  return out;
}

}  // namespace actsearch::report
