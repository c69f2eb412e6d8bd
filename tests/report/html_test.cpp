// The HTML report from a database written through db::Database: the embedded data agree with the
// database's leaderboard (its order, its paired differences against each baseline), the function values
// with closed forms, stored text cannot break out of the page's script, the file is replaced whole (a
// failed write leaves the previous one), and a refresher next to a writer never disturbs it.
#include "report/html.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <thread>
#include <utility>

#include "db/database.hpp"
#include "report/refresher.hpp"
#include "tests/common/temp_dir.hpp"

namespace {

using namespace actsearch;
using nlohmann::json;
namespace fs = std::filesystem;

template <class T>
T value(Expected<T> e) {
  if (!e) throw std::runtime_error(e.error().describe());
  return std::move(*e);
}
void ok(const Expected<void>& e) {
  if (!e) throw std::runtime_error(e.error().describe());
}

struct Fixture {
  fs::path file;
  std::int64_t campaign = 0;
  std::map<std::string, std::int64_t> ids;
};

// A campaign as the orchestrator leaves it: baselines and candidates, two stages, per-epoch metrics and
// learned constants.
Fixture make_database(const fs::path& file) {
  Fixture f{file};
  auto db = value(db::Database::open(file));
  const std::string task = (fs::path(ACTSEARCH_SOURCE_DIR) / "configs/tasks/spirals-small.yaml").string();
  const std::string config = "name: html\ntask: " + task +
                             "\nstrategy: {kind: list, expressions: [tanh(x)]}\n"
                             "fidelity:\n  rungs:\n    - {train_examples: 500, epochs: 2, seeds: 2}\n"
                             "  final: {top: 2, seeds: 3}\nbaselines: [relu, swish, gelu]\n";
  f.campaign = value(db.create_campaign("html", config, "hash", 3)).id;
  const std::vector<std::tuple<std::string, std::string, std::string, double>> candidates = {
      {"relu", "relu(x)", "baseline", 0.80},
      {"swish", "silu(x)", "baseline", 0.82},
      {"gelu", "gelu(x)", "baseline", 0.81},
      {"", "x*sigmoid(beta=1.5*x)", "list", 0.84},
      {"", "tanh(x)", "list", 0.78},
      {"", "atan(x)^2 - x", "list", 0.70},
      {"", "sin(x) + x </script><!-- oops", "list", 0.60}};  // a foreign, unparseable text
  int index = 0;
  for (const auto& [baseline, expr, origin, quality] : candidates) {
    db::CandidateRecord c;
    c.fingerprint = "fp" + std::to_string(index);
    c.expr = expr;
    c.complexity = 2 + index;
    c.nearest = "swish";
    c.nearest_distance = 0.01 * index;
    const auto id = value(db.upsert_candidate(c)).id;
    f.ids[expr] = id;
    db::CampaignCandidate link{f.campaign, id, *db::from_string<db::CandidateOrigin>(origin), baseline, index};
    link.status = quality > 0.75 ? db::CandidateStatus::Final : db::CandidateStatus::Eliminated;
    ok(db.upsert_campaign_candidate(link));
    ok(db.add_alias(id, expr));
    ok(db.add_alias(id, "(" + expr + ")"));
    ok(db.set_probes(id, {{"mean", 0.1 * index}, {"dead_fraction", 0}}));
    ok(db.set_likeness(id, {{"relu", 0.2}, {"swish", 0.01 * index}}));
    for (int stage = 0; stage < (quality > 0.75 ? 2 : 1); ++stage) {
      for (int seed = 1; seed <= (stage == 0 ? 2 : 3); ++seed) {
        db::EvaluationRecord e;
        e.campaign_id = f.campaign;
        e.candidate_id = id;
        e.stage = stage;
        e.seed = static_cast<std::uint64_t>(seed);
        e.status = db::EvalStatus::Done;
        e.val_accuracy = quality + 0.01 * stage + 0.001 * seed * (index % 3);
        e.test_accuracy = e.val_accuracy - 0.01;
        e.epochs = 2;
        e.train_examples = stage == 0 ? 500 : 2500;
        e.epoch_metrics_json = json::array({{{"epoch", 1}, {"val_accuracy", quality - 0.1}, {"val_loss", 0.9}},
                                            {{"epoch", 2}, {"val_accuracy", quality}, {"val_loss", 0.5}}})
                                   .dump();
        if (expr == "x*sigmoid(beta=1.5*x)") e.learned_params_json = seed == 1 ? "[[1.0],[2.0]]" : "[[2.0],[3.0]]";
        e.device = "cpu(2 threads)";
        e.wall_seconds = 0.5;
        ok(db.record_evaluation(e));
      }
    }
    ++index;
  }
  // Two reflections of the Swish-like candidate, recorded as its equivalents and not trained.
  const std::int64_t swish_like = f.ids.at("x*sigmoid(beta=1.5*x)");
  for (const auto& [expr, reflection] : {std::pair{"x*sigmoid(-(beta=1.5*x))", db::Reflection::NegatedInput},
                                         std::pair{"-(x*sigmoid(beta=1.5*x))", db::Reflection::NegatedOutput}}) {
    db::CandidateRecord c;
    c.fingerprint = std::string("fp-") + expr;
    c.expr = expr;
    const auto id = value(db.upsert_candidate(c)).id;
    ok(db.add_equivalent(db::EquivalentRecord{.campaign_id = f.campaign,
                                              .candidate_id = id,
                                              .representative_id = swish_like,
                                              .reflection = reflection,
                                              .proposal_text = expr}));
  }
  ok(db.set_campaign_status(f.campaign, db::CampaignStatus::Done));
  return f;
}

json page_data(const std::string& page) {
  const std::string open = "<script type=\"application/json\" id=\"report-data\">";
  const auto start = page.find(open) + open.size();
  return json::parse(page.substr(start, page.find("</script>", start) - start));
}

TEST(HtmlReport, DataAgreeWithTheDatabase) {
  actsearch::testing::TempDir dir;
  const Fixture f = make_database(dir.path() / "c.db");
  auto db = value(db::Database::open(f.file, db::OpenMode::ReadOnly));
  const std::string page = value(report::render_report(db));
  const json data = page_data(page);

  // One Chart.js, our script, no network.
  EXPECT_NE(page.find("Chart.js v3"), std::string::npos);
  EXPECT_EQ(page.find("<script src"), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);
  EXPECT_EQ(page.find("url(http"), std::string::npos);
  // The unparseable text with "</script><!--" is inside the data, escaped, and did not end the script.
  EXPECT_EQ(page.find("x </script>"), std::string::npos);
  EXPECT_EQ(page.find("<!-- oops"), std::string::npos);

  // The leaderboard is leaderboard()'s rows in leaderboard()'s order.
  const auto rows = value(db.leaderboard(f.campaign));
  const auto& columns = data["leaderboard"]["columns"];
  const auto column = [&](const char* name) {
    return static_cast<std::size_t>(std::find(columns.begin(), columns.end(), name) - columns.begin());
  };
  const auto& shown = data["leaderboard"]["rows"];
  ASSERT_EQ(shown.size(), rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(shown[i][column("id")], rows[i].candidate_id);
    EXPECT_EQ(shown[i][column("rank")], rows[i].rank);
    EXPECT_EQ(shown[i][column("expr")], rows[i].expr);
    EXPECT_NEAR(shown[i][column("fitness")].get<double>(), rows[i].fitness, 1e-5);
  }
  EXPECT_EQ(data["campaign"]["config"]["strategy"], "list");
  EXPECT_EQ(data["campaign"]["candidates_by_status"]["final"], 5);
  EXPECT_EQ(data["campaign"]["aliases"], 7) << "one other spelling per candidate";
  EXPECT_EQ(data["campaign"]["equivalents"], 2) << "the two reflections of the Swish-like candidate";
  EXPECT_EQ(data["campaign"]["backends"], json::array({"cpu(2 threads)"}));

  // Paired differences against every baseline are leaderboard()'s with that baseline as the reference.
  for (const char* baseline : {"relu", "swish", "gelu"}) {
    const auto reference = value(db.leaderboard(f.campaign, {.reference_baseline = baseline}));
    for (std::size_t i = 0; i < reference.size(); ++i) {
      const auto row = std::find_if(shown.begin(), shown.end(),
                                    [&](const json& r) { return r[column("id")] == reference[i].candidate_id; });
      ASSERT_NE(row, shown.end());
      const auto& d = (*row)[column("deltas")][baseline];
      if (std::isfinite(reference[i].delta_relu)) {
        EXPECT_NEAR(d[0].get<double>(), reference[i].delta_relu, 1e-6) << baseline;
        EXPECT_EQ(d[3], reference[i].paired_seeds);
      }
    }
  }

  // phi and phi' on the grid against closed forms, at initial and learned constants.
  const auto& fn = data["functions"];
  const auto& x = fn["x"];
  ASSERT_EQ(x.size(), 201u);
  bool saw_relu = false, saw_swish15 = false;
  for (const auto& s : fn["series"]) {
    for (std::size_t i = 0; i < x.size(); i += 20) {
      const double xi = x[i].get<double>(), phi = s["phi"][i].get<double>(), dphi = s["dphi"][i].get<double>();
      if (s["label"] == "relu") {
        saw_relu = true;
        EXPECT_NEAR(phi, std::max(xi, 0.0), 1e-5);
      }
      if (s["id"] == f.ids.at("x*sigmoid(beta=1.5*x)")) {
        saw_swish15 = true;
        const double sig = 1 / (1 + std::exp(-1.5 * xi));
        EXPECT_NEAR(phi, xi * sig, 1e-5 * (1 + std::abs(phi)));
        EXPECT_NEAR(dphi, sig + 1.5 * xi * sig * (1 - sig), 1e-5 * (1 + std::abs(dphi)));
        // Learned, at the final stage's three seeds: layer means 5/3 and 8/3, their mean 13/6.
        ASSERT_TRUE(s.contains("phi_learned"));
        const double beta = 13.0 / 6;
        EXPECT_NEAR(s["learned"][0].get<double>(), beta, 1e-5);
        const double sl = 1 / (1 + std::exp(-beta * xi));
        EXPECT_NEAR(s["phi_learned"][i].get<double>(), xi * sl, 1e-5 * (1 + std::abs(xi)));
      }
    }
  }
  EXPECT_TRUE(saw_relu && saw_swish15);

  // The ladder: the baselines' order at stage 0 (swish, gelu, relu) is stage 1's too.
  const auto& ladder = data["ladder"]["stages"];
  ASSERT_EQ(ladder.size(), 2u);
  EXPECT_EQ(ladder[0]["train_examples"], 500);
  EXPECT_DOUBLE_EQ(ladder[0]["tau"].get<double>(), 1.0);
  // Forest: the finalists that are not baselines; curves: mean per epoch.
  EXPECT_EQ(data["forest"]["items"].size(), 2u);
  EXPECT_EQ(data["forest"]["references"], json::array({"relu", "swish", "gelu"}));
  for (const auto& s : data["curves"]["series"]) EXPECT_EQ(s["epochs"], json::array({1, 2}));
  // Pareto front over stage 0: accuracy rises with complexity along it.
  const auto& front = data["pareto"]["front"];
  ASSERT_GE(front.size(), 2u);
  for (std::size_t i = 1; i < front.size(); ++i) {
    EXPECT_GT(front[i]["x"].get<int>(), front[i - 1]["x"].get<int>());
    EXPECT_GT(front[i]["y"].get<double>(), front[i - 1]["y"].get<double>());
  }
  // Details: exports in every language for a parseable function, per-layer learned constants.
  const auto detail = std::find_if(data["details"].begin(), data["details"].end(),
                                   [&](const json& d) { return d["id"] == f.ids.at("x*sigmoid(beta=1.5*x)"); });
  ASSERT_NE(detail, data["details"].end());
  EXPECT_EQ((*detail)["exports"].size(), 7u);
  EXPECT_EQ((*detail)["display"], "x*sigmoid(beta*x)");
  EXPECT_EQ((*detail)["learned"]["seeds"], 3);
  EXPECT_NEAR((*detail)["learned"]["per_layer"][0][0].get<double>(), 5.0 / 3, 1e-5);
  EXPECT_NEAR((*detail)["learned"]["per_layer"][1][0].get<double>(), 8.0 / 3, 1e-5);
}

TEST(HtmlReport, WriteReplacesTheFileWholeAndNamesItBesideTheDatabase) {
  actsearch::testing::TempDir dir;
  const Fixture f = make_database(dir.path() / "c.db");
  auto db = value(db::Database::open(f.file, db::OpenMode::ReadOnly));
  const fs::path out = report::default_report_path(f.file, "my campaign/1");
  EXPECT_EQ(out, dir.path() / "c.my_campaign_1.html");
  std::ofstream(out) << "old";
  ok(report::write_report(db, {}, out));
  EXPECT_GT(fs::file_size(out), 200'000u);
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    files += entry.path().filename().string().find(".html") != std::string::npos;
  }
  EXPECT_EQ(files, 1) << "no partial file is left behind";

  auto missing = report::write_report(db, {.campaign = "other"}, dir.path() / "x.html");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().describe().find("no campaign named 'other'"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir.path() / "x.html"));
  auto unwritable = report::write_report(db, {}, dir.path() / "no-such-folder" / "r.html");
  ASSERT_FALSE(unwritable);
  EXPECT_NE(unwritable.error().describe().find("r.html"), std::string::npos);
}

// A write that fails half-way (here: the process's file-size limit, RLIMIT_FSIZE with SIGXFSZ ignored so
// that write() fails with EFBIG, as on a full disk, without root) leaves the previous report intact.
TEST(HtmlReport, AFailedWriteLeavesThePreviousReportIntact) {
  actsearch::testing::TempDir dir;
  const Fixture f = make_database(dir.path() / "c.db");
  auto db = value(db::Database::open(f.file, db::OpenMode::ReadOnly));
  const fs::path out = dir.path() / "r.html";
  ok(report::write_report(db, {}, out));
  const auto read = [](const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string before = read(out);
  ASSERT_GT(before.size(), 200'000u);

  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Exit codes say which expectation failed (gtest assertions do not cross the fork).
    signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{64 * 1024, 64 * 1024};
    if (setrlimit(RLIMIT_FSIZE, &limit) != 0) _exit(10);
    auto written = report::write_report(db, {}, out);
    if (written) _exit(11);
    if (written.error().describe().find("r.html") == std::string::npos) _exit(12);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "10 setrlimit, 11 the write succeeded, 12 the error does not name the file";
  EXPECT_EQ(read(out), before) << "the previous report is gone or changed";
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    files += entry.path().filename().string().find(".html") != std::string::npos;
  }
  EXPECT_EQ(files, 1) << "the partial file is left behind";
}

TEST(HtmlReport, OneSnapshotDoesNotSeeCommitsMadeWhileItReads) {
  actsearch::testing::TempDir dir;
  const Fixture f = make_database(dir.path() / "c.db");
  auto reader = value(db::Database::open(f.file, db::OpenMode::ReadOnly));
  auto writer = value(db::Database::open(f.file));
  std::string first, second;
  ok(reader.read_snapshot([&]() -> Expected<void> {
    first = db::to_string(value(reader.campaigns()).at(0).status);
    ok(writer.set_campaign_status(f.campaign, db::CampaignStatus::Running));  // committed at once, not blocked
    second = db::to_string(value(reader.campaigns()).at(0).status);
    return {};
  }));
  EXPECT_EQ(first, "done");
  EXPECT_EQ(second, "done") << "the snapshot holds";
  EXPECT_EQ(value(reader.campaigns()).at(0).status, db::CampaignStatus::Running) << "a new read sees the commit";
}

TEST(HtmlReport, RefreshingNextToAWriterNeverDisturbsIt) {
  actsearch::testing::TempDir dir;
  const Fixture f = make_database(dir.path() / "c.db");
  const fs::path out = dir.path() / "live.html";
  report::ReportRefresher refresher({.database = f.file,
                                     .output = out,
                                     .report = {.campaign = "html"},
                                     .min_interval = std::chrono::milliseconds(0)});
  auto writer = value(db::Database::open(f.file));
  int written = 0;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  // The writer commits one evaluation at a time, poking the refresher as the progress callback does.
  for (std::uint64_t seed = 100; std::chrono::steady_clock::now() < until || refresher.refreshes() < 2; ++seed) {
    db::EvaluationRecord e;
    e.campaign_id = f.campaign;
    e.candidate_id = f.ids.at("tanh(x)");
    e.stage = 0;
    e.seed = seed;
    e.status = db::EvalStatus::Done;
    e.val_accuracy = 0.5;
    auto recorded = writer.record_evaluation(e);
    ASSERT_TRUE(recorded) << recorded.error().describe();
    ++written;
    refresher.poke();
    if (seed > 100000) break;
  }
  EXPECT_GE(refresher.refreshes(), 2);
  ok(refresher.finish());
  // The last report, written after the last commit, counts every evaluation.
  auto reader = value(db::Database::open(f.file, db::OpenMode::ReadOnly));
  const auto all = value(reader.evaluations(f.campaign));
  std::ifstream in(out);
  const json data = page_data(std::string(std::istreambuf_iterator<char>(in), {}));
  EXPECT_EQ(data["campaign"]["evaluations"].get<std::size_t>(), all.size());
  EXPECT_GT(written, 10);
}

}  // namespace
