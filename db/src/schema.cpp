// Every change to the schema is a new step at the end of this list; released steps are never edited,
// because databases in the field were built by them. Steps run with foreign_keys=ON, so a future step that
// rebuilds a table must not rely on switching them off inside its transaction (SQLite ignores that).
#include "schema.hpp"

#include <array>

namespace actsearch::db::schema {
namespace {

// Version 1: the core tables.
constexpr std::string_view kCoreTables = R"sql(
PRAGMA application_id = 1094931539;

CREATE TABLE campaigns (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  config_text TEXT NOT NULL,
  config_hash TEXT NOT NULL,
  seed        INTEGER NOT NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  status      TEXT NOT NULL DEFAULT 'created'
);

CREATE TABLE candidates (
  id               INTEGER PRIMARY KEY,
  fingerprint      TEXT NOT NULL UNIQUE,
  expr             TEXT NOT NULL,
  latex            TEXT NOT NULL DEFAULT '',
  complexity       INTEGER NOT NULL DEFAULT 0,
  finite           INTEGER NOT NULL DEFAULT 1 CHECK (finite IN (0, 1)),
  nearest          TEXT,
  nearest_distance REAL,
  created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);

CREATE TABLE probes (
  candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  value        REAL,
  PRIMARY KEY (candidate_id, name)
) WITHOUT ROWID;

CREATE TABLE campaign_candidates (
  campaign_id    INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  candidate_id   INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  origin         TEXT NOT NULL CHECK (origin IN ('baseline', 'strategy', 'list')),
  baseline_name  TEXT,
  proposal_index INTEGER NOT NULL DEFAULT 0,
  status         TEXT NOT NULL DEFAULT 'proposed'
                 CHECK (status IN ('proposed', 'rejected', 'evaluated', 'eliminated', 'final')),
  reject_reason  TEXT,
  penalty        REAL DEFAULT 0,
  PRIMARY KEY (campaign_id, candidate_id)
);

CREATE TABLE evaluations (
  id             INTEGER PRIMARY KEY,
  campaign_id    INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  candidate_id   INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  stage          INTEGER NOT NULL,
  seed           INTEGER NOT NULL,
  status         TEXT NOT NULL DEFAULT 'queued'
                 CHECK (status IN ('queued', 'running', 'done', 'failed', 'diverged', 'rejected')),
  train_examples INTEGER NOT NULL DEFAULT 0,
  epochs         INTEGER NOT NULL DEFAULT 0,
  val_accuracy   REAL,
  val_loss       REAL,
  train_loss     REAL,
  test_accuracy  REAL,
  test_loss      REAL,
  wall_seconds   REAL,
  steps          INTEGER NOT NULL DEFAULT 0,
  epoch_metrics  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(epoch_metrics)),
  learned_params TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(learned_params)),
  message        TEXT NOT NULL DEFAULT '',
  device         TEXT NOT NULL DEFAULT '',
  updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  UNIQUE (campaign_id, candidate_id, stage, seed)
);
)sql";

// Version 2: every spelling of a candidate, and its distance to every known activation (version 1 kept
// only the nearest one, which becomes the first likeness entry).
constexpr std::string_view kAliasesAndLikeness = R"sql(
CREATE TABLE aliases (
  candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  text         TEXT NOT NULL,
  UNIQUE (candidate_id, text)
);

CREATE TABLE likeness (
  candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  known        TEXT NOT NULL,
  distance     REAL,
  PRIMARY KEY (candidate_id, known)
) WITHOUT ROWID;

INSERT INTO likeness (candidate_id, known, distance)
  SELECT id, nearest, nearest_distance FROM candidates WHERE nearest IS NOT NULL AND nearest <> '';
)sql";

// Version 3: indexes for the leaderboard and per-candidate look-ups, and the leaderboard view.
// evaluations_leaderboard covers every read of done rows (the library's per-campaign scan, the view's
// scan of all campaigns, in (campaign, candidate, stage) order, so GROUP BY needs no sort) and the requeue
// of running rows; the UNIQUE index already serves per-(campaign, candidate) access.
//
// The view: per (campaign, candidate), the highest stage with a done evaluation; seeds/mean/test over the
// done rows there, sd in a second pass (one-pass sums of squares lose digits on accuracies that share
// their leading digits). agg relies on SQLite's documented rule that the bare columns of a MAX() aggregate
// come from the row holding the maximum.
constexpr std::string_view kIndexesAndLeaderboard = R"sql(
CREATE INDEX evaluations_leaderboard
  ON evaluations (status, campaign_id, candidate_id, stage, seed, val_accuracy, test_accuracy);
CREATE INDEX evaluations_by_candidate ON evaluations (candidate_id);
CREATE INDEX campaign_candidates_by_candidate ON campaign_candidates (candidate_id);

CREATE VIEW leaderboard AS
WITH per_stage AS (
  SELECT campaign_id, candidate_id, stage, COUNT(val_accuracy) AS seeds, AVG(val_accuracy) AS mean,
         COUNT(test_accuracy) AS test_seeds, AVG(test_accuracy) AS test_mean
  FROM evaluations WHERE status = 'done'
  GROUP BY campaign_id, candidate_id, stage
), agg AS (
  SELECT campaign_id, candidate_id, MAX(stage) AS stage, seeds, mean, test_seeds, test_mean
  FROM per_stage GROUP BY campaign_id, candidate_id
), spread AS (
  SELECT a.campaign_id, a.candidate_id,
         CASE WHEN a.seeds > 1
              THEN sqrt(SUM((e.val_accuracy - a.mean) * (e.val_accuracy - a.mean)) / (a.seeds - 1)) END AS sd
  FROM agg a JOIN evaluations e
    ON e.status = 'done' AND e.campaign_id = a.campaign_id AND e.candidate_id = a.candidate_id
       AND e.stage = a.stage
  GROUP BY a.campaign_id, a.candidate_id
)
SELECT
  ROW_NUMBER() OVER (PARTITION BY a.campaign_id
                     ORDER BY (a.mean - cc.penalty) IS NULL, a.stage DESC, a.mean - cc.penalty DESC,
                              a.candidate_id) AS rank,
  c.name AS campaign,
  a.campaign_id,
  a.candidate_id,
  k.expr,
  cc.origin = 'baseline' AS baseline,
  cc.baseline_name,
  a.stage,
  a.seeds,
  a.mean,
  s.sd,
  cc.penalty,
  a.mean - cc.penalty AS fitness,
  a.test_seeds,
  a.test_mean,
  k.nearest,
  k.nearest_distance,
  k.complexity,
  cc.status
FROM agg a
JOIN spread s ON s.campaign_id = a.campaign_id AND s.candidate_id = a.candidate_id
JOIN campaign_candidates cc ON cc.campaign_id = a.campaign_id AND cc.candidate_id = a.candidate_id
JOIN candidates k ON k.id = a.candidate_id
JOIN campaigns c ON c.id = a.campaign_id
WHERE cc.status <> 'rejected';
)sql";

// Version 4: the view follows db/scoring.hpp, the one definition of fitness and rank: a diverged run
// counts as accuracy 0, the stage is the highest with a done or diverged run, ties go to the earlier
// proposal. seeds/mean/sd stay over the done runs of that stage. tests/db/scoring_test.cpp holds the view
// equal to Database::leaderboard.
constexpr std::string_view kScoredLeaderboard = R"sql(
DROP VIEW leaderboard;

CREATE VIEW leaderboard AS
WITH counted AS (
  SELECT campaign_id, candidate_id, stage, status, val_accuracy, test_accuracy,
         CASE WHEN status = 'diverged' THEN 0.0 ELSE val_accuracy END AS scored
  FROM evaluations
  WHERE (status = 'done' AND val_accuracy IS NOT NULL) OR status = 'diverged'
), top_stage AS (
  SELECT campaign_id, candidate_id, MAX(stage) AS stage FROM counted GROUP BY campaign_id, candidate_id
), agg AS (
  SELECT t.campaign_id, t.candidate_id, t.stage,
         COUNT(*) AS counted,
         SUM(c.status = 'diverged') AS diverged,
         SUM(c.scored) AS scored_sum,
         COUNT(CASE WHEN c.status = 'done' THEN 1 END) AS seeds,
         AVG(CASE WHEN c.status = 'done' THEN c.val_accuracy END) AS mean,
         COUNT(CASE WHEN c.status = 'done' THEN c.test_accuracy END) AS test_seeds,
         AVG(CASE WHEN c.status = 'done' THEN c.test_accuracy END) AS test_mean
  FROM top_stage t
  JOIN counted c ON c.campaign_id = t.campaign_id AND c.candidate_id = t.candidate_id AND c.stage = t.stage
  GROUP BY t.campaign_id, t.candidate_id
), spread AS (
  SELECT a.campaign_id, a.candidate_id,
         CASE WHEN a.seeds > 1
              THEN sqrt(SUM(CASE WHEN c.status = 'done' THEN (c.val_accuracy - a.mean) * (c.val_accuracy - a.mean) END)
                        / (a.seeds - 1)) END AS sd
  FROM agg a
  JOIN counted c ON c.campaign_id = a.campaign_id AND c.candidate_id = a.candidate_id AND c.stage = a.stage
  GROUP BY a.campaign_id, a.candidate_id
), scored AS (
  SELECT a.*, s.sd, cc.penalty, cc.proposal_index, cc.origin, cc.baseline_name, cc.status,
         a.scored_sum / a.counted - cc.penalty AS fitness
  FROM agg a
  JOIN spread s ON s.campaign_id = a.campaign_id AND s.candidate_id = a.candidate_id
  JOIN campaign_candidates cc ON cc.campaign_id = a.campaign_id AND cc.candidate_id = a.candidate_id
  WHERE cc.status <> 'rejected'
)
SELECT
  ROW_NUMBER() OVER (PARTITION BY x.campaign_id
                     ORDER BY x.stage DESC, x.fitness DESC, x.proposal_index, x.candidate_id) AS rank,
  c.name AS campaign,
  x.campaign_id,
  x.candidate_id,
  k.expr,
  x.origin = 'baseline' AS baseline,
  x.baseline_name,
  x.stage,
  x.seeds,
  x.diverged,
  x.mean,
  x.sd,
  x.penalty,
  x.fitness,
  x.test_seeds,
  x.test_mean,
  k.nearest,
  k.nearest_distance,
  k.complexity,
  x.status,
  x.proposal_index
FROM scored x
JOIN candidates k ON k.id = x.candidate_id
JOIN campaigns c ON c.id = x.campaign_id;
)sql";

// Where each run was trained: the host and the MPI rank of the worker (NULL rank: trained in the
// process that owns the database). Rows written before this step have both NULL.
constexpr int kWorkerPlacementVersion = 5;
constexpr std::string_view kWorkerPlacement = R"sql(
ALTER TABLE evaluations ADD COLUMN worker_host TEXT;
ALTER TABLE evaluations ADD COLUMN worker_rank INTEGER;
)sql";

// Version 6: functions a network cannot tell apart, and likeness at learned constants.
//  - candidates.equivalence: the key of the class {±phi(±x)} (expr/equivalence.hpp); NULL for rows stored
//    before this version.
//  - equivalents: per campaign, a candidate that was not trained because a member of its class was (the
//    representative), with the reflection taking the representative to it.
//  - learned_likeness: per campaign, candidate and hidden layer, the learned constants (mean over the seeds
//    of the candidate's last stage) and the nearest known activation there; campaign_candidates carries the
//    label over layers (the median distance). The view gains learned_nearest/learned_distance, equal to
//    nearest/nearest_distance for candidates without a learned label.
constexpr std::string_view kEquivalenceAndLearnedLikeness = R"sql(
ALTER TABLE candidates ADD COLUMN equivalence TEXT;
CREATE INDEX candidates_by_equivalence ON candidates (equivalence);

CREATE TABLE equivalents (
  campaign_id       INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  candidate_id      INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  representative_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  reflection        TEXT NOT NULL CHECK (reflection IN ('negated_output', 'negated_input', 'negated_both')),
  proposal_text     TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (campaign_id, candidate_id),
  CHECK (candidate_id <> representative_id)
);
CREATE INDEX equivalents_by_representative ON equivalents (campaign_id, representative_id);

CREATE TABLE learned_likeness (
  campaign_id  INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  layer        INTEGER NOT NULL CHECK (layer >= 0),
  stage        INTEGER NOT NULL,
  seeds        INTEGER NOT NULL,
  params       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(params)),
  nearest      TEXT,
  distance     REAL,
  PRIMARY KEY (campaign_id, candidate_id, layer)
) WITHOUT ROWID;

ALTER TABLE campaign_candidates ADD COLUMN learned_nearest TEXT;
ALTER TABLE campaign_candidates ADD COLUMN learned_distance REAL;

DROP VIEW leaderboard;

CREATE VIEW leaderboard AS
WITH counted AS (
  SELECT campaign_id, candidate_id, stage, status, val_accuracy, test_accuracy,
         CASE WHEN status = 'diverged' THEN 0.0 ELSE val_accuracy END AS scored
  FROM evaluations
  WHERE (status = 'done' AND val_accuracy IS NOT NULL) OR status = 'diverged'
), top_stage AS (
  SELECT campaign_id, candidate_id, MAX(stage) AS stage FROM counted GROUP BY campaign_id, candidate_id
), agg AS (
  SELECT t.campaign_id, t.candidate_id, t.stage,
         COUNT(*) AS counted,
         SUM(c.status = 'diverged') AS diverged,
         SUM(c.scored) AS scored_sum,
         COUNT(CASE WHEN c.status = 'done' THEN 1 END) AS seeds,
         AVG(CASE WHEN c.status = 'done' THEN c.val_accuracy END) AS mean,
         COUNT(CASE WHEN c.status = 'done' THEN c.test_accuracy END) AS test_seeds,
         AVG(CASE WHEN c.status = 'done' THEN c.test_accuracy END) AS test_mean
  FROM top_stage t
  JOIN counted c ON c.campaign_id = t.campaign_id AND c.candidate_id = t.candidate_id AND c.stage = t.stage
  GROUP BY t.campaign_id, t.candidate_id
), spread AS (
  SELECT a.campaign_id, a.candidate_id,
         CASE WHEN a.seeds > 1
              THEN sqrt(SUM(CASE WHEN c.status = 'done' THEN (c.val_accuracy - a.mean) * (c.val_accuracy - a.mean) END)
                        / (a.seeds - 1)) END AS sd
  FROM agg a
  JOIN counted c ON c.campaign_id = a.campaign_id AND c.candidate_id = a.candidate_id AND c.stage = a.stage
  GROUP BY a.campaign_id, a.candidate_id
), scored AS (
  SELECT a.*, s.sd, cc.penalty, cc.proposal_index, cc.origin, cc.baseline_name, cc.status, cc.learned_nearest,
         cc.learned_distance,
         a.scored_sum / a.counted - cc.penalty AS fitness
  FROM agg a
  JOIN spread s ON s.campaign_id = a.campaign_id AND s.candidate_id = a.candidate_id
  JOIN campaign_candidates cc ON cc.campaign_id = a.campaign_id AND cc.candidate_id = a.candidate_id
  WHERE cc.status <> 'rejected'
)
SELECT
  ROW_NUMBER() OVER (PARTITION BY x.campaign_id
                     ORDER BY x.stage DESC, x.fitness DESC, x.proposal_index, x.candidate_id) AS rank,
  c.name AS campaign,
  x.campaign_id,
  x.candidate_id,
  k.expr,
  x.origin = 'baseline' AS baseline,
  x.baseline_name,
  x.stage,
  x.seeds,
  x.diverged,
  x.mean,
  x.sd,
  x.penalty,
  x.fitness,
  x.test_seeds,
  x.test_mean,
  k.nearest,
  k.nearest_distance,
  COALESCE(x.learned_nearest, k.nearest) AS learned_nearest,
  CASE WHEN x.learned_nearest IS NULL THEN k.nearest_distance ELSE x.learned_distance END AS learned_distance,
  k.complexity,
  x.status,
  x.proposal_index
FROM scored x
JOIN candidates k ON k.id = x.candidate_id
JOIN campaigns c ON c.id = x.campaign_id;
)sql";

// Version 7: the learned distance to every known activation, not only the nearest one's. A criterion such
// as "within 0.05 of Swish, GELU or Mish" must see a function 0.04 from Mish whose nearest neighbour at its
// learned constants is softplus (0.03). Per campaign and candidate: the median over hidden layers of the
// distance at each layer's learned constants, one row per known activation with a finite median; written
// with the label (set_learned_likeness); upgraded files have no rows until their campaign is run again.
constexpr std::string_view kLearnedDistances = R"sql(
CREATE TABLE learned_distances (
  campaign_id  INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  known        TEXT NOT NULL,
  distance     REAL NOT NULL,
  PRIMARY KEY (campaign_id, candidate_id, known)
) WITHOUT ROWID;
)sql";

// Version 8: the view ranks candidates without a fitness (NULL: a NULL penalty, or infinite accuracies
// that cancel) after every candidate with one, as ranks_before does; versions 4 and 6 ranked them by stage
// first. Written with the SQL spellings of db/scoring.hpp (namespace sql), copied as they were then.
// The rank is numbered in a CTE of its own, over the scored rows alone.
constexpr std::string_view kLeaderboardRanksMissingFitnessLast = R"sql(
DROP VIEW leaderboard;

CREATE VIEW leaderboard AS
WITH counted AS (
  SELECT campaign_id, candidate_id, stage, status, val_accuracy, test_accuracy,
         CASE WHEN status = 'diverged' THEN 0.0 ELSE val_accuracy END AS scored
  FROM evaluations
  WHERE (status = 'done' AND val_accuracy IS NOT NULL) OR status = 'diverged'
), top_stage AS (
  SELECT campaign_id, candidate_id, MAX(stage) AS stage FROM counted GROUP BY campaign_id, candidate_id
), agg AS (
  SELECT t.campaign_id, t.candidate_id, t.stage,
         COUNT(*) AS counted,
         SUM(c.status = 'diverged') AS diverged,
         SUM(c.scored) AS scored_sum,
         COUNT(CASE WHEN c.status = 'done' THEN 1 END) AS seeds,
         AVG(CASE WHEN c.status = 'done' THEN c.val_accuracy END) AS mean,
         COUNT(CASE WHEN c.status = 'done' THEN c.test_accuracy END) AS test_seeds,
         AVG(CASE WHEN c.status = 'done' THEN c.test_accuracy END) AS test_mean
  FROM top_stage t
  JOIN counted c ON c.campaign_id = t.campaign_id AND c.candidate_id = t.candidate_id AND c.stage = t.stage
  GROUP BY t.campaign_id, t.candidate_id
), spread AS (
  SELECT a.campaign_id, a.candidate_id,
         CASE WHEN a.seeds > 1
              THEN sqrt(SUM(CASE WHEN c.status = 'done' THEN (c.val_accuracy - a.mean) * (c.val_accuracy - a.mean) END)
                        / (a.seeds - 1)) END AS sd
  FROM agg a
  JOIN counted c ON c.campaign_id = a.campaign_id AND c.candidate_id = a.candidate_id AND c.stage = a.stage
  GROUP BY a.campaign_id, a.candidate_id
), scored AS (
  SELECT a.*, s.sd, cc.penalty, cc.proposal_index, cc.origin, cc.baseline_name, cc.status, cc.learned_nearest,
         cc.learned_distance,
         scored_sum / counted - penalty AS fitness
  FROM agg a
  JOIN spread s ON s.campaign_id = a.campaign_id AND s.candidate_id = a.candidate_id
  JOIN campaign_candidates cc ON cc.campaign_id = a.campaign_id AND cc.candidate_id = a.candidate_id
  WHERE cc.status <> 'rejected'
), ranked AS (
  SELECT *,
         ROW_NUMBER() OVER (PARTITION BY campaign_id
                            ORDER BY fitness IS NULL, stage DESC, fitness DESC, proposal_index, candidate_id) AS rank
  FROM scored
)
SELECT
  x.rank,
  c.name AS campaign,
  x.campaign_id,
  x.candidate_id,
  k.expr,
  x.origin = 'baseline' AS baseline,
  x.baseline_name,
  x.stage,
  x.seeds,
  x.diverged,
  x.mean,
  x.sd,
  x.penalty,
  x.fitness,
  x.test_seeds,
  x.test_mean,
  k.nearest,
  k.nearest_distance,
  COALESCE(x.learned_nearest, k.nearest) AS learned_nearest,
  CASE WHEN x.learned_nearest IS NULL THEN k.nearest_distance ELSE x.learned_distance END AS learned_distance,
  k.complexity,
  x.status,
  x.proposal_index
FROM ranked x
JOIN candidates k ON k.id = x.candidate_id
JOIN campaigns c ON c.id = x.campaign_id;
)sql";

// Version 9: a campaign stores its fully resolved configuration as data (search/config/resolved.hpp): a
// JSON object with every value, defaults filled in, and the fingerprint of the data it loaded. '' for a
// campaign created before, until it is resumed.
constexpr std::string_view kResolvedConfiguration = R"sql(
ALTER TABLE campaigns ADD COLUMN resolved_config TEXT NOT NULL DEFAULT '';
)sql";

constexpr std::array<Migration, 9> kMigrations{{
    {1, "core tables", kCoreTables},
    {2, "aliases and likeness", kAliasesAndLikeness},
    {3, "leaderboard indexes and view", kIndexesAndLeaderboard},
    {4, "leaderboard view follows the scoring module", kScoredLeaderboard},
    {kWorkerPlacementVersion, "evaluations record the host and rank that trained them", kWorkerPlacement},
    {6, "equivalence classes and likeness at learned constants", kEquivalenceAndLearnedLikeness},
    {7, "learned distance to every known activation", kLearnedDistances},
    {8, "leaderboard view ranks candidates without a fitness last", kLeaderboardRanksMissingFitnessLast},
    {9, "campaigns store their resolved configuration", kResolvedConfiguration},
}};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

}  // namespace actsearch::db::schema
