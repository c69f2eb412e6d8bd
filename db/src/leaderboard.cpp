// The leaderboard is computed here rather than in SQL: Student t quantiles and paired differences are
// awkward in SQL, and one indexed scan of the campaign's done rows is all the data it needs.
#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "database_impl.hpp"
#include "db/database.hpp"
#include "db/scoring.hpp"
#include "db/statistics.hpp"

namespace actsearch::db {
namespace {

using sqlite::Cursor;

struct Run {
  int stage;
  std::int64_t seed;
  RunOutcome outcome;
  double test;
};

struct Entry {
  LeaderboardRow row;
  std::vector<Run> runs;  // runs that count for fitness (done, diverged), any stage
  std::int64_t proposal_index = 0;
  int last_tried_stage = 0;
};

}  // namespace

Expected<std::vector<LeaderboardRow>> Database::leaderboard(std::int64_t campaign_id,
                                                            const LeaderboardOptions& options) {
  Impl& impl = *impl_;
  return impl.read_snapshot<std::vector<LeaderboardRow>>([&]() -> Expected<std::vector<LeaderboardRow>> {
    std::vector<Entry> entries;
    std::unordered_map<std::int64_t, std::size_t> index;

    auto links = impl.prepare(
        "SELECT cc.candidate_id, cc.origin, cc.baseline_name, cc.status, cc.penalty, k.expr, k.nearest, "
        "k.nearest_distance, k.complexity, cc.proposal_index, cc.learned_nearest, cc.learned_distance "
        "FROM campaign_candidates cc JOIN candidates k ON k.id = "
        "cc.candidate_id "
        "WHERE cc.campaign_id = ?1 AND cc.status <> 'rejected'");
    if (!links) return Unexpected{links.error()};
    {
      Cursor c(*links);
      c.bind(1, campaign_id);
      int rc;
      while ((rc = c.step()) == SQLITE_ROW) {
        Entry e;
        e.row.candidate_id = c.integer(0);
        e.row.baseline = c.text(1) == "baseline";
        e.row.baseline_name = c.text(2);
        const auto status = from_string<CandidateStatus>(c.text(3));
        if (!status)
          return impl.error("leaderboard", "table 'campaign_candidates', column 'status': unknown value '" + c.text(3) +
                                               "' (known: " + known_spellings<CandidateStatus>() + ")");
        e.row.status = *status;
        e.row.penalty = c.real(4);
        e.row.expr = c.text(5);
        e.row.nearest = c.text(6);
        e.row.distance = c.real(7);
        e.row.complexity = static_cast<int>(c.integer(8));
        e.proposal_index = c.integer(9);
        // Without a learned label (no trainable constants, or not trained) the learned likeness is the initial.
        const bool learned = !c.is_null(10);
        e.row.has_learned = learned;
        e.row.learned_nearest = learned ? c.text(10) : e.row.nearest;
        e.row.learned_distance = learned ? c.real(11) : e.row.distance;
        index.emplace(e.row.candidate_id, entries.size());
        entries.push_back(std::move(e));
      }
      if (rc != SQLITE_DONE) return impl.error("leaderboard: read the campaign's candidates");
    }

    // Served entirely by the covering index evaluations_leaderboard.
    auto done = impl.prepare(
        "SELECT candidate_id, stage, seed, val_accuracy, test_accuracy, status = 'diverged' FROM evaluations "
        "WHERE campaign_id = ?1 AND status IN ('done', 'diverged')");
    if (!done) return Unexpected{done.error()};
    {
      Cursor c(*done);
      c.bind(1, campaign_id);
      int rc;
      while ((rc = c.step()) == SQLITE_ROW) {
        auto it = index.find(c.integer(0));
        if (it == index.end()) continue;  // rejected, or evaluated without a campaign link
        const RunOutcome outcome{c.integer(5) != 0 ? EvalStatus::Diverged : EvalStatus::Done, c.real(3)};
        if (!counts_for_fitness(outcome)) continue;
        entries[it->second].runs.push_back({static_cast<int>(c.integer(1)), c.integer(2), outcome, c.real(4)});
      }
      if (rc != SQLITE_DONE) return impl.error("leaderboard: read the finished evaluations");
    }

    // The stage a candidate without a done run was tried at: only the (few) rows that are not done. Without
    // ANALYZE statistics the planner would pick the UNIQUE index and visit every row of the campaign.
    auto tried = impl.prepare(
        "SELECT candidate_id, MAX(stage) FROM evaluations INDEXED BY evaluations_leaderboard WHERE status IN "
        "('queued', 'running', 'failed', 'rejected') AND campaign_id = ?1 GROUP BY candidate_id");
    if (!tried) return Unexpected{tried.error()};
    {
      Cursor c(*tried);
      c.bind(1, campaign_id);
      int rc;
      while ((rc = c.step()) == SQLITE_ROW) {
        if (auto it = index.find(c.integer(0)); it != index.end()) {
          entries[it->second].last_tried_stage = static_cast<int>(c.integer(1));
        }
      }
      if (rc != SQLITE_DONE) return impl.error("leaderboard: read the stages tried");
    }

    // The reference baseline's accuracy by (stage, seed); the lowest candidate id wins a (misconfigured) tie.
    std::map<std::pair<int, std::int64_t>, double> reference;
    {
      const Entry* ref = nullptr;
      for (const Entry& e : entries) {
        if (!options.reference_baseline.empty() && e.row.baseline_name == options.reference_baseline &&
            (ref == nullptr || e.row.candidate_id < ref->row.candidate_id)) {
          ref = &e;
        }
      }
      if (ref != nullptr) {
        for (const Run& r : ref->runs) {
          if (r.outcome.status == EvalStatus::Done) reference[{r.stage, r.seed}] = r.outcome.val_accuracy;
        }
      }
    }

    std::vector<LeaderboardRow> rows;
    rows.reserve(entries.size());
    std::vector<double> values, tests, differences;
    CriticalValues critical(options.confidence);
    for (Entry& e : entries) {
      LeaderboardRow& row = e.row;
      if (e.runs.empty()) {
        row.stage = e.last_tried_stage;  // 0 when never tried
      } else {
        row.stage = std::max_element(e.runs.begin(), e.runs.end(), [](const Run& a, const Run& b) {
                      return a.stage < b.stage;
                    })->stage;
      }
      values.clear();
      tests.clear();
      differences.clear();
      StageScore score;
      for (const Run& r : e.runs) {
        if (r.stage != row.stage) continue;
        score.add(r.outcome);
        if (r.outcome.status != EvalStatus::Done) continue;
        values.push_back(r.outcome.val_accuracy);
        tests.push_back(r.test);
        if (auto it = reference.find({r.stage, r.seed}); it != reference.end())
          differences.push_back(r.outcome.val_accuracy - it->second);
      }
      const Summary s = summarize(values, critical);
      row.seeds = s.n;
      row.mean = s.mean;
      row.sd = s.sd;
      row.ci_low = s.ci_low;
      row.ci_high = s.ci_high;
      row.diverged = score.diverged;
      row.fitness = score.fitness(row.penalty);
      const Summary t = summarize(tests, critical);
      row.test_mean = t.mean;
      row.test_seeds = t.n;
      const Summary d = summarize(differences, critical);
      row.paired_seeds = d.n;
      row.delta_relu = d.mean;
      row.delta_ci_low = d.ci_low;
      row.delta_ci_high = d.ci_high;
      rows.push_back(std::move(row));
    }

    // Sort keys, not rows: rows carry several strings each.
    std::vector<std::pair<RankKey, std::size_t>> keys;
    keys.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      keys.push_back({RankKey{rows[i].fitness, rows[i].stage, entries[i].proposal_index, rows[i].candidate_id}, i});
    }
    std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return ranks_before(a.first, b.first); });
    std::size_t keep = keys.size();
    if (options.top > 0) keep = std::min(keep, static_cast<std::size_t>(options.top));
    std::vector<LeaderboardRow> ranked;
    ranked.reserve(keep);
    for (std::size_t i = 0; i < keep; ++i) {
      ranked.push_back(std::move(rows[keys[i].second]));
      ranked.back().rank = static_cast<int>(i + 1);
    }
    return ranked;
  });
}

}  // namespace actsearch::db
