// `actsearch primitives`, `actsearch eval`, `actsearch export`: the expression engine on the command line.
#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "cli/src/commands.hpp"
#include "expr/equivalence.hpp"
#include "expr/export.hpp"
#include "expr/fingerprint.hpp"
#include "expr/parse.hpp"
#include "expr/print.hpp"
#include "expr/program.hpp"
#include "expr/simplify.hpp"
#include "probes/likeness.hpp"
#include "probes/probes.hpp"
#include "search/campaign/backend_choice.hpp"
#include "trainer/backend.hpp"
#include "trainer/symmetry.hpp"
#include "trainer/task.hpp"

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

json training_json(const std::string& task, std::uint64_t seed, const trainer::TrainResult& r) {
  json epochs = json::array();
  for (const auto& e : r.epochs) {
    epochs.push_back({{"epoch", e.epoch},
                      {"train_loss", number_or_null(e.train_loss)},
                      {"val_loss", number_or_null(e.val_loss)},
                      {"val_accuracy", number_or_null(e.val_accuracy)},
                      {"seconds", e.seconds}});
  }
  json params = json::array();
  for (const auto& layer : r.learned_params) {
    json values = json::array();
    for (double v : layer) values.push_back(number_or_null(v));
    params.push_back(values);
  }
  return {{"task", task},
          {"seed", seed},
          {"status", std::string(trainer::to_string(r.status))},
          {"message", r.message},
          {"val_accuracy", number_or_null(r.val_accuracy)},
          {"val_loss", number_or_null(r.val_loss)},
          {"train_loss", number_or_null(r.train_loss)},
          {"wall_seconds", r.wall_seconds},
          {"examples_per_second", r.examples_per_second},
          {"epochs", epochs},
          {"learned_params", params}};
}

int run_eval(const std::string& text, const std::string& at, bool as_json, const std::string& task_path,
             std::uint64_t seed) {
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
  std::optional<trainer::TaskSpec> task;
  if (!task_path.empty()) {
    auto loaded = trainer::load_task(task_path);
    if (!loaded) {
      report(loaded.error());
      return kBadInput;
    }
    task = *loaded;
  }
  const expr::Expr canonical = expr::simplify(*parsed);
  std::optional<trainer::TrainResult> trained;
  if (task) {
    auto data = search::load_task_data(*task);
    if (!data) {
      report(data.error());
      return kBadInput;
    }
    auto backend = search::make_backend(*task, search::Device::Cpu, 1, nullptr);
    if (!backend) {
      report(backend.error());
      return kBadInput;
    }
    const trainer::TrainJob job{.activation = canonical, .seed = seed};
    trained = (*backend)->train(*task, data->data, std::span(&job, 1)).front();
  }
  const expr::Program program = expr::Program::compile(canonical);
  const expr::Fingerprint fp = expr::fingerprint(canonical);
  // The class {±phi(±x)} of functions a network cannot tell apart; with --task, under that task's symmetry.
  const expr::EquivalenceKey equivalence =
      expr::equivalence_key(program, task ? trainer::kept_reflections(*task) : expr::Reflections());
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
    out["equivalence"] = equivalence.hex();
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
    out["probes"] = json::object();
    for (const auto& [name, v] : probes::compute_probes(canonical)) out["probes"][name] = number_or_null(v);
    const probes::Likeness like = probes::likeness_to_known(canonical);
    out["nearest"] = {{"name", like.nearest}, {"distance", number_or_null(like.distance)}};
    out["likeness"] = json::object();
    for (const auto& [name, distance] : like.all) out["likeness"][name] = number_or_null(distance);
    if (trained) out["training"] = training_json(task->name, seed, *trained);
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
  fmt::print("equivalence  {}   (the class {{±phi(±x)}})\n", equivalence.hex());
  fmt::print("\n{:>12} {:>24} {:>24}\n", "x", "phi(x)", "phi'(x)");
  for (double x : *points) {
    auto v = program.evaluate_at(x);
    fmt::print("{:>12} {:>24.17g} {:>24.17g}\n", x, v[0], v[1]);
  }
  if (trained) {
    fmt::print("\ntraining on task '{}' (seed {}): {}{}\n", task->name, seed, trainer::to_string(trained->status),
               trained->message.empty() ? "" : " (" + trained->message + ")");
    for (const auto& e : trained->epochs) {
      fmt::print("  epoch {:>3}  train loss {:.4f}  val loss {:.4f}  val accuracy {:.4f}  {:.1f} s\n", e.epoch,
                 e.train_loss, e.val_loss, e.val_accuracy, e.seconds);
    }
    fmt::print("  {:.1f} s, {:.0f} examples/s\n", trained->wall_seconds, trained->examples_per_second);
  }
  return 0;
}

int run_export(const std::string& id_or_text, const std::string& target_name, const std::string& output,
               const std::string& db_path, bool initial) {
  auto target = expr::parse_target(target_name);
  if (!target) {
    report(Error{"unknown export target '" + target_name + "' (numpy, pytorch, jax, cpp, cuda, latex, sympy)",
                 Location{.field = "--to"}});
    return kBadInput;
  }
  // A leaderboard id (digits only) names a stored candidate; anything else is an expression.
  std::string text = id_or_text;
  std::optional<expr::LearnedValues> learned;
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) {
    auto stored = candidate_for_export(text, db_path);
    if (!stored) {
      report(stored.error());
      return kBadInput;
    }
    text = stored->expr;
    if (!initial) learned = stored->learned;
  }
  auto parsed = expr::parse(text);
  if (!parsed) {
    report(parsed.error(), text);
    return kBadInput;
  }
  const expr::Expr canonical = expr::simplify(*parsed);
  const std::string code =
      learned ? expr::export_code(canonical, *target, *learned) : expr::export_code(canonical, *target);
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
  auto eval_task = std::make_shared<std::string>();
  auto eval_seed = std::make_shared<std::uint64_t>(0);
  eval->add_option("--task", *eval_task, "Also train the task's network once with this activation (a task file)");
  eval->add_option("--seed", *eval_seed, "Seed of that training run")->capture_default_str();
  eval->callback([=, &exit_code] {
    exit_code = run_eval(expression_argument(*eval_expr), *eval_at, *eval_json, *eval_task, *eval_seed);
  });

  auto* exp = app.add_subcommand("export", "Export an expression as code");
  auto exp_expr = std::make_shared<std::string>();
  auto exp_to = std::make_shared<std::string>();
  auto exp_out = std::make_shared<std::string>();
  auto exp_db = std::make_shared<std::string>(kDefaultDatabase);
  exp->add_option("ID|EXPR", *exp_expr, "Leaderboard id of a stored candidate, or an expression")->required();
  exp->add_option("--db", *exp_db, "Database holding the candidate (with an id)")->capture_default_str();
  exp->add_option("--to", *exp_to, "numpy | pytorch | jax | cpp | cuda | latex | sympy")->required();
  auto exp_initial = std::make_shared<bool>(false);
  exp->add_option("-o,--output", *exp_out, "Write to this file instead of standard output");
  exp->add_flag("--initial", *exp_initial,
                "For a trained candidate (an id): keep the constants' initial values instead of what training "
                "learned");
  exp->callback([=, &exit_code] {
    exit_code = run_export(expression_argument(*exp_expr), *exp_to, *exp_out, *exp_db, *exp_initial);
  });
}

}  // namespace actsearch::cli
