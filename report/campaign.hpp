// Which campaign a view is about, and what its stored config says about it.
#pragma once

#include <optional>
#include <string>

#include "common/expected.hpp"
#include "db/database.hpp"
#include "search/config/campaign_config.hpp"

namespace actsearch::report {

// The campaign named `name`, or the most recently created one when `name` is empty.
Expected<db::CampaignRecord> pick_campaign(db::Database& database, const std::string& name);

// The campaign's configuration as stored: its resolved values (search/config/resolved.hpp), read by the
// campaign's own reader; no file on disk is read. A campaign stored by a release before schema 9 (YAML
// text only, until it is resumed) is parsed with its relative task and space paths tried against the
// database's folder, then the working directory; nullopt (with the reason in `why`) when nothing resolves.
std::optional<search::CampaignConfig> stored_config(const db::CampaignRecord& campaign,
                                                    const std::filesystem::path& database, std::string* why = nullptr);

// The stage of the final round of `config` (one past its highest rung); -1 without a config.
int final_stage_of(const std::optional<search::CampaignConfig>& config);

}  // namespace actsearch::report
