// The HTML report of a campaign database at scale: 100k evaluations (20k candidates over three
// successive-halving rungs, the shape of db_leaderboard_bench's database, here with real expressions,
// probes, likeness, aliases, per-epoch metrics and learned constants). Times writing the report and
// opening it in headless Chromium, and prints the file size. Targets: written in < 5 s, open in < 3 s.
//
//   report_bench [candidates=20000] [repeats=3]
//   report_bench --database FILE [--campaign NAME]   (an existing database, e.g. one kept by
//                                                     ACTSEARCH_BENCH_KEEP=1 db_leaderboard_bench)
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "common/timing.hpp"
#include "db/database.hpp"
#include "report/html.hpp"

namespace {

using actsearch::Expected;
using namespace actsearch;
namespace fs = std::filesystem;

using actsearch::bench::check;

// A campaign like a real one: the baselines, then candidates g(x) op k*h(x) with distinct texts.
void build_database(const fs::path& file, int n_candidates) {
  auto db = check(db::Database::open(file), "open");
  const std::string config = "name: bench\nstrategy: {kind: random, budget: " + std::to_string(n_candidates) +
                             "}\nfidelity:\n  rungs:\n    - {train_examples: 10000, epochs: 1, seeds: 3}\n"
                             "    - {train_examples: 30000, epochs: 2, seeds: 5}\n  final: {top: 1500, seeds: 10}\n";
  const auto campaign = check(db.create_campaign("bench", config, "0", 1), "create_campaign").id;
  const char* unary[] = {"tanh", "sin", "atan", "sigmoid", "softsign", "erf", "asinh", "relu", "elu", "softplus"};
  const char* binary[] = {"+", "-", "*"};
  const char* probes[] = {"curvature_sign_changes",
                          "dead_fraction",
                          "forward_variance_ratio",
                          "gradient_norm_ratio",
                          "max_slope",
                          "mean",
                          "mean_slope",
                          "near_linearity",
                          "non_finite",
                          "second_moment",
                          "slope_second_moment"};
  const char* known[] = {"relu",      "leaky_relu",   "prelu",      "elu",      "selu",         "gelu",
                         "gelu_tanh", "swish",        "mish",       "softplus", "sigmoid",      "tanh",
                         "softsign",  "hard_sigmoid", "hard_swish", "relu6",    "squared_relu", "identity"};
  const std::vector<std::pair<std::string, std::string>> baselines = {
      {"relu", "relu(x)"}, {"swish", "silu(x)"}, {"gelu", "gelu(x)"}};

  std::mt19937_64 rng(12345);
  std::normal_distribution<double> quality(0.0, 0.02), noise(0.0, 0.005);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<std::int64_t> ids;
  std::vector<double> base;
  std::vector<bool> trainable;
  check(db.transaction([&]() -> Expected<void> {
    for (int i = 0; i < n_candidates; ++i) {
      db::CandidateRecord c;
      c.fingerprint = fmt::format("{:016x}", rng());
      const bool is_baseline = i < static_cast<int>(baselines.size());
      if (is_baseline) {
        c.expr = baselines[i].second;
      } else {
        const int k = i / 300 + 1;  // distinct texts for every candidate
        c.expr = i % 11 == 0
                     ? fmt::format("x*sigmoid(beta={}*x)", 0.5 + 0.001 * (i % 1000))
                     : fmt::format("{}(x) {} {}*{}(x)", unary[i % 10], binary[(i / 10) % 3], k, unary[(i / 30) % 10]);
      }
      c.complexity = 2 + i % 7;
      c.nearest = known[i % 18];
      c.nearest_distance = 0.01 + 0.5 * unit(rng);
      auto stored = db.upsert_candidate(c);
      if (!stored) return fail(stored.error());
      db::CampaignCandidate link{campaign, stored->id,
                                 is_baseline ? db::CandidateOrigin::Baseline : db::CandidateOrigin::Strategy,
                                 is_baseline ? baselines[i].first : "", i};
      link.status = db::CandidateStatus::Evaluated;
      if (auto ok = db.upsert_campaign_candidate(link); !ok) return ok;
      if (auto ok = db.add_alias(stored->id, c.expr); !ok) return ok;
      if (i % 3 == 0) {
        if (auto ok = db.add_alias(stored->id, "(" + c.expr + ")"); !ok) return ok;
      }
      std::vector<std::pair<std::string, double>> p, l;
      for (const char* name : probes) p.emplace_back(name, unit(rng));
      for (const char* name : known) l.emplace_back(name, unit(rng));
      if (auto ok = db.set_probes(stored->id, p); !ok) return ok;
      if (auto ok = db.set_likeness(stored->id, l); !ok) return ok;
      ids.push_back(stored->id);
      base.push_back(0.85 + quality(rng));
      trainable.push_back(i % 11 == 0 && !is_baseline);
    }
    return {};
  }),
        "insert candidates");

  // Successive halving as in db_leaderboard_bench: 3 seeds each at stage 0, the best quarter with 5 at
  // stage 1, the best 1,500 with 10 at stage 2; the baselines always go up.
  std::vector<std::size_t> order(ids.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin() + baselines.size(), order.end(),
            [&](std::size_t a, std::size_t b) { return base[a] > base[b]; });
  const std::size_t rung1 = order.size() / 4, rung2 = std::min<std::size_t>(order.size(), 1500);
  struct Planned {
    std::size_t candidate;
    int stage;
    std::uint64_t seed;
  };
  std::vector<Planned> plan;
  for (std::size_t i = 0; i < order.size(); ++i) {
    for (std::uint64_t s = 1; s <= 3; ++s) plan.push_back({order[i], 0, s});
  }
  for (std::size_t i = 0; i < rung1; ++i) {
    for (std::uint64_t s = 1; s <= 5; ++s) plan.push_back({order[i], 1, s});
  }
  for (std::size_t i = 0; i < rung2; ++i) {
    for (std::uint64_t s = 1; s <= 10; ++s) plan.push_back({order[i], 2, s});
  }
  std::shuffle(plan.begin(), plan.begin() + static_cast<long>(3 * order.size()), rng);  // finishing order
  constexpr std::size_t kBatch = 2000;
  for (std::size_t from = 0; from < plan.size(); from += kBatch) {
    check(db.transaction([&]() -> Expected<void> {
      for (std::size_t i = from; i < std::min(plan.size(), from + kBatch); ++i) {
        const Planned& p = plan[i];
        db::EvaluationRecord e;
        e.campaign_id = campaign;
        e.candidate_id = ids[p.candidate];
        e.stage = p.stage;
        e.seed = p.seed;
        e.status = p.candidate % 97 == 5 ? db::EvalStatus::Diverged : db::EvalStatus::Done;
        e.epochs = 1 + p.stage;
        e.train_examples = p.stage == 0 ? 10000 : p.stage == 1 ? 30000 : 60000;
        std::string epochs = "[";
        for (int k = 1; k <= e.epochs; ++k) {
          epochs += fmt::format(
              "{}{{\"epoch\":{},\"train_loss\":{:.4f},\"val_loss\":{:.4f},\"val_accuracy\":{:.4f},"
              "\"seconds\":1.5}}",
              k > 1 ? "," : "", k, 0.6 / k, 0.65 / k, base[p.candidate] - 0.02 / k);
        }
        e.epoch_metrics_json = epochs + "]";
        if (e.status == db::EvalStatus::Done) {
          e.val_accuracy = base[p.candidate] + 0.01 * p.stage + noise(rng);
          e.test_accuracy = e.val_accuracy - 0.003;
          e.val_loss = 0.4;
          if (trainable[p.candidate]) {
            e.learned_params_json = fmt::format("[[{:.3f}],[{:.3f}],[{:.3f}]]", 1 + 0.1 * unit(rng),
                                                0.9 + 0.1 * unit(rng), 0.8 + 0.1 * unit(rng));
          }
        }
        e.wall_seconds = 1.5 * e.epochs;
        e.device = "cpu(16 threads)";
        if (auto ok = db.record_evaluation(e); !ok) return ok;
      }
      return {};
    }),
          "record evaluations");
  }
  check(db.set_campaign_status(campaign, db::CampaignStatus::Done), "status");
  fmt::print("built {}: {} candidates, {} evaluations (stages 0/1/2: {}/{}/{} runs), {:.1f} MiB\n", file.string(),
             ids.size(), plan.size(), 3 * order.size(), 5 * rung1, 10 * rung2, fs::file_size(file) / 1048576.0);
}

// Opens the report in headless Chromium twice: once taking a screenshot (the wall time of the whole
// process, browser start included: what opening the file costs) and once dumping the DOM, from which
// `page_ms` (navigation start to the report's script having built the page) and `ready` (no script
// error) are read.
double open_in_chromium(const fs::path& html, double& page_ms, bool& ready) {
  const fs::path dom = html.parent_path() / "dom.html", png = html.parent_path() / "report.png";
  const std::string url = "file://" + fs::absolute(html).string();
  const std::string flags = "--headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,1000";
  const timing::Stopwatch clock;
  const int shot =
      std::system(fmt::format("chromium {} --screenshot='{}' '{}' >/dev/null 2>&1", flags, png.string(), url).c_str());
  const double seconds = clock.seconds();
  const int dumped =
      std::system(fmt::format("chromium {} --dump-dom '{}' > '{}' 2>/dev/null", flags, url, dom.string()).c_str());
  std::ifstream in(dom);
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  ready = shot == 0 && dumped == 0 && fs::exists(png) && text.find("data-report-ready=\"yes\"") != std::string::npos;
  page_ms = -1;
  if (const auto at = text.find("data-built-ms=\""); at != std::string::npos)
    page_ms = std::atof(text.c_str() + at + 15);
  return seconds;
}

}  // namespace

int main(int argc, char** argv) {
  int n_candidates = 20000, repeats = 3;
  fs::path database;
  std::string campaign;
  std::vector<int> numbers;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--database" && i + 1 < argc) {
      database = argv[++i];
    } else if (arg == "--campaign" && i + 1 < argc) {
      campaign = argv[++i];
    } else {
      numbers.push_back(std::atoi(argv[i]));
    }
  }
  if (!numbers.empty()) n_candidates = numbers[0];
  if (numbers.size() > 1) repeats = std::max(1, numbers[1]);
  std::string dir_template = (fs::temp_directory_path() / "actsearch_report_bench_XXXXXX").string();
  if (mkdtemp(dir_template.data()) == nullptr) return 1;
  const fs::path dir = dir_template;
  if (database.empty()) {
    database = dir / "bench.db";
    build_database(database, n_candidates);
  }
  const fs::path html = dir / "report.html";
  std::vector<double> write_s;
  for (int r = 0; r < repeats; ++r) {
    // Each repeat opens its own read-only connection, as `actsearch report` and the refresher do.
    const timing::Stopwatch clock;
    auto reader = check(db::Database::open(database, db::OpenMode::ReadOnly), "open read-only");
    check(report::write_report(reader, {.campaign = campaign}, html), "write_report");
    write_s.push_back(clock.seconds());
  }
  std::vector<double> sorted = write_s;
  std::sort(sorted.begin(), sorted.end());
  fmt::print("report of {}:\n", database.string());
  fmt::print("  open + read snapshot + render + write: {:.2f} s (median of {}; each: {})\n", sorted[sorted.size() / 2],
             repeats, fmt::join(write_s, " "));
  fmt::print("  file size: {:.2f} MiB ({} bytes)\n", fs::file_size(html) / 1048576.0, fs::file_size(html));
  std::vector<double> open_s, page_ms;
  bool all_ready = true;
  for (int r = 0; r < repeats; ++r) {
    double ms = 0;
    bool ready = false;
    open_s.push_back(open_in_chromium(html, ms, ready));
    page_ms.push_back(ms);
    all_ready = all_ready && ready;
  }
  // The peer: the same command on an empty page, i.e. what starting the browser alone costs.
  const fs::path empty = dir / "empty.html";
  std::ofstream(empty) << "<!DOCTYPE html><html><body></body></html>";
  std::vector<double> empty_s;
  for (int r = 0; r < repeats; ++r) {
    double ms = 0;
    bool ready = false;
    empty_s.push_back(open_in_chromium(empty, ms, ready));
  }
  std::sort(empty_s.begin(), empty_s.end());
  std::sort(open_s.begin(), open_s.end());
  std::sort(page_ms.begin(), page_ms.end());
  fmt::print(
      "  headless Chromium: navigation start to page built {:.0f} ms (median of {}); page built without "
      "script errors: {}\n",
      page_ms[page_ms.size() / 2], repeats, all_ready ? "yes" : "NO");
  fmt::print(
      "  whole chromium process (start, load, script, paint, screenshot): report {:.2f} s, empty page {:.2f} s "
      "(medians of {})\n",
      open_s[open_s.size() / 2], empty_s[empty_s.size() / 2], repeats);
  if (std::getenv("ACTSEARCH_BENCH_KEEP") != nullptr) {
    fmt::print("  kept: {}\n", dir.string());
  } else {
    fs::remove_all(dir);
  }
  return all_ready ? 0 : 1;
}
