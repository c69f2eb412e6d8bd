// Each group of subcommands registers itself on the application; main() wires them together.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "common/expected.hpp"
#include "db/database.hpp"

namespace actsearch::cli {

// Exit status of a command that failed on bad input (the message has been printed).
inline constexpr int kBadInput = 2;

// Where leaderboard, show and export look when no --db is given (the shipped configs write there).
inline constexpr const char* kDefaultDatabase = db::kDefaultDatabaseFile;

void add_expression_commands(CLI::App& app, int& exit_code);
void add_space_commands(CLI::App& app, int& exit_code);
void add_probe_commands(CLI::App& app, int& exit_code);
void add_campaign_commands(CLI::App& app, int& exit_code);

// The canonical expression of a stored candidate, by id or by an equal expression.
Expected<std::string> expression_of_candidate(const std::string& id, const std::string& db_path);

// Prints "error: <message>" to stderr, and for an error with a column in `text`, the text with a caret.
void report(const Error& error, const std::string& text = {});

}  // namespace actsearch::cli
