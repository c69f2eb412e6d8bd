// Calibrated fidelity (`actsearch calibrate`): a task's report card. Every function of a reference set is
// trained at each budget of a grid (examples x epochs) and at the full budget under the same seeds;
// calibration_card.hpp turns the accuracies into the card (how well each cheap budget ranks the set as
// the full budget does, and how well the full budget tells the functions apart).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "expr/known.hpp"
#include "trainer/task.hpp"

namespace actsearch::search {

struct TrainingBudget {
  std::size_t train_examples = 0;  // 0 = the task's
  int epochs = 0;                  // 0 = the task's
};
// "15000x1" (examples x epochs; 0 = the task's value); a located error otherwise.
Expected<TrainingBudget> parse_training_budget(const std::string& text);
// "15000x1", "allx2" (all = the task's examples), "15000xtask"; `task` resolves the 0s when given.
std::string format_training_budget(const TrainingBudget& b);
std::string format_training_budget(const TrainingBudget& b, const trainer::TaskSpec& task);

struct CalibrationFunction {
  std::string name;        // "swish", "swish_beta"; the expression itself for a function of no table
  std::string expression;  // in the expression language
  expr::ActivationFamily family = expr::ActivationFamily::other;
};

// The reference set: the known activations (expr/known.hpp) but identity, and the eight functions
// Ramachandran et al. (2017) report (beta trainable, initialised to 1), as configs/list-known.yaml.
std::vector<CalibrationFunction> reference_functions();
// A reference function by name or alias; a clear error listing the names otherwise.
Expected<CalibrationFunction> find_reference_function(const std::string& name);
// An expression given by the user: named and tagged as the reference function it equals (after
// simplification), else named by its own text; a parse error otherwise.
Expected<CalibrationFunction> describe_function(const std::string& expression);

struct CalibrationOptions {
  std::vector<TrainingBudget> budgets;  // the cheap budgets
  TrainingBudget full;                  // the reference budget ({0, 0}: the task's)
  int seeds = 2;
  std::vector<CalibrationFunction> functions = reference_functions();
  int workers = 0;  // CPU threads; 0 = one per core
  std::function<void(const std::string&)> log;
};

// What the runs gave. Seeds are paired: run k of every function at every budget uses the same job seed
// (evaluation_seed(0, 0, k), stage 0's seeds of a campaign), so the same initial weights up to phi's
// own parameters and the same batch order, and seed-by-seed differences cancel that shared noise.
struct CalibrationRuns {
  std::vector<CalibrationFunction> functions;
  std::vector<TrainingBudget> budgets;  // the cheap budgets in order, then the full budget
  int seeds = 0;
  int workers = 0;
  std::vector<double> seconds;  // per budget: wall seconds of all its runs on `workers` threads
  // accuracy[budget][function][seed]: final validation accuracy; NaN when the run diverged or failed.
  std::vector<std::vector<std::vector<double>>> accuracy;
};

Expected<CalibrationRuns> calibrate(const trainer::TaskSpec& task, const CalibrationOptions& options);

}  // namespace actsearch::search
