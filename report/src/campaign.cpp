#include "report/campaign.hpp"

#include "search/config/campaign_config.hpp"
#include "search/config/resolved.hpp"

namespace actsearch::report {

Expected<db::CampaignRecord> pick_campaign(db::Database& database, const std::string& name) {
  if (!name.empty()) {
    auto found = database.find_campaign(name);
    if (!found) return fail(found.error());
    if (!*found) return fail("no campaign named '" + name + "' in " + database.path().string());
    return **found;
  }
  auto all = database.campaigns();
  if (!all) return fail(all.error());
  if (all->empty()) return fail("no campaigns in " + database.path().string());
  return all->back();  // the most recently created
}

std::optional<search::CampaignConfig> stored_config(const db::CampaignRecord& campaign,
                                                    const std::filesystem::path& database, std::string* why) {
  const std::string what = "the stored configuration of campaign '" + campaign.name + "'";
  if (!campaign.resolved_config.empty()) {
    const auto resolved = search::ResolvedConfig::parse(campaign.resolved_config, nullptr, false);
    if (resolved.is_discarded()) {
      if (why) *why = what + " is not valid JSON (the database was changed by hand)";
      return std::nullopt;
    }
    auto config = search::config_from_resolved(resolved, what);
    if (config) return std::move(*config);
    if (why) *why = config.error().describe();
    return std::nullopt;
  }
  // Stored as YAML text only, by a release before schema 9, until the campaign is resumed: its relative
  // task and space paths are tried against the database's folder, then the working directory.
  const std::filesystem::path beside_database = database.parent_path() / "stored-config.yaml";
  auto config = search::parse_campaign_config(campaign.config_text, beside_database.string());
  if (!config) config = search::parse_campaign_config(campaign.config_text, "stored-config.yaml");
  if (config) return std::move(*config);
  if (why) {
    *why = "campaign '" + campaign.name +
           "' was stored by an earlier release as YAML text, which names files that cannot be read from here (" +
           config.error().describe() + "); run the campaign once with this release to store it as data";
  }
  return std::nullopt;
}

int final_stage_of(const std::optional<search::CampaignConfig>& config) {
  return config ? search::final_stage(*config) : -1;
}

}  // namespace actsearch::report
