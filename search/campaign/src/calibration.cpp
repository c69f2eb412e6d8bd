#include "search/campaign/calibration.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <stdexcept>

#include "expr/parse.hpp"
#include "expr/simplify.hpp"
#include "search/campaign/backend_choice.hpp"
#include "search/campaign/campaign.hpp"
#include "trainer/backend.hpp"

namespace actsearch::search {
namespace {

const CalibrationFunction kRamachandranEight[] = {
    {"swish_beta", "x*sigmoid(beta*x)", expr::ActivationFamily::self_gated},
    {"max_x_sigmoid", "max(x, sigmoid(x))", expr::ActivationFamily::other},
    {"cos_minus_x", "cos(x) - x", expr::ActivationFamily::other},
    {"min_x_sin", "min(x, sin(x))", expr::ActivationFamily::other},
    {"atan_squared_minus_x", "atan(x)^2 - x", expr::ActivationFamily::other},
    {"max_x_tanh", "max(x, tanh(x))", expr::ActivationFamily::other},
    {"sinc_plus_x", "sinc(x) + x", expr::ActivationFamily::other},
    {"x_asinh_squared", "x*asinh(x)^2", expr::ActivationFamily::other},
};

std::string budget_part(std::size_t value, std::size_t task_value, const char* when_zero) {
  if (value != 0) return std::to_string(value);
  return task_value != 0 ? std::to_string(task_value) : std::string(when_zero);
}

}  // namespace

Expected<TrainingBudget> parse_training_budget(const std::string& text) {
  const auto x = text.find('x');
  TrainingBudget b;
  try {
    if (x == std::string::npos) throw std::invalid_argument("no x");
    std::size_t used = 0;
    const long long examples = std::stoll(text.substr(0, x), &used);
    if (used != x || examples < 0) throw std::invalid_argument("examples");
    const std::string rest = text.substr(x + 1);
    const int epochs = std::stoi(rest, &used);
    if (used != rest.size() || epochs < 0) throw std::invalid_argument("epochs");
    b.train_examples = static_cast<std::size_t>(examples);
    b.epochs = epochs;
  } catch (const std::exception&) {
    return fail("budget '" + text +
                "': expected EXAMPLESxEPOCHS with non-negative integers, e.g. 15000x1 (0 = the task's)");
  }
  return b;
}

std::string format_training_budget(const TrainingBudget& b) {
  return budget_part(b.train_examples, 0, "all") + "x" + budget_part(static_cast<std::size_t>(b.epochs), 0, "task");
}

std::string format_training_budget(const TrainingBudget& b, const trainer::TaskSpec& task) {
  return budget_part(b.train_examples, task.training.train_examples, "all") + "x" +
         budget_part(static_cast<std::size_t>(b.epochs), static_cast<std::size_t>(task.training.epochs), "task");
}

std::vector<CalibrationFunction> reference_functions() {
  std::vector<CalibrationFunction> out;
  for (const auto& k : expr::known_activations()) {
    if (k.name != "identity") out.push_back({std::string(k.name), std::string(k.expression), k.family});
  }
  for (const auto& f : kRamachandranEight) out.push_back(f);
  return out;
}

Expected<CalibrationFunction> find_reference_function(const std::string& name) {
  if (const auto* k = expr::find_known(name); k && k->name != "identity") {
    return CalibrationFunction{std::string(k->name), std::string(k->expression), k->family};
  }
  std::string names;
  for (const auto& f : reference_functions()) {
    if (f.name == name) return f;
    names += (names.empty() ? "" : ", ") + f.name;
  }
  return fail("unknown function '" + name + "'; the reference set has: " + names);
}

Expected<CalibrationFunction> describe_function(const std::string& expression) {
  auto parsed = expr::parse(expression);
  if (!parsed) return fail("cannot parse '" + expression + "': " + parsed.error().describe());
  const expr::Expr simplified = expr::simplify(*parsed);
  for (const auto& f : reference_functions()) {
    if (expr::simplify(*expr::parse(f.expression)) == simplified)
      return CalibrationFunction{f.name, expression, f.family};
  }
  return CalibrationFunction{expression, expression, expr::ActivationFamily::other};
}

Expected<CalibrationRuns> calibrate(const trainer::TaskSpec& task, const CalibrationOptions& options) {
  if (options.seeds < 2) return fail("calibration needs at least 2 seeds (seed noise is one of its figures)");
  if (options.budgets.empty()) return fail("no budgets to calibrate");
  if (options.functions.empty()) return fail("no functions to calibrate");
  std::vector<expr::Expr> functions;
  for (const auto& f : options.functions) {
    auto e = expr::parse(f.expression);
    if (!e) return fail("cannot parse '" + f.expression + "': " + e.error().describe());
    functions.push_back(expr::simplify(*e));
  }
  if (options.log) options.log("loading data set for task '" + task.name + "'");
  auto data = load_task_data(task);
  if (!data) return fail("task '" + task.name + "': " + data.error().describe());
  auto made = make_backend(task, Device::Cpu, options.workers, options.log);
  if (!made) return fail(made.error());
  trainer::TrainingBackend& backend = **made;

  CalibrationRuns runs;
  runs.functions = options.functions;
  runs.budgets = options.budgets;
  runs.budgets.push_back(options.full);
  runs.seeds = options.seeds;
  runs.workers =
      task.external.workers > 0 && trainer::is_external(task) ? task.external.workers : cpu_workers(options.workers);
  const auto seeds = static_cast<std::size_t>(options.seeds);
  for (const TrainingBudget& budget : runs.budgets) {
    std::vector<trainer::TrainJob> jobs;
    for (const auto& f : functions) {
      for (int s = 0; s < options.seeds; ++s) {
        trainer::TrainJob job;
        job.activation = f;
        job.seed = evaluation_seed(0, 0, s);  // paired: the same seed k for every function and budget
        job.epochs = budget.epochs;
        job.train_examples = budget.train_examples;
        jobs.push_back(job);
      }
    }
    if (options.log) options.log(fmt::format("budget {}: {} runs", format_training_budget(budget, task), jobs.size()));
    const auto start = std::chrono::steady_clock::now();
    const auto results = backend.train(task, data->data, jobs);
    runs.seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    auto& accuracy = runs.accuracy.emplace_back(functions.size(), std::vector<double>(seeds));
    for (std::size_t j = 0; j < results.size(); ++j) {
      const bool ok = results[j].status == trainer::RunStatus::Ok && std::isfinite(results[j].val_accuracy);
      accuracy[j / seeds][j % seeds] = ok ? results[j].val_accuracy : std::nan("");
    }
  }
  return runs;
}

}  // namespace actsearch::search
