#include "report/src/report_data.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <set>
#include <variant>

#include "expr/derivative.hpp"
#include "expr/export.hpp"
#include "expr/parse.hpp"
#include "expr/print.hpp"
#include "expr/simplify.hpp"
#include "report/function_display.hpp"
#include "report/src/learned.hpp"
#include "report/src/text.hpp"

namespace actsearch::report {
namespace {

using nlohmann::json;
using text::compact_number;

// `out` is [learned_nearest, learned_distance]: null for a row without learned constants.
void add_learned_nearest(json& out, const db::LeaderboardRow& r) {
  if (r.has_learned && !r.learned_nearest.empty()) out = {r.learned_nearest, compact_number(r.learned_distance)};
}

json constants_json(const DisplayedFunction& shown) {
  json out = json::array();
  for (const auto& [name, value] : shown.values) out.push_back({{"name", name}, {"value", value}});
  return out;
}

// Why a candidate was rejected, by probe: "dead_fraction=0.97 > max 0.95; max_slope=inf > ..." names the
// probes before '='; the fingerprint checks say "non_finite: ..." and "constant: ...".
std::vector<std::string> rejecting_probes(const std::string& reason) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < reason.size()) {
    std::size_t end = reason.find("; ", start);
    if (end == std::string::npos) end = reason.size();
    const std::string part = reason.substr(start, end - start);
    const std::size_t name_end = part.find_first_of("=:");
    out.push_back(name_end == std::string::npos ? part : part.substr(0, name_end));
    start = end + 2;
  }
  return out;
}

double seconds_between(const std::string& from, const std::string& to) {
  // ISO 8601 UTC "YYYY-MM-DDTHH:MM:SS[...]" as the database writes it.
  auto parse = [](const std::string& t) -> std::optional<std::chrono::sys_seconds> {
    int y, mo, d, h, mi, sec;
    if (std::sscanf(t.c_str(), "%d-%d-%d%*c%d:%d:%d", &y, &mo, &d, &h, &mi, &sec) != 6) return std::nullopt;
    const auto day = std::chrono::sys_days{std::chrono::year{y} / mo / d};
    return day + std::chrono::hours{h} + std::chrono::minutes{mi} + std::chrono::seconds{sec};
  };
  const auto a = parse(from), b = parse(to);
  return a && b ? std::chrono::duration<double>(*b - *a).count() : db::kNaN;
}

json config_json(const CampaignSnapshot& s) {
  json out = {{"text", s.campaign.config_text}, {"problem", s.config_problem}};
  if (!s.config) return out;
  const auto& c = *s.config;
  out["strategy"] = c.strategy.kind;
  out["budget"] = c.strategy.budget;
  out["batch"] = c.strategy.batch;
  json options = json::object();
  for (const auto& [key, value] : c.strategy.options.values()) {
    std::visit([&, &k = key](const auto& v) { options[k] = v; }, value);
  }
  out["strategy_options"] = options;
  out["task"] = c.task.name;
  out["device"] = std::string(search::to_string(c.device));
  out["workers"] = c.workers;
  if (c.space) {
    out["space"] = c.space->describe();
    const auto size = c.space->raw_size();
    out["space_size"] = size ? json(*size) : json();
  } else {
    // A strategy without a space proposes what it lists (search/strategies/registry.hpp).
    const auto& entry = c.strategy.entry();
    const std::uint64_t listed = entry.supply ? entry.supply(c.strategy.settings(nullptr)).value_or(0) : 0;
    out["space"] = "the listed functions (" + std::to_string(listed) + ")";
    out["space_size"] = listed;
  }
  json rungs = json::array();
  for (std::size_t i = 0; i < c.fidelity.rungs.size(); ++i) {
    const auto& r = c.fidelity.rungs[i];
    rungs.push_back({{"stage", i},
                     {"train_examples", r.train_examples},
                     {"epochs", r.epochs},
                     {"seeds", r.seeds},
                     {"keep", r.keep}});
  }
  out["rungs"] = rungs;
  out["final"] = {{"stage", s.final_stage},
                  {"top", c.fidelity.final.top},
                  {"seeds", c.fidelity.final.seeds},
                  {"train_examples", c.fidelity.final.train_examples},
                  {"epochs", c.fidelity.final.epochs},
                  {"test", c.fidelity.final.test}};
  out["baselines"] = c.baselines;
  return out;
}

}  // namespace

json campaign_json(const CampaignSnapshot& s) {
  json by_status = json::object(), by_probe = json::object(), runs = json::object();
  int aliases = 0;
  for (const auto& link : s.links) {
    const std::string status(db::to_string(link.status));
    by_status[status] = by_status.value(status, 0) + 1;
    if (link.status == db::CandidateStatus::Rejected) {
      for (const auto& probe : rejecting_probes(link.reject_reason)) by_probe[probe] = by_probe.value(probe, 0) + 1;
    }
    if (const auto it = s.alias_counts.find(link.candidate_id); it != s.alias_counts.end()) {
      aliases += std::max(0, it->second - 1);  // the canonical spelling is not an alias of itself
    }
  }
  double training_seconds = 0;
  std::set<std::string> devices;
  for (const auto& e : s.evaluations) {
    const std::string status(db::to_string(e.status));
    runs[status] = runs.value(status, 0) + 1;
    training_seconds += e.wall_seconds;
    if (!e.device.empty()) devices.insert(e.device);
  }
  return {{"name", s.campaign.name},
          {"status", std::string(db::to_string(s.campaign.status))},
          {"seed", s.campaign.seed},
          {"created_at", s.campaign.created_at},
          {"updated_at", s.campaign.updated_at},
          {"wall_seconds", compact_number(seconds_between(s.campaign.created_at, s.campaign.updated_at))},
          {"training_seconds", training_seconds},
          {"database", s.database.string()},
          {"config", config_json(s)},
          {"candidates", s.links.size()},
          {"candidates_by_status", by_status},
          {"rejected_by_probe", by_probe},
          {"aliases", aliases},
          {"equivalents", s.equivalents.size()},
          {"evaluations", s.evaluations.size()},
          {"evaluations_by_status", runs},
          {"backends", devices},
          {"baselines", s.baselines}};
}

json leaderboard_json(const CampaignSnapshot& s) {
  // Column names once, then one array per row: a 20,000-row leaderboard is most of a report's size.
  static const char* const kColumns[] = {"rank",
                                         "id",
                                         "expr",
                                         "display",
                                         "constants",
                                         "baseline",
                                         "stage",
                                         "final",
                                         "fitness",
                                         "mean",
                                         "sd",
                                         "ci_low",
                                         "ci_high",
                                         "seeds",
                                         "penalty",
                                         "deltas",
                                         "test_mean",
                                         "test_seeds",
                                         "nearest",
                                         "distance",
                                         "complexity",
                                         "aliases",
                                         "status",
                                         "detailed",
                                         "learned_nearest",
                                         "learned_distance"};
  json rows = json::array();
  for (const auto& r : s.rows) {
    const DisplayedFunction shown = display_function(r.expr);
    json deltas = json::object();
    for (const auto& [baseline, by_candidate] : s.deltas) {
      const auto it = by_candidate.find(r.candidate_id);
      if (it == by_candidate.end()) continue;
      const PairedDelta& d = it->second;
      deltas[baseline] = {compact_number(d.delta), compact_number(d.low), compact_number(d.high), d.pairs};
    }
    const auto aliases = s.alias_counts.find(r.candidate_id);
    json learned = {nullptr, nullptr};
    add_learned_nearest(learned, r);
    rows.push_back({r.rank,
                    r.candidate_id,
                    r.expr,
                    shown.values.empty() ? json() : json(shown.text),  // null: the same as expr
                    constants_json(shown),
                    r.baseline ? json(r.baseline_name) : json(),
                    r.stage,
                    r.stage == s.final_stage,
                    compact_number(r.fitness),
                    compact_number(r.mean),
                    compact_number(r.sd),
                    compact_number(r.ci_low),
                    compact_number(r.ci_high),
                    r.seeds,
                    compact_number(r.penalty),
                    deltas,
                    compact_number(r.test_mean),
                    r.test_seeds,
                    r.nearest,
                    compact_number(r.distance),
                    r.complexity,
                    aliases == s.alias_counts.end() ? 0 : std::max(0, aliases->second - 1),
                    std::string(db::to_string(r.status)),
                    s.details.count(r.candidate_id) > 0,
                    learned[0],
                    learned[1]});
  }
  return {{"columns", kColumns}, {"rows", rows}};
}

json details_json(const CampaignSnapshot& s) {
  static constexpr expr::Target kTargets[] = {expr::Target::PyTorch, expr::Target::NumPy, expr::Target::JAX,
                                              expr::Target::Cpp,     expr::Target::Cuda,  expr::Target::SymPy,
                                              expr::Target::LaTeX};
  json out = json::array();
  for (const std::int64_t id : s.detailed) {
    const CandidateDetail& d = s.details.at(id);
    const DisplayedFunction shown = display_function(d.candidate.expr);
    json item = {{"id", id},
                 {"expr", d.candidate.expr},
                 {"display", shown.text},
                 {"constants", constants_json(shown)},
                 {"latex", d.candidate.latex},
                 {"fingerprint", d.candidate.fingerprint},
                 {"complexity", d.candidate.complexity},
                 {"nearest", d.candidate.nearest},
                 {"distance", compact_number(d.candidate.nearest_distance)},
                 {"aliases", d.aliases}};
    json probes = json::array(), likeness = json::array(), exports = json::array();
    for (const auto& [name, value] : d.probes) probes.push_back({name, compact_number(value)});
    for (const auto& [name, value] : d.likeness) likeness.push_back({name, compact_number(value)});
    item["probes"] = probes;
    item["likeness"] = likeness;
    if (auto parsed = expr::parse(d.candidate.expr)) {
      const expr::Expr canonical = expr::simplify(*parsed);
      item["derivative"] = display_function(expr::print(expr::simplify(expr::derivative_x(canonical)))).text;
      for (const expr::Target t : kTargets)
        exports.push_back({{"target", expr::target_name(t)}, {"code", expr::export_code(canonical, t)}});
    }
    item["exports"] = exports;
    const LearnedConstants learned = learned_constants(s.evaluations, id);
    if (!learned.per_layer.empty()) {
      json layers = json::array();
      for (const auto& layer : learned.per_layer) {
        json values = json::array();
        for (double v : layer) values.push_back(compact_number(v));
        layers.push_back(values);
      }
      item["learned"] = {{"stage", learned.stage}, {"seeds", learned.seeds}, {"per_layer", layers}};
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace actsearch::report
