#include "search/campaign/calibration.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <stdexcept>

#include "expr/known.hpp"
#include "expr/parse.hpp"
#include "expr/simplify.hpp"
#include "search/campaign/backend_choice.hpp"
#include "search/campaign/campaign.hpp"
#include "surrogate/validation.hpp"
#include "trainer/backend.hpp"

namespace actsearch::search {
namespace {

constexpr const char* kRamachandranEight[] = {"x*sigmoid(beta*x)", "max(x, sigmoid(x))", "cos(x) - x",
                                              "min(x, sin(x))",    "atan(x)^2 - x",      "max(x, tanh(x))",
                                              "sinc(x) + x",       "x*asinh(x)^2"};

double standard_deviation(const std::vector<double>& v) {
  if (v.size() < 2) return std::nan("");
  double mean = 0;
  for (double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  double s = 0;
  for (double x : v) s += (x - mean) * (x - mean);
  return std::sqrt(s / static_cast<double>(v.size() - 1));
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
  return fmt::format("{}x{}", b.train_examples == 0 ? std::string("all") : std::to_string(b.train_examples),
                     b.epochs == 0 ? std::string("task") : std::to_string(b.epochs));
}

std::vector<std::string> reference_functions() {
  std::vector<std::string> out;
  for (const auto& k : expr::known_activations()) {
    if (k.name != "identity") out.emplace_back(k.expression);
  }
  for (const char* f : kRamachandranEight) out.emplace_back(f);
  return out;
}

Expected<Calibration> calibrate(const trainer::TaskSpec& task, const CalibrationOptions& options) {
  if (options.seeds < 2) return fail("calibration needs at least 2 seeds (seed noise is one of its figures)");
  if (options.budgets.empty()) return fail("no budgets to calibrate");
  std::vector<expr::Expr> functions;
  for (const auto& f : options.functions) {
    auto e = expr::parse(f);
    if (!e) return fail("cannot parse '" + f + "': " + e.error().describe());
    functions.push_back(expr::simplify(*e));
  }
  if (options.log) options.log("loading data set for task '" + task.name + "'");
  auto data = load_task_data(task);
  if (!data) return fail("task '" + task.name + "': " + data.error().describe());
  auto made = make_backend(task, Device::Cpu, options.workers, options.log);
  if (!made) return fail(made.error());
  trainer::TrainingBackend& backend = **made;

  std::vector<TrainingBudget> budgets = options.budgets;
  budgets.push_back(options.full);
  // accuracy[b][f][s]; NaN when the run diverged or failed.
  std::vector<std::vector<std::vector<double>>> accuracy(budgets.size());
  Calibration c;
  c.workers =
      task.external.workers > 0 && trainer::is_external(task) ? task.external.workers : cpu_workers(options.workers);
  c.seeds = options.seeds;
  c.functions = options.functions;
  std::vector<double> seconds(budgets.size());
  for (std::size_t b = 0; b < budgets.size(); ++b) {
    std::vector<trainer::TrainJob> jobs;
    for (const auto& f : functions) {
      for (int s = 0; s < options.seeds; ++s) {
        trainer::TrainJob job;
        job.activation = f;
        // The same seeds at every budget, as a campaign's rungs use (stage 0's seeds).
        job.seed = evaluation_seed(0, 0, s);
        job.epochs = budgets[b].epochs;
        job.train_examples = budgets[b].train_examples;
        jobs.push_back(job);
      }
    }
    if (options.log) {
      options.log(fmt::format("budget {}: {} runs", format_training_budget(budgets[b]), jobs.size()));
    }
    const auto start = std::chrono::steady_clock::now();
    const auto results = backend.train(task, data->data, jobs);
    seconds[b] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    accuracy[b].assign(functions.size(), {});
    for (std::size_t j = 0; j < results.size(); ++j) {
      const double a = results[j].status == trainer::RunStatus::Ok ? results[j].val_accuracy : std::nan("");
      accuracy[b][j / static_cast<std::size_t>(options.seeds)].push_back(a);
    }
  }
  auto mean_of = [](const std::vector<double>& v) {
    double s = 0;
    for (double x : v) {
      if (!std::isfinite(x)) return std::nan("");
      s += x;
    }
    return s / static_cast<double>(v.size());
  };
  const std::size_t full = budgets.size() - 1;
  for (std::size_t b = 0; b < budgets.size(); ++b) {
    std::vector<double> cheap, reference, means, within;
    for (std::size_t f = 0; f < functions.size(); ++f) {
      const double m = mean_of(accuracy[b][f]), r = mean_of(accuracy[full][f]);
      if (!std::isfinite(m) || !std::isfinite(r)) continue;
      cheap.push_back(m);
      reference.push_back(r);
      means.push_back(m);
      const double sd = standard_deviation(accuracy[b][f]);
      within.push_back(sd * sd);
    }
    CalibrationRow row;
    row.budget = budgets[b];
    row.full = b == full;
    row.functions = static_cast<int>(cheap.size());
    row.seconds_per_evaluation = seconds[b] / static_cast<double>(functions.size() * options.seeds);
    row.spearman = surrogate::spearman(cheap, reference);
    row.kendall_tau = surrogate::kendall_tau(cheap, reference);
    double pooled = 0;
    for (double v : within) pooled += v;
    pooled = within.empty() ? std::nan("") : std::sqrt(pooled / static_cast<double>(within.size()));
    row.spread_to_noise = standard_deviation(means) / pooled;
    c.rows.push_back(row);
  }
  return c;
}

std::string format_calibration(const trainer::TaskSpec& task, const Calibration& c) {
  std::string out = fmt::format(
      "task '{}': {} functions x {} seeds per budget, {} CPU worker(s); rank agreement of the mean validation "
      "accuracy with the full budget's; spread/noise = sd of the function means / pooled seed sd\n\n",
      task.name, c.functions.size(), c.seeds, c.workers);
  out += fmt::format("{:<14} {:>10} {:>9} {:>9} {:>13} {:>10}\n", "budget", "s/eval", "spearman", "kendall",
                     "spread/noise", "functions");
  for (const auto& r : c.rows) {
    out += fmt::format("{:<14} {:>10.2f} {:>9.3f} {:>9.3f} {:>13.2f} {:>10}\n",
                       format_training_budget(r.budget) + (r.full ? " (full)" : ""), r.seconds_per_evaluation,
                       r.spearman, r.kendall_tau, r.spread_to_noise, r.functions);
  }
  return out;
}

}  // namespace actsearch::search
