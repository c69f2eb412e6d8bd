#include "report/show.hpp"

#include <algorithm>

#include "expr/derivative.hpp"
#include "expr/fingerprint.hpp"
#include "expr/parse.hpp"
#include "expr/print.hpp"
#include "expr/simplify.hpp"
#include "report/function_display.hpp"
#include "report/src/learned.hpp"
#include "report/src/text.hpp"

namespace actsearch::report {
namespace {

using nlohmann::json;
using text::fixed;
using text::number_or_null;

template <class T>
Expected<void> take(Expected<T> result, T& into) {
  if (!result) return fail(result.error());
  into = std::move(*result);
  return {};
}

}  // namespace

Expected<db::CandidateRecord> find_candidate(db::Database& database, const std::string& id_or_expr) {
  const bool numeric =
      !id_or_expr.empty() && id_or_expr.size() < 19 && id_or_expr.find_first_not_of("0123456789") == std::string::npos;
  if (numeric) {
    auto found = database.find_candidate(std::stoll(id_or_expr));
    if (!found) return fail(found.error());
    if (!*found) return fail("no candidate with id " + id_or_expr + " in " + database.path().string());
    return **found;
  }
  auto parsed = expr::parse(id_or_expr);
  if (!parsed) return fail(parsed.error());
  const auto fp = expr::fingerprint(expr::simplify(*parsed));
  auto found = database.find_candidate_by_fingerprint(fp.hex());
  if (!found) return fail(found.error());
  if (!*found) return fail("'" + id_or_expr + "' has not been evaluated in " + database.path().string());
  return **found;
}

Expected<CandidateView> read_candidate_view(db::Database& database, const std::string& id_or_expr) {
  CandidateView view;
  Error parse_error;
  auto read = database.read_snapshot([&]() -> Expected<void> {
    auto candidate = find_candidate(database, id_or_expr);
    if (!candidate) return fail(candidate.error());
    view.candidate = std::move(*candidate);
    const std::int64_t id = view.candidate.id;
    if (auto ok = take(database.aliases(id), view.aliases); !ok) return ok;
    if (auto ok = take(database.probes(id), view.probes); !ok) return ok;
    if (auto ok = take(database.likeness(id), view.likeness); !ok) return ok;
    if (auto ok = take(database.candidate_evaluations(id), view.evaluations); !ok) return ok;
    std::vector<db::CampaignRecord> campaigns;
    if (auto ok = take(database.campaigns(), campaigns); !ok) return ok;
    for (const auto& c : campaigns) view.campaign_names[c.id] = c.name;
    for (const auto& campaign : campaigns) {
      std::vector<db::EquivalentRecord> equivalents;
      if (auto ok = take(database.equivalents(campaign.id), equivalents); !ok) return ok;
      for (const auto& e : equivalents) {
        if (e.representative_id != id && e.candidate_id != id) continue;
        const std::int64_t other = e.representative_id == id ? e.candidate_id : e.representative_id;
        auto found = database.find_candidate(other);
        if (!found) return fail(found.error());
        EquivalentView v{campaign.name, e, *found ? (*found)->expr : ""};
        (e.representative_id == id ? view.members : view.member_of).push_back(std::move(v));
      }
      std::vector<db::LearnedLikenessRecord> layers;
      if (auto ok = take(database.learned_likeness(campaign.id, id), layers); !ok) return ok;
      if (layers.empty()) continue;
      LearnedLikenessView learned{.campaign = campaign.name, .layers = std::move(layers)};
      std::vector<db::CampaignCandidate> links;
      if (auto ok = take(database.campaign_candidates(campaign.id), links); !ok) return ok;
      for (const auto& link : links) {
        if (link.candidate_id != id) continue;
        learned.nearest = link.learned_nearest;
        learned.distance = link.learned_distance;
      }
      view.learned_likeness.push_back(std::move(learned));
    }
    return {};
  });
  if (!read) return fail(read.error());
  auto parsed = expr::parse(view.candidate.expr);
  view.derivative = parsed ? expr::print(expr::simplify(expr::derivative_x(*parsed))) : "-";
  std::stable_sort(view.likeness.begin(), view.likeness.end(), [](const auto& a, const auto& b) {
    return std::isnan(b.second) ? !std::isnan(a.second) : a.second < b.second;
  });
  return view;
}

std::string format_show_json(const CandidateView& view) {
  const auto& c = view.candidate;
  json out{{"id", c.id},
           {"expr", c.expr},
           {"latex", c.latex},
           {"derivative", view.derivative},
           {"fingerprint", c.fingerprint},
           {"complexity", c.complexity},
           {"finite", c.finite},
           {"nearest", {{"name", c.nearest}, {"distance", number_or_null(c.nearest_distance)}}},
           {"aliases", view.aliases}};
  json probes = json::object(), likeness = json::object(), evaluations = json::array();
  for (const auto& [name, value] : view.probes) probes[name] = number_or_null(value);
  for (const auto& [name, value] : view.likeness) likeness[name] = number_or_null(value);
  for (const auto& e : view.evaluations) {
    const auto name = view.campaign_names.find(e.campaign_id);
    evaluations.push_back({{"campaign", name == view.campaign_names.end() ? "" : name->second},
                           {"stage", e.stage},
                           {"seed", e.seed},
                           {"status", std::string(db::to_string(e.status))},
                           {"train_examples", e.train_examples},
                           {"epochs", e.epochs},
                           {"val_accuracy", number_or_null(e.val_accuracy)},
                           {"val_loss", number_or_null(e.val_loss)},
                           {"test_accuracy", number_or_null(e.test_accuracy)},
                           {"wall_seconds", e.wall_seconds},
                           {"learned_params", json::parse(e.learned_params_json, nullptr, false)},
                           {"device", e.device},
                           {"worker_host", e.worker_host},
                           {"worker_rank", e.worker_rank ? json(*e.worker_rank) : json(nullptr)},
                           {"message", e.message}});
  }
  auto equivalents_json = [](const std::vector<EquivalentView>& list) {
    json a = json::array();
    for (const auto& m : list) {
      a.push_back({{"campaign", m.campaign},
                   {"candidate_id", m.record.candidate_id},
                   {"representative_id", m.record.representative_id},
                   {"reflection", std::string(db::to_string(m.record.reflection))},
                   {"expr", m.expr},
                   {"proposal", m.record.proposal_text}});
    }
    return a;
  };
  out["members"] = equivalents_json(view.members);
  out["member_of"] = equivalents_json(view.member_of);
  json learned_likeness = json::array();
  for (const auto& l : view.learned_likeness) {
    json layers = json::array();
    for (const auto& r : l.layers) {
      layers.push_back({{"layer", r.layer + 1},
                        {"params", json::parse(r.params_json, nullptr, false)},
                        {"nearest", r.nearest},
                        {"distance", number_or_null(r.distance)}});
    }
    learned_likeness.push_back({{"campaign", l.campaign},
                                {"stage", l.layers.front().stage},
                                {"seeds", l.layers.front().seeds},
                                {"nearest", l.nearest},
                                {"distance", number_or_null(l.distance)},
                                {"layers", layers}});
  }
  out["learned_likeness"] = learned_likeness;
  out["probes"] = probes;
  out["likeness"] = likeness;
  out["evaluations"] = evaluations;
  return out.dump(2) + "\n";
}

std::string format_show_text(const CandidateView& view) {
  const auto& c = view.candidate;
  const DisplayedFunction shown = display_function(c.expr);
  std::string out = fmt::format("candidate {}\n  function     {}\n", c.id, shown.text);
  if (!shown.values.empty()) out += fmt::format("  constants    {}\n  canonical    {}\n", shown.values_text(), c.expr);
  out += fmt::format("  latex        {}\n  derivative   {}\n  fingerprint  {}\n  complexity   {}\n", c.latex,
                     view.derivative, c.fingerprint, c.complexity);
  out += fmt::format("  nearest      {} (distance {})\n  aliases      ", c.nearest, fixed(c.nearest_distance, 4));
  for (std::size_t i = 0; i < view.aliases.size(); ++i) out += (i ? ", " : "") + view.aliases[i];
  // Learned constants per campaign: the same function may have been trained in several.
  for (const auto& [campaign_id, name] : view.campaign_names) {
    std::vector<db::EvaluationRecord> mine;
    for (const auto& e : view.evaluations) {
      if (e.campaign_id == campaign_id) mine.push_back(e);
    }
    const LearnedConstants learned = learned_constants(mine, c.id);
    if (learned.per_layer.empty()) continue;
    out +=
        fmt::format("\n  learned      campaign '{}', stage {}, mean of {} run(s):", name, learned.stage, learned.seeds);
    for (std::size_t layer = 0; layer < learned.per_layer.size(); ++layer) {
      out += fmt::format("\n    layer {:<3}", layer + 1);
      for (std::size_t k = 0; k < learned.per_layer[layer].size(); ++k) {
        const std::string constant = k < shown.values.size() ? shown.values[k].first : fmt::format("#{}", k + 1);
        out += fmt::format("  {} = {}", constant, fixed(learned.per_layer[layer][k], 4));
      }
    }
  }
  for (const auto& l : view.learned_likeness) {
    out += fmt::format("\n  learned likeness  campaign '{}': {} (median distance over layers {})", l.campaign,
                       l.nearest.empty() ? "-" : l.nearest, fixed(l.distance, 4));
    for (const auto& r : l.layers) {
      out += fmt::format("\n    layer {:<3} {} (distance {})", r.layer + 1, r.nearest.empty() ? "-" : r.nearest,
                         fixed(r.distance, 4));
    }
  }
  // Reflections psi = -phi(x), phi(-x), -phi(-x) train like phi itself (expr/equivalence.hpp).
  auto reflection_text = [](db::Reflection r) {
    switch (r) {
      case db::Reflection::NegatedOutput: return "-phi(x)";
      case db::Reflection::NegatedInput: return "phi(-x)";
      case db::Reflection::NegatedBoth: return "-phi(-x)";
    }
    return "?";
  };
  for (const auto& m : view.members) {
    out += fmt::format("\n  member       {} (candidate {}, = {} of this one; not trained in campaign '{}')", m.expr,
                       m.record.candidate_id, reflection_text(m.record.reflection), m.campaign);
  }
  for (const auto& m : view.member_of) {
    out += fmt::format("\n  equivalent   of candidate {} ({}): this is {} of it; campaign '{}' trained that one",
                       m.record.representative_id, m.expr, reflection_text(m.record.reflection), m.campaign);
  }
  out += "\n  probes\n";
  for (const auto& [name, value] : view.probes) out += fmt::format("    {:<24} {:.6g}\n", name, value);
  out += "  likeness (closest first)\n";
  for (const auto& [name, value] : view.likeness) out += fmt::format("    {:<24} {}\n", name, fixed(value, 4));
  out += fmt::format("  evaluations\n    {:<20} {:>5} {:>20} {:<9} {:>7} {:>6} {:>8} {:>8} {:>8}  {:<16}  {}\n",
                     "campaign", "stage", "seed", "status", "train", "epochs", "val acc", "test acc", "seconds",
                     "trained by", "message");
  for (const auto& e : view.evaluations) {
    const auto name = view.campaign_names.find(e.campaign_id);
    // The host, and the rank of an MPI worker; "-" for rows that predate the record of who trained them.
    const std::string trained_by = e.worker_host.empty() ? "-"
                                   : e.worker_rank       ? fmt::format("{} rank {}", e.worker_host, *e.worker_rank)
                                                         : e.worker_host;
    out += fmt::format("    {:<20} {:>5} {:>20} {:<9} {:>7} {:>6} {:>8} {:>8} {:>8.2f}  {:<16}  {}\n",
                       name == view.campaign_names.end() ? "" : name->second, e.stage, e.seed, db::to_string(e.status),
                       e.train_examples, e.epochs, fixed(e.val_accuracy, 4), fixed(e.test_accuracy, 4), e.wall_seconds,
                       trained_by, e.message);
  }
  return out;
}

}  // namespace actsearch::report
