// The report card written out: fmt tables for the terminal, the Markdown of docs/TASKS.md, and JSON
// (the schema is in calibration_card.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <numeric>

#include "search/campaign/calibration_card.hpp"

namespace actsearch::search {
namespace {

using Json = nlohmann::ordered_json;  // keys in the order of the schema

std::string number(double v, int decimals) {
  return std::isfinite(v) ? fmt::format("{:.{}f}", v, decimals) : std::string("n/a");
}
std::string signed_number(double v, int decimals) {
  return std::isfinite(v) ? fmt::format("{:+.{}f}", v, decimals) : std::string("n/a");
}
std::string interval(const db::Summary& s) {
  if (s.n == 0) return "no run trained";
  if (s.n < 2) return number(s.mean, 4) + " (1 seed)";
  return fmt::format("{} [{}, {}]", number(s.mean, 4), number(s.ci_low, 4), number(s.ci_high, 4));
}
std::string signed_interval(const db::Summary& s) {
  return fmt::format("{} [{}, {}]", signed_number(s.mean, 4), signed_number(s.ci_low, 4), signed_number(s.ci_high, 4));
}
std::string cell(const FunctionAtBudget& c, int seeds) {
  std::string out = interval(c.accuracy);
  if (c.diverged > 0) out += fmt::format(" ({}/{} diverged)", c.diverged, seeds);
  return out;
}
const char* family_name(expr::ActivationFamily f) {
  return f == expr::ActivationFamily::self_gated ? "self_gated" : "other";
}
std::string budget_label(const BudgetFigures& b) { return b.label + (b.full ? " (full)" : ""); }

const std::string& name_of(const CalibrationCard& card, int f) {
  return card.runs.functions[static_cast<std::size_t>(f)].name;
}

// Functions by full-budget mean, best first; those with no mean last, in the set's order.
std::vector<std::size_t> by_full_mean(const CalibrationCard& card) {
  std::vector<std::size_t> order(card.cells.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  const std::size_t full = card.budgets.size() - 1;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const db::Summary &x = card.cells[a][full].accuracy, &y = card.cells[b][full].accuracy;
    if ((x.n > 0) != (y.n > 0)) return x.n > 0;
    return x.n > 0 && x.mean > y.mean;
  });
  return order;
}

std::string compared_list(const CalibrationCard& card, const std::vector<Discrimination::Compared>& list) {
  if (list.empty()) return "none";
  std::string out;
  for (const auto& c : list) {
    out +=
        (out.empty() ? "" : ", ") + name_of(card, c.function) + " (" + signed_interval(c.best_over_it.difference) + ")";
  }
  return out;
}

std::string names(const CalibrationCard& card, const std::vector<int>& list) {
  if (list.empty()) return "none";
  std::string out;
  for (int f : list) out += (out.empty() ? "" : ", ") + name_of(card, f);
  return out;
}

// The discrimination block's lines, without the list markers each format adds.
std::vector<std::string> discrimination_lines(const CalibrationCard& card) {
  const Discrimination& d = card.discrimination;
  const std::size_t full = card.budgets.size() - 1;
  std::vector<std::string> lines;
  if (d.best == Discrimination::kNone) return {"best: none (no function trained at the full budget)"};
  lines.push_back("best: " + name_of(card, d.best) + ", " +
                  interval(card.cells[static_cast<std::size_t>(d.best)][full].accuracy));
  const std::size_t compared = d.indistinguishable.size() + d.distinguishable.size();
  lines.push_back(fmt::format("indistinguishable from the best (best minus it): {} of {} compared: {}",
                              d.indistinguishable.size(), compared, compared_list(card, d.indistinguishable)));
  lines.push_back("untestable (fewer than 2 seeds where both trained): " + names(card, d.untestable));
  if (d.best_self_gated == Discrimination::kNone || d.relu == Discrimination::kNone) {
    lines.push_back(std::string("best self-gated over relu: n/a (") +
                    (d.relu == Discrimination::kNone ? "relu" : "no self-gated function") +
                    " did not train or is not in the set)");
  } else {
    const PairedDifference& m = d.self_gated_over_relu;
    const std::string margin = m.difference.n < 2 ? std::string("no margin (fewer than 2 seeds where both trained)")
                               : std::isfinite(m.in_sds())
                                   ? signed_number(m.in_sds(), 2) + " paired-seed SDs"
                                   : std::string("no margin in SDs (the per-seed differences do not vary)");
    lines.push_back(fmt::format("best self-gated over relu: {}, {}; difference {} over {} pairs",
                                name_of(card, d.best_self_gated), margin, signed_interval(m.difference),
                                m.difference.n));
  }
  std::string diverged;
  for (const auto& [f, seeds] : d.diverged) {
    diverged +=
        (diverged.empty() ? "" : ", ") + fmt::format("{} ({} of {} seeds)", name_of(card, f), seeds, card.runs.seeds);
  }
  lines.push_back("diverged: " + (diverged.empty() ? std::string("none") : diverged));
  return lines;
}

std::string setup_line(const CalibrationCard& card) {
  return fmt::format(
      "{} functions x {} paired seeds, {} CPU worker(s); budgets are training examples x epochs, "
      "full = {}",
      card.runs.functions.size(), card.runs.seeds, card.runs.workers, card.budgets.back().label);
}

constexpr const char* kLegend =
    "means and 95% t-intervals over the seeds that trained (diverged runs excluded, counted); spread/noise = SD "
    "of the function means / mean of their seed SDs";

std::string seconds(double v) { return std::isfinite(v) ? fmt::format("{:.3g}", v) : std::string("n/a"); }

Json finite_or_null(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }
Json paired_json(const PairedDifference& p) {
  const db::Summary& s = p.difference;
  return {{"pairs", s.n},
          {"mean", finite_or_null(s.mean)},
          {"sd", finite_or_null(s.sd)},
          {"ci_low", finite_or_null(s.ci_low)},
          {"ci_high", finite_or_null(s.ci_high)}};
}

}  // namespace

std::string format_calibration_card(const CalibrationCard& card) {
  std::string out = fmt::format("task '{}': {}\n{}\n", card.task, setup_line(card), kLegend);
  out += fmt::format("\n{:<16} {:>8} {:>9} {:>9} {:>8} {:>8} {:>13} {:>10}\n", "budget", "s/eval", "spearman",
                     "kendall", "spread", "noise", "spread/noise", "functions");
  for (const auto& b : card.budgets) {
    out += fmt::format("{:<16} {:>8} {:>9} {:>9} {:>8} {:>8} {:>13} {:>10}\n", budget_label(b),
                       seconds(b.seconds_per_evaluation), number(b.spearman, 3), number(b.kendall_tau, 3),
                       number(b.spread, 4), number(b.noise, 4), number(b.spread_to_noise, 2), b.functions);
  }
  std::size_t width = 8;
  for (const auto& f : card.runs.functions) width = std::max(width, f.name.size());
  out += fmt::format("\n{:<{}}", "function", width);
  for (const auto& b : card.budgets) out += fmt::format("  {:<38}", budget_label(b));
  out += "\n";
  for (std::size_t f : by_full_mean(card)) {
    out += fmt::format("{:<{}}", card.runs.functions[f].name, width);
    for (const auto& c : card.cells[f]) out += fmt::format("  {:<38}", cell(c, card.runs.seeds));
    out += "\n";
  }
  out += fmt::format("\ndiscrimination at the full budget ({}), paired by seed, 95% t-intervals:\n",
                     card.budgets.back().label);
  for (const auto& line : discrimination_lines(card)) out += "  " + line + "\n";
  return out;
}

std::string calibration_markdown(const CalibrationCard& card) {
  std::string out = fmt::format("### `{}`\n\n", card.task);
  out +=
      "Set-up: " + (card.setup.empty() ? "" : "`" + card.setup + "`; ") + setup_line(card) + "; " + kLegend + ".\n\n";
  out += "| budget | s/eval | Spearman | Kendall τ | spread | noise | spread/noise | functions |\n";
  out += "|---|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& b : card.budgets) {
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", budget_label(b),
                       seconds(b.seconds_per_evaluation), number(b.spearman, 3), number(b.kendall_tau, 3),
                       number(b.spread, 4), number(b.noise, 4), number(b.spread_to_noise, 2), b.functions);
  }
  out += "\n| function | expression | family |";
  for (const auto& b : card.budgets) out += " " + budget_label(b) + " |";
  out += "\n|---|---|---|";
  for (std::size_t b = 0; b < card.budgets.size(); ++b) out += "---|";
  out += "\n";
  for (std::size_t f : by_full_mean(card)) {
    const auto& fn = card.runs.functions[f];
    out += fmt::format("| {} | `{}` | {} |", fn.name, fn.expression, family_name(fn.family));
    for (const auto& c : card.cells[f]) out += " " + cell(c, card.runs.seeds) + " |";
    out += "\n";
  }
  out += fmt::format(
      "\nDiscrimination at the full budget ({}; paired by seed, 95% t-intervals of the per-seed "
      "difference):\n\n",
      card.budgets.back().label);
  for (const auto& line : discrimination_lines(card)) out += "- " + line + "\n";
  return out;
}

std::string calibration_json(const CalibrationCard& card) {
  Json budgets = Json::array();
  for (const auto& b : card.budgets) {
    budgets.push_back({{"budget", b.label},
                       {"examples", b.budget.train_examples},
                       {"epochs", b.budget.epochs},
                       {"full", b.full},
                       {"seconds_per_evaluation", finite_or_null(b.seconds_per_evaluation)},
                       {"spearman", finite_or_null(b.spearman)},
                       {"kendall_tau", finite_or_null(b.kendall_tau)},
                       {"spread", finite_or_null(b.spread)},
                       {"noise", finite_or_null(b.noise)},
                       {"spread_to_noise", finite_or_null(b.spread_to_noise)},
                       {"functions", b.functions}});
  }
  Json functions = Json::array();
  for (std::size_t f = 0; f < card.cells.size(); ++f) {
    Json per_budget = Json::array();
    for (std::size_t b = 0; b < card.budgets.size(); ++b) {
      const FunctionAtBudget& c = card.cells[f][b];
      Json seeds = Json::array();
      for (double a : card.runs.accuracy[b][f]) seeds.push_back(finite_or_null(a));
      per_budget.push_back({{"budget", card.budgets[b].label},
                            {"trained", c.accuracy.n},
                            {"diverged", c.diverged},
                            {"mean", finite_or_null(c.accuracy.mean)},
                            {"sd", finite_or_null(c.accuracy.sd)},
                            {"ci_low", finite_or_null(c.accuracy.ci_low)},
                            {"ci_high", finite_or_null(c.accuracy.ci_high)},
                            {"accuracy", seeds}});
    }
    const auto& fn = card.runs.functions[f];
    functions.push_back({{"name", fn.name},
                         {"expression", fn.expression},
                         {"family", family_name(fn.family)},
                         {"budgets", per_budget}});
  }
  const Discrimination& d = card.discrimination;
  Json discrimination = {{"best", nullptr},
                         {"best_mean", nullptr},
                         {"best_ci_low", nullptr},
                         {"best_ci_high", nullptr},
                         {"self_gated", nullptr}};
  if (d.best != Discrimination::kNone) {
    const db::Summary& s = card.cells[static_cast<std::size_t>(d.best)].back().accuracy;
    discrimination["best"] = name_of(card, d.best);
    discrimination["best_mean"] = finite_or_null(s.mean);
    discrimination["best_ci_low"] = finite_or_null(s.ci_low);
    discrimination["best_ci_high"] = finite_or_null(s.ci_high);
  }
  discrimination["compared"] = d.indistinguishable.size() + d.distinguishable.size();
  discrimination["indistinguishable"] = Json::array();
  for (const auto& c : d.indistinguishable) {
    discrimination["indistinguishable"].push_back(
        {{"name", name_of(card, c.function)}, {"difference", paired_json(c.best_over_it)}});
  }
  discrimination["distinguishable"] = Json::array();
  for (const auto& c : d.distinguishable) discrimination["distinguishable"].push_back(name_of(card, c.function));
  discrimination["untestable"] = Json::array();
  for (int f : d.untestable) discrimination["untestable"].push_back(name_of(card, f));
  if (d.best_self_gated != Discrimination::kNone && d.relu != Discrimination::kNone) {
    discrimination["self_gated"] = {{"function", name_of(card, d.best_self_gated)},
                                    {"over", name_of(card, d.relu)},
                                    {"margin_sds", finite_or_null(d.self_gated_over_relu.in_sds())},
                                    {"difference", paired_json(d.self_gated_over_relu)}};
  }
  discrimination["diverged"] = Json::array();
  for (const auto& [f, seeds] : d.diverged) {
    discrimination["diverged"].push_back({{"name", name_of(card, f)}, {"seeds", seeds}});
  }
  const Json out = {
      {"task", card.task},  {"setup", card.setup},    {"seeds", card.runs.seeds},        {"workers", card.runs.workers},
      {"budgets", budgets}, {"functions", functions}, {"discrimination", discrimination}};
  return out.dump(2) + "\n";
}

}  // namespace actsearch::search
