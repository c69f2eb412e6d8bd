#include "expr/src/row_templates.hpp"

#include <stdexcept>

#include "expr/parse.hpp"

namespace actsearch::expr {

Expr parse_row_template(std::string_view row, std::string_view text) {
  auto parsed = parse(text, ParseOptions{.literal_powi_exponent = false});
  if (!parsed) {
    throw std::logic_error("template '" + std::string(text) + "' of row '" + std::string(row) +
                           "' does not parse: " + parsed.error().describe());
  }
  return *parsed;
}

Expr instantiate_row_template(const Expr& rule, std::span<const Expr> args) {
  if (rule.is_param()) {
    if (rule.name() == "a") return args[0];
    if (rule.name() == "b") return args[1];
    return rule;
  }
  if (!rule.is_call()) return rule;
  std::vector<Expr> out;
  for (const Expr& r : rule.args()) out.push_back(instantiate_row_template(r, args));
  return Expr::call(rule.prim(), std::move(out));
}

}  // namespace actsearch::expr
