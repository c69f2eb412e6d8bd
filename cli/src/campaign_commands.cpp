// Campaign commands: run, check, leaderboard, show, report. Argument parsing only; the views are report/'s.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "cli/src/commands.hpp"
#include "db/database.hpp"
#include "expr/parse.hpp"
#include "expr/simplify.hpp"
#include "probes/learned.hpp"
#include "report/campaign.hpp"
#include "report/html.hpp"
#include "report/leaderboard.hpp"
#include "report/progress_line.hpp"
#include "report/refresher.hpp"
#include "report/show.hpp"
#include "search/campaign/campaign.hpp"
#include "search/distributed/distributed.hpp"

namespace actsearch::cli {
namespace {

// The database opened read-only and the campaign asked for (the newest when the name is empty); on
// failure the error is reported and nothing is returned.
struct OpenedCampaign {
  db::Database database;
  db::CampaignRecord campaign;
};
std::optional<OpenedCampaign> open_campaign_read_only(const std::string& db_path, const std::string& campaign_name) {
  auto database = open_for_reading(db_path);
  if (!database) {
    cli::report(database.error());
    return std::nullopt;
  }
  auto campaign = report::pick_campaign(*database, campaign_name);
  if (!campaign) {
    cli::report(campaign.error());
    return std::nullopt;
  }
  return OpenedCampaign{std::move(*database), std::move(*campaign)};
}

int run_leaderboard(const std::string& db_path, const std::string& campaign_name, int top, const std::string& format) {
  auto chosen = report::parse_leaderboard_format(format);
  if (!chosen) {
    cli::report(chosen.error());
    return kBadInput;
  }
  auto opened = open_campaign_read_only(db_path, campaign_name);
  if (!opened) return kBadInput;
  auto& [database, chosen_campaign] = *opened;
  auto* campaign = &chosen_campaign;
  auto rows = database.leaderboard(campaign->id, db::LeaderboardOptions{.top = top});
  if (!rows) {
    cli::report(rows.error());
    return 1;
  }
  const int final_stage = report::final_stage_of(report::stored_config(*campaign, database.path()));
  std::fputs(report::format_leaderboard(*campaign, *rows, *chosen, final_stage).c_str(), stdout);
  return 0;
}

void print_warnings(const search::CampaignConfig& config) {
  for (const auto& w : config.warnings) fmt::print(stderr, "warning: {}\n", w.describe());
}

int run_check(const std::string& config_path) {
  auto config = search::load_campaign_config(config_path);
  if (!config) {
    cli::report(config.error());
    return kBadInput;
  }
  print_warnings(*config);
  std::printf("%s: ok (campaign '%s', %s strategy, budget %d, %zu rung(s) + final, task '%s', space %s)\n",
              config_path.c_str(), config->name.c_str(), config->strategy.kind.c_str(), config->strategy.budget,
              config->fidelity.rungs.size(), config->task.name.c_str(),
              config->space ? config->space->describe().c_str() : "none");
  return 0;
}

int run_campaign_command(const std::string& config_path, const std::string& db_override, int top, bool write_html,
                         search::distributed::Session* session) {
  auto config = search::load_campaign_config(config_path);
  if (!config) {
    cli::report(config.error());
    if (session) session->set_failed();
    return kBadInput;
  }
  print_warnings(*config);
  const std::filesystem::path database = db_override.empty() ? config->database : std::filesystem::path(db_override);
  if (auto ok = upgrade_before_writing(database); !ok) {
    cli::report(ok.error());
    if (session) session->set_failed();
    return kBadInput;
  }
  const std::filesystem::path html = report::default_report_path(database, config->name);
  report::ProgressLine progress(stderr, isatty(STDERR_FILENO) == 1);
  std::optional<report::ReportRefresher> refresher;
  if (write_html) {
    refresher.emplace(
        report::ReportRefresher::Options{.database = database, .output = html, .report = {.campaign = config->name}});
  }
  search::RunOptions options;
  options.database = database;
  options.on_progress = [&](const search::Progress& p) {
    progress.update(p);
    if (refresher) refresher->poke();
  };
  options.log = [&](const std::string& line) { progress.log(line); };
  search::distributed::CoordinatorOptions coordinator;
  if (const char* limit = std::getenv("ACTSEARCH_WORKER_SILENCE_SECONDS"); limit && std::atoi(limit) > 0) {
    coordinator.silence_limit = std::chrono::seconds(std::atoi(limit));
  }
  auto summary = session ? search::distributed::run_coordinator(*session, *config, options, coordinator)
                         : search::run_campaign(*config, options);
  progress.finish();
  if (!summary) {
    cli::report(summary.error());
    if (session) session->set_failed();
    return kBadInput;
  }
  std::fprintf(stderr,
               "campaign '%s' done in %s: %d candidates trained, %d rejected, %d duplicates, %d equivalent to a "
               "trained one (%d first-rung trainings saved); %d evaluations trained now, %d taken from %s\n",
               config->name.c_str(), fmt::format("{:.1f}s", summary->seconds).c_str(), summary->candidates,
               summary->rejected, summary->duplicates, summary->equivalents, summary->trainings_saved,
               summary->evaluations_trained, summary->evaluations_reused, summary->database.string().c_str());
  if (refresher) {
    if (auto written = refresher->finish(); written) {
      std::fprintf(stderr, "report: %s\n", html.string().c_str());
    } else {
      // The campaign itself succeeded; a report that could not be written is worth a line, not a failure.
      std::fprintf(stderr, "warning: report not written: %s\n", written.error().describe().c_str());
    }
  }
  return run_leaderboard(summary->database.string(), config->name, top, "table");
}

// `actsearch run` started by mpirun or srun: rank 0 runs the campaign as above with the other ranks as its
// workers (search/distributed.hpp); the workers train until rank 0 is done and print nothing themselves.
int run_distributed_campaign(const std::string& config_path, const std::string& db_override, int top, bool write_html) {
  auto session = search::distributed::Session::start();
  if (!session) {
    cli::report(session.error());
    return kBadInput;
  }
  search::distributed::Session& s = **session;
  if (s.size() < 2) {
    cli::report(
        Error{"started by an MPI launcher with 1 process: a distributed campaign needs at least 2 (rank 0 "
              "coordinates, every other rank trains), e.g. `mpirun -n 3 actsearch run CONFIG`; for one "
              "process run `actsearch run CONFIG` without mpirun"});
    return kBadInput;
  }
  if (s.rank() != 0) {
    auto worker = search::distributed::run_worker(s);
    if (!worker) {
      cli::report(Error{"rank " + std::to_string(s.rank()) + ": " + worker.error().describe()});
      return 1;
    }
    if (!worker->coordinator_failed) {
      std::fprintf(stderr, "rank %d on %s: trained %lld job(s)\n", s.rank(), s.host().c_str(),
                   static_cast<long long>(worker->jobs_trained));
    }
    return 0;
  }
  return run_campaign_command(config_path, db_override, top, write_html, &s);
}

int run_show(const std::string& id_or_expr, const std::string& db_path, bool as_json) {
  auto database = open_for_reading(db_path);
  if (!database) {
    cli::report(database.error());
    return kBadInput;
  }
  auto view = report::read_candidate_view(*database, id_or_expr);
  if (!view) {
    cli::report(view.error(), id_or_expr);
    return kBadInput;
  }
  std::fputs((as_json ? report::format_show_json(*view) : report::format_show_text(*view)).c_str(), stdout);
  return 0;
}

int run_report(const std::string& db_path, const std::string& campaign_name, const std::string& output) {
  // The campaign is resolved first, so that a wrong name fails before any file is written.
  auto opened = open_campaign_read_only(db_path, campaign_name);
  if (!opened) return kBadInput;
  auto& [database_handle, chosen_campaign] = *opened;
  auto* database = &database_handle;
  auto* campaign = &chosen_campaign;
  const std::filesystem::path html =
      output.empty() ? report::default_report_path(db_path, campaign->name) : std::filesystem::path(output);
  if (auto written = report::write_report(*database, {.campaign = campaign->name}, html); !written) {
    cli::report(written.error());
    return 1;
  }
  std::printf("%s\n", html.string().c_str());
  return 0;
}

}  // namespace

Expected<StoredForExport> candidate_for_export(const std::string& id, const std::string& db_path) {
  auto database = open_for_reading(db_path);
  if (!database) return fail(database.error());
  StoredForExport out;
  std::vector<db::EvaluationRecord> evaluations;
  std::vector<db::CampaignRecord> campaigns;
  std::int64_t candidate_id = 0;
  auto read = database->read_snapshot([&]() -> Expected<void> {
    auto candidate = report::find_candidate(*database, id);
    if (!candidate) return fail(candidate.error());
    out.expr = candidate->expr;
    candidate_id = candidate->id;
    auto runs = database->candidate_evaluations(candidate_id);
    if (!runs) return fail(runs.error());
    evaluations = std::move(*runs);
    auto all = database->campaigns();
    if (!all) return fail(all.error());
    campaigns = std::move(*all);
    return {};
  });
  if (!read) return fail(read.error());
  auto parsed = expr::parse(out.expr);
  if (!parsed) return out;  // reported by the caller, which parses it again
  const auto params = expr::parameters(expr::simplify(*parsed));
  if (params.empty()) return out;
  for (auto c = campaigns.rbegin(); c != campaigns.rend(); ++c) {
    std::vector<db::EvaluationRecord> mine;
    for (const auto& e : evaluations) {
      if (e.campaign_id == c->id) mine.push_back(e);
    }
    const probes::LearnedConstants learned = probes::learned_constants(mine, candidate_id);
    if (learned.per_layer.empty()) continue;
    expr::LearnedValues values;
    values.source = fmt::format("campaign '{}', stage {}, mean of {} run(s)", c->name, learned.stage, learned.seeds);
    for (const auto& p : params) values.names.push_back(p.name);
    values.defaults = probes::layer_mean(learned);
    values.per_layer = learned.per_layer;
    if (values.defaults.size() != params.size()) continue;  // not this function's constants
    auto finite = [](const std::vector<double>& v) {
      return std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
    };
    // A constant that no run left finite has no learned value to export.
    if (!finite(values.defaults) ||
        !std::all_of(values.per_layer.begin(), values.per_layer.end(), [&](const auto& l) { return finite(l); })) {
      continue;
    }
    out.learned = std::move(values);
    break;
  }
  return out;
}

void add_campaign_commands(CLI::App& app, int& exit_code) {
  auto* run = app.add_subcommand("run", "Run (or resume) a search campaign and print its leaderboard");
  auto run_config = std::make_shared<std::string>();
  auto run_db = std::make_shared<std::string>();
  auto run_top = std::make_shared<int>(20);
  auto run_no_report = std::make_shared<bool>(false);
  run->add_option("CONFIG", *run_config, "Campaign file (YAML)")->required();
  run->add_option("--db", *run_db, "Database file (overrides the config's `database`)");
  run->add_option("--top", *run_top, "Rows of the leaderboard printed at the end");
  run->add_flag("--no-report", *run_no_report,
                "Do not write the HTML report beside the database (by default it is refreshed while the campaign "
                "runs and written when it ends)");
  run->callback([=, &exit_code] {
    exit_code = search::distributed::launched()
                    ? run_distributed_campaign(*run_config, *run_db, *run_top, !*run_no_report)
                    : run_campaign_command(*run_config, *run_db, *run_top, !*run_no_report, nullptr);
  });

  auto* check = app.add_subcommand("check", "Validate a campaign file without running it");
  auto check_config = std::make_shared<std::string>();
  check->add_option("CONFIG", *check_config, "Campaign file (YAML)")->required();
  check->callback([=, &exit_code] { exit_code = run_check(*check_config); });

  auto* board = app.add_subcommand("leaderboard", "Rank the candidates of a campaign");
  auto board_db = std::make_shared<std::string>(kDefaultDatabase);
  auto board_campaign = std::make_shared<std::string>();
  auto board_top = std::make_shared<int>(0);
  auto board_format = std::make_shared<std::string>("table");
  board->add_option("--db", *board_db, "Database file")->capture_default_str();
  board->add_option("--campaign", *board_campaign, "Campaign name (default: the most recent)");
  board->add_option("--top", *board_top, "Show only the first N rows (0 = all)");
  board->add_option("--format", *board_format, "table | csv | json | markdown")->capture_default_str();
  board->callback(
      [=, &exit_code] { exit_code = run_leaderboard(*board_db, *board_campaign, *board_top, *board_format); });

  auto* show = app.add_subcommand("show", "Everything known about one candidate: forms, probes, likeness, runs");
  auto show_id = std::make_shared<std::string>();
  auto show_db = std::make_shared<std::string>(kDefaultDatabase);
  auto show_json = std::make_shared<bool>(false);
  show->add_option("ID|EXPR", *show_id, "Candidate id (from the leaderboard) or an expression")->required();
  show->add_option("--db", *show_db, "Database file")->capture_default_str();
  show->add_flag("--json", *show_json, "Print one JSON object");
  show->callback([=, &exit_code] { exit_code = run_show(expression_argument(*show_id), *show_db, *show_json); });

  auto* html = app.add_subcommand("report", "Write a campaign's report: one self-contained HTML file");
  auto html_db = std::make_shared<std::string>(kDefaultDatabase);
  auto html_campaign = std::make_shared<std::string>();
  auto html_out = std::make_shared<std::string>();
  html->add_option("--db", *html_db, "Database file")->capture_default_str();
  html->add_option("--campaign", *html_campaign, "Campaign name (default: the most recent)");
  html->add_option("-o,--output", *html_out, "HTML file (default: beside the database, <db>.<campaign>.html)");
  html->callback([=, &exit_code] { exit_code = run_report(*html_db, *html_campaign, *html_out); });
}

}  // namespace actsearch::cli
