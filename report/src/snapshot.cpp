#include "report/src/snapshot.hpp"

#include <algorithm>
#include <unordered_set>

#include "report/campaign.hpp"

namespace actsearch::report {
namespace {

template <class T>
Expected<void> take(Expected<T> result, T& into) {
  if (!result) return fail(result.error());
  into = std::move(*result);
  return {};
}

Expected<void> read_detail(db::Database& database, std::int64_t id, CandidateDetail& detail) {
  auto candidate = database.find_candidate(id);
  if (!candidate) return fail(candidate.error());
  if (!*candidate) return fail("candidate " + std::to_string(id) + " is ranked but not stored");
  detail.candidate = std::move(**candidate);
  if (auto ok = take(database.aliases(id), detail.aliases); !ok) return ok;
  if (auto ok = take(database.probes(id), detail.probes); !ok) return ok;
  return take(database.likeness(id), detail.likeness);
}

}  // namespace

Expected<CampaignSnapshot> read_campaign_snapshot(db::Database& database, const ReportOptions& options) {
  CampaignSnapshot s;
  s.database = database.path();
  auto read = database.read_snapshot([&]() -> Expected<void> {
    if (auto ok = take(pick_campaign(database, options.campaign), s.campaign); !ok) return ok;
    const std::int64_t id = s.campaign.id;
    if (auto ok = take(database.leaderboard(id), s.rows); !ok) return ok;
    if (auto ok = take(database.campaign_candidates(id), s.links); !ok) return ok;
    if (auto ok = take(database.evaluations(id), s.evaluations); !ok) return ok;
    if (auto ok = take(database.equivalents(id), s.equivalents); !ok) return ok;
    for (const auto& link : s.links) {
      if (!link.baseline_name.empty()) s.baselines.push_back(link.baseline_name);
    }
    // The paired differences against each baseline are leaderboard()'s own: one query per reference.
    for (const auto& baseline : s.baselines) {
      std::vector<db::LeaderboardRow> ranked;
      const db::LeaderboardOptions reference{.reference_baseline = baseline};
      if (baseline != db::LeaderboardOptions{}.reference_baseline) {
        if (auto ok = take(database.leaderboard(id, reference), ranked); !ok) return ok;
      }
      auto& by_candidate = s.deltas[baseline];
      for (const auto& r : ranked.empty() ? s.rows : ranked) {
        by_candidate[r.candidate_id] = {r.delta_relu, r.delta_ci_low, r.delta_ci_high, r.paired_seeds};
      }
    }
    for (const auto& link : s.links) {
      std::vector<std::string> aliases;
      if (auto ok = take(database.aliases(link.candidate_id), aliases); !ok) return ok;
      s.alias_counts[link.candidate_id] = static_cast<int>(aliases.size());
    }
    std::unordered_set<std::int64_t> chosen;
    for (const auto& r : s.rows) {
      const bool top = static_cast<int>(s.detailed.size()) < options.detailed_candidates;
      if ((top || r.baseline) && chosen.insert(r.candidate_id).second) {
        if (auto ok = read_detail(database, r.candidate_id, s.details[r.candidate_id]); !ok) return ok;
        s.detailed.push_back(r.candidate_id);
      }
    }
    return {};
  });
  if (!read) return fail(read.error());
  s.config = stored_config(s.campaign, s.database, &s.config_problem);
  s.final_stage = final_stage_of(s.config);
  return s;
}

}  // namespace actsearch::report
