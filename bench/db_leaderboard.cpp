// Campaign database at scale: 100k evaluations (20k candidates over three successive-halving rungs),
// insert throughput and leaderboard query time, next to the same ranking through the sqlite3 shell's
// `leaderboard` view.
//
//   db_leaderboard_bench [candidates=20000]     (ACTSEARCH_BENCH_KEEP=1 keeps the database file)
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "common/timing.hpp"
#include "db/database.hpp"

namespace {

using actsearch::Expected;
using namespace actsearch::db;

using actsearch::bench::check;

// Median wall time in milliseconds of `repeats` leaderboard queries.
double time_leaderboard(Database& db, std::int64_t campaign, int top, int repeats, std::size_t& rows) {
  std::vector<double> ms;
  for (int i = 0; i < repeats; ++i) {
    LeaderboardOptions options;
    options.top = top;
    const actsearch::timing::Stopwatch clock;
    rows = check(db.leaderboard(campaign, options), "leaderboard").size();
    ms.push_back(1e3 * clock.seconds());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

// Runs the sqlite3 shell with .timer on; returns the best "Run Time: real" of `repeats` runs in ms, or a
// negative value when the shell is not available.
double time_cli(const std::filesystem::path& file, const std::string& sql, int repeats, std::size_t& rows) {
  std::string script;
  for (int i = 0; i < repeats; ++i) script += sql + "\n";
  const auto script_path = file.parent_path() / "query.sql";
  if (FILE* f = std::fopen(script_path.c_str(), "w")) {
    std::fputs(script.c_str(), f);
    std::fclose(f);
  }
  const std::string command =
      fmt::format("sqlite3 -readonly -cmd '.timer on' '{}' < '{}' 2>&1", file.string(), script_path.string());
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return -1;
  char line[4096];
  double best = -1;
  std::size_t lines = 0;
  while (std::fgets(line, sizeof line, pipe) != nullptr) {
    double real = 0;
    if (std::sscanf(line, "Run Time: real %lf", &real) == 1) {
      if (best < 0 || real * 1e3 < best) best = real * 1e3;
    } else {
      ++lines;
    }
  }
  if (pclose(pipe) != 0) return -1;
  rows = lines / static_cast<std::size_t>(repeats);
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const int n_candidates = argc > 1 ? std::atoi(argv[1]) : 20000;
  std::string dir_template = (std::filesystem::temp_directory_path() / "actsearch_db_bench_XXXXXX").string();
  if (mkdtemp(dir_template.data()) == nullptr) return 1;
  const std::filesystem::path dir = dir_template;
  const auto file = dir / "bench.db";

  auto db = check(Database::open(file), "open");
  const auto campaign = check(db.create_campaign("bench", "space: core", "0", 1), "create_campaign").id;

  // Candidates and their campaign links, one transaction.
  std::mt19937_64 rng(12345);
  std::normal_distribution<double> quality(0.0, 0.02), noise(0.0, 0.005);
  std::vector<std::int64_t> ids;
  std::vector<double> base;
  actsearch::timing::Stopwatch clock;
  check(db.transaction([&]() -> Expected<void> {
    for (int i = 0; i < n_candidates; ++i) {
      CandidateRecord c;
      c.fingerprint = fmt::format("{:016x}", rng());
      c.expr = fmt::format("f{}(x)", i);
      c.complexity = 2 + i % 7;
      c.nearest = i % 2 ? "swish" : "relu";
      c.nearest_distance = 0.1 + 0.001 * (i % 100);
      auto stored = db.upsert_candidate(c);
      if (!stored) return actsearch::fail(stored.error());
      CampaignCandidate link{campaign, stored->id, i == 0 ? CandidateOrigin::Baseline : CandidateOrigin::Strategy,
                             i == 0 ? "relu" : "", i};
      if (auto ok = db.upsert_campaign_candidate(link); !ok) return ok;
      ids.push_back(stored->id);
      base.push_back(0.85 + quality(rng));
    }
    return {};
  }),
        "insert candidates");
  const double candidate_seconds = clock.seconds();

  // Successive halving: every candidate at stage 0 with 3 seeds; the best quarter at stage 1 with 5 seeds;
  // the best 1,500 at stage 2 with 10 seeds (the reference baseline is always promoted).
  struct Planned {
    std::size_t candidate;
    int stage;
    std::uint64_t seed;
  };
  std::vector<Planned> plan;
  std::vector<std::size_t> order(ids.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin() + 1, order.end(), [&](std::size_t a, std::size_t b) { return base[a] > base[b]; });
  const std::size_t rung1 = order.size() / 4, rung2 = std::min<std::size_t>(order.size(), 1500);
  for (std::size_t i = 0; i < order.size(); ++i) {
    for (std::uint64_t s = 1; s <= 3; ++s) plan.push_back({order[i], 0, s});
  }
  for (std::size_t i = 0; i < rung1; ++i) {
    for (std::uint64_t s = 1; s <= 5; ++s) plan.push_back({order[i], 1, s});
  }
  for (std::size_t i = 0; i < rung2; ++i) {
    for (std::uint64_t s = 1; s <= 10; ++s) plan.push_back({order[i], 2, s});
  }
  auto make = [&](const Planned& p) {
    EvaluationRecord e;
    e.campaign_id = campaign;
    e.candidate_id = ids[p.candidate];
    e.stage = p.stage;
    e.seed = p.seed;
    e.status = p.candidate % 97 == 5 ? EvalStatus::Diverged : EvalStatus::Done;
    if (e.status == EvalStatus::Done) {
      e.val_accuracy = base[p.candidate] + 0.01 * p.stage + noise(rng);
      e.test_accuracy = e.val_accuracy - 0.003;
    }
    e.train_examples = 60000;
    e.epochs = 1 + p.stage;
    e.epoch_metrics_json = R"([{"epoch":1,"val_accuracy":0.8}])";
    e.device = "cpu";
    return e;
  };

  // A campaign commits each result as it finishes; bulk loads batch them.
  const std::size_t single = std::min<std::size_t>(5000, plan.size());
  clock.restart();
  for (std::size_t i = 0; i < single; ++i) check(db.record_evaluation(make(plan[i])), "record_evaluation");
  const double single_seconds = clock.seconds();
  clock.restart();
  constexpr std::size_t kBatch = 1000;
  for (std::size_t from = single; from < plan.size(); from += kBatch) {
    check(db.transaction([&]() -> Expected<void> {
      for (std::size_t i = from; i < std::min(plan.size(), from + kBatch); ++i) {
        if (auto ok = db.record_evaluation(make(plan[i])); !ok) return ok;
      }
      return {};
    }),
          "record batch");
  }
  const double batch_seconds = clock.seconds();
  const std::size_t batched = plan.size() - single;

  fmt::print("campaign database benchmark: {} candidates, {} evaluations (stages 0/1/2: {}/{}/{} runs)\n", ids.size(),
             plan.size(), 3 * order.size(), 5 * rung1, 10 * rung2);
  fmt::print("  insert candidates + links (1 transaction): {:9.0f} candidates/s\n", ids.size() / candidate_seconds);
  fmt::print("  record_evaluation, one commit each ({:>5}): {:9.0f} evaluations/s\n", single, single / single_seconds);
  fmt::print("  record_evaluation, {} per transaction ({}): {:9.0f} evaluations/s\n", kBatch, batched,
             batched / batch_seconds);

  // What a resume reads first: every evaluation of the campaign.
  {
    std::vector<double> ms;
    std::size_t read = 0;
    for (int r = 0; r < 7; ++r) {
      const actsearch::timing::Stopwatch read_clock;
      read = check(db.evaluations(campaign), "evaluations").size();
      ms.push_back(1e3 * read_clock.seconds());
    }
    std::sort(ms.begin(), ms.end());
    fmt::print("  evaluations() of the campaign:              {:8.1f} ms (median of 7, {} rows)\n", ms[3], read);
  }

  std::size_t rows = 0;
  const double top_ms = time_leaderboard(db, campaign, 20, 7, rows);
  fmt::print("  leaderboard() top-20 (writer connection):   {:8.1f} ms (median of 7, {} rows)\n", top_ms, rows);
  const double full_ms = time_leaderboard(db, campaign, 0, 7, rows);
  fmt::print("  leaderboard() full   (writer connection):   {:8.1f} ms (median of 7, {} rows)\n", full_ms, rows);
  {
    auto reader = check(Database::open(file, OpenMode::ReadOnly), "open read-only");
    const double reader_ms = time_leaderboard(reader, campaign, 20, 7, rows);
    fmt::print("  leaderboard() top-20 (read-only connection): {:7.1f} ms (median of 7, {} rows)\n", reader_ms, rows);
  }
  const auto best = check(db.leaderboard(campaign, {.top = 1}), "leaderboard");

  // The shell, on the view. Checkpoint first so that the shell reads the main file, as it would after a run.
  db = check(Database::open(dir / "other.db"), "reopen");  // closes (and checkpoints) the benchmark file
  const std::string top_sql =
      "SELECT rank, candidate_id, expr, stage, seeds, printf('%.4f', mean), printf('%.4f', fitness) "
      "FROM leaderboard WHERE campaign_id = 1 ORDER BY rank LIMIT 20;";
  const std::string full_sql = "SELECT * FROM leaderboard WHERE campaign_id = 1 ORDER BY rank;";
  std::size_t cli_rows = 0;
  const double cli_top = time_cli(file, top_sql, 5, cli_rows);
  if (cli_top < 0) {
    fmt::print("  sqlite3 shell: not available\n");
  } else {
    fmt::print("  sqlite3 shell, view, top-20:                 {:7.1f} ms (best of 5, {} rows)\n", cli_top, cli_rows);
    const double cli_full = time_cli(file, full_sql, 3, cli_rows);
    fmt::print("  sqlite3 shell, view, full:                   {:7.1f} ms (best of 3, {} rows)\n", cli_full, cli_rows);
  }
  if (!best.empty()) {
    fmt::print("  rank 1: candidate {} '{}' stage {} seeds {} mean {:.4f} [{:.4f}, {:.4f}] vs relu {:+.4f}\n",
               best[0].candidate_id, best[0].expr, best[0].stage, best[0].seeds, best[0].mean, best[0].ci_low,
               best[0].ci_high, best[0].delta_relu);
  }
  fmt::print("  file size: {:.1f} MiB\n", std::filesystem::file_size(file) / 1048576.0);
  if (std::getenv("ACTSEARCH_BENCH_KEEP") != nullptr) {
    fmt::print("  kept: {}\n", file.string());
  } else {
    std::filesystem::remove_all(dir);
  }
  return 0;
}
