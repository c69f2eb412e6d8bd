// Calibrated fidelity (`actsearch calibrate`): how well a cheap training budget ranks a reference set of
// functions as the full budget does. Every function of the set is trained at each budget of a grid
// (examples x epochs) under the same seeds; per budget: seconds per evaluation, Spearman and Kendall tau
// of the mean validation accuracies against the full budget's, and the ratio of the between-function
// spread (standard deviation of the means) to the seed noise (pooled within-function standard deviation
// of single runs).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "trainer/task.hpp"

namespace actsearch::search {

struct TrainingBudget {
  std::size_t train_examples = 0;  // 0 = the task's
  int epochs = 0;                  // 0 = the task's
};
// "15000x1" (examples x epochs; 0 = the task's value); a located error otherwise.
Expected<TrainingBudget> parse_training_budget(const std::string& text);
std::string format_training_budget(const TrainingBudget& b);

// The reference set: the known activations (expr/known.hpp) but identity, and the eight functions
// Ramachandran et al. (2017) report (beta trainable, initialised to 1), as configs/list-known.yaml.
std::vector<std::string> reference_functions();

struct CalibrationOptions {
  std::vector<TrainingBudget> budgets;  // the cheap budgets
  TrainingBudget full;                  // the reference budget ({0, 0}: the task's)
  int seeds = 2;
  std::vector<std::string> functions = reference_functions();
  int workers = 0;  // CPU threads; 0 = one per core
  std::function<void(const std::string&)> log;
};

struct CalibrationRow {
  TrainingBudget budget;
  bool full = false;
  double seconds_per_evaluation = 0;  // wall seconds of the budget's runs / runs, on `workers` threads
  double spearman = 0, kendall_tau = 0;
  double spread_to_noise = 0;
  int functions = 0;  // functions that trained (not diverged) at this and the full budget
};

struct Calibration {
  int workers = 0;
  int seeds = 0;
  std::vector<std::string> functions;
  std::vector<CalibrationRow> rows;  // the budgets in order, then the full budget
};

Expected<Calibration> calibrate(const trainer::TaskSpec& task, const CalibrationOptions& options);
std::string format_calibration(const trainer::TaskSpec& task, const Calibration& c);

}  // namespace actsearch::search
