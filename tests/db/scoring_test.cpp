// The scoring rule of db/scoring.hpp exists once: its SQL spellings compute what its C++ functions compute
// (row by row, with missing and non-finite values), the current `leaderboard` view is written with them,
// and the view agrees with Database::leaderboard on a campaign full of edge cases. Released migration
// steps are pinned by their hashes: databases in the field were built by them.
#include "db/scoring.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "common/hash.hpp"
#include "db/database.hpp"
#include "db/spellings.hpp"
#include "db/src/schema.hpp"
#include "helpers.hpp"
#include "tests/common/leaderboard_view.hpp"

namespace actsearch::db::scoring_rule_test {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr EvalStatus kAllStatuses[] = {EvalStatus::Queued, EvalStatus::Running,  EvalStatus::Done,
                                       EvalStatus::Failed, EvalStatus::Diverged, EvalStatus::Rejected};

// A private in-memory SQLite database: the SQL spellings evaluated on their own.
class Sql {
 public:
  Sql() { EXPECT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK); }
  ~Sql() { sqlite3_close(db_); }
  Sql(const Sql&) = delete;
  Sql& operator=(const Sql&) = delete;

  void exec(const std::string& sql) {
    EXPECT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db_) << "\n"
                                                                                    << sql;
  }
  // One statement with `values` bound as REALs (NaN binds NULL, as the library writes it).
  void run(const std::string& sql, const std::vector<double>& values, const std::string& text = "") {
    sqlite3_stmt* stmt = prepare(sql);
    int index = 1;
    if (!text.empty()) sqlite3_bind_text(stmt, index++, text.c_str(), -1, SQLITE_TRANSIENT);
    for (double v : values) {
      if (std::isnan(v)) {
        sqlite3_bind_null(stmt, index++);
      } else {
        sqlite3_bind_double(stmt, index++, v);
      }
    }
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_DONE) << sqlite3_errmsg(db_);
    sqlite3_finalize(stmt);
  }
  // Every row of a query, each column read as a double (NULL as NaN).
  std::vector<std::vector<double>> rows(const std::string& sql) {
    sqlite3_stmt* stmt = prepare(sql);
    std::vector<std::vector<double>> out;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      auto& row = out.emplace_back();
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
        row.push_back(sqlite3_column_type(stmt, c) == SQLITE_NULL ? kNaN : sqlite3_column_double(stmt, c));
      }
    }
    sqlite3_finalize(stmt);
    return out;
  }

 private:
  sqlite3_stmt* prepare(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db_) << "\n"
                                                                                   << sql;
    return stmt;
  }
  sqlite3* db_ = nullptr;
};

// NaN matches NaN (NULL), an infinity only itself, finite values to 1e-12 (SQLite may sum in another order).
bool same(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  if (!std::isfinite(a) || !std::isfinite(b)) return a == b;
  return std::abs(a - b) <= 1e-12;
}

// Every status with an accuracy, none (NaN: stored NULL), 0 and both infinities.
std::vector<RunOutcome> every_kind_of_run() {
  std::vector<RunOutcome> runs;
  for (EvalStatus status : kAllStatuses) {
    for (double accuracy : {0.7, 0.0, kNaN, kInf, -kInf}) runs.push_back({status, accuracy});
  }
  return runs;
}

void store_runs(Sql& sql, std::span<const RunOutcome> runs, int group) {
  for (const RunOutcome& run : runs) {
    sql.run("INSERT INTO evaluations (grp, status, val_accuracy) VALUES (" + std::to_string(group) + ", ?1, ?2)",
            {run.val_accuracy}, std::string(to_string(run.status)));
  }
}

TEST(ScoringSql, CountedAndScoredRunsAgreeRowByRow) {
  Sql sql;
  sql.exec("CREATE TABLE evaluations (id INTEGER PRIMARY KEY, grp INTEGER, status TEXT, val_accuracy REAL)");
  const std::vector<RunOutcome> runs = every_kind_of_run();
  store_runs(sql, runs, 0);
  const auto rows =
      sql.rows("SELECT " + std::string(sql::kCountsForFitness) + ", CASE WHEN " + std::string(sql::kCountsForFitness) +
               " THEN " + std::string(sql::kScoredAccuracy) + " END FROM evaluations ORDER BY id");
  ASSERT_EQ(rows.size(), runs.size());
  int counted = 0;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const std::string what = std::string(to_string(runs[i].status)) + " " + std::to_string(runs[i].val_accuracy);
    EXPECT_EQ(rows[i][0] != 0, counts_for_fitness(runs[i])) << what;
    EXPECT_TRUE(same(rows[i][1], scored_accuracy(runs[i]))) << what << ": " << rows[i][1];
    counted += counts_for_fitness(runs[i]) ? 1 : 0;
  }
  EXPECT_EQ(counted, 4 + 5);  // done with an accuracy (4 of 5), diverged with any (5)
}

TEST(ScoringSql, FitnessAgreesOnEveryStage) {
  using enum EvalStatus;
  struct Stage {
    std::vector<RunOutcome> runs;
    double penalty;
  };
  const std::vector<Stage> stages = {
      {{{Done, 0.8}, {Diverged, kNaN}, {Done, 0.6}, {Failed, 0.99}}, 0.1},
      {{{Done, 0.8}, {Done, kNaN}}, 0.0},  // a done run without an accuracy does not count
      {{{Diverged, 0.9}}, 0.0},            // diverged counts as 0 whatever it recorded
      {{{Failed, 0.9}, {Queued, 0.9}, {Running, 0.9}, {Rejected, 0.9}}, 0.0},  // nothing counts
      {{}, 0.0},                                                               // nothing at all
      {{{Done, 0.5}}, kNaN},                                                   // no penalty: no fitness
      {{{Done, 0.5}}, kInf},
      {{{Done, kInf}, {Done, 0.5}}, 0.0},
      {{{Done, kInf}, {Done, -kInf}}, 0.0},  // they cancel: no fitness
      {{{Done, kInf}}, kInf},                // so do these
      {{{Done, -kInf}, {Diverged, kNaN}}, 0.2},
  };
  Sql sql;
  sql.exec("CREATE TABLE evaluations (id INTEGER PRIMARY KEY, grp INTEGER, status TEXT, val_accuracy REAL)");
  sql.exec("CREATE TABLE penalties (grp INTEGER PRIMARY KEY, penalty REAL)");
  for (std::size_t g = 0; g < stages.size(); ++g) {
    store_runs(sql, stages[g].runs, static_cast<int>(g));
    sql.run("INSERT INTO penalties (grp, penalty) VALUES (" + std::to_string(g) + ", ?1)", {stages[g].penalty});
  }
  // The view's shape: counted runs, their sums per stage, then the fitness next to the penalty.
  const auto rows =
      sql.rows("WITH counted AS (SELECT grp, " + std::string(sql::kScoredAccuracy) +
               " AS scored FROM evaluations WHERE " + std::string(sql::kCountsForFitness) +
               "), sums AS (SELECT grp, SUM(scored) AS scored_sum, COUNT(*) AS counted FROM counted GROUP BY grp) "
               "SELECT p.grp, " +
               std::string(sql::kFitness) + " FROM penalties p LEFT JOIN sums USING (grp) ORDER BY p.grp");
  ASSERT_EQ(rows.size(), stages.size());
  for (std::size_t g = 0; g < stages.size(); ++g) {
    const double expected = fitness_of(stages[g].runs, stages[g].penalty);
    EXPECT_TRUE(same(rows[g][1], expected)) << "stage " << g << ": SQL " << rows[g][1] << ", C++ " << expected;
  }
  EXPECT_NEAR(rows[0][1], 1.4 / 3 - 0.1, 1e-15);
}

TEST(ScoringSql, RankOrderAgrees) {
  // Ties on every key, missing and infinite fitness, higher stages without a fitness.
  const std::vector<RankKey> keys = {
      {0.5, 0, 3, 10},  {0.5, 0, 1, 11},  {0.5, 0, 1, 9},   {0.9, 0, 4, 12},   {kNaN, 2, 5, 13}, {kNaN, 0, 0, 14},
      {kNaN, 2, 2, 15}, {0.1, 1, 6, 16},  {kInf, 0, 7, 17}, {-kInf, 1, 8, 18}, {-kInf, 1, 8, 8}, {0.2, 2, 9, 19},
      {kInf, 0, 0, 20}, {kNaN, 1, 1, 21}, {0.0, 1, 1, 22},  {-0.0, 1, 1, 7},
  };
  Sql sql;
  sql.exec("CREATE TABLE keys (fitness REAL, stage INTEGER, proposal_index INTEGER, candidate_id INTEGER)");
  for (const RankKey& k : keys) {
    sql.run("INSERT INTO keys VALUES (?1, " + std::to_string(k.stage) + ", " + std::to_string(k.proposal_index) + ", " +
                std::to_string(k.candidate_id) + ")",
            {k.fitness});
  }
  std::vector<RankKey> expected = keys;
  std::sort(expected.begin(), expected.end(), ranks_before);
  const auto rows = sql.rows("SELECT candidate_id FROM keys ORDER BY " + std::string(sql::kRankOrder));
  ASSERT_EQ(rows.size(), expected.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(static_cast<std::int64_t>(rows[i][0]), expected[i].candidate_id) << "position " << i + 1;
  }
}

using ScoringView = testing::TempDir;

// A database as the library creates it has the view of the latest step that recreates it; that view must
// spell today's rules. When a rule of db/scoring.hpp changes, this fails until a new migration step
// recreates the view with the new spelling.
TEST_F(ScoringView, TheCurrentViewIsWrittenWithTheRules) {
  const auto path = file("fresh.db");
  ASSERT_TRUE(Database::open(path));
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw, "SELECT sql FROM sqlite_schema WHERE name = 'leaderboard'", -1, &stmt, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  const std::string view = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
  for (std::string_view rule : {sql::kCountsForFitness, sql::kScoredAccuracy, sql::kFitness, sql::kRankOrder}) {
    EXPECT_NE(view.find(rule), std::string::npos) << "the view does not spell " << rule << ":\n" << view;
  }
}

// Released steps are never edited (old databases must upgrade exactly as they always did): each one's
// length and FNV-1a hash as it was released. A new step adds its line when it is released.
TEST(ScoringMigrations, ReleasedStepsAreUnchanged) {
  struct Released {
    int version;
    std::size_t length;
    std::string_view hash;
  };
  constexpr Released kReleased[] = {
      {1, 2755, "4ec37094c05d00aa"}, {2, 526, "833e173400657a96"},  {3, 1975, "0c4c1755f0154dd7"},
      {4, 2488, "fdf520203266e949"}, {5, 110, "9319b70574094808"},  {6, 4060, "ba67b841c676191a"},
      {7, 315, "54c2b88287606aaf"},  {8, 2774, "51141e5bc478aaec"}, {9, 76, "a5f902ee8e018311"},
  };
  const auto steps = schema::migrations();
  ASSERT_EQ(steps.size(), std::size(kReleased));
  for (std::size_t i = 0; i < steps.size(); ++i) {
    EXPECT_EQ(steps[i].version, kReleased[i].version);
    EXPECT_EQ(steps[i].sql.size(), kReleased[i].length) << "version " << steps[i].version;
    EXPECT_EQ(hash::fnv1a_hex(steps[i].sql), kReleased[i].hash) << "version " << steps[i].version;
  }
}

class ScoringCampaign : public testing::TempDir {
 protected:
  void SetUp() override {
    TempDir::SetUp();
    auto opened = Database::open(file("edge.db"));
    ASSERT_TRUE(opened) << opened.error().describe();
    db_.emplace(std::move(*opened));
    campaign_ = db_->create_campaign("edge", "", "", 1)->id;
  }
  void TearDown() override {
    db_.reset();
    TempDir::TearDown();
  }
  std::int64_t add(const std::string& expr, double penalty = 0, CandidateStatus status = CandidateStatus::Evaluated) {
    const auto id = db_->upsert_candidate(testing::candidate(expr))->id;
    EXPECT_TRUE(db_->upsert_campaign_candidate(
        {campaign_, id, CandidateOrigin::Strategy, "", ++proposals_, status, "", penalty}));
    return id;
  }
  void run(std::int64_t candidate, int stage, EvalStatus status, double accuracy, double test = kNaN) {
    EvaluationRecord e = testing::done(campaign_, candidate, stage, ++seed_, accuracy, test);
    e.status = status;
    ASSERT_TRUE(db_->record_evaluation(e));
  }

  std::optional<Database> db_;
  std::int64_t campaign_ = 0;
  std::int64_t proposals_ = 0;
  std::uint64_t seed_ = 0;
};

TEST_F(ScoringCampaign, TheViewAgreesWithTheLibraryOnMissingAndNonFiniteValues) {
  using enum EvalStatus;
  const auto plain = add("plain");
  run(plain, 1, Done, 0.5, 0.79);
  run(plain, 1, Done, 0.75);
  run(plain, 0, Done, 0.99);    // a lower stage does not count
  const auto tie = add("tie");  // the same fitness, proposed later
  run(tie, 1, Done, 0.625);
  const auto half_diverged = add("half_diverged");
  run(half_diverged, 1, Done, 0.9);
  run(half_diverged, 1, Diverged, 0.95);  // counts as 0 whatever it recorded
  const auto no_accuracy = add("no_accuracy");
  run(no_accuracy, 1, Done, kNaN);  // done without an accuracy: counts nowhere
  run(no_accuracy, 0, Done, 0.4);
  const auto only_errors = add("only_errors");
  for (EvalStatus status : {Failed, Queued, Running, Rejected}) run(only_errors, 2, status, 0.99);
  const auto no_penalty = add("no_penalty", kNaN);  // stored NULL: no fitness
  run(no_penalty, 2, Done, 0.7);
  const auto cancelling = add("cancelling");  // +inf and -inf: no fitness, at the highest stage
  run(cancelling, 3, Done, kInf);
  run(cancelling, 3, Done, -kInf);
  const auto infinite = add("infinite");
  run(infinite, 0, Done, kInf);
  const auto sunk = add("sunk", kInf);
  run(sunk, 1, Done, 0.5);
  const auto diverged_only = add("diverged_only");
  run(diverged_only, 2, Diverged, kNaN);
  const auto rejected = add("rejected", 0, CandidateStatus::Rejected);
  run(rejected, 3, Done, 1.0);
  add("never_run");

  auto board = db_->leaderboard(campaign_);
  ASSERT_TRUE(board) << board.error().describe();
  ASSERT_EQ(board->size(), 11u);  // every candidate but the rejected one
  // The rule's order, spelled out: fitness first (by stage, then fitness, then proposal), then the rest.
  std::vector<std::string> order;
  for (const auto& row : *board) order.push_back(row.expr);
  EXPECT_EQ(order, (std::vector<std::string>{"diverged_only", "plain", "tie", "half_diverged", "sunk", "infinite",
                                             "no_accuracy", "cancelling", "only_errors", "no_penalty", "never_run"}));
  actsearch::testing::expect_view_matches_library(file("edge.db"), "edge", *board);
}

}  // namespace
}  // namespace actsearch::db::scoring_rule_test
