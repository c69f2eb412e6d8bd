// `actsearch primitives`, `actsearch eval`, `actsearch export`: the expression engine on the command line.
#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/src/commands.hpp"
#include "expr/export.hpp"
#include "expr/fingerprint.hpp"
#include "expr/parse.hpp"
#include "expr/print.hpp"
#include "expr/program.hpp"
#include "expr/simplify.hpp"

namespace actsearch::cli {
namespace {

using nlohmann::json;

json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

Expected<std::vector<double>> parse_points(const std::string& text) {
  std::vector<double> out;
  std::stringstream in(text);
  std::string item;
  int index = 0;
  while (std::getline(in, item, ',')) {
    ++index;
    try {
      std::size_t used = 0;
      double v = std::stod(item, &used);
      if (used != item.size() && item.find_first_not_of(" \t", used) != std::string::npos)
        throw std::invalid_argument("");
      out.push_back(v);
    } catch (const std::exception&) {
      return fail(fmt::format("--at: item {} ('{}') is not a number", index, item));
    }
  }
  if (out.empty()) return fail("--at: expected a comma-separated list of numbers");
  return out;
}

void print_primitives() {
  fmt::print("{:<14} {:<5} {:<11} {:>5}  {}\n", "name", "arity", "group", "cost", "definition");
  for (const expr::Primitive& p : expr::primitives()) {
    std::string name(p.name);
    if (!p.alias.empty()) name += " (" + std::string(p.alias) + ")";
    fmt::print("{:<14} {:<5} {:<11} {:>5}  {}\n", name, p.arity, expr::group_name(p.group), p.cost, p.definition);
    if (!p.convention.empty()) fmt::print("{:<39} derivative: {}\n", "", p.convention);
  }
}

int run_eval(const std::string& text, const std::string& at, bool as_json) {
  auto parsed = expr::parse(text);
  if (!parsed) {
    report(parsed.error(), text);
    return kBadInput;
  }
  auto points = parse_points(at);
  if (!points) {
    report(points.error());
    return kBadInput;
  }
  const expr::Expr canonical = expr::simplify(*parsed);
  const expr::Program program = expr::Program::compile(canonical);
  const expr::Fingerprint fp = expr::fingerprint(canonical);
  const auto& d = program.derivative_expressions();
  const auto params = program.params();

  if (as_json) {
    json out;
    out["input"] = expr::print(*parsed);
    out["canonical"] = expr::print(canonical);
    out["latex"] = expr::print_latex(canonical);
    out["complexity"] = canonical.size();
    out["cost"] = expr::cost(canonical);
    out["derivative"] = expr::print(d.dx);
    out["fingerprint"] = fp.hex();
    out["finite"] = fp.finite;
    out["parameters"] = json::array();
    for (std::size_t k = 0; k < params.size(); ++k) {
      out["parameters"].push_back(
          {{"name", params[k].name}, {"initial", params[k].initial}, {"derivative", expr::print(d.dparams[k])}});
    }
    out["points"] = json::array();
    for (double x : *points) {
      auto v = program.evaluate_at(x);
      json p = {{"x", x}, {"y", number_or_null(v[0])}, {"dy", number_or_null(v[1])}};
      for (std::size_t k = 0; k < params.size(); ++k) p["d_" + params[k].name] = number_or_null(v[2 + k]);
      out["points"].push_back(p);
    }
    fmt::print("{}\n", out.dump(2));
    return 0;
  }
  fmt::print("canonical    {}\n", expr::print(canonical));
  fmt::print("complexity   {} nodes, cost {}\n", canonical.size(), expr::cost(canonical));
  fmt::print("derivative   d/dx = {}\n", expr::print(d.dx));
  for (std::size_t k = 0; k < params.size(); ++k) {
    fmt::print("             d/d{} = {}   (trainable, initial {})\n", params[k].name, expr::print(d.dparams[k]),
               params[k].initial);
  }
  fmt::print("fingerprint  {}{}\n", fp.hex(), fp.finite ? "" : "  (non-finite values on the probe set)");
  fmt::print("\n{:>12} {:>24} {:>24}\n", "x", "phi(x)", "phi'(x)");
  for (double x : *points) {
    auto v = program.evaluate_at(x);
    fmt::print("{:>12} {:>24.17g} {:>24.17g}\n", x, v[0], v[1]);
  }
  return 0;
}

int run_export(const std::string& text, const std::string& target_name, const std::string& output) {
  auto target = expr::parse_target(target_name);
  if (!target) {
    report(Error{"unknown export target '" + target_name + "' (numpy, pytorch, jax, cpp, cuda, latex, sympy)",
                 Location{.field = "--to"}});
    return kBadInput;
  }
  auto parsed = expr::parse(text);
  if (!parsed) {
    report(parsed.error(), text);
    return kBadInput;
  }
  const std::string code = expr::export_code(expr::simplify(*parsed), *target);
  if (output.empty()) {
    fmt::print("{}", code);
    return 0;
  }
  std::ofstream file(output, std::ios::binary);
  file << code;
  file.close();
  if (!file) {
    report(Error{"cannot write the export", Location{.file = output}});
    return 1;
  }
  return 0;
}

}  // namespace

void report(const Error& error, const std::string& text) {
  fmt::print(stderr, "error: {}\n", error.describe());
  if (!text.empty() && error.where.column > 0 && text.size() <= 200 && text.find('\n') == std::string::npos) {
    fmt::print(stderr, "  {}\n  {}^\n", text, std::string(static_cast<std::size_t>(error.where.column - 1), ' '));
  }
}

void add_expression_commands(CLI::App& app, int& exit_code) {
  auto* primitives = app.add_subcommand("primitives", "List the primitive table");
  primitives->callback([] { print_primitives(); });

  auto* eval = app.add_subcommand("eval", "Canonical form, derivatives, fingerprint and values of an expression");
  auto eval_expr = std::make_shared<std::string>();
  auto eval_at = std::make_shared<std::string>("-3,-1,0,1,3");
  auto eval_json = std::make_shared<bool>(false);
  eval->add_option("EXPR", *eval_expr, "Expression, e.g. 'x*sigmoid(beta*x)'")->required();
  eval->add_option("--at", *eval_at, "Comma-separated points at which to print phi and phi'");
  eval->add_flag("--json", *eval_json, "Print one JSON object");
  eval->callback([=, &exit_code] { exit_code = run_eval(*eval_expr, *eval_at, *eval_json); });

  auto* exp = app.add_subcommand("export", "Export an expression as code");
  auto exp_expr = std::make_shared<std::string>();
  auto exp_to = std::make_shared<std::string>();
  auto exp_out = std::make_shared<std::string>();
  exp->add_option("EXPR", *exp_expr, "Expression")->required();
  exp->add_option("--to", *exp_to, "numpy | pytorch | jax | cpp | cuda | latex | sympy")->required();
  exp->add_option("-o,--output", *exp_out, "Write to this file instead of standard output");
  exp->callback([=, &exit_code] { exit_code = run_export(*exp_expr, *exp_to, *exp_out); });
}

}  // namespace actsearch::cli
