// What the HTML report shows, read from the database in one read transaction.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/expected.hpp"
#include "db/database.hpp"
#include "report/report_options.hpp"
#include "search/config/campaign_config.hpp"

namespace actsearch::report {

// A paired difference against one baseline, as leaderboard() reports it for its reference baseline.
struct PairedDelta {
  double delta = db::kNaN, low = db::kNaN, high = db::kNaN;
  int pairs = 0;
};

struct CandidateDetail {
  db::CandidateRecord candidate;
  std::vector<std::string> aliases;
  std::vector<std::pair<std::string, double>> probes, likeness;
};

struct CampaignSnapshot {
  std::filesystem::path database;
  db::CampaignRecord campaign;
  std::optional<search::CampaignConfig> config;
  std::string config_problem;  // why the stored config could not be re-read
  int final_stage = -1;
  std::vector<db::LeaderboardRow> rows;  // leaderboard(), in its order
  std::vector<std::string> baselines;    // the campaign's baselines, in proposal order
  // deltas[baseline][candidate id]: leaderboard() with that baseline as its reference.
  std::map<std::string, std::unordered_map<std::int64_t, PairedDelta>> deltas;
  std::vector<db::CampaignCandidate> links;
  std::vector<db::EvaluationRecord> evaluations;
  std::unordered_map<std::int64_t, int> alias_counts;         // spellings per candidate (every candidate)
  std::vector<db::EquivalentRecord> equivalents;              // reflections trained once (every candidate)
  std::unordered_map<std::int64_t, CandidateDetail> details;  // the detailed rows and the baselines
  std::vector<std::int64_t> detailed;                         // their ids, in leaderboard order
};

Expected<CampaignSnapshot> read_campaign_snapshot(db::Database& database, const ReportOptions& options);

}  // namespace actsearch::report
