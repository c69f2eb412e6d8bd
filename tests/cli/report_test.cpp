// The campaign report end to end: a real small campaign, `actsearch report`, and the page opened in
// headless Chromium, checked from the page itself (no script error, the leaderboard's rows in the
// database's order, every chart drawn, sorting and the phi toggle working); screenshots are saved under
// the build folder. Then bad input (no database, no such campaign, a database being written, a corrupt
// or truncated file): a clear error, a non-zero exit, and the database byte for byte as it was. And the
// papercuts: expressions starting with '-', constants shown by name.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "db/database.hpp"
#include "tests/cli/shell.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using actsearch::testing::Output;
using actsearch::testing::read_file;
using actsearch::testing::shell;

// The checks run inside the page, after the report's own script; their result is a JSON object in
// <pre id="test-results">.
constexpr const char* kErrorCatcher =
    "<script>window.__errors = []; window.addEventListener('error', e => window.__errors.push(String(e.message)));"
    "</script>";
constexpr const char* kPageChecks = R"js(<script>
(function () {
  const out = { errors: window.__errors.slice(), report_errors: [], ready: document.body.dataset.reportReady };
  const R = window.actsearchReport;
  try {
    out.report_errors = R.errors.slice();
    const ids = () => [...document.querySelectorAll('#leaderboard-table tbody tr')].map(tr => Number(tr.dataset.id));
    const cellValues = (key) => {
      const index = [...document.querySelectorAll('#leaderboard-table thead th')].findIndex(th => th.dataset.key === key);
      return [...document.querySelectorAll('#leaderboard-table tbody tr')].map(tr => tr.children[index].textContent);
    };
    out.rows = ids();
    out.charts = {};
    for (const canvas of document.querySelectorAll('canvas')) {
      const chart = Chart.getChart(canvas);
      const name = Object.keys(R.charts).find(k => R.charts[k] === chart) || '(unnamed)';
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) painted += data[i] > 0;
      // Elements Chart.js laid out inside the plot area (points, bars): data were drawn, not only axes.
      let elements = 0;
      if (chart) chart.data.datasets.forEach((d, i) => {
        const meta = chart.getDatasetMeta(i);
        elements += meta.data.filter(e => e && Number.isFinite(e.x) && Number.isFinite(e.y) &&
                                          e.x >= chart.chartArea.left && e.x <= chart.chartArea.right).length;
      });
      out.charts[name] = { painted, elements, width: canvas.width, height: canvas.height,
                           datasets: chart ? chart.data.datasets.length : 0 };
    }
    const header = (key) => document.querySelector(`#leaderboard-table thead th[data-key="${key}"]`);
    header('id').click();
    out.sorted_by_id_ascending = ids();
    header('id').click();
    out.sorted_by_id_descending = ids();
    header('id').click();
    out.sort_restored = ids();
    header('complexity').click();
    out.complexity_ascending = cellValues('complexity').map(Number);
    header('complexity').click();
    header('complexity').click();
    const filter = document.getElementById('lb-hide-baselines');
    filter.click();
    out.without_baselines = ids();
    filter.click();
    const phi = R.charts.phi;
    const toggle = document.querySelector('#phi-toggles input[type=checkbox]');
    const series = Number(toggle.dataset.series);
    const visible = () => phi.data.datasets.map((d, i) => [d.seriesId, phi.isDatasetVisible(i), d.learned]);
    out.phi_series = series;
    out.phi_before = visible();
    toggle.click();
    out.phi_after_hide = visible();
    toggle.click();
    out.phi_after_show = visible();
    out.dphi_after_show = R.charts.dphi.data.datasets.map((d, i) => [d.seriesId, R.charts.dphi.isDatasetVisible(i)]);
    out.copy_buttons = document.querySelectorAll('button.copy').length;
    out.export_tabs = [...document.querySelectorAll('.tabs button[data-target]')].map(b => b.dataset.target);
    out.candidate_sections = document.querySelectorAll('details[id^=candidate-]').length;
    out.constants_text = [...document.querySelectorAll('#leaderboard-table .consts')].map(e => e.textContent);
    out.title = document.title;
    out.cards = Object.fromEntries([...document.querySelectorAll('.cards .card')].map(
        c => [c.querySelector('.k').textContent, c.querySelector('.v').textContent]));
  } catch (e) {
    out.errors.push('page checks: ' + (e && e.stack ? e.stack : e));
  }
  const pre = document.createElement('pre');
  pre.id = 'test-results';
  pre.textContent = JSON.stringify(out);
  document.body.append(pre);
})();
</script>)js";

std::string unescape_html(std::string text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 4, "&lt;") == 0) {
      out += '<', i += 3;
    } else if (text.compare(i, 4, "&gt;") == 0) {
      out += '>', i += 3;
    } else if (text.compare(i, 5, "&amp;") == 0) {
      out += '&', i += 4;
    } else if (text.compare(i, 6, "&nbsp;") == 0) {
      out += "\xc2\xa0", i += 5;
    } else {
      out += text[i];
    }
  }
  return out;
}

class Report : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("actsearch-report-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
    // Laid out as the quickstart is: the campaign file in configs/, its task relative to it in
    // configs/tasks/, the database in the working directory. The report must not need those files.
    fs::create_directories(dir_ / "configs" / "tasks");
    fs::copy_file(fs::path(ACTSEARCH_SOURCE_DIR) / "configs/tasks/spirals-small.yaml",
                  dir_ / "configs" / "tasks" / "spirals.yaml");
    std::ofstream(dir_ / "configs" / "small.yaml") << "name: small\ndatabase: small.db\nseed: 5\nworkers: 2\n"
                                                      "task: tasks/spirals.yaml"
                                                   << R"(
strategy:
  kind: list
  batch: 3
  expressions: [tanh(x), 'max(x, sin(x))', x*sigmoid(beta*x), softsign(x), 'atan(x)^2 - x', 'relu(x) - alpha=0.25*relu(-x)',
                'min(x, sin(x))', 'x*tanh(softplus(x))', 'exp(x)*x*x*x']
fidelity:
  rungs:
    - {train_examples: 800, epochs: 3, seeds: 2}
  final: {top: 3, seeds: 3, epochs: 5}
baselines: [relu, swish, gelu, elu]
)";
    run_status_ = actsearch("run configs/small.yaml").status;
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  // Runs the executable in the campaign's folder; standard error goes to stderr.txt.
  static Output actsearch(const std::string& args) {
    return shell("cd '" + dir_.string() + "' && '" + ACTSEARCH_EXECUTABLE + "' " + args + " 2>stderr.txt");
  }
  static std::string stderr_text() { return read_file(dir_ / "stderr.txt"); }

  static fs::path screenshots() {
    const fs::path out = fs::path(ACTSEARCH_BINARY_DIR) / "report-screenshots";
    fs::create_directories(out);
    return out;
  }

  static inline fs::path dir_;
  static inline int run_status_ = -1;
};

TEST_F(Report, RunWritesTheReportBesideTheDatabase) {
  ASSERT_EQ(run_status_, 0) << stderr_text();
  EXPECT_TRUE(fs::exists(dir_ / "small.small.html"));
  const std::string page = read_file(dir_ / "small.small.html");
  EXPECT_NE(page.find("Chart.js v"), std::string::npos) << "Chart.js is embedded";
  EXPECT_EQ(page.find("<script src"), std::string::npos) << "nothing to fetch";
  EXPECT_EQ(page.find("src=\"http"), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);

  // --no-report leaves no report behind.
  std::ofstream(dir_ / "configs" / "quiet.yaml")
      << read_file(dir_ / "configs" / "small.yaml").replace(0, 11, "name: quiet");
  ASSERT_EQ(actsearch("run configs/quiet.yaml --db quiet.db --no-report").status, 0) << stderr_text();
  EXPECT_FALSE(fs::exists(dir_ / "quiet.quiet.html"));
  EXPECT_TRUE(fs::exists(dir_ / "quiet.db"));
}

TEST_F(Report, OpensInChromiumWithEveryChartDrawnAndControlsWorking) {
  ASSERT_EQ(run_status_, 0) << stderr_text();
  auto written = actsearch("report --db small.db -o report.html");
  ASSERT_EQ(written.status, 0) << stderr_text();
  EXPECT_NE(written.out.find("report.html"), std::string::npos);
  const auto board = actsearch("leaderboard --db small.db --format json");
  ASSERT_EQ(board.status, 0) << stderr_text();
  const json rows = json::parse(board.out);
  std::vector<long long> expected;
  for (const auto& r : rows) expected.push_back(r["id"].get<long long>());
  ASSERT_GE(expected.size(), 10u);

  ASSERT_EQ(shell("command -v chromium >/dev/null").status, 0)
      << "chromium is not installed (scripts/setup.sh installs it); the report must be checked in a real browser";

  std::string page = read_file(dir_ / "report.html");
  page.insert(page.find("<head>") + 6, kErrorCatcher);
  page.insert(page.rfind("</body>"), kPageChecks);
  std::ofstream(dir_ / "checked.html") << page;
  const std::string flags = "--headless --no-sandbox --disable-gpu --hide-scrollbars ";
  const auto dom = shell("chromium " + flags + "--window-size=1400,1000 --dump-dom 'file://" +
                         (dir_ / "checked.html").string() + "' 2>/dev/null");
  ASSERT_EQ(dom.status, 0);
  const auto begin = dom.out.find("<pre id=\"test-results\">");
  ASSERT_NE(begin, std::string::npos) << "the page checks did not run";
  const auto start = begin + std::string("<pre id=\"test-results\">").size();
  const json result = json::parse(unescape_html(dom.out.substr(start, dom.out.find("</pre>", start) - start)));

  EXPECT_TRUE(result["errors"].empty()) << result["errors"].dump(2);
  EXPECT_TRUE(result["report_errors"].empty()) << result["report_errors"].dump(2);
  EXPECT_EQ(result["ready"], "yes");
  EXPECT_EQ(result["title"], "actsearch: small");

  // The at-a-glance cards come from the stored configuration: filled although the campaign's files are
  // not beside the database.
  for (const char* card : {"Strategy", "Space", "Task", "Fidelity ladder"}) {
    ASSERT_TRUE(result["cards"].contains(card)) << result["cards"].dump();
    const std::string value = result["cards"][card];
    EXPECT_FALSE(value.empty() || value.rfind("–", 0) == 0 || value.rfind("not known", 0) == 0)
        << card << ": " << value;
  }
  EXPECT_EQ(result["cards"]["Task"], "spirals-small");
  EXPECT_EQ(std::string(result["cards"]["Strategy"]).rfind("list", 0), 0u) << result["cards"]["Strategy"];
  EXPECT_NE(std::string(result["cards"]["Fidelity ladder"]).find("800 ex"), std::string::npos)
      << result["cards"]["Fidelity ladder"];

  // The leaderboard holds the database's rows in the database's order.
  EXPECT_EQ(result["rows"].get<std::vector<long long>>(), expected);

  // Every chart drew something, and all of them are there.
  for (const char* name : {"phi", "dphi", "progress", "ladder", "forest", "pareto", "curves_accuracy", "curves_loss"}) {
    ASSERT_TRUE(result["charts"].contains(name)) << name << " missing: " << result["charts"].dump();
    EXPECT_GT(result["charts"][name]["painted"].get<int>(), 1000) << name;
    EXPECT_GT(result["charts"][name]["datasets"].get<int>(), 0) << name;
    EXPECT_GT(result["charts"][name]["elements"].get<int>(), 0) << name;
  }
  EXPECT_FALSE(result["charts"].contains("(unnamed)"));

  // Sorting: by id both ways, then the third click restores the database's order.
  auto ascending = expected;
  std::sort(ascending.begin(), ascending.end());
  EXPECT_EQ(result["sorted_by_id_ascending"].get<std::vector<long long>>(), ascending);
  std::reverse(ascending.begin(), ascending.end());
  EXPECT_EQ(result["sorted_by_id_descending"].get<std::vector<long long>>(), ascending);
  EXPECT_EQ(result["sort_restored"].get<std::vector<long long>>(), expected);
  const auto complexity = result["complexity_ascending"].get<std::vector<double>>();
  EXPECT_TRUE(std::is_sorted(complexity.begin(), complexity.end()));
  EXPECT_EQ(result["without_baselines"].size(), expected.size() - 4);

  // The phi toggle hides that function's curves (initial and learned), only those, and shows them again.
  const long long series = result["phi_series"].get<long long>();
  int toggled = 0;
  for (std::size_t i = 0; i < result["phi_before"].size(); ++i) {
    const auto& before = result["phi_before"][i];
    const auto& hidden = result["phi_after_hide"][i];
    const auto& shown = result["phi_after_show"][i];
    if (before[0].get<long long>() == series) {
      ++toggled;
      EXPECT_TRUE(before[1].get<bool>());
      EXPECT_FALSE(hidden[1].get<bool>());
      EXPECT_TRUE(shown[1].get<bool>());
    } else {
      EXPECT_EQ(hidden[1], before[1]);
    }
  }
  EXPECT_GE(toggled, 1);
  for (const auto& d : result["dphi_after_show"]) EXPECT_TRUE(d[1].get<bool>());

  // Per candidate: the export in every language, with a copy button; constants by name in the table.
  EXPECT_GE(result["candidate_sections"].get<int>(), 10);
  EXPECT_EQ(result["copy_buttons"], result["candidate_sections"]);
  for (const char* target : {"pytorch", "numpy", "jax", "cpp", "cuda", "sympy", "latex"}) {
    EXPECT_NE(std::find(result["export_tabs"].begin(), result["export_tabs"].end(), target),
              result["export_tabs"].end())
        << target;
  }
  bool alpha = false;
  for (const auto& text : result["constants_text"]) alpha = alpha || text.get<std::string>() == "alpha = 0.25";
  EXPECT_TRUE(alpha) << result["constants_text"].dump();

  // Screenshots for people: the top of the report, and the whole of it.
  const fs::path top = screenshots() / "report.png", full = screenshots() / "report-full.png";
  const std::string url = " 'file://" + (dir_ / "report.html").string() + "' >/dev/null 2>&1";
  EXPECT_EQ(shell("chromium " + flags + "--window-size=1400,1800 --screenshot='" + top.string() + "'" + url).status, 0);
  EXPECT_EQ(shell("chromium " + flags + "--window-size=1400,7000 --screenshot='" + full.string() + "'" + url).status,
            0);
  EXPECT_GT(fs::file_size(top), 50'000u);
  EXPECT_GT(fs::file_size(full), 100'000u);
}

TEST_F(Report, ConstantsByNameInTablesCanonicalTextInJson) {
  ASSERT_EQ(run_status_, 0) << stderr_text();
  const auto table = actsearch("leaderboard --db small.db");
  ASSERT_EQ(table.status, 0);
  EXPECT_NE(table.out.find("relu(x) - alpha*relu(-x)  (alpha = 0.25)"), std::string::npos) << table.out;
  EXPECT_EQ(table.out.find("alpha=0.25"), std::string::npos);
  const auto markdown = actsearch("leaderboard --db small.db --format markdown");
  EXPECT_NE(markdown.out.find("alpha*relu(-x)  (alpha = 0.25)"), std::string::npos);
  const auto as_json = actsearch("leaderboard --db small.db --format json");
  EXPECT_NE(as_json.out.find("relu(x) - alpha=0.25*relu(-x)"), std::string::npos);
  const auto csv = actsearch("leaderboard --db small.db --format csv");
  EXPECT_NE(csv.out.find("alpha=0.25"), std::string::npos);

  // show: the function by name, the values listed, the canonical text too; learned constants per layer.
  const auto shown = actsearch("show 'relu(x) - alpha=0.25*relu(-x)' --db small.db");
  ASSERT_EQ(shown.status, 0) << stderr_text();
  EXPECT_NE(shown.out.find("function     relu(x) - alpha*relu(-x)"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("constants    alpha = 0.25"), std::string::npos);
  EXPECT_NE(shown.out.find("canonical    relu(x) - alpha=0.25*relu(-x)"), std::string::npos);
  EXPECT_NE(shown.out.find("layer 1"), std::string::npos) << "learned constants per layer";
}

TEST_F(Report, ExpressionsStartingWithMinusAreAccepted) {
  ASSERT_EQ(run_status_, 0) << stderr_text();
  const auto eval = actsearch("eval '-x*sigmoid(-x)' --json");
  ASSERT_EQ(eval.status, 0) << stderr_text();
  EXPECT_EQ(json::parse(eval.out)["input"], "-x*sigmoid(-x)");
  // Options still work around it, including one whose value starts with '-'.
  const auto at = actsearch("eval --at -2,-1 '-x' --json");
  ASSERT_EQ(at.status, 0) << stderr_text();
  EXPECT_EQ(json::parse(at.out)["points"].size(), 2u);
  EXPECT_EQ(json::parse(at.out)["points"][0]["y"], 2.0);
  const auto exported = actsearch("export '-tanh(x)' --to numpy");
  ASSERT_EQ(exported.status, 0) << stderr_text();
  EXPECT_NE(exported.out.find("tanh"), std::string::npos);
  // -tanh(-x) = tanh(x), which the campaign trained: found by its value.
  const auto shown = actsearch("show '-tanh(-x)' --db small.db --json");
  ASSERT_EQ(shown.status, 0) << stderr_text();
  EXPECT_EQ(json::parse(shown.out)["expr"], "tanh(x)");
  // A mistyped option is still an error, not an expression.
  EXPECT_NE(actsearch("eval 'x' --jsn").status, 0);
  EXPECT_NE(actsearch("eval '-x+' --json").status, 0);
  EXPECT_NE(stderr_text().find("^"), std::string::npos) << "the caret points into the expression";
}

TEST_F(Report, BadInputFailsClearlyAndLeavesTheDatabaseAsItWas) {
  ASSERT_EQ(run_status_, 0) << stderr_text();
  // No database: nothing is created.
  auto missing = actsearch("report --db nowhere.db -o nowhere.html");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(stderr_text().find("nowhere.db"), std::string::npos) << stderr_text();
  EXPECT_NE(stderr_text().find("no such database file"), std::string::npos) << stderr_text();
  EXPECT_FALSE(fs::exists(dir_ / "nowhere.db"));
  EXPECT_FALSE(fs::exists(dir_ / "nowhere.html"));

  const std::string before = read_file(dir_ / "small.db");
  auto no_campaign = actsearch("report --db small.db --campaign nope -o nope.html");
  EXPECT_EQ(no_campaign.status, 2);
  EXPECT_NE(stderr_text().find("no campaign named 'nope'"), std::string::npos) << stderr_text();
  EXPECT_FALSE(fs::exists(dir_ / "nope.html"));
  EXPECT_EQ(read_file(dir_ / "small.db"), before);

  // Corrupt: a file of noise, and a database cut in half (as if copied while it was being written).
  std::ofstream(dir_ / "noise.db", std::ios::binary) << std::string(16384, 'z');
  const std::string noise = read_file(dir_ / "noise.db");
  EXPECT_EQ(actsearch("report --db noise.db -o noise.html").status, 2);
  EXPECT_NE(stderr_text().find("noise.db"), std::string::npos) << stderr_text();
  EXPECT_NE(stderr_text().find("not a SQLite database, or corrupt"), std::string::npos) << stderr_text();
  EXPECT_EQ(read_file(dir_ / "noise.db"), noise);
  EXPECT_FALSE(fs::exists(dir_ / "noise.html"));

  std::ofstream(dir_ / "half.db", std::ios::binary) << before.substr(0, before.size() / 2);
  const std::string half = read_file(dir_ / "half.db");
  const auto cut = actsearch("report --db half.db -o half.html");
  EXPECT_NE(cut.status, 0);
  EXPECT_NE(stderr_text().find("half.db"), std::string::npos) << stderr_text();
  EXPECT_EQ(read_file(dir_ / "half.db"), half);
  EXPECT_FALSE(fs::exists(dir_ / "half.html"));
}

TEST_F(Report, ADatabaseBeingWrittenIsReadAsItsLastCommit) {
  ASSERT_EQ(run_status_, 0) << stderr_text();
  fs::copy_file(dir_ / "small.db", dir_ / "busy.db");
  auto writer = actsearch::db::Database::open(dir_ / "busy.db");
  ASSERT_TRUE(writer) << writer.error().describe();
  auto campaign = writer->find_campaign("small");
  ASSERT_TRUE(campaign && *campaign);
  // The writer holds an open write transaction with a change not yet committed while the report reads.
  std::string main_file_before, main_file_during;
  Output during;
  auto ok = writer->transaction([&]() -> actsearch::Expected<void> {
    if (auto set = writer->set_campaign_status((*campaign)->id, actsearch::db::CampaignStatus::Running); !set)
      return set;
    main_file_before = read_file(dir_ / "busy.db");
    during = actsearch("report --db busy.db -o busy.html");
    main_file_during = read_file(dir_ / "busy.db");
    return {};
  });
  ASSERT_TRUE(ok) << ok.error().describe() << " (the writer must not be disturbed)";
  EXPECT_EQ(during.status, 0) << stderr_text();
  EXPECT_EQ(main_file_during, main_file_before) << "the reader wrote nothing";
  const std::string page = read_file(dir_ / "busy.html");
  EXPECT_EQ(page.find("\"status\":\"running\""), std::string::npos) << "only committed data is shown";
  EXPECT_NE(page.find("\"status\":\"done\""), std::string::npos);
  auto status = writer->find_campaign("small");
  ASSERT_TRUE(status && *status);
  EXPECT_EQ((*status)->status, actsearch::db::CampaignStatus::Running) << "the writer's commit went through";
}

}  // namespace
