// The text views: functions with constants by name, the leaderboard formats, the progress line.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "report/function_display.hpp"
#include "report/leaderboard.hpp"
#include "report/progress_line.hpp"
#include "report/src/learned.hpp"
#include "report/src/report_data.hpp"

namespace {

using namespace actsearch;

TEST(FunctionDisplay, ConstantsByNameWithTheirValuesBeside) {
  const auto prelu = report::display_function("relu(x) - alpha=0.25*relu(-x)");
  EXPECT_EQ(prelu.text, "relu(x) - alpha*relu(-x)");
  ASSERT_EQ(prelu.values.size(), 1u);
  EXPECT_EQ(prelu.values[0].first, "alpha");
  EXPECT_EQ(prelu.values[0].second, 0.25);
  EXPECT_EQ(prelu.values_text(), "alpha = 0.25");
  EXPECT_EQ(prelu.with_values(), "relu(x) - alpha*relu(-x)  (alpha = 0.25)");

  // A constant at 1 prints without '=' already; it is still listed, as trainable.
  const auto swish = report::display_function("x*sigmoid(beta*x)");
  EXPECT_EQ(swish.text, "x*sigmoid(beta*x)");
  EXPECT_EQ(swish.values_text(), "beta = 1");

  // Several constants, in order of first appearance; a repeated one is listed once.
  const auto two = report::display_function("a=2*x + b=-0.5*sin(a*x)");
  EXPECT_EQ(two.values_text(), "a = 2, b = -0.5");
  EXPECT_EQ(two.text.find('='), std::string::npos) << two.text;

  const auto plain = report::display_function("max(x, sin(x))");
  EXPECT_EQ(plain.text, "max(x, sin(x))");
  EXPECT_TRUE(plain.values.empty());
  EXPECT_EQ(plain.with_values(), "max(x, sin(x))");

  // A text this build cannot parse is shown as stored.
  EXPECT_EQ(report::display_function("f17(x)").text, "f17(x)");
}

db::LeaderboardRow row(int rank, std::int64_t id, std::string expr, std::string baseline = "") {
  db::LeaderboardRow r;
  r.rank = rank;
  r.candidate_id = id;
  r.expr = std::move(expr);
  r.baseline = !baseline.empty();
  r.baseline_name = baseline;
  r.stage = 1;
  r.seeds = 3;
  r.mean = r.fitness = 0.9 - 0.01 * rank;
  r.ci_low = r.mean - 0.01;
  r.ci_high = r.mean + 0.01;
  r.delta_relu = 0.001 * rank;
  r.nearest = "prelu";
  r.distance = 0;
  return r;
}

TEST(LeaderboardFormats, TablesShowNamesJsonAndCsvKeepTheCanonicalText) {
  db::CampaignRecord campaign;
  campaign.name = "c";
  campaign.status = db::CampaignStatus::Done;
  const std::vector<db::LeaderboardRow> rows = {row(1, 7, "relu(x) - alpha=0.25*relu(-x)"),
                                                row(2, 3, "relu(x)", "relu")};
  const auto format = [&](const char* name) {
    auto f = report::parse_leaderboard_format(name);
    EXPECT_TRUE(f) << name;
    return report::format_leaderboard(campaign, rows, *f, 1);
  };
  const std::string table = format("table");
  EXPECT_EQ(table.rfind("campaign 'c' (done)\n", 0), 0u);
  EXPECT_NE(table.find("relu(x) - alpha*relu(-x)  (alpha = 0.25)"), std::string::npos) << table;
  EXPECT_NE(table.find("relu(x)  [baseline relu]"), std::string::npos);
  EXPECT_EQ(table.find("alpha=0.25"), std::string::npos);
  EXPECT_NE(format("markdown").find("`relu(x) - alpha*relu(-x)  (alpha = 0.25)`"), std::string::npos);

  const auto exported = nlohmann::json::parse(format("json"));
  ASSERT_EQ(exported.size(), 2u);
  EXPECT_EQ(exported[0]["expr"], "relu(x) - alpha=0.25*relu(-x)");
  EXPECT_EQ(exported[0]["final"], true);
  EXPECT_EQ(exported[1]["baseline_name"], "relu");
  const std::string csv = format("csv");
  EXPECT_NE(csv.find("\n1,7,relu(x) - alpha=0.25*relu(-x),,1,"), std::string::npos) << csv;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3);

  auto bad = report::parse_leaderboard_format("yaml");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().describe().find("field '--format': unknown format 'yaml'"), std::string::npos);
}

std::string captured(bool live, const std::vector<search::Progress>& updates, const std::string& event) {
  std::FILE* file = std::tmpfile();
  {
    report::ProgressLine line(file, live);
    for (const auto& p : updates) line.update(p);
    if (!event.empty()) line.log(event);
  }
  std::rewind(file);
  std::string out;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) out.append(buffer, n);
  std::fclose(file);
  return out;
}

TEST(ProgressLine, RedrawsInPlaceOnATerminalAndPrintsLinesOtherwise) {
  search::Progress a{.done = 3,
                     .total = 10,
                     .trained = 3,
                     .elapsed_seconds = 1.5,
                     .phase = "search",
                     .best_expression = "relu(x) - alpha=0.25*relu(-x)",
                     .best_fitness = 0.8};
  search::Progress b = a;
  b.phase = "final";
  b.done = 10;
  const std::string text = report::ProgressLine::describe(a);
  EXPECT_NE(text.find("[search] 3/10 evaluations  2.00/s  ETA 4s"), std::string::npos) << text;
  EXPECT_NE(text.find("best 0.8000 relu(x) - alpha*relu(-x)"), std::string::npos) << text;

  const std::string live = captured(true, {a, b}, "");
  EXPECT_EQ(live.rfind("\r[search]", 0), 0u) << live;
  EXPECT_NE(live.find("\033[K\r[final] 10/10"), std::string::npos) << "the second update redraws the same line";
  EXPECT_EQ(std::count(live.begin(), live.end(), '\n'), 1) << "one newline, when it finishes";

  const std::string plain = captured(false, {a, b}, "an event");
  EXPECT_EQ(plain.find('\r'), std::string::npos);
  EXPECT_EQ(plain.find('\033'), std::string::npos);
  EXPECT_EQ(std::count(plain.begin(), plain.end(), '\n'), 3) << plain;  // a phase change prints at once
  EXPECT_NE(plain.find("\nan event\n"), std::string::npos);

  // An event on a terminal clears the live line first instead of appending to it.
  const std::string mixed = captured(true, {a}, "an event");
  EXPECT_NE(mixed.find("\r\033[Kan event\n"), std::string::npos) << mixed;
}

TEST(ReportData, KendallTauAgainstHandCounts) {
  using M = std::map<std::string, double>;
  EXPECT_DOUBLE_EQ(report::kendall_tau(M{{"a", 1}, {"b", 2}, {"c", 3}}, M{{"a", 10}, {"b", 20}, {"c", 30}}), 1.0);
  EXPECT_DOUBLE_EQ(report::kendall_tau(M{{"a", 1}, {"b", 2}, {"c", 3}}, M{{"a", 3}, {"b", 2}, {"c", 1}}), -1.0);
  // Pairs (a,b) concordant, (a,c) discordant, (b,c) discordant: (1 - 2) / 3.
  EXPECT_DOUBLE_EQ(report::kendall_tau(M{{"a", 1}, {"b", 2}, {"c", 3}}, M{{"a", 1}, {"b", 3}, {"c", 2}}), 1.0 / 3);
  // Only common keys count; fewer than two is undefined.
  EXPECT_DOUBLE_EQ(report::kendall_tau(M{{"a", 1}, {"b", 2}, {"z", 9}}, M{{"a", 1}, {"b", 2}, {"y", 0}}), 1.0);
  EXPECT_TRUE(std::isnan(report::kendall_tau(M{{"a", 1}}, M{{"a", 1}})));
}

TEST(ReportData, LearnedConstantsAreTheMeanOfTheHighestStage) {
  auto run = [](int stage, const char* params, db::EvalStatus status = db::EvalStatus::Done) {
    db::EvaluationRecord e;
    e.candidate_id = 4;
    e.stage = stage;
    e.status = status;
    e.learned_params_json = params;
    return e;
  };
  const std::vector<db::EvaluationRecord> runs = {run(0, "[[9],[9]]"), run(1, "[[1.0],[2.0]]"),
                                                  run(1, "[[3.0],[null]]"),
                                                  run(1, "[[50],[50]]", db::EvalStatus::Diverged), run(1, "[]")};
  const auto learned = report::learned_constants(runs, 4);
  EXPECT_EQ(learned.stage, 1);
  EXPECT_EQ(learned.seeds, 2);
  ASSERT_EQ(learned.per_layer.size(), 2u);
  EXPECT_DOUBLE_EQ(learned.per_layer[0][0], 2.0);
  EXPECT_DOUBLE_EQ(learned.per_layer[1][0], 2.0) << "a null (non-finite) value is left out of the mean";
  EXPECT_DOUBLE_EQ(report::layer_mean(learned)[0], 2.0);
  EXPECT_TRUE(report::learned_constants(runs, 5).per_layer.empty());
}

}  // namespace
