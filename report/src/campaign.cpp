#include "report/campaign.hpp"

#include "search/config/campaign_config.hpp"

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
  // parse_campaign_config anchors relative paths at the folder of the file it is given.
  const std::filesystem::path beside_database = database.parent_path() / "stored-config.yaml";
  auto config = search::parse_campaign_config(campaign.config_text, beside_database.string());
  if (!config) config = search::parse_campaign_config(campaign.config_text, "stored-config.yaml");
  if (config) return std::move(*config);
  if (why) *why = config.error().describe();
  return std::nullopt;
}

int final_stage_of(const std::optional<search::CampaignConfig>& config) {
  return config ? search::final_stage(*config) : -1;
}

}  // namespace actsearch::report
