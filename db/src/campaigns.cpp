// The campaigns table: one row per named search, with its configuration and status.
#include <fmt/format.h>

#include <utility>

#include "database_impl.hpp"
#include "db/database.hpp"
#include "row_mapping.hpp"

namespace actsearch::db {
namespace {

constexpr auto kCampaigns = rows::mapping<CampaignRecord>(
    "campaigns", rows::generated<&CampaignRecord::id>("id"), rows::column<&CampaignRecord::name>("name"),
    rows::column<&CampaignRecord::config_text>("config_text"),
    rows::column<&CampaignRecord::config_hash>("config_hash"),
    rows::column<&CampaignRecord::resolved_config>("resolved_config"), rows::column<&CampaignRecord::seed>("seed"),
    rows::column<&CampaignRecord::status>("status"), rows::generated<&CampaignRecord::created_at>("created_at"),
    rows::generated<&CampaignRecord::updated_at>("updated_at"));

}  // namespace

Expected<CampaignRecord> Database::create_campaign(const std::string& name, const std::string& config_text,
                                                   const std::string& config_hash, std::uint64_t seed,
                                                   const std::string& resolved_config) {
  Impl& impl = *impl_;
  CampaignRecord record;
  record.name = name;
  record.config_text = config_text;
  record.config_hash = config_hash;
  record.resolved_config = resolved_config;
  record.seed = seed;
  record.status = CampaignStatus::Created;
  auto stmt = impl.prepare(kCampaigns.insert());
  if (!stmt) return Unexpected{stmt.error()};
  {
    sqlite::Cursor cursor(*stmt);
    kCampaigns.bind_written(cursor, record);
    if (cursor.step() != SQLITE_DONE) {
      if (sqlite3_extended_errcode(impl.db()) == SQLITE_CONSTRAINT_UNIQUE) {
        return impl.error("create_campaign", fmt::format("a campaign named '{}' already exists", name));
      }
      return impl.error(fmt::format("create_campaign '{}'", name));
    }
  }
  auto found = find_campaign(name);
  if (!found) return Unexpected{found.error()};
  if (!*found) return impl.error("create_campaign", "the new campaign cannot be read back");
  return std::move(**found);
}

Expected<std::optional<CampaignRecord>> Database::find_campaign(const std::string& name) {
  return rows::first(rows::read_all(*impl_, kCampaigns, kCampaigns.select("WHERE name = ?1"), "find_campaign",
                                    [&](sqlite::Cursor& c) { c.bind(1, name); }));
}

Expected<std::vector<CampaignRecord>> Database::campaigns() {
  return rows::read_all(*impl_, kCampaigns, kCampaigns.select("ORDER BY id"), "campaigns");
}

Expected<void> Database::set_campaign_status(std::int64_t campaign_id, CampaignStatus status) {
  Impl& impl = *impl_;
  auto stmt =
      impl.prepare(fmt::format("UPDATE campaigns SET status = ?2, updated_at = {} WHERE id = ?1", sqlite::kNow));
  if (!stmt) return Unexpected{stmt.error()};
  sqlite::Cursor cursor(*stmt);
  cursor.bind(1, campaign_id).bind(2, to_string(status));
  if (auto ok = run(impl, cursor, "set_campaign_status"); !ok) return ok;
  if (sqlite3_changes(impl.db()) == 0) {
    return impl.error("set_campaign_status", fmt::format("no campaign with id {}", campaign_id));
  }
  return {};
}

Expected<void> Database::set_campaign_configuration(std::int64_t campaign_id, const std::string& resolved_config,
                                                    const std::string& config_hash) {
  Impl& impl = *impl_;
  auto stmt = impl.prepare(fmt::format(
      "UPDATE campaigns SET resolved_config = ?2, config_hash = ?3, updated_at = {} WHERE id = ?1", sqlite::kNow));
  if (!stmt) return Unexpected{stmt.error()};
  sqlite::Cursor cursor(*stmt);
  cursor.bind(1, campaign_id).bind(2, resolved_config).bind(3, config_hash);
  if (auto ok = run(impl, cursor, "set_campaign_configuration"); !ok) return ok;
  if (sqlite3_changes(impl.db()) == 0) {
    return impl.error("set_campaign_configuration", fmt::format("no campaign with id {}", campaign_id));
  }
  return {};
}

}  // namespace actsearch::db
