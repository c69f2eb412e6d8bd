// The report card of `actsearch calibrate`: its statistics against SciPy on hand-made accuracies, the
// discrimination logic on constructed results, the reference set and its family tags, and the pairing
// of seeds in real runs.
#include "search/campaign/calibration_card.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "search/campaign/calibration.hpp"
#include "tests/search/search_test_helpers.hpp"
#include "trainer/task.hpp"

namespace actsearch::search {
namespace {

constexpr double kDivergedRun = std::numeric_limits<double>::quiet_NaN();  // a run without an accuracy

// $ACTSEARCH_PYTHON, else the .venv/ of scripts/setup.sh, else Debian's python3 (which has SciPy by
// scripts/setup.sh); never the first python3 on PATH, which may lack it.
std::string scipy_python() {
  if (const char* env = std::getenv("ACTSEARCH_PYTHON")) return env;
  const auto venv = testing::source_dir() / ".venv" / "bin" / "python3";
  std::error_code ec;
  return std::filesystem::exists(venv, ec) ? venv.string() : std::string("/usr/bin/python3");
}

// Runs a Python program and returns the numbers it prints (whitespace-separated; "nan" allowed).
std::vector<double> python_numbers(const std::string& program) {
  testing::TempDir dir;
  const auto script = dir.path() / "reference.py";
  std::ofstream(script) << program;
  FILE* pipe = popen((scipy_python() + " '" + script.string() + "' 2>&1").c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  if (!pipe) return {};
  std::string text;
  char buffer[4096];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) text.append(buffer, n);
  EXPECT_EQ(pclose(pipe), 0) << "the SciPy reference failed (scripts/setup.sh installs SciPy):\n" << text;
  std::vector<double> out;
  std::istringstream in(text);
  for (std::string word; in >> word;)
    out.push_back(word == "nan" ? std::numeric_limits<double>::quiet_NaN() : std::stod(word));
  return out;
}

std::string python_literal(const std::vector<std::vector<std::vector<double>>>& accuracy) {
  std::string out = "[";
  for (const auto& budget : accuracy) {
    out += "[";
    for (const auto& seeds : budget) {
      out += "[";
      for (double a : seeds) out += std::isnan(a) ? "nan," : fmt::format("{:.17g},", a);
      out += "],";
    }
    out += "],";
  }
  return out + "]";
}

CalibrationFunction function_named(const std::string& name) {
  auto f = find_reference_function(name);
  EXPECT_TRUE(f.has_value()) << (f ? "" : f.error().describe());
  return f ? *f : CalibrationFunction{name, name, expr::ActivationFamily::other};
}

// Runs of the named functions at budgets 100x1, 200x1 and the full 400x1 with the given accuracies.
CalibrationRuns constructed_runs(const std::vector<std::string>& names,
                                 std::vector<std::vector<std::vector<double>>> accuracy) {
  CalibrationRuns runs;
  for (const auto& n : names) runs.functions.push_back(function_named(n));
  for (std::size_t b = 0; b < accuracy.size(); ++b) {
    runs.budgets.push_back({100u << b, 1});
    runs.seconds.push_back(1.0);
  }
  runs.seeds = static_cast<int>(accuracy.front().front().size());
  runs.workers = 1;
  runs.accuracy = std::move(accuracy);
  return runs;
}

int index_of(const CalibrationCard& card, const std::string& name) {
  for (std::size_t f = 0; f < card.runs.functions.size(); ++f) {
    if (card.runs.functions[f].name == name) return static_cast<int>(f);
  }
  return -1;
}

TEST(CalibrationCard, StatisticsAgreeWithScipy) {
  // Five functions, four seeds, two cheap budgets and the full one; one diverged run at a cheap budget and
  // one at the full budget; relu and elu tie exactly at the full budget (a tie in the reference ranking).
  const std::vector<std::vector<std::vector<double>>> accuracy = {
      {{0.61, 0.64, 0.60, 0.66},
       {0.70, 0.69, 0.73, 0.71},
       {0.55, 0.58, 0.52, 0.57},
       {0.66, 0.62, kDivergedRun, 0.65},
       {0.59, 0.63, 0.61, 0.60}},
      {{0.72, 0.75, 0.71, 0.74},
       {0.78, 0.76, 0.79, 0.80},
       {0.70, 0.69, 0.72, 0.68},
       {0.73, 0.77, 0.75, 0.71},
       {0.74, 0.70, 0.73, 0.72}},
      {{0.86, 0.88, 0.85, 0.87},
       {0.86, 0.88, 0.85, 0.87},
       {0.81, 0.84, 0.80, 0.83},
       {0.89, 0.90, 0.88, 0.91},
       {kDivergedRun, 0.84, 0.86, 0.85}},
  };
  const CalibrationCard card = make_calibration_card(
      trainer::TaskSpec{}, constructed_runs({"relu", "elu", "tanh", "swish", "gelu"}, accuracy), "");
  const std::vector<double> scipy = python_numbers(R"(
import numpy as np
import scipy.stats as st
nan = float('nan')
acc = )" + python_literal(accuracy) + R"(
def trained(v): return [x for x in v if x == x]
def mean(v): return np.mean(trained(v)) if trained(v) else nan
full = acc[-1]
out = []
for budget in acc:
    keep = [f for f in range(len(budget)) if trained(budget[f]) and trained(full[f])]
    m = [mean(budget[f]) for f in keep]
    r = [mean(full[f]) for f in keep]
    noise = np.mean([np.std(trained(budget[f]), ddof=1) for f in keep if len(trained(budget[f])) >= 2])
    out += [st.spearmanr(m, r).correlation, st.kendalltau(m, r, variant='b').correlation,
            np.std(m, ddof=1), noise]
    for v in budget:
        w = trained(v)
        out += list(st.t.interval(0.95, len(w) - 1, loc=np.mean(w), scale=st.sem(w)))
best = int(np.argmax([mean(v) for v in full]))
out.append(best)
for f in range(len(full)):
    if f == best: continue
    d = [a - b for a, b in zip(full[best], full[f]) if a == a and b == b]
    lo, hi = st.t.interval(0.95, len(d) - 1, loc=np.mean(d), scale=st.sem(d))
    out += [np.mean(d), lo, hi]
print(' '.join(repr(float(x)) for x in out))
)");
  const std::size_t functions = 5;
  ASSERT_EQ(scipy.size(), accuracy.size() * (4 + 2 * functions) + 1 + 3 * (functions - 1));
  // SciPy's t quantiles carry ~1e-9 relative error (tests/db/statistics_test.cpp).
  constexpr double kTolerance = 1e-8;
  std::size_t i = 0;
  for (std::size_t b = 0; b < accuracy.size(); ++b) {
    const BudgetFigures& row = card.budgets[b];
    EXPECT_NEAR(row.spearman, scipy[i++], kTolerance) << "budget " << b;
    EXPECT_NEAR(row.kendall_tau, scipy[i++], kTolerance) << "budget " << b;
    EXPECT_NEAR(row.spread, scipy[i++], kTolerance) << "budget " << b;
    EXPECT_NEAR(row.noise, scipy[i++], kTolerance) << "budget " << b;
    EXPECT_NEAR(row.spread_to_noise, row.spread / row.noise, 1e-15);
    EXPECT_EQ(row.functions, 5);
    for (std::size_t f = 0; f < functions; ++f) {
      EXPECT_NEAR(card.cells[f][b].accuracy.ci_low, scipy[i++], kTolerance) << "budget " << b << " function " << f;
      EXPECT_NEAR(card.cells[f][b].accuracy.ci_high, scipy[i++], kTolerance) << "budget " << b << " function " << f;
    }
  }
  const int best = static_cast<int>(scipy[i++]);
  EXPECT_EQ(card.discrimination.best, best);
  EXPECT_EQ(card.runs.functions[static_cast<std::size_t>(best)].name, "swish");
  std::vector<const Discrimination::Compared*> compared(functions, nullptr);
  for (const auto& c : card.discrimination.indistinguishable) compared[static_cast<std::size_t>(c.function)] = &c;
  for (const auto& c : card.discrimination.distinguishable) compared[static_cast<std::size_t>(c.function)] = &c;
  for (std::size_t f = 0; f < functions; ++f) {
    if (static_cast<int>(f) == best) continue;
    ASSERT_NE(compared[f], nullptr) << f;
    const db::Summary& d = compared[f]->best_over_it.difference;
    EXPECT_NEAR(d.mean, scipy[i++], kTolerance) << f;
    EXPECT_NEAR(d.ci_low, scipy[i++], kTolerance) << f;
    EXPECT_NEAR(d.ci_high, scipy[i++], kTolerance) << f;
  }
  // The diverged runs: excluded from the means and counted.
  EXPECT_EQ(card.cells[3][0].diverged, 1);
  EXPECT_EQ(card.cells[3][0].accuracy.n, 3);
  EXPECT_NEAR(card.cells[3][0].accuracy.mean, (0.66 + 0.62 + 0.65) / 3, 1e-15);
  ASSERT_EQ(card.discrimination.diverged.size(), 1u);
  EXPECT_EQ(card.discrimination.diverged[0], (std::pair<int, int>{4, 1}));
}

TEST(CalibrationCard, PairedDifferenceHasTheClosedForm) {
  // d = (0.01, 0.02, 0.03): mean 0.02, sd 0.01, half-width t_{0.975, 2} 0.01 / sqrt(3), where Student's t
  // with 2 degrees of freedom has the closed-form quantile t_{p, 2} = (2p - 1) / sqrt(2 p (1 - p)).
  const std::vector<double> a = {0.81, 0.72, 0.93, kDivergedRun}, b = {0.80, 0.70, 0.90, 0.5};
  const PairedDifference d = paired_difference(a, b);
  const double t = (2 * 0.975 - 1) / std::sqrt(2 * 0.975 * 0.025);
  EXPECT_EQ(d.difference.n, 3);  // the seed where a diverged is not a pair
  EXPECT_NEAR(d.difference.mean, 0.02, 1e-15);
  EXPECT_NEAR(d.difference.sd, 0.01, 1e-15);
  EXPECT_NEAR(d.difference.ci_low, 0.02 - t * 0.01 / std::sqrt(3.0), 1e-12);
  EXPECT_NEAR(d.difference.ci_high, 0.02 + t * 0.01 / std::sqrt(3.0), 1e-12);
  EXPECT_NEAR(d.in_sds(), 2.0, 1e-12);
  // Two SDs over three seeds is not enough: the interval 0.02 +- 0.0248 contains 0.
  EXPECT_TRUE(d.contains_zero());
  const std::vector<double> tight = {0.82, 0.721, 0.919, 0.5};  // d = (0.02, 0.021, 0.019, 0)
  const PairedDifference clear = paired_difference(std::span(tight).first(3), std::span(b).first(3));
  EXPECT_GT(clear.difference.ci_low, 0);
  EXPECT_FALSE(clear.contains_zero());
  EXPECT_TRUE(paired_difference(b, b).contains_zero());  // identical runs: a zero-width interval at 0
  // One pair has no interval: neither indistinguishable nor distinguishable (the card calls it untestable).
  EXPECT_FALSE(
      paired_difference(std::vector<double>{0.8, kDivergedRun}, std::vector<double>{0.7, 0.7}).contains_zero());
}

TEST(CalibrationCard, AClearWinnerIsDistinguishableFromEveryOther) {
  const std::vector<std::vector<std::vector<double>>> full = {
      {{0.80, 0.82, 0.79}, {0.90, 0.91, 0.92}, {0.70, 0.74, 0.69}, {0.81, 0.80, 0.83}}};
  const CalibrationCard card =
      make_calibration_card(trainer::TaskSpec{}, constructed_runs({"relu", "mish", "tanh", "gelu"}, full), "");
  const Discrimination& d = card.discrimination;
  EXPECT_EQ(d.best, index_of(card, "mish"));
  EXPECT_TRUE(d.indistinguishable.empty());
  EXPECT_EQ(d.distinguishable.size(), 3u);
  EXPECT_TRUE(d.untestable.empty());
  EXPECT_TRUE(d.diverged.empty());
  // The best self-gated function is the better of mish and gelu; its margin is over relu, paired by seed.
  EXPECT_EQ(d.best_self_gated, index_of(card, "mish"));
  EXPECT_EQ(d.relu, index_of(card, "relu"));
  EXPECT_NEAR(d.self_gated_over_relu.difference.mean, (0.10 + 0.09 + 0.13) / 3, 1e-12);
}

TEST(CalibrationCard, TiesAndDivergedFunctionsAreToldApart) {
  const std::vector<std::vector<std::vector<double>>> full = {{
      {0.90, 0.92, 0.91},                          // relu: the best
      {0.90, 0.92, 0.91},                          // elu: the same runs, a tie
      {0.91, 0.90, 0.92},                          // swish: within seed noise of it
      {0.60, 0.62, 0.61},                          // tanh: clearly worse
      {kDivergedRun, kDivergedRun, 0.99},          // gelu: diverged twice, one seed left (higher, yet no pair to test)
      {kDivergedRun, kDivergedRun, kDivergedRun},  // sigmoid: never trained
  }};
  const CalibrationCard card = make_calibration_card(
      trainer::TaskSpec{}, constructed_runs({"relu", "elu", "swish", "tanh", "gelu", "sigmoid"}, full), "");
  const Discrimination& d = card.discrimination;
  // gelu's one surviving seed gives it the highest mean, so it is the best; the others pair with it on one
  // seed only and are untestable. The card says so rather than calling anything indistinguishable.
  EXPECT_EQ(d.best, index_of(card, "gelu"));
  EXPECT_EQ(d.untestable.size(), 5u);
  EXPECT_EQ(card.budgets[0].functions, 5);  // sigmoid has no mean and is out of the ranking
  ASSERT_EQ(d.diverged.size(), 2u);
  EXPECT_EQ(d.diverged[0], (std::pair<int, int>{index_of(card, "gelu"), 2}));
  EXPECT_EQ(d.diverged[1], (std::pair<int, int>{index_of(card, "sigmoid"), 3}));

  // Without gelu: relu is the best (first of the tie), elu and swish are indistinguishable, tanh is not.
  std::vector<std::vector<std::vector<double>>> without = full;
  without[0].erase(without[0].begin() + 4);
  const CalibrationCard tied = make_calibration_card(
      trainer::TaskSpec{}, constructed_runs({"relu", "elu", "swish", "tanh", "sigmoid"}, without), "");
  const Discrimination& t = tied.discrimination;
  EXPECT_EQ(t.best, index_of(tied, "relu"));
  ASSERT_EQ(t.indistinguishable.size(), 2u);
  EXPECT_EQ(t.indistinguishable[0].function, index_of(tied, "elu"));
  EXPECT_EQ(t.indistinguishable[1].function, index_of(tied, "swish"));
  ASSERT_EQ(t.distinguishable.size(), 1u);
  EXPECT_EQ(t.distinguishable[0].function, index_of(tied, "tanh"));
  EXPECT_EQ(t.untestable, std::vector<int>{index_of(tied, "sigmoid")});
  // swish over relu: d = (0.01, -0.02, 0.01), mean 0, so a margin of 0 paired SDs.
  EXPECT_EQ(t.best_self_gated, index_of(tied, "swish"));
  EXPECT_NEAR(t.self_gated_over_relu.in_sds(), 0.0, 1e-12);

  // The JSON says the same, with null for what has no value.
  const auto json = nlohmann::json::parse(calibration_json(tied));
  EXPECT_EQ(json["discrimination"]["best"], "relu");
  EXPECT_EQ(json["discrimination"]["compared"], 3);
  EXPECT_EQ(json["discrimination"]["indistinguishable"][1]["name"], "swish");
  EXPECT_EQ(json["discrimination"]["untestable"][0], "sigmoid");
  EXPECT_EQ(json["discrimination"]["diverged"][0]["seeds"], 3);
  EXPECT_EQ(json["discrimination"]["self_gated"]["function"], "swish");
  const auto& sigmoid = json["functions"][4];
  EXPECT_EQ(sigmoid["name"], "sigmoid");
  EXPECT_TRUE(sigmoid["budgets"][0]["mean"].is_null());
  EXPECT_TRUE(sigmoid["budgets"][0]["accuracy"][0].is_null());
  EXPECT_EQ(sigmoid["budgets"][0]["diverged"], 3);
  const std::string markdown = calibration_markdown(tied);
  EXPECT_NE(markdown.find("- best: relu, 0.9100 ["), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("| sigmoid | `sigmoid(x)` | other | no run trained (3/3 diverged) |"), std::string::npos)
      << markdown;
  EXPECT_NE(markdown.find("- diverged: sigmoid (3 of 3 seeds)"), std::string::npos) << markdown;
}

TEST(CalibrationCard, WithoutReluThereIsNoMargin) {
  const std::vector<std::vector<std::vector<double>>> full = {{{0.9, 0.91}, {0.8, 0.82}}};
  const CalibrationCard card = make_calibration_card(trainer::TaskSpec{}, constructed_runs({"gelu", "tanh"}, full), "");
  EXPECT_EQ(card.discrimination.relu, Discrimination::kNone);
  EXPECT_TRUE(nlohmann::json::parse(calibration_json(card))["discrimination"]["self_gated"].is_null());
  EXPECT_NE(format_calibration_card(card).find("best self-gated over relu: n/a"), std::string::npos);
}

TEST(CalibrationReference, TheSelfGatedFamilyIsTaggedOnce) {
  std::vector<std::string> self_gated;
  for (const auto& f : reference_functions()) {
    if (f.family == expr::ActivationFamily::self_gated) self_gated.push_back(f.name);
  }
  EXPECT_EQ(self_gated, (std::vector<std::string>{"gelu", "gelu_tanh", "swish", "mish", "swish_beta"}));
  EXPECT_EQ(reference_functions().size(), 17u + 8u);  // the known table but identity, and Ramachandran's eight

  EXPECT_EQ(function_named("silu").name, "swish");  // the alias
  EXPECT_EQ(function_named("swish_beta").expression, "x*sigmoid(beta*x)");
  const auto unknown = find_reference_function("relux");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_NE(unknown.error().describe().find("unknown function 'relux'"), std::string::npos);
  EXPECT_NE(unknown.error().describe().find("swish_beta"), std::string::npos);
  EXPECT_FALSE(find_reference_function("identity").has_value());

  // A user's expression takes the name and family of the reference function it equals.
  auto gelu = describe_function("gelu(x)");
  ASSERT_TRUE(gelu.has_value());
  EXPECT_EQ(gelu->name, "gelu");
  EXPECT_EQ(gelu->family, expr::ActivationFamily::self_gated);
  auto other = describe_function("x*erf(x)");
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(other->name, "x*erf(x)");
  EXPECT_EQ(other->family, expr::ActivationFamily::other);
  EXPECT_FALSE(describe_function("x +* 2").has_value());
}

TEST(Calibrate, SeedKIsTheSameJobSeedForEveryFunction) {
  // relu listed twice trains the same runs seed by seed (paired); the seeds themselves differ.
  auto task = trainer::load_task((testing::source_dir() / "configs/tasks/spirals-small.yaml").string());
  ASSERT_TRUE(task.has_value()) << task.error().describe();
  CalibrationOptions options;
  options.budgets = {{200, 1}};
  options.full = {400, 2};
  options.seeds = 3;
  options.workers = 2;
  options.functions = {function_named("relu"), function_named("relu"), function_named("tanh")};
  auto runs = calibrate(*task, options);
  ASSERT_TRUE(runs.has_value()) << runs.error().describe();
  ASSERT_EQ(runs->accuracy.size(), 2u);
  for (const auto& budget : runs->accuracy) {
    EXPECT_EQ(budget[0], budget[1]);
    EXPECT_FALSE(budget[0][0] == budget[0][1] && budget[0][1] == budget[0][2]) << "three seeds, one run";
  }
  const CalibrationCard card = make_calibration_card(*task, std::move(*runs), "");
  EXPECT_EQ(card.budgets.back().label, "400x2");
  EXPECT_DOUBLE_EQ(card.budgets.back().spearman, 1.0);
}

TEST(Calibrate, RefusesTooFewSeedsAndEmptySets) {
  CalibrationOptions options;
  options.budgets = {{200, 1}};
  options.seeds = 1;
  const trainer::TaskSpec task;
  auto one = calibrate(task, options);
  ASSERT_FALSE(one.has_value());
  EXPECT_NE(one.error().describe().find("at least 2 seeds"), std::string::npos);
  options.seeds = 2;
  options.functions.clear();
  EXPECT_FALSE(calibrate(task, options).has_value());
  options.functions = reference_functions();
  options.budgets.clear();
  EXPECT_FALSE(calibrate(task, options).has_value());
}

}  // namespace
}  // namespace actsearch::search
