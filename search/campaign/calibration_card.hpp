// A task's report card, from the runs of `actsearch calibrate` (calibration.hpp): per function and
// budget the mean validation accuracy with its 95% t-interval over seeds; per budget the rank agreement
// with the full budget and the spread/noise ratio; at the full budget, how well the task discriminates.
//
// Diverged or failed runs have no accuracy and are excluded, everywhere alike: a function's mean and
// interval are over the seeds that trained (the count that diverged is shown beside them), a paired
// comparison pairs only the seeds where both functions trained, and a function with no trained seed
// at a budget has no mean there and is left out of that budget's ranking. Substituting chance accuracy
// instead would fold a failure rate into the accuracy and make its interval meaningless; the divergence
// is a separate fact and the card reports it separately.
//
// Figures:
//   spearman, kendall_tau  of the function means at the budget against the full budget's means, over the
//                          functions with a mean at both (Kendall's tau-b)
//   spread                 sample SD (n - 1) over those functions of their means at the budget
//   noise                  arithmetic mean over those functions (with at least 2 trained seeds) of the
//                          sample SD of their accuracy over seeds
//   spread_to_noise        spread / noise: how many seed SDs apart the functions typically are
//   paired difference      of f over g: d_k = acc_f(seed k) - acc_g(seed k) over the seeds both trained;
//                          mean, sample SD, and the 95% interval mean +- t_{0.975, n-1} sd / sqrt(n)
//   best                   the highest full-budget mean (the first in the set's order on a tie)
//   indistinguishable      a function whose paired difference from the best (best minus it) contains 0 in
//                          its interval; with fewer than 2 pairs there is no interval and it is untestable
//   margin in paired SDs   mean / SD of the paired difference (a standardised effect size)
//
// JSON (`calibration_json`): numbers that are not finite are null.
//   {"task": str, "setup": str, "seeds": int, "workers": int,
//    "budgets": [{"budget": "15000x1", "examples", "epochs": int (0 = the task's), "full": bool,
//                 "seconds_per_evaluation", "spearman", "kendall_tau", "spread", "noise",
//                 "spread_to_noise": num, "functions": int}],            -- the cheap budgets, then the full
//    "functions": [{"name", "expression": str, "family": "self_gated" | "other",
//                   "budgets": [{"budget": str, "trained": int, "diverged": int,
//                                "mean", "sd", "ci_low", "ci_high": num,
//                                "accuracy": [num per seed]}]}],
//    "discrimination": {"best": str | null, "best_mean", "best_ci_low", "best_ci_high": num,
//                       "compared": int, "indistinguishable": [{"name": str, "difference": PAIRED}],
//                       "distinguishable": [str], "untestable": [str],
//                       "self_gated": null | {"function": str, "over": "relu", "margin_sds": num,
//                                             "difference": PAIRED},
//                       "diverged": [{"name": str, "seeds": int}]}}       -- at the full budget
//   PAIRED = {"pairs": int, "mean", "sd", "ci_low", "ci_high": num}
#pragma once

#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "db/statistics.hpp"
#include "search/campaign/calibration.hpp"
#include "trainer/task.hpp"

namespace actsearch::search {

inline constexpr db::Summary kNoSummary{
    0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN(),
    std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};

struct FunctionAtBudget {
  db::Summary accuracy = kNoSummary;  // over the seeds that trained (n of them)
  int diverged = 0;                   // seeds that diverged or failed
};

struct BudgetFigures {
  TrainingBudget budget;
  std::string label;  // "15000x1" with the task's values in place of 0s
  bool full = false;
  double seconds_per_evaluation = 0;  // wall seconds of the budget's runs / runs, on `workers` threads
  double spearman = 0, kendall_tau = 0;
  double spread = 0, noise = 0, spread_to_noise = 0;
  int functions = 0;  // functions with a mean at this and the full budget
};

// The paired difference of two functions over the seeds where both trained.
struct PairedDifference {
  db::Summary difference = kNoSummary;  // n = pairs
  bool contains_zero() const;
  double in_sds() const { return difference.mean / difference.sd; }
};
PairedDifference paired_difference(std::span<const double> a, std::span<const double> b);

struct Discrimination {
  static constexpr int kNone = -1;
  int best = kNone;  // the highest full-budget mean; function indices throughout
  struct Compared {
    int function;
    PairedDifference best_over_it;
  };
  std::vector<Compared> indistinguishable, distinguishable;
  std::vector<int> untestable;  // fewer than 2 seeds where both it and the best trained
  int best_self_gated = kNone, relu = kNone;
  PairedDifference self_gated_over_relu;      // meaningful when both are set
  std::vector<std::pair<int, int>> diverged;  // function, seeds diverged at the full budget
};

struct CalibrationCard {
  std::string task;
  std::string setup;  // how the card was made (the command line)
  CalibrationRuns runs;
  std::vector<BudgetFigures> budgets;                // as runs.budgets
  std::vector<std::vector<FunctionAtBudget>> cells;  // cells[function][budget]
  Discrimination discrimination;
};

CalibrationCard make_calibration_card(const trainer::TaskSpec& task, CalibrationRuns runs, std::string setup);

// stdout: fmt tables. Markdown: the card as docs/TASKS.md shows it. JSON: the schema above.
std::string format_calibration_card(const CalibrationCard& card);
std::string calibration_markdown(const CalibrationCard& card);
std::string calibration_json(const CalibrationCard& card);

}  // namespace actsearch::search
