#include "external/command_line.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>

namespace actsearch::external {

Expected<std::vector<std::string>> split_words(std::string_view command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < command.size(); ++i) {
    const char c = command[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else if (c == '\'') {
      const std::size_t end = command.find('\'', i + 1);
      if (end == std::string_view::npos) return fail("unterminated single quote at character " + std::to_string(i + 1));
      word.append(command.substr(i + 1, end - i - 1));
      i = end;
      in_word = true;
    } else if (c == '"') {
      std::size_t j = i + 1;
      for (; j < command.size() && command[j] != '"'; ++j) {
        // Inside double quotes a backslash escapes only what a shell lets it escape there.
        if (command[j] == '\\' && j + 1 < command.size() &&
            std::string_view("\"\\$`").find(command[j + 1]) != std::string_view::npos)
          ++j;
        word += command[j];
      }
      if (j >= command.size()) return fail("unterminated double quote at character " + std::to_string(i + 1));
      i = j;
      in_word = true;
    } else if (c == '\\') {
      if (i + 1 >= command.size()) return fail("a backslash ends the command");
      word += command[++i];
      in_word = true;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(word));
  if (words.empty()) return fail("the command is empty");
  return words;
}

Expected<std::vector<std::string>> placeholders_in(std::string_view word) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (word.substr(i, 2) == "{{" || word.substr(i, 2) == "}}") {
      ++i;
    } else if (word[i] == '{') {
      const std::size_t end = word.find('}', i + 1);
      if (end == std::string_view::npos)
        return fail("'{' without '}' in '" + std::string(word) + "' (write {{ for a brace)");
      names.emplace_back(word.substr(i + 1, end - i - 1));
      i = end;
    } else if (word[i] == '}') {
      return fail("'}' without '{' in '" + std::string(word) + "' (write }} for a brace)");
    }
  }
  return names;
}

namespace {

bool executable(const std::filesystem::path& file) {
  std::error_code ec;
  return std::filesystem::is_regular_file(file, ec) && ::access(file.c_str(), X_OK) == 0;
}

}  // namespace

std::optional<std::filesystem::path> find_program(std::string_view program, const std::filesystem::path& dir) {
  if (program.find('/') != std::string_view::npos) {
    const std::filesystem::path file =
        std::filesystem::path(program).is_absolute() ? std::filesystem::path(program) : dir / program;
    if (executable(file)) return file;
    return std::nullopt;
  }
  const char* path = std::getenv("PATH");
  const std::string_view folders = path ? path : "/usr/local/bin:/usr/bin:/bin";
  for (std::size_t start = 0; start <= folders.size();) {
    std::size_t end = folders.find(':', start);
    if (end == std::string_view::npos) end = folders.size();
    const std::string_view folder = folders.substr(start, end - start);
    const std::filesystem::path candidate = std::filesystem::path(folder.empty() ? "." : folder) / program;
    if (executable(candidate)) return candidate;
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<std::string> command_problem(const std::string& command, const std::filesystem::path& dir) {
  auto words = split_words(command);
  if (!words) return words.error().message;
  std::vector<std::string> named;
  for (const std::string& word : *words) {
    auto names = placeholders_in(word);
    if (!names) return names.error().message;
    for (const std::string& name : *names) {
      const auto known = std::find_if(std::begin(kPlaceholders), std::end(kPlaceholders),
                                      [&](const Placeholder& p) { return p.name == name; });
      if (known == std::end(kPlaceholders)) {
        std::string list;
        for (const Placeholder& p : kPlaceholders) list += (list.empty() ? "{" : ", {") + std::string(p.name) + "}";
        return "unknown placeholder {" + name + "}; the placeholders are " + list;
      }
      named.push_back(name);
    }
  }
  for (const Placeholder& p : kPlaceholders) {
    if (p.required && std::find(named.begin(), named.end(), p.name) == named.end()) {
      return "the command must pass {" + std::string(p.name) + "} (" + std::string(p.meaning) + ")";
    }
  }
  const std::string& program = words->front();
  if (program.find('{') != std::string::npos) return "the program '" + program + "' may not be a placeholder";
  if (!find_program(program, dir)) {
    return "program '" + program + "' is not an executable " +
           (program.find('/') != std::string::npos ? "file relative to " + dir.string() : std::string("on PATH"));
  }
  // `python3 train.py ...`: the script is the first word after the interpreter's options.
  if (std::filesystem::path(program).filename().string().rfind("python", 0) == 0) {
    for (std::size_t i = 1; i < words->size(); ++i) {
      const std::string& word = (*words)[i];
      if (word == "-m" || word == "-c" || word.find('{') != std::string::npos) break;
      if (word.rfind('-', 0) == 0) continue;
      std::error_code ec;
      const std::filesystem::path script =
          std::filesystem::path(word).is_absolute() ? std::filesystem::path(word) : dir / word;
      if (!std::filesystem::is_regular_file(script, ec)) {
        return "script '" + word + "' does not exist (relative to " + (dir.empty() ? "." : dir.string()) + ")";
      }
      break;
    }
  }
  return std::nullopt;
}

std::vector<std::string> expand(std::span<const std::string> words, const std::map<std::string, std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& word : words) {
    std::string text;
    for (std::size_t i = 0; i < word.size(); ++i) {
      if (word.compare(i, 2, "{{") == 0 || word.compare(i, 2, "}}") == 0) {
        text += word[i++];
      } else if (word[i] == '{') {
        const std::size_t end = word.find('}', i + 1);
        text += values.at(word.substr(i + 1, end - i - 1));
        i = end;
      } else {
        text += word[i];
      }
    }
    out.push_back(std::move(text));
  }
  return out;
}

}  // namespace actsearch::external
