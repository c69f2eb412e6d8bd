// Campaign membership: which candidates a campaign holds, why (origin), and how far each got (status).
#include <fmt/format.h>

#include "database_impl.hpp"
#include "db/database.hpp"
#include "row_mapping.hpp"

namespace actsearch::db {
namespace {

constexpr auto kMembership = rows::mapping<CampaignCandidate>(
    "campaign_candidates", rows::column<&CampaignCandidate::campaign_id>("campaign_id"),
    rows::column<&CampaignCandidate::candidate_id>("candidate_id"), rows::column<&CampaignCandidate::origin>("origin"),
    rows::nullable_text<&CampaignCandidate::baseline_name>("baseline_name"),
    rows::column<&CampaignCandidate::proposal_index>("proposal_index"),
    rows::column<&CampaignCandidate::status>("status"),
    rows::nullable_text<&CampaignCandidate::reject_reason>("reject_reason"),
    rows::column<&CampaignCandidate::penalty>("penalty"),
    rows::generated<&CampaignCandidate::learned_nearest>("learned_nearest"),
    rows::generated<&CampaignCandidate::learned_distance>("learned_distance"));

}  // namespace

Expected<void> Database::upsert_campaign_candidate(const CampaignCandidate& link) {
  Impl& impl = *impl_;
  // An update keeps the first proposal_index: the order in which the campaign met its candidates.
  static const std::string sql = kMembership.insert(
      fmt::format("ON CONFLICT (campaign_id, candidate_id) DO UPDATE SET {}",
                  kMembership.update_from_excluded({"campaign_id", "candidate_id", "proposal_index"})));
  auto stmt = impl.prepare(sql);
  if (!stmt) return Unexpected{stmt.error()};
  sqlite::Cursor cursor(*stmt);
  kMembership.bind_written(cursor, link);
  return run(impl, cursor,
             fmt::format("upsert_campaign_candidate (campaign {}, candidate {}, origin '{}', status '{}')",
                         link.campaign_id, link.candidate_id, to_string(link.origin), to_string(link.status)));
}

Expected<std::vector<CampaignCandidate>> Database::campaign_candidates(std::int64_t campaign_id) {
  return rows::read_all(*impl_, kMembership,
                        kMembership.select("WHERE campaign_id = ?1 ORDER BY proposal_index, candidate_id"),
                        "campaign_candidates", [&](sqlite::Cursor& c) { c.bind(1, campaign_id); });
}

}  // namespace actsearch::db
