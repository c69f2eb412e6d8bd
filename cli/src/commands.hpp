// Each group of subcommands registers itself on the application; main() wires them together.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "db/database.hpp"
#include "expr/export.hpp"

namespace actsearch::cli {

// Exit status of a command that failed on bad input (the message has been printed).
inline constexpr int kBadInput = 2;

// Where leaderboard, show and export look when no --db is given (the shipped configs write there).
inline constexpr const char* kDefaultDatabase = db::kDefaultDatabaseFile;

void add_expression_commands(CLI::App& app, int& exit_code);
void add_space_commands(CLI::App& app, int& exit_code);
void add_probe_commands(CLI::App& app, int& exit_code);
void add_campaign_commands(CLI::App& app, int& exit_code);
void add_surrogate_commands(CLI::App& app, int& exit_code);
void add_database_commands(CLI::App& app, int& exit_code);

// A database opened read-only for viewing; one of an older schema is read through an upgraded temporary
// copy (said once on stderr), so viewing never changes the file.
Expected<db::Database> open_for_reading(const std::string& path);
// Before a campaign writes to an existing database of an older schema: upgrades it in place, keeping a
// backup beside it (said on stderr).
Expected<void> upgrade_before_writing(const std::filesystem::path& path);

// A stored candidate for export, by id or by an equal expression: its canonical expression and, when it has trainable
// constants and a campaign trained it, their learned values there (the latest such campaign; search/learned.hpp).
struct StoredForExport {
  std::string expr;
  std::optional<expr::LearnedValues> learned;
};
Expected<StoredForExport> candidate_for_export(const std::string& id, const std::string& db_path);

// Expressions may start with '-' (`eval '-x*sigmoid(-x)'`), which CLI11 would take for an unknown option.
// protect_expressions marks each such argument of eval, export and show (one that is neither an option of
// the subcommand nor an option's value) by a leading space, which CLI11 reads as a positional argument;
// expression_argument removes the mark again.
std::vector<std::string> protect_expressions(const CLI::App& app, std::vector<std::string> args);
std::string expression_argument(const std::string& value);

// Prints "error: <message>" to stderr, and for an error with a column in `text`, the text with a caret.
void report(const Error& error, const std::string& text = {});

}  // namespace actsearch::cli
