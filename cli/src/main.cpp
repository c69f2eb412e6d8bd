#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "cli/src/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"actsearch: automated search for activation functions"};
  app.require_subcommand(1);
  int exit_code = 0;
  actsearch::cli::add_expression_commands(app, exit_code);
  actsearch::cli::add_campaign_commands(app, exit_code);
  actsearch::cli::add_space_commands(app, exit_code);
  actsearch::cli::add_probe_commands(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return exit_code;
}
