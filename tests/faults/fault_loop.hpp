// The fault loop: one small real campaign (the spirals task, every step of the campaign loop: a new
// database and its migrations, proposals, a rejection, an equivalent, two rungs, the final round with the
// test split, learned likeness) run once with the k-th call of an injector failing, for every k of a run's
// calls or a seeded sample of them. After each run:
//   - it either stopped with an error that says what failed, or completed with the reference leaderboard;
//   - `PRAGMA integrity_check` passes;
//   - every evaluation seen finished before the fault (read after each one, by a second connection) is
//     still there, unchanged;
//   - resumed with the fault off, it ends with the leaderboard of an undisturbed run, and those
//     evaluations are still unchanged.
// ACTSEARCH_FAULT_SAMPLE=all runs every k (scripts/nightly.sh); a number N runs a sample of N.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "db/database.hpp"
#include "search/campaign/campaign.hpp"
#include "search/config/campaign_config.hpp"
#include "tests/common/temp_dir.hpp"

namespace actsearch::testing {

// What the loop needs of a fault: arm it at k (0: count only), disarm it, and the calls it counted.
class FaultInjector {
 public:
  virtual ~FaultInjector() = default;
  virtual std::string name() const = 0;
  virtual void arm(std::int64_t k) = 0;
  virtual void disarm() = 0;
  virtual std::int64_t calls() const = 0;
  virtual bool fired() const = 0;
  // What the k-th call answered, for messages.
  virtual std::string fault() const = 0;
  // Between suspend() and resume() calls are neither counted nor failed (the test's own checks).
  virtual void suspend() = 0;
  virtual void resume() = 0;
};

// Suspends an injector for as long as it lives; allocates nothing (it may run while allocations fail).
class Suspended {
 public:
  explicit Suspended(FaultInjector& injector) : injector_(injector) { injector_.suspend(); }
  ~Suspended() { injector_.resume(); }
  Suspended(const Suspended&) = delete;
  Suspended& operator=(const Suspended&) = delete;

 private:
  FaultInjector& injector_;
};

struct FaultCounts {
  std::int64_t calls = 0;  // counted in the undisturbed run
  int tried = 0, injected = 0, past_the_end = 0, clean_stops = 0, completed = 0;
  int unclear_errors = 0, wrong_completions = 0, integrity_failures = 0, lost_evaluations = 0;
  int changed_evaluations = 0, resume_failures = 0, differing_leaderboards = 0;
};

inline std::string describe(const std::string& name, const FaultCounts& c) {
  std::ostringstream out;
  out << name << ": " << c.calls << " calls in the undisturbed run, " << c.tried << " runs with a fault; "
      << "faults injected " << c.injected << " (past the run's end " << c.past_the_end << "), clean stops "
      << c.clean_stops << ", completed " << c.completed << ", unclear errors " << c.unclear_errors
      << ", wrong completions " << c.wrong_completions << ", integrity failures " << c.integrity_failures
      << ", lost evaluations " << c.lost_evaluations << ", changed evaluations " << c.changed_evaluations
      << ", failed resumes " << c.resume_failures << ", differing leaderboards " << c.differing_leaderboards;
  return out.str();
}

inline std::string fault_campaign_text() {
  const auto task = (std::filesystem::path(ACTSEARCH_SOURCE_DIR) / "configs/tasks/spirals-small.yaml").string();
  return "name: faults\nseed: 5\nworkers: 1\ntask: " + task + R"(
strategy:
  kind: list
  batch: 3
  expressions: [tanh(x), x*sigmoid(beta*x), 'max(x, sin(x))', -tanh(x), exp(exp(x)), sigmoid(x)*x]
fidelity:
  rungs:
    - {train_examples: 200, epochs: 1, seeds: 1}
    - {train_examples: 300, epochs: 1, seeds: 2, keep: 0.5}
  final: {top: 2, seeds: 2, epochs: 1, test: true}
baselines: [relu]
)";
}

// (candidate, stage, seed) -> validation accuracy and loss, of the finished evaluations.
using Finished = std::map<std::tuple<std::int64_t, int, std::uint64_t>, std::pair<double, double>>;

inline Finished finished_in(const std::filesystem::path& file) {
  Finished out;
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return out;
  auto database = db::Database::open(file, db::OpenMode::ReadOnly);
  if (!database) return out;  // still being created or migrated
  auto campaign = database->find_campaign("faults");
  if (!campaign || !*campaign) return out;
  auto evaluations = database->evaluations((*campaign)->id);
  if (!evaluations) return out;
  for (const auto& e : *evaluations) {
    if (e.status == db::EvalStatus::Done || e.status == db::EvalStatus::Diverged ||
        e.status == db::EvalStatus::Failed) {
      out[{e.candidate_id, e.stage, e.seed}] = {e.val_accuracy, e.val_loss};
    }
  }
  return out;
}

// The leaderboard, one line per row with every figure at full precision ("" when unreadable).
inline std::string leaderboard_of(const std::filesystem::path& file) {
  auto database = db::Database::open(file, db::OpenMode::ReadOnly);
  if (!database) return "cannot open: " + database.error().describe();
  auto campaign = database->find_campaign("faults");
  if (!campaign || !*campaign) return "no campaign";
  auto board = database->leaderboard((*campaign)->id);
  if (!board) return "no leaderboard: " + board.error().describe();
  std::ostringstream out;
  out.precision(17);
  for (const auto& r : *board) {
    out << r.rank << ' ' << r.expr << ' ' << r.stage << ' ' << r.seeds << ' ' << r.diverged << ' ' << r.mean << ' '
        << r.sd << ' ' << r.fitness << ' ' << r.test_mean << ' ' << r.test_seeds << ' ' << r.learned_nearest << ' '
        << r.learned_distance << ' ' << static_cast<int>(r.status) << '\n';
  }
  return out.str();
}

inline std::string integrity_of(const std::filesystem::path& file) {
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    const std::string message = raw != nullptr ? sqlite3_errmsg(raw) : "cannot open";
    sqlite3_close(raw);
    return message;
  }
  std::string out;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(raw, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK) {
    while (sqlite3_step(stmt) == SQLITE_ROW) out += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  } else {
    out = sqlite3_errmsg(raw);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
  return out;
}

// The k values to try: all of 1..calls, or `sample` of them drawn with a fixed seed (always the first
// and the last call among them).
inline std::vector<std::int64_t> fault_points(std::int64_t calls, int default_sample) {
  const char* env = std::getenv("ACTSEARCH_FAULT_SAMPLE");
  const std::string setting = env != nullptr ? env : "";
  std::vector<std::int64_t> points;
  const std::int64_t sample = setting == "all" ? calls : setting.empty() ? default_sample : std::stoll(setting);
  if (sample >= calls) {
    for (std::int64_t k = 1; k <= calls; ++k) points.push_back(k);
    return points;
  }
  std::set<std::int64_t> chosen{1, calls};
  std::mt19937_64 random(29);
  std::uniform_int_distribution<std::int64_t> any(1, calls);
  while (static_cast<std::int64_t>(chosen.size()) < sample) chosen.insert(any(random));
  return {chosen.begin(), chosen.end()};
}

inline FaultCounts run_fault_loop(FaultInjector& injector, int default_sample) {
  namespace fs = std::filesystem;
  FaultCounts counts;
  auto parsed = search::parse_campaign_config(fault_campaign_text(), "");
  EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : parsed.error().describe());
  if (!parsed) return counts;
  const search::CampaignConfig& config = *parsed;
  TempDir dir;

  // The reference: undisturbed, counting the calls. A first run makes what a process sets up once
  // (SQLite's caches, the data set's first load), so that the count is that of every later run.
  if (auto warm_up = search::run_campaign(config, {.database = dir.path() / "warm-up.db"}); !warm_up) {
    ADD_FAILURE() << warm_up.error().describe();
    return counts;
  }
  const fs::path reference_file = dir.path() / "reference.db";
  Finished seen;
  search::RunOptions reference_options;
  reference_options.database = reference_file;
  reference_options.on_progress = [&](const search::Progress&) {  // as in the runs below
    const Suspended paused(injector);
    seen = finished_in(reference_file);
  };
  injector.arm(0);
  auto reference = search::run_campaign(config, reference_options);
  injector.disarm();
  counts.calls = injector.calls();
  EXPECT_TRUE(reference.has_value()) << (reference ? "" : reference.error().describe());
  if (!reference) return counts;
  const std::string expected_board = leaderboard_of(reference_file);
  EXPECT_GE(reference->evaluations_trained, 10);

  for (const std::int64_t k : fault_points(counts.calls, default_sample)) {
    ++counts.tried;
    const std::string at = injector.name() + " fault at call " + std::to_string(k);
    const fs::path file = dir.path() / ("k" + std::to_string(k) + ".db");
    Finished known;  // finished before the fault, as a second connection saw them
    search::RunOptions options;
    options.database = file;
    options.on_progress = [&](const search::Progress&) {
      if (injector.fired()) return;
      const Suspended paused(injector);
      known = finished_in(file);
    };
    injector.arm(k);
    auto run = search::run_campaign(config, options);
    injector.disarm();
    const Suspended paused(injector);
    const bool fired = injector.fired();
    counts.injected += fired ? 1 : 0;
    // Allocations vary by a few between runs (lengths of paths and messages), so a k near the end may
    // fall past a run's last call: then the run must have been undisturbed.
    if (!fired) {
      ++counts.past_the_end;
      EXPECT_LT(injector.calls(), k) << at << ": counted up to k but did not fail";
      EXPECT_TRUE(run.has_value()) << at << ": stopped without a fault";
    }
    const std::string fault = fired ? injector.fault() : "nothing";
    if (!run) {
      ++counts.clean_stops;
      const std::string message = run.error().describe();
      if (message.find(file.filename().string()) == std::string::npos && message.find("memory") == std::string::npos) {
        ++counts.unclear_errors;
        ADD_FAILURE() << at << " (" << fault << "): the error names neither the database nor memory: " << message;
      }
    } else {
      ++counts.completed;
      if (leaderboard_of(file) != expected_board) {
        ++counts.wrong_completions;
        ADD_FAILURE() << at << " (" << fault << "): completed with another leaderboard:\n"
                      << leaderboard_of(file) << "expected:\n"
                      << expected_board;
      }
    }
    auto check_known = [&](const std::string& when) {
      const Finished now = finished_in(file);
      for (const auto& [key, values] : known) {
        auto it = now.find(key);
        if (it == now.end()) {
          ++counts.lost_evaluations;
          ADD_FAILURE() << at << " (" << fault << "): an evaluation finished before the fault is gone " << when;
        } else if (it->second != values) {
          ++counts.changed_evaluations;
          ADD_FAILURE() << at << " (" << fault << "): an evaluation finished before the fault changed " << when;
        }
      }
    };
    std::error_code ec;
    if (fs::exists(file, ec)) {
      if (const std::string integrity = integrity_of(file); integrity != "ok") {
        ++counts.integrity_failures;
        ADD_FAILURE() << at << " (" << fault << "): integrity_check: " << integrity;
      }
      check_known("after it");
    }

    // Resumed with the fault off: the undisturbed run's leaderboard, and nothing finished lost.
    auto resumed = search::run_campaign(config, {.database = file});
    if (!resumed) {
      ++counts.resume_failures;
      ADD_FAILURE() << at << " (" << fault << "): the resume failed: " << resumed.error().describe();
    } else if (const std::string board = leaderboard_of(file); board != expected_board) {
      ++counts.differing_leaderboards;
      ADD_FAILURE() << at << " (" << fault << "): the resumed leaderboard differs:\n"
                    << board << "expected:\n"
                    << expected_board;
    }
    check_known("after the resume");
    if (const std::string integrity = integrity_of(file); integrity != "ok") {
      ++counts.integrity_failures;
      ADD_FAILURE() << at << " (" << fault << "): integrity_check after the resume: " << integrity;
    }
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file.string() + suffix, ec);
  }
  return counts;
}

}  // namespace actsearch::testing
