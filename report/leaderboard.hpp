// The leaderboard of a campaign as text: an aligned table, CSV, JSON or Markdown. Rows come from
// db::Database::leaderboard(), the one definition of fitness and rank; nothing here re-ranks them.
// JSON and CSV carry the canonical expression text (`alpha=0.25` inline); the table and Markdown show
// constants by name with their values beside.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "common/expected.hpp"
#include "db/database.hpp"

namespace actsearch::report {

enum class LeaderboardFormat { Table, Csv, Json, Markdown };

// "table", "csv", "json", "markdown"; anything else is an error naming the choices.
Expected<LeaderboardFormat> parse_leaderboard_format(std::string_view name);

// The rows in `format`, ending with a newline. `final_stage` marks the final round's rows in JSON (-1:
// unknown). The table starts with a line naming the campaign and its status.
std::string format_leaderboard(const db::CampaignRecord& campaign, std::span<const db::LeaderboardRow> rows,
                               LeaderboardFormat format, int final_stage);

}  // namespace actsearch::report
