#include "report/leaderboard.hpp"

#include <algorithm>

#include "report/function_display.hpp"
#include "report/src/text.hpp"

namespace actsearch::report {
namespace {

using nlohmann::json;
using text::fixed;
using text::number_or_null;
using text::signed_fixed;

std::string display_name(const db::LeaderboardRow& row) {
  const std::string shown = display_function(row.expr).with_values();
  return row.baseline ? shown + "  [baseline " + row.baseline_name + "]" : shown;
}

std::string json_rows(std::span<const db::LeaderboardRow> rows, int final_stage) {
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
                   {"learned_nearest", r.learned_nearest},
                   {"learned_distance", number_or_null(r.learned_distance)},
                   {"complexity", r.complexity},
                   {"status", std::string(db::to_string(r.status))}});
  }
  return out.dump(2) + "\n";
}

std::string csv_rows(std::span<const db::LeaderboardRow> rows) {
  std::string out =
      "rank,id,expr,baseline,stage,fitness,mean,ci_low,ci_high,seeds,delta_relu,delta_relu_ci_low,"
      "delta_relu_ci_high,test_mean,nearest,distance,learned_nearest,learned_distance\n";
  for (const auto& r : rows) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", r.rank, r.candidate_id,
                       text::csv_field(r.expr), r.baseline ? r.baseline_name : "", r.stage, fixed(r.fitness, 6),
                       fixed(r.mean, 6), fixed(r.ci_low, 6), fixed(r.ci_high, 6), r.seeds, fixed(r.delta_relu, 6),
                       fixed(r.delta_ci_low, 6), fixed(r.delta_ci_high, 6), fixed(r.test_mean, 6), r.nearest,
                       fixed(r.distance, 4), r.learned_nearest, fixed(r.learned_distance, 4));
  }
  return out;
}

// At the learned constants when the candidate has them ("learned" says so), else at the initial ones.
std::string nearest_text(const db::LeaderboardRow& r) {
  if (r.has_learned) {
    return r.learned_nearest.empty() ? "-" : fmt::format("{} ({:.3f} learned)", r.learned_nearest, r.learned_distance);
  }
  return r.nearest.empty() ? "-" : fmt::format("{} ({:.3f})", r.nearest, r.distance);
}

std::string markdown_rows(std::span<const db::LeaderboardRow> rows) {
  std::string out =
      "| rank | id | function | stage | fitness | val acc | 95% CI | seeds | Δ vs relu | 95% CI | test | "
      "nearest |\n|---:|---:|---|---:|---:|---:|---|---:|---:|---|---:|---|\n";
  for (const auto& r : rows) {
    const std::string ci = std::isfinite(r.ci_low) ? fmt::format("[{:.4f}, {:.4f}]", r.ci_low, r.ci_high) : "";
    const std::string dci =
        std::isfinite(r.delta_ci_low) ? fmt::format("[{:+.4f}, {:+.4f}]", r.delta_ci_low, r.delta_ci_high) : "";
    std::string name = display_name(r);
    for (std::size_t p = 0; (p = name.find('|', p)) != std::string::npos; p += 2) name.replace(p, 1, "\\|");
    out += fmt::format("| {} | {} | `{}` | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", r.rank, r.candidate_id,
                       name, r.stage, fixed(r.fitness, 4), fixed(r.mean, 4), ci, r.seeds, signed_fixed(r.delta_relu, 4),
                       dci, fixed(r.test_mean, 4), nearest_text(r));
  }
  return out;
}

std::string table_rows(const db::CampaignRecord& campaign, std::span<const db::LeaderboardRow> rows) {
  std::vector<std::string> names;
  names.reserve(rows.size());
  std::size_t width = 10;
  for (const auto& r : rows) {
    names.push_back(display_name(r));
    width = std::max(width, names.back().size());
  }
  width = std::min<std::size_t>(width, 60);
  const std::string header = fmt::format("{:>4}  {:>5}  {:<{}}  {:>5}  {:>7}  {:>17}  {:>5}  {:>16}  {:>7}  {}", "rank",
                                         "id", "function", width, "stage", "fitness", "val acc (95% CI)", "seeds",
                                         "vs relu (95% CI)", "test", "nearest (distance)");
  std::string out = fmt::format("campaign '{}' ({})\n{}\n{}\n", campaign.name, db::to_string(campaign.status), header,
                                std::string(header.size(), '-'));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    std::string name = names[i];
    if (name.size() > width) name = name.substr(0, width - 3) + "...";
    const std::string acc =
        std::isfinite(r.mean) ? fmt::format("{:.4f} ±{:.4f}", r.mean, (r.ci_high - r.ci_low) / 2) : "diverged";
    const std::string delta = std::isfinite(r.delta_ci_low)
                                  ? fmt::format("{:+.4f} ±{:.4f}", r.delta_relu, (r.delta_ci_high - r.delta_ci_low) / 2)
                                  : signed_fixed(r.delta_relu, 4);
    out += fmt::format("{:>4}  {:>5}  {:<{}}  {:>5}  {:>7}  {:>17}  {:>5}  {:>16}  {:>7}  {}\n", r.rank, r.candidate_id,
                       name, width, r.stage, fixed(r.fitness, 4),
                       std::isfinite(r.ci_low) || !std::isfinite(r.mean) ? acc : fixed(r.mean, 4), r.seeds, delta,
                       fixed(r.test_mean, 4), nearest_text(r));
  }
  return out;
}

}  // namespace

Expected<LeaderboardFormat> parse_leaderboard_format(std::string_view name) {
  if (name == "table") return LeaderboardFormat::Table;
  if (name == "csv") return LeaderboardFormat::Csv;
  if (name == "json") return LeaderboardFormat::Json;
  if (name == "markdown") return LeaderboardFormat::Markdown;
  return fail("unknown format '" + std::string(name) + "' (expected table, csv, json or markdown)",
              Location{.field = "--format"});
}

std::string format_leaderboard(const db::CampaignRecord& campaign, std::span<const db::LeaderboardRow> rows,
                               LeaderboardFormat format, int final_stage) {
  switch (format) {
    case LeaderboardFormat::Json: return json_rows(rows, final_stage);
    case LeaderboardFormat::Csv: return csv_rows(rows);
    case LeaderboardFormat::Markdown: return markdown_rows(rows);
    case LeaderboardFormat::Table: break;
  }
  return table_rows(campaign, rows);
}

}  // namespace actsearch::report
