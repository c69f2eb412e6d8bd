// Each group of subcommands registers itself on the application; main() wires them together.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "common/expected.hpp"

namespace actsearch::cli {

// Exit status of a command that failed on bad input (the message has been printed).
inline constexpr int kBadInput = 2;

void add_expression_commands(CLI::App& app, int& exit_code);

// Prints "error: <message>" to stderr, and for an error with a column in `text`, the text with a caret.
void report(const Error& error, const std::string& text = {});

}  // namespace actsearch::cli
