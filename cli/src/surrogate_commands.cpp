// Commands about the search's predictions: surrogate (cross-validated model quality on a stored
// campaign) and calibrate (how cheap training budgets rank a reference set against the full budget).
#include <cctype>
#include <cstdio>
#include <memory>
#include <sstream>

#include "cli/src/commands.hpp"
#include "report/campaign.hpp"
#include "search/campaign/calibration.hpp"
#include "search/strategies/surrogate_report.hpp"
#include "trainer/task.hpp"

namespace actsearch::cli {
namespace {

int run_surrogate(const std::string& db_path, const std::string& campaign_name) {
  auto database = open_for_reading(db_path);
  if (!database) {
    report(database.error());
    return kBadInput;
  }
  auto campaign = report::pick_campaign(*database, campaign_name);
  if (!campaign) {
    report(campaign.error());
    return kBadInput;
  }
  auto evaluation = search::strategies::evaluate_surrogate(*database, *campaign);
  if (!evaluation) {
    report(evaluation.error());
    return 1;
  }
  std::fputs(search::strategies::format_surrogate_evaluation(*campaign, *evaluation).c_str(), stdout);
  return 0;
}

int run_calibrate(const std::string& task_path, int seeds, const std::string& budgets, const std::string& full,
                  const std::string& functions_file, int workers) {
  auto task = trainer::load_task(task_path);
  if (!task) {
    report(task.error());
    return kBadInput;
  }
  search::CalibrationOptions options;
  options.seeds = seeds;
  options.workers = workers;
  std::stringstream list(budgets);
  for (std::string item; std::getline(list, item, ',');) {
    auto b = search::parse_training_budget(item);
    if (!b) {
      report(b.error());
      return kBadInput;
    }
    options.budgets.push_back(*b);
  }
  auto f = search::parse_training_budget(full);
  if (!f) {
    report(f.error());
    return kBadInput;
  }
  options.full = *f;
  if (!functions_file.empty()) {
    std::FILE* in = std::fopen(functions_file.c_str(), "r");
    if (!in) {
      report(Error{"cannot read '" + functions_file + "'"});
      return kBadInput;
    }
    options.functions.clear();
    char line[4096];
    while (std::fgets(line, sizeof line, in)) {
      std::string s(line);
      if (const auto hash = s.find('#'); hash != std::string::npos) s.resize(hash);
      while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
      while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.erase(s.begin());
      if (!s.empty()) options.functions.push_back(s);
    }
    std::fclose(in);
  }
  options.log = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
  auto result = search::calibrate(*task, options);
  if (!result) {
    report(result.error());
    return kBadInput;
  }
  std::fputs(search::format_calibration(*task, *result).c_str(), stdout);
  return 0;
}

}  // namespace

void add_surrogate_commands(CLI::App& app, int& exit_code) {
  auto* surrogate = app.add_subcommand(
      "surrogate", "Cross-validated Spearman and top-10% precision of the surrogate models on a campaign's first rung");
  auto db_path = std::make_shared<std::string>(kDefaultDatabase);
  auto campaign = std::make_shared<std::string>();
  surrogate->add_option("--db", *db_path, "Database file")->capture_default_str();
  surrogate->add_option("--campaign", *campaign, "Campaign name (default: the most recent)");
  surrogate->callback([=, &exit_code] { exit_code = run_surrogate(*db_path, *campaign); });

  auto* calibrate = app.add_subcommand(
      "calibrate", "Train a reference set at a grid of budgets and compare each budget's ranking with the full one");
  auto task = std::make_shared<std::string>();
  auto seeds = std::make_shared<int>(2);
  auto budgets = std::make_shared<std::string>("4000x1,15000x1,50000x1");
  auto full = std::make_shared<std::string>("0x0");
  auto functions = std::make_shared<std::string>();
  auto workers = std::make_shared<int>(0);
  calibrate->add_option("TASK", *task, "Task file (YAML)")->required();
  calibrate->add_option("--seeds", *seeds, "Seeds per function and budget (at least 2)")->capture_default_str();
  calibrate->add_option("--budgets", *budgets, "Cheap budgets, EXAMPLESxEPOCHS separated by commas (0 = the task's)")
      ->capture_default_str();
  calibrate->add_option("--full", *full, "The reference budget (0x0 = the task's examples and epochs)")
      ->capture_default_str();
  calibrate->add_option("--functions", *functions,
                        "File with one expression per line (default: the known activations and Ramachandran's eight)");
  calibrate->add_option("--workers", *workers, "CPU training threads (0 = one per core)")->capture_default_str();
  calibrate->callback(
      [=, &exit_code] { exit_code = run_calibrate(*task, *seeds, *budgets, *full, *functions, *workers); });
}

}  // namespace actsearch::cli
