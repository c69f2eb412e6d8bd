// `actsearch db upgrade FILE`, and the read-only opening every viewing command shares: a database of an
// older schema is read through an upgraded temporary copy, said once on stderr, and never changed.
#include <fmt/format.h>

#include <filesystem>

#include "cli/src/commands.hpp"

namespace actsearch::cli {

Expected<db::Database> open_for_reading(const std::string& path) {
  auto database = db::Database::open(path, db::OpenMode::ReadOnly);
  if (!database) return database;
  static bool said = false;
  if (database->upgraded_from() > 0 && !said) {
    said = true;
    fmt::print(stderr,
               "note: {} has schema version {} (this release writes {}); reading an upgraded copy, the file is "
               "unchanged (`actsearch db upgrade {}` upgrades it in place, keeping a backup)\n",
               path, database->upgraded_from(), db::Database::latest_schema_version(), path);
  }
  return database;
}

Expected<void> upgrade_before_writing(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return {};
  auto upgraded = db::Database::upgrade(path);
  if (!upgraded) return fail(upgraded.error());
  if (!upgraded->backup.empty()) {
    fmt::print(stderr, "note: upgraded {} from schema version {} to {}; the file as it was is kept as {}\n",
               path.string(), upgraded->from, upgraded->to, upgraded->backup.string());
  }
  return {};
}

void add_database_commands(CLI::App& app, int& exit_code) {
  auto* db = app.add_subcommand("db", "Database maintenance");
  db->require_subcommand(1);
  auto* upgrade = db->add_subcommand("upgrade", "Upgrade a database of an older schema in place (a backup is kept)");
  auto file = std::make_shared<std::string>();
  upgrade->add_option("FILE", *file, "Database file")->required();
  upgrade->callback([file, &exit_code] {
    auto upgraded = db::Database::upgrade(*file);
    if (!upgraded) {
      report(upgraded.error());
      exit_code = kBadInput;
      return;
    }
    if (upgraded->backup.empty()) {
      fmt::print("{}: schema version {}, the latest; nothing to do\n", *file, upgraded->to);
    } else {
      fmt::print("{}: upgraded from schema version {} to {}; backup: {}\n", *file, upgraded->from, upgraded->to,
                 upgraded->backup.string());
    }
  });
}

}  // namespace actsearch::cli
