// The command of an external task (docs/EXTERNAL.md): words split as a POSIX shell splits them (single
// and double quotes, backslash escapes; no variables, globs or pipes: nothing reaches a shell), with
// placeholders `{name}` that each run fills in. `{{` and `}}` are literal braces.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"

namespace actsearch::external {

struct Placeholder {
  std::string_view name;
  std::string_view meaning;  // docs/EXTERNAL.md lists the same
  bool required;
};

// Every placeholder the engine fills in.
inline constexpr Placeholder kPlaceholders[] = {
    {"module", "path of the candidate's module (.py), written before the run", true},
    {"result", "path where the script writes its JSON result", true},
    {"seed", "the evaluation's seed (an integer below 2^53)", false},
    {"epochs", "epochs to train", false},
    {"examples", "training examples to use (0: all)", false},
    {"batch_size", "the task's training.batch_size", false},
    {"test", "1 when the test split is to be scored too, else 0", false},
    {"threads", "CPU threads this run may use (also in OMP_NUM_THREADS)", false},
};

// The words of `command`, or what is wrong with its quoting.
Expected<std::vector<std::string>> split_words(std::string_view command);

// The placeholders named in `word`, in order; an unbalanced brace is an error.
Expected<std::vector<std::string>> placeholders_in(std::string_view word);

// Where `program` (a command's first word) is: a word with a slash relative to `dir`, otherwise the
// first executable of that name on PATH.
std::optional<std::filesystem::path> find_program(std::string_view program, const std::filesystem::path& dir);

// What is wrong with a command for a task whose working directory is `dir`: its quoting, a placeholder
// the engine does not know, a required one missing, a program that cannot be found. Nothing when fine.
std::optional<std::string> command_problem(const std::string& command, const std::filesystem::path& dir);

// The words with every placeholder replaced by its value (every placeholder of a valid command must be
// in `values`).
std::vector<std::string> expand(std::span<const std::string> words, const std::map<std::string, std::string>& values);

}  // namespace actsearch::external
