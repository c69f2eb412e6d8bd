#include "search/strategies/surrogate_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "db/scoring.hpp"
#include "expr/parse.hpp"
#include "probes/probes.hpp"
#include "surrogate/features.hpp"
#include "surrogate/validation.hpp"

namespace actsearch::search::strategies {
namespace {

// Stored probe values as features: logarithms of the positive scale-like probes, |.| of the signed ones
// (their sign flips under phi -> -phi), the rest as they are; non-finite values clamped.
std::vector<double> probe_features(const std::vector<std::pair<std::string, double>>& values) {
  std::vector<double> out;
  for (auto name : probes::probe_names()) {
    double v = probes::probe_value(values, name);
    if (name == "mean" || name == "mean_slope") {
      v = std::abs(v);
    } else if (name == "second_moment" || name == "slope_second_moment" || name == "max_slope" ||
               name == "forward_variance_ratio" || name == "gradient_norm_ratio") {
      v = std::log(std::abs(v) + 1e-300);
    }
    if (!std::isfinite(v)) v = std::isnan(v) ? 0.0 : std::copysign(700.0, v);
    out.push_back(std::clamp(v, -700.0, 700.0));
  }
  return out;
}

}  // namespace

Expected<SurrogateEvaluation> evaluate_surrogate(db::Database& database, const db::CampaignRecord& campaign,
                                                 std::uint64_t seed) {
  auto evaluations = database.evaluations(campaign.id);
  if (!evaluations) return fail(evaluations.error());
  std::map<std::int64_t, db::StageScore> first_rung;
  for (const auto& e : *evaluations) {
    if (e.stage == 0) first_rung[e.candidate_id].add({e.status, e.val_accuracy});
  }
  struct Row {
    surrogate::FunctionFeatures features;
    std::vector<double> probes;
    double fitness;
  };
  std::vector<Row> rows;
  for (const auto& [id, score] : first_rung) {
    const double fitness = score.fitness(0.0);
    if (!std::isfinite(fitness)) continue;
    auto candidate = database.find_candidate(id);
    if (!candidate) return fail(candidate.error());
    if (!*candidate) continue;
    auto e = expr::parse((*candidate)->expr);
    if (!e) continue;
    auto f = surrogate::compute_features(*e);
    if (!f) continue;
    auto probes = database.probes(id);
    if (!probes) return fail(probes.error());
    rows.push_back(Row{std::move(*f), probe_features(*probes), fitness});
  }
  SurrogateEvaluation out;
  out.points = static_cast<int>(rows.size());
  if (rows.size() < 10) return out;
  Eigen::VectorXd y(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i) y(static_cast<Eigen::Index>(i)) = rows[i].fitness;

  struct Set {
    std::string name;
    bool shape, moments, probes;
  };
  const Set sets[] = {{"shape", true, false, false},
                      {"moments", false, true, false},
                      {"shape+moments", true, true, false},
                      {"probes", false, false, true},
                      {"shape+probes", true, false, true}};
  for (const Set& set : sets) {
    std::vector<int> groups;
    if (set.shape) groups.insert(groups.end(), surrogate::kShapeDims, 0);
    if (set.moments) groups.insert(groups.end(), surrogate::kMomentDims, 1);
    if (set.probes) groups.insert(groups.end(), probes::probe_names().size(), 2);
    Eigen::MatrixXd x(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(groups.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) {
      std::vector<double> v;
      if (set.shape) v.insert(v.end(), rows[i].features.shape.begin(), rows[i].features.shape.end());
      if (set.moments) v.insert(v.end(), rows[i].features.moments.begin(), rows[i].features.moments.end());
      if (set.probes) v.insert(v.end(), rows[i].probes.begin(), rows[i].probes.end());
      for (std::size_t c = 0; c < v.size(); ++c) x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(c)) = v[c];
    }
    for (surrogate::Targets targets : surrogate::all_target_kinds()) {
      for (surrogate::ModelKind kind : surrogate::all_model_kinds()) {
        const auto cv = surrogate::cross_validate(kind, x, y, groups, 5, seed, targets);
        out.scores.push_back(SurrogateScore{std::string(surrogate::to_string(kind)), set.name,
                                            std::string(surrogate::to_string(targets)), cv.spearman,
                                            cv.top_decile_precision, cv.points});
      }
    }
  }
  return out;
}

std::string format_surrogate_evaluation(const db::CampaignRecord& campaign, const SurrogateEvaluation& e) {
  std::string out = fmt::format(
      "campaign '{}': {} first-rung results with features (baselines included; fitness = mean validation "
      "accuracy of the first rung)\n",
      campaign.name, e.points);
  if (e.scores.empty()) return out + "too few results for cross-validation (at least 10 needed)\n";
  out +=
      "5-fold cross-validation: Spearman of held-out predictions, and the share of the predicted top 10% "
      "that is in the true top 10%\n\n";
  out += fmt::format("{:<6} {:<14} {:<14} {:>9} {:>15}\n", "model", "features", "targets", "spearman", "top-10% prec.");
  for (const auto& s : e.scores) {
    out += fmt::format("{:<6} {:<14} {:<14} {:>9.3f} {:>15.3f}\n", s.model, s.features, s.targets, s.spearman,
                       s.top_decile_precision);
  }
  return out;
}

}  // namespace actsearch::search::strategies
