// Campaign commands: run, check, leaderboard, show.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/src/commands.hpp"
#include "common/timing.hpp"
#include "db/database.hpp"
#include "expr/derivative.hpp"
#include "expr/fingerprint.hpp"
#include "expr/parse.hpp"
#include "expr/print.hpp"
#include "expr/simplify.hpp"
#include "search/campaign.hpp"

namespace actsearch::cli {
namespace {

using nlohmann::json;

json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

std::string fixed(double v, int digits) { return std::isfinite(v) ? fmt::format("{:.{}f}", v, digits) : "-"; }
std::string signed_fixed(double v, int digits) { return std::isfinite(v) ? fmt::format("{:+.{}f}", v, digits) : "-"; }

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// ---- leaderboard ---------------------------------------------------------------------------------

Expected<db::CampaignRecord> pick_campaign(db::Database& database, const std::string& name) {
  if (!name.empty()) {
    auto found = database.find_campaign(name);
    if (!found) return fail(found.error());
    if (!*found) return fail("no campaign named '" + name + "' in " + database.path().string());
    return **found;
  }
  auto all = database.campaigns();
  if (!all) return fail(all.error());
  if (all->empty()) return fail("no campaigns in " + database.path().string());
  return all->back();  // the most recently created
}

std::string display_name(const db::LeaderboardRow& row) {
  return row.baseline ? row.expr + "  [baseline " + row.baseline_name + "]" : row.expr;
}

void print_leaderboard(const std::vector<db::LeaderboardRow>& rows, const std::string& format, int final_stage) {
  if (format == "json") {
    json out = json::array();
    for (const auto& r : rows) {
      out.push_back({{"rank", r.rank},
                     {"id", r.candidate_id},
                     {"expr", r.expr},
                     {"baseline", r.baseline},
                     {"baseline_name", r.baseline ? json(r.baseline_name) : json(nullptr)},
                     {"stage", r.stage},
                     {"final", r.stage == final_stage},
                     {"fitness", number_or_null(r.fitness)},
                     {"mean", number_or_null(r.mean)},
                     {"sd", number_or_null(r.sd)},
                     {"ci_low", number_or_null(r.ci_low)},
                     {"ci_high", number_or_null(r.ci_high)},
                     {"seeds", r.seeds},
                     {"penalty", r.penalty},
                     {"delta_relu", number_or_null(r.delta_relu)},
                     {"delta_relu_ci_low", number_or_null(r.delta_ci_low)},
                     {"delta_relu_ci_high", number_or_null(r.delta_ci_high)},
                     {"paired_seeds", r.paired_seeds},
                     {"test_mean", number_or_null(r.test_mean)},
                     {"test_seeds", r.test_seeds},
                     {"nearest", r.nearest},
                     {"distance", number_or_null(r.distance)},
                     {"complexity", r.complexity},
                     {"status", std::string(db::to_string(r.status))}});
    }
    std::printf("%s\n", out.dump(2).c_str());
    return;
  }
  if (format == "csv") {
    std::printf(
        "rank,id,expr,baseline,stage,fitness,mean,ci_low,ci_high,seeds,delta_relu,delta_relu_ci_low,"
        "delta_relu_ci_high,test_mean,nearest,distance\n");
    for (const auto& r : rows) {
      std::printf("%s\n", fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}", r.rank, r.candidate_id,
                                      csv_field(r.expr), r.baseline ? r.baseline_name : "", r.stage,
                                      fixed(r.fitness, 6), fixed(r.mean, 6), fixed(r.ci_low, 6), fixed(r.ci_high, 6),
                                      r.seeds, fixed(r.delta_relu, 6), fixed(r.delta_ci_low, 6),
                                      fixed(r.delta_ci_high, 6), fixed(r.test_mean, 6), r.nearest, fixed(r.distance, 4))
                              .c_str());
    }
    return;
  }
  const bool markdown = format == "markdown";
  std::size_t width = 10;
  for (const auto& r : rows) width = std::max(width, display_name(r).size());
  width = std::min<std::size_t>(width, 60);
  const std::string header = fmt::format("{:>4}  {:>5}  {:<{}}  {:>5}  {:>7}  {:>17}  {:>5}  {:>16}  {:>7}  {}", "rank",
                                         "id", "function", width, "stage", "fitness", "val acc (95% CI)", "seeds",
                                         "vs relu (95% CI)", "test", "nearest (distance)");
  if (markdown) {
    std::printf(
        "| rank | id | function | stage | fitness | val acc | 95%% CI | seeds | Δ vs relu | 95%% CI | test | "
        "nearest |\n|---:|---:|---|---:|---:|---:|---|---:|---:|---|---:|---|\n");
  } else {
    std::printf("%s\n%s\n", header.c_str(), std::string(header.size(), '-').c_str());
  }
  for (const auto& r : rows) {
    const std::string ci = std::isfinite(r.ci_low) ? fmt::format("[{:.4f}, {:.4f}]", r.ci_low, r.ci_high) : "";
    const std::string dci =
        std::isfinite(r.delta_ci_low) ? fmt::format("[{:+.4f}, {:+.4f}]", r.delta_ci_low, r.delta_ci_high) : "";
    const std::string nearest = r.nearest.empty() ? "-" : fmt::format("{} ({:.3f})", r.nearest, r.distance);
    if (markdown) {
      std::string name = display_name(r);
      for (std::size_t p = 0; (p = name.find('|', p)) != std::string::npos; p += 2) name.replace(p, 1, "\\|");
      std::printf("%s\n", fmt::format("| {} | {} | `{}` | {} | {} | {} | {} | {} | {} | {} | {} | {} |", r.rank,
                                      r.candidate_id, name, r.stage, fixed(r.fitness, 4), fixed(r.mean, 4), ci, r.seeds,
                                      signed_fixed(r.delta_relu, 4), dci, fixed(r.test_mean, 4), nearest)
                              .c_str());
      continue;
    }
    std::string name = display_name(r);
    if (name.size() > width) name = name.substr(0, width - 3) + "...";
    const std::string acc =
        std::isfinite(r.mean) ? fmt::format("{:.4f} ±{:.4f}", r.mean, (r.ci_high - r.ci_low) / 2) : "diverged";
    std::printf("%s\n", fmt::format("{:>4}  {:>5}  {:<{}}  {:>5}  {:>7}  {:>17}  {:>5}  {:>16}  {:>7}  {}", r.rank,
                                    r.candidate_id, name, width, r.stage, fixed(r.fitness, 4),
                                    std::isfinite(r.ci_low) || !std::isfinite(r.mean) ? acc : fixed(r.mean, 4), r.seeds,
                                    std::isfinite(r.delta_ci_low) ? fmt::format("{:+.4f} ±{:.4f}", r.delta_relu,
                                                                                (r.delta_ci_high - r.delta_ci_low) / 2)
                                                                  : signed_fixed(r.delta_relu, 4),
                                    fixed(r.test_mean, 4), nearest)
                            .c_str());
  }
}

// Stage of the final round of a stored campaign: one past the highest rung of its config.
int stored_final_stage(const db::CampaignRecord& campaign) {
  auto config = search::parse_campaign_config(campaign.config_text, "");
  return config ? search::final_stage(*config) : -1;
}

int run_leaderboard(const std::string& db_path, const std::string& campaign_name, int top, const std::string& format) {
  if (format != "table" && format != "csv" && format != "json" && format != "markdown") {
    report(fail("unknown format '" + format + "' (expected table, csv, json or markdown)").error);
    return kBadInput;
  }
  auto database = db::Database::open(db_path, db::OpenMode::ReadOnly);
  if (!database) {
    report(database.error());
    return kBadInput;
  }
  auto campaign = pick_campaign(*database, campaign_name);
  if (!campaign) {
    report(campaign.error());
    return kBadInput;
  }
  auto rows = database->leaderboard(campaign->id, db::LeaderboardOptions{.top = top});
  if (!rows) {
    report(rows.error());
    return 1;
  }
  if (format == "table")
    std::printf("campaign '%s' (%s)\n", campaign->name.c_str(), std::string(db::to_string(campaign->status)).c_str());
  print_leaderboard(*rows, format, stored_final_stage(*campaign));
  return 0;
}

// ---- run / check ---------------------------------------------------------------------------------

class ProgressLine {
 public:
  ProgressLine() : live_(isatty(STDERR_FILENO) == 1) {}
  ~ProgressLine() { finish(); }

  void update(const search::Progress& p) {
    const auto now = std::chrono::steady_clock::now();
    const bool phase_changed = p.phase != last_phase_;
    // A terminal gets a line rewritten in place; a log file gets a line every 15 s and per phase.
    if (!live_ && !phase_changed && now - last_print_ < std::chrono::seconds(15)) return;
    if (live_ && now - last_print_ < std::chrono::milliseconds(200) && p.done < p.total) return;
    last_print_ = now;
    last_phase_ = p.phase;
    const double rate = p.elapsed_seconds > 0 ? p.trained / p.elapsed_seconds : 0;
    const double eta = rate > 0 ? (p.total - p.done) / rate : NAN;
    std::string line = fmt::format("[{}] {}/{} evaluations  {:.2f}/s  ETA {}", p.phase, p.done, p.total, rate,
                                   p.done >= p.total ? "0s" : timing::format_duration(eta));
    if (!p.best_expression.empty()) {
      std::string best = p.best_expression.size() > 48 ? p.best_expression.substr(0, 45) + "..." : p.best_expression;
      line += fmt::format("  best {:.4f} {}", p.best_fitness, best);
    }
    if (live_) {
      std::fprintf(stderr, "\r%s\033[K", line.c_str());
      dirty_ = true;
    } else {
      std::fprintf(stderr, "%s\n", line.c_str());
    }
    std::fflush(stderr);
  }

  void log(const std::string& line) {
    finish();
    std::fprintf(stderr, "%s\n", line.c_str());
  }

  void finish() {
    if (dirty_) std::fprintf(stderr, "\n");
    dirty_ = false;
  }

 private:
  bool live_;
  bool dirty_ = false;
  std::string last_phase_;
  std::chrono::steady_clock::time_point last_print_{};
};

int run_check(const std::string& config_path) {
  auto config = search::load_campaign_config(config_path);
  if (!config) {
    report(config.error());
    return kBadInput;
  }
  std::printf("%s: ok (campaign '%s', %s strategy, budget %d, %zu rung(s) + final, task '%s', space %s)\n",
              config_path.c_str(), config->name.c_str(), std::string(search::to_string(config->strategy.kind)).c_str(),
              config->strategy.budget, config->fidelity.rungs.size(), config->task.name.c_str(),
              config->space ? config->space->describe().c_str() : "none");
  return 0;
}

int run_campaign_command(const std::string& config_path, const std::string& db_override, int top) {
  auto config = search::load_campaign_config(config_path);
  if (!config) {
    report(config.error());
    return kBadInput;
  }
  ProgressLine progress;
  search::RunOptions options;
  if (!db_override.empty()) options.database = db_override;
  options.on_progress = [&](const search::Progress& p) { progress.update(p); };
  options.log = [&](const std::string& line) { progress.log(line); };
  auto summary = search::run_campaign(*config, options);
  progress.finish();
  if (!summary) {
    report(summary.error());
    return kBadInput;
  }
  std::fprintf(stderr,
               "campaign '%s' done in %s: %d candidates trained, %d rejected, %d duplicates; %d evaluations trained "
               "now, %d taken from %s\n",
               config->name.c_str(), timing::format_duration(summary->seconds).c_str(), summary->candidates,
               summary->rejected, summary->duplicates, summary->evaluations_trained, summary->evaluations_reused,
               summary->database.string().c_str());
  return run_leaderboard(summary->database.string(), config->name, top, "table");
}

// ---- show ----------------------------------------------------------------------------------------

Expected<db::CandidateRecord> find_candidate(db::Database& database, const std::string& id_or_expr) {
  const bool numeric = !id_or_expr.empty() && id_or_expr.find_first_not_of("0123456789") == std::string::npos;
  if (numeric) {
    auto found = database.find_candidate(std::stoll(id_or_expr));
    if (!found) return fail(found.error());
    if (!*found) return fail("no candidate with id " + id_or_expr + " in " + database.path().string());
    return **found;
  }
  auto parsed = expr::parse(id_or_expr);
  if (!parsed) return fail(parsed.error());
  const auto fp = expr::fingerprint(expr::simplify(*parsed));
  auto found = database.find_candidate_by_fingerprint(fp.hex());
  if (!found) return fail(found.error());
  if (!*found) return fail("'" + id_or_expr + "' has not been evaluated in " + database.path().string());
  return **found;
}

int run_show(const std::string& id_or_expr, const std::string& db_path, bool as_json) {
  auto database = db::Database::open(db_path, db::OpenMode::ReadOnly);
  if (!database) {
    report(database.error());
    return kBadInput;
  }
  auto candidate = find_candidate(*database, id_or_expr);
  if (!candidate) {
    report(candidate.error(), id_or_expr);
    return kBadInput;
  }
  auto aliases = database->aliases(candidate->id);
  auto probes = database->probes(candidate->id);
  auto likeness = database->likeness(candidate->id);
  auto evaluations = database->candidate_evaluations(candidate->id);
  auto campaigns = database->campaigns();
  for (const Error* e : {aliases ? nullptr : &aliases.error(), probes ? nullptr : &probes.error(),
                         likeness ? nullptr : &likeness.error(), evaluations ? nullptr : &evaluations.error(),
                         campaigns ? nullptr : &campaigns.error()}) {
    if (e) {
      report(*e);
      return 1;
    }
  }
  std::map<std::int64_t, std::string> campaign_names;
  for (const auto& c : *campaigns) campaign_names[c.id] = c.name;
  auto parsed = expr::parse(candidate->expr);
  std::string derivative = "-";
  if (parsed) derivative = expr::print(expr::simplify(expr::derivative_x(*parsed)));
  std::sort(likeness->begin(), likeness->end(), [](const auto& a, const auto& b) { return a.second < b.second; });

  if (as_json) {
    json out{{"id", candidate->id},
             {"expr", candidate->expr},
             {"latex", candidate->latex},
             {"derivative", derivative},
             {"fingerprint", candidate->fingerprint},
             {"complexity", candidate->complexity},
             {"finite", candidate->finite},
             {"nearest", {{"name", candidate->nearest}, {"distance", number_or_null(candidate->nearest_distance)}}},
             {"aliases", *aliases}};
    json p = json::object(), l = json::object(), evals = json::array();
    for (const auto& [name, value] : *probes) p[name] = number_or_null(value);
    for (const auto& [name, value] : *likeness) l[name] = number_or_null(value);
    for (const auto& e : *evaluations) {
      evals.push_back({{"campaign", campaign_names[e.campaign_id]},
                       {"stage", e.stage},
                       {"seed", e.seed},
                       {"status", std::string(db::to_string(e.status))},
                       {"train_examples", e.train_examples},
                       {"epochs", e.epochs},
                       {"val_accuracy", number_or_null(e.val_accuracy)},
                       {"val_loss", number_or_null(e.val_loss)},
                       {"test_accuracy", number_or_null(e.test_accuracy)},
                       {"wall_seconds", e.wall_seconds},
                       {"learned_params", json::parse(e.learned_params_json, nullptr, false)},
                       {"message", e.message}});
    }
    out["probes"] = p;
    out["likeness"] = l;
    out["evaluations"] = evals;
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("candidate %lld\n", static_cast<long long>(candidate->id));
  std::printf("  function     %s\n  latex        %s\n  derivative   %s\n  fingerprint  %s\n  complexity   %d\n",
              candidate->expr.c_str(), candidate->latex.c_str(), derivative.c_str(), candidate->fingerprint.c_str(),
              candidate->complexity);
  std::printf("  nearest      %s (distance %s)\n", candidate->nearest.c_str(),
              fixed(candidate->nearest_distance, 4).c_str());
  std::printf("  aliases      ");
  for (std::size_t i = 0; i < aliases->size(); ++i) std::printf("%s%s", i ? ", " : "", (*aliases)[i].c_str());
  std::printf("\n  probes\n");
  for (const auto& [name, value] : *probes)
    std::printf("    %-24s %s\n", name.c_str(), fmt::format("{:.6g}", value).c_str());
  std::printf("  likeness (closest first)\n");
  for (const auto& [name, value] : *likeness) std::printf("    %-24s %.4f\n", name.c_str(), value);
  std::printf("  evaluations\n    %-20s %5s %16s %-9s %7s %6s %8s %8s %8s  %s\n", "campaign", "stage", "seed", "status",
              "train", "epochs", "val acc", "test acc", "seconds", "message");
  for (const auto& e : *evaluations) {
    std::printf("    %-20s %5d %16llu %-9s %7lld %6d %8s %8s %8.2f  %s\n", campaign_names[e.campaign_id].c_str(),
                e.stage, static_cast<unsigned long long>(e.seed), std::string(db::to_string(e.status)).c_str(),
                static_cast<long long>(e.train_examples), e.epochs, fixed(e.val_accuracy, 4).c_str(),
                fixed(e.test_accuracy, 4).c_str(), e.wall_seconds, e.message.c_str());
  }
  return 0;
}

}  // namespace

Expected<std::string> expression_of_candidate(const std::string& id, const std::string& db_path) {
  auto database = db::Database::open(db_path, db::OpenMode::ReadOnly);
  if (!database) return fail(database.error());
  auto candidate = find_candidate(*database, id);
  if (!candidate) return fail(candidate.error());
  return candidate->expr;
}

void add_campaign_commands(CLI::App& app, int& exit_code) {
  auto* run = app.add_subcommand("run", "Run (or resume) a search campaign and print its leaderboard");
  auto run_config = std::make_shared<std::string>();
  auto run_db = std::make_shared<std::string>();
  auto run_top = std::make_shared<int>(20);
  run->add_option("CONFIG", *run_config, "Campaign file (YAML)")->required();
  run->add_option("--db", *run_db, "Database file (overrides the config's `database`)");
  run->add_option("--top", *run_top, "Rows of the leaderboard printed at the end");
  run->callback([=, &exit_code] { exit_code = run_campaign_command(*run_config, *run_db, *run_top); });

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
  show->callback([=, &exit_code] { exit_code = run_show(*show_id, *show_db, *show_json); });
}

}  // namespace actsearch::cli
