// Commands about the search's predictions: surrogate (cross-validated model quality on a stored
// campaign) and calibrate (a task's report card: how cheap budgets rank a reference set against the full
// budget, and how well the full budget tells the functions apart).
#include <fmt/format.h>

#include <cctype>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <tuple>

#include "cli/src/commands.hpp"
#include "report/campaign.hpp"
#include "search/campaign/calibration.hpp"
#include "search/campaign/calibration_card.hpp"
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

struct CalibrateArguments {
  std::string task;
  int seeds = 2;
  std::string budgets = "4000x1,15000x1,50000x1";
  std::string full = "0x0";
  std::string functions;       // reference names, comma-separated
  std::string functions_file;  // one expression per line
  int workers = 0;
  std::string json, markdown;
};

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream list(text);
  for (std::string item; std::getline(list, item, ',');) out.push_back(item);
  return out;
}

Expected<std::vector<search::CalibrationFunction>> functions_from_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return fail("cannot read '" + path + "'");
  std::vector<search::CalibrationFunction> out;
  int line_number = 0;
  for (std::string s; std::getline(in, s);) {
    ++line_number;
    if (const auto hash = s.find('#'); hash != std::string::npos) s.resize(hash);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.erase(s.begin());
    if (s.empty()) continue;
    auto f = search::describe_function(s);
    if (!f) return fail(path + ":" + std::to_string(line_number) + ": " + f.error().describe());
    out.push_back(*f);
  }
  return out;
}

// The command line that makes the same card, for the card's set-up line.
std::string calibrate_command(const CalibrateArguments& a) {
  std::string out =
      fmt::format("actsearch calibrate {} --seeds {} --budgets {} --full {}", a.task, a.seeds, a.budgets, a.full);
  if (!a.functions.empty()) out += " --functions " + a.functions;
  if (!a.functions_file.empty()) out += " --functions-file " + a.functions_file;
  return out;
}

int run_calibrate(const CalibrateArguments& a) {
  auto task = trainer::load_task(a.task);
  if (!task) {
    report(task.error());
    return kBadInput;
  }
  search::CalibrationOptions options;
  options.seeds = a.seeds;
  options.workers = a.workers;
  if (a.seeds < 2) {
    report(Error{"--seeds " + std::to_string(a.seeds) +
                 ": calibration needs at least 2 seeds (seed noise and the paired intervals need them)"});
    return kBadInput;
  }
  for (const std::string& item : split_commas(a.budgets)) {
    auto b = search::parse_training_budget(item);
    if (!b) {
      report(Error{"--budgets: " + b.error().describe()});
      return kBadInput;
    }
    options.budgets.push_back(*b);
  }
  auto f = search::parse_training_budget(a.full);
  if (!f) {
    report(Error{"--full: " + f.error().describe()});
    return kBadInput;
  }
  options.full = *f;
  if (!a.functions.empty() && !a.functions_file.empty()) {
    report(Error{"--functions and --functions-file: give one of them"});
    return kBadInput;
  }
  if (!a.functions.empty()) {
    options.functions.clear();
    for (const std::string& name : split_commas(a.functions)) {
      auto known = search::find_reference_function(name);
      if (!known) {
        report(Error{"--functions: " + known.error().describe()});
        return kBadInput;
      }
      options.functions.push_back(*known);
    }
  }
  if (!a.functions_file.empty()) {
    auto listed = functions_from_file(a.functions_file);
    if (!listed) {
      report(Error{"--functions-file: " + listed.error().describe()});
      return kBadInput;
    }
    options.functions = std::move(*listed);
  }
  // The output files are opened before hours of training, so that a path that cannot be written fails now.
  std::ofstream json_out, markdown_out;
  for (auto [path, stream, option] :
       {std::tuple{&a.json, &json_out, "--json"}, std::tuple{&a.markdown, &markdown_out, "--markdown"}}) {
    if (path->empty()) continue;
    stream->open(*path, std::ios::binary | std::ios::trunc);
    if (!*stream) {
      report(Error{std::string(option) + ": cannot write '" + *path + "'"});
      return kBadInput;
    }
  }
  options.log = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
  auto runs = search::calibrate(*task, options);
  if (!runs) {
    report(runs.error());
    return kBadInput;
  }
  const search::CalibrationCard card = search::make_calibration_card(*task, std::move(*runs), calibrate_command(a));
  std::fputs(search::format_calibration_card(card).c_str(), stdout);
  for (auto [path, stream, text] : {std::tuple{&a.json, &json_out, search::calibration_json(card)},
                                    std::tuple{&a.markdown, &markdown_out, search::calibration_markdown(card)}}) {
    if (path->empty()) continue;
    *stream << text;
    stream->close();
    if (!*stream) {
      report(Error{"cannot write '" + *path + "'"});
      return 1;
    }
  }
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
      "calibrate",
      "A task's report card: a reference set trained at a grid of budgets and the full one, each budget's ranking "
      "against the full one's, and how well the full budget tells the functions apart");
  auto args = std::make_shared<CalibrateArguments>();
  calibrate->add_option("TASK", args->task, "Task file (YAML)")->required();
  calibrate->add_option("--seeds", args->seeds, "Seeds per function and budget (at least 2)")->capture_default_str();
  calibrate
      ->add_option("--budgets", args->budgets, "Cheap budgets, EXAMPLESxEPOCHS separated by commas (0 = the task's)")
      ->capture_default_str();
  calibrate->add_option("--full", args->full, "The reference budget (0x0 = the task's examples and epochs)")
      ->capture_default_str();
  calibrate->add_option("--functions", args->functions,
                        "Reference functions by name, separated by commas (default: all of them, the known "
                        "activations and Ramachandran's eight)");
  calibrate->add_option("--functions-file", args->functions_file, "File with one expression per line instead");
  calibrate->add_option("--workers", args->workers, "CPU training threads (0 = one per core)")->capture_default_str();
  calibrate->add_option("--json", args->json,
                        "Also write the card as JSON (schema: search/campaign/calibration_card.hpp)");
  calibrate->add_option("--markdown", args->markdown, "Also write the card as Markdown, as docs/TASKS.md shows it");
  calibrate->callback([args, &exit_code] { exit_code = run_calibrate(*args); });
}

}  // namespace actsearch::cli
