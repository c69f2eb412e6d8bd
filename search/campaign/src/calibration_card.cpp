// The statistics of the report card (the definitions are in calibration_card.hpp).
#include "search/campaign/calibration_card.hpp"

#include <cmath>

#include "surrogate/ranks.hpp"

namespace actsearch::search {
namespace {

constexpr double kConfidence = 0.95;

double sample_sd(std::span<const double> v) {
  const db::Summary s = db::summarize(v, kConfidence);
  return s.n >= 2 ? s.sd : std::nan("");
}

double arithmetic_mean(std::span<const double> v) {
  if (v.empty()) return std::nan("");
  double sum = 0;
  for (double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

BudgetFigures budget_figures(const CalibrationCard& card, std::size_t b) {
  const std::size_t full_index = card.runs.budgets.size() - 1;
  BudgetFigures row;
  row.budget = card.runs.budgets[b];
  row.full = b == full_index;
  const std::size_t runs = card.runs.functions.size() * static_cast<std::size_t>(card.runs.seeds);
  row.seconds_per_evaluation =
      b < card.runs.seconds.size() && runs > 0 ? card.runs.seconds[b] / static_cast<double>(runs) : std::nan("");
  std::vector<double> means, full_means, seed_sds;
  for (const auto& cells : card.cells) {
    const db::Summary& at = cells[b].accuracy;
    const db::Summary& at_full = cells[full_index].accuracy;
    if (at.n == 0 || at_full.n == 0) continue;
    means.push_back(at.mean);
    full_means.push_back(at_full.mean);
    if (at.n >= 2) seed_sds.push_back(at.sd);
  }
  row.functions = static_cast<int>(means.size());
  row.spearman = means.size() >= 2 ? surrogate::spearman(means, full_means) : std::nan("");
  row.kendall_tau = means.size() >= 2 ? surrogate::kendall_tau(means, full_means) : std::nan("");
  row.spread = sample_sd(means);
  row.noise = arithmetic_mean(seed_sds);
  row.spread_to_noise = row.spread / row.noise;
  return row;
}

Discrimination discriminate(const CalibrationCard& card) {
  Discrimination d;
  const std::size_t full = card.runs.budgets.size() - 1;
  const auto& accuracy = card.runs.accuracy[full];
  auto summary_at_full = [&](std::size_t f) { return card.cells[f][full].accuracy; };
  for (std::size_t f = 0; f < card.cells.size(); ++f) {
    const db::Summary s = summary_at_full(f);
    if (s.n > 0 &&
        (d.best == Discrimination::kNone || s.mean > summary_at_full(static_cast<std::size_t>(d.best)).mean)) {
      d.best = static_cast<int>(f);
    }
    const auto& fn = card.runs.functions[f];
    if (fn.family == expr::ActivationFamily::self_gated && s.n > 0 &&
        (d.best_self_gated == Discrimination::kNone ||
         s.mean > summary_at_full(static_cast<std::size_t>(d.best_self_gated)).mean)) {
      d.best_self_gated = static_cast<int>(f);
    }
    if (fn.name == "relu" && d.relu == Discrimination::kNone) d.relu = static_cast<int>(f);
    if (card.cells[f][full].diverged > 0) d.diverged.emplace_back(static_cast<int>(f), card.cells[f][full].diverged);
  }
  if (d.best != Discrimination::kNone) {
    const auto& best = accuracy[static_cast<std::size_t>(d.best)];
    for (std::size_t f = 0; f < card.cells.size(); ++f) {
      if (static_cast<int>(f) == d.best) continue;
      const PairedDifference diff = paired_difference(best, accuracy[f]);
      if (diff.difference.n < 2) {
        d.untestable.push_back(static_cast<int>(f));
      } else {
        (diff.contains_zero() ? d.indistinguishable : d.distinguishable).push_back({static_cast<int>(f), diff});
      }
    }
  }
  if (d.best_self_gated != Discrimination::kNone && d.relu != Discrimination::kNone) {
    d.self_gated_over_relu = paired_difference(accuracy[static_cast<std::size_t>(d.best_self_gated)],
                                               accuracy[static_cast<std::size_t>(d.relu)]);
  }
  return d;
}

}  // namespace

bool PairedDifference::contains_zero() const {
  return difference.n >= 2 && difference.ci_low <= 0 && 0 <= difference.ci_high;
}

PairedDifference paired_difference(std::span<const double> a, std::span<const double> b) {
  std::vector<double> d;
  for (std::size_t k = 0; k < a.size() && k < b.size(); ++k) {
    if (std::isfinite(a[k]) && std::isfinite(b[k])) d.push_back(a[k] - b[k]);
  }
  return {db::summarize(d, kConfidence)};
}

CalibrationCard make_calibration_card(const trainer::TaskSpec& task, CalibrationRuns runs, std::string setup) {
  CalibrationCard card;
  card.task = task.name;
  card.setup = std::move(setup);
  card.runs = std::move(runs);
  const std::size_t budgets = card.runs.budgets.size();
  card.cells.assign(card.runs.functions.size(), std::vector<FunctionAtBudget>(budgets));
  for (std::size_t b = 0; b < budgets; ++b) {
    for (std::size_t f = 0; f < card.runs.functions.size(); ++f) {
      const auto& seeds = card.runs.accuracy[b][f];
      FunctionAtBudget& cell = card.cells[f][b];
      cell.accuracy = db::summarize(seeds, kConfidence);  // skips the NaNs of diverged runs
      cell.diverged = static_cast<int>(seeds.size()) - cell.accuracy.n;
    }
  }
  for (std::size_t b = 0; b < budgets; ++b) {
    BudgetFigures row = budget_figures(card, b);
    row.label = format_training_budget(row.budget, task);
    card.budgets.push_back(row);
  }
  card.discrimination = discriminate(card);
  return card;
}

}  // namespace actsearch::search
