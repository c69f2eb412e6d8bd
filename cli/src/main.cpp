#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "cli/src/commands.hpp"

namespace actsearch::cli {

std::vector<std::string> protect_expressions(const CLI::App& app, std::vector<std::string> args) {
  std::size_t at = 1;
  while (at < args.size() && args[at].size() > 1 && args[at][0] == '-') ++at;  // options of the application
  if (at >= args.size()) return args;
  const std::string& name = args[at];
  if (name != "eval" && name != "export" && name != "show") return args;
  const CLI::App* command = app.get_subcommand(name);
  for (std::size_t i = at + 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") break;  // everything after it is positional anyway
    if (arg.size() < 2 || arg[0] != '-') continue;
    const std::string option = arg.substr(0, arg.find('='));
    if (const CLI::Option* known = command->get_option_no_throw(option)) {
      if (arg.find('=') == std::string::npos && known->get_expected_min() > 0) ++i;  // its value, as typed
      continue;
    }
    if (option == "-h" || option == "--help") continue;
    args[i] = " " + arg;
  }
  return args;
}

std::string expression_argument(const std::string& value) {
  return !value.empty() && value[0] == ' ' ? value.substr(1) : value;
}

}  // namespace actsearch::cli

int main(int argc, char** argv) {
  CLI::App app{"actsearch: automated search for activation functions"};
  app.require_subcommand(1);
  int exit_code = 0;
  actsearch::cli::add_expression_commands(app, exit_code);
  actsearch::cli::add_campaign_commands(app, exit_code);
  actsearch::cli::add_surrogate_commands(app, exit_code);
  actsearch::cli::add_space_commands(app, exit_code);
  actsearch::cli::add_probe_commands(app, exit_code);
  actsearch::cli::add_database_commands(app, exit_code);
  try {
    std::vector<std::string> args =
        actsearch::cli::protect_expressions(app, std::vector<std::string>(argv, argv + argc));
    std::vector<char*> pointers;
    for (auto& arg : args) pointers.push_back(arg.data());
    app.parse(static_cast<int>(pointers.size()), pointers.data());
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return exit_code;
}
