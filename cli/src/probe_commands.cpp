// `actsearch probes`: stability probes and nearest known activation of expressions (by default, of
// every known activation).
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "cli/src/commands.hpp"
#include "expr/known.hpp"
#include "expr/parse.hpp"
#include "expr/print.hpp"
#include "expr/simplify.hpp"
#include "probes/likeness.hpp"
#include "probes/probes.hpp"

namespace actsearch::cli {
namespace {

using nlohmann::json;

json finite_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

// Short column headers for the table, in probe_names() order.
constexpr const char* kHeaders[] = {"mean", "E[phi^2]", "E[phi']", "E[phi'^2]", "dead", "max|phi'|",
                                    "curv", "nonfin",   "R^2",     "fwd",       "grad"};

int run_probes(const std::vector<std::string>& texts, bool as_json) {
  std::vector<std::pair<std::string, expr::Expr>> items;
  if (texts.empty()) {
    for (const auto& k : expr::known_activations()) items.emplace_back(std::string(k.name), *expr::parse(k.expression));
  } else {
    for (const auto& t : texts) {
      auto parsed = expr::parse(t);
      if (!parsed) {
        report(parsed.error(), t);
        return kBadInput;
      }
      items.emplace_back(t, *parsed);
    }
  }
  const probes::ProbeBounds bounds = probes::ProbeBounds::defaults();
  json out = json::array();
  if (!as_json) {
    fmt::print("{:<14}", "function");
    for (const char* h : kHeaders) fmt::print(" {:>10}", h);
    fmt::print("  {:<22} {}\n", "nearest", "rejected by default bounds");
  }
  for (const auto& [label, e] : items) {
    const expr::Expr canonical = expr::simplify(e);
    const auto values = probes::compute_probes(canonical);
    const auto reasons = probes::check_probes(values, bounds);
    const auto like = probes::likeness_to_known(canonical);
    if (as_json) {
      json probes = json::object();
      for (const auto& [name, v] : values) probes[name] = finite_or_null(v);
      out.push_back({{"input", label},
                     {"canonical", expr::print(canonical)},
                     {"probes", probes},
                     {"nearest", {{"name", like.nearest}, {"distance", finite_or_null(like.distance)}}},
                     {"rejected", reasons}});
      continue;
    }
    fmt::print("{:<14}", label.size() > 14 ? label.substr(0, 13) + "~" : label);
    for (const auto& [name, v] : values) fmt::print(" {:>10.4g}", v);
    std::string reason;
    for (const auto& r : reasons) reason += (reason.empty() ? "" : "; ") + r;
    fmt::print("  {:<22} {}\n", fmt::format("{} {:.3f}", like.nearest, like.distance), reason.empty() ? "-" : reason);
  }
  if (as_json) fmt::print("{}\n", out.dump(2));
  return 0;
}

}  // namespace

void add_probe_commands(CLI::App& app, int& exit_code) {
  auto* probes =
      app.add_subcommand("probes", "Stability probes and nearest known activation (default: every known activation)");
  auto exprs = std::make_shared<std::vector<std::string>>();
  auto as_json = std::make_shared<bool>(false);
  probes->add_option("EXPR", *exprs, "Expressions (default: the known activations)");
  probes->add_flag("--json", *as_json, "Print JSON");
  probes->callback([=, &exit_code] { exit_code = run_probes(*exprs, *as_json); });
}

}  // namespace actsearch::cli
