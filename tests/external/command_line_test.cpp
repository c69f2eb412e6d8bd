#include "external/command_line.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/external/python_env.hpp"

namespace actsearch::external {
namespace {

TEST(ExternalCommandLine, SplitsWordsAsAShellDoesWithoutExpanding) {
  auto words = split_words(R"(python3 'my script.py' --name "a \"b\" $HOME" x\ y  --z)");
  ASSERT_TRUE(words.has_value());
  EXPECT_EQ(*words, (std::vector<std::string>{"python3", "my script.py", "--name", "a \"b\" $HOME", "x y", "--z"}));
  EXPECT_FALSE(split_words("python3 'open").has_value());
  EXPECT_FALSE(split_words("python3 \"open").has_value());
  EXPECT_FALSE(split_words("   ").has_value());
}

TEST(ExternalCommandLine, FindsPlaceholdersAndLiteralBraces) {
  auto names = placeholders_in("--out={result}.{seed}{{x}}");
  ASSERT_TRUE(names.has_value());
  EXPECT_EQ(*names, (std::vector<std::string>{"result", "seed"}));
  EXPECT_FALSE(placeholders_in("{module").has_value());
  EXPECT_FALSE(placeholders_in("module}").has_value());
  const std::vector<std::string> words = {"run", "--m={module}", "{{literal}}", "{seed}"};
  EXPECT_EQ(expand(words, {{"module", "/tmp/a.py"}, {"seed", "7"}}),
            (std::vector<std::string>{"run", "--m=/tmp/a.py", "{literal}", "7"}));
}

TEST(ExternalCommandLine, NamesWhatIsWrongWithACommand) {
  const auto dir = external_testing::fresh_folder("command-problems");
  external_testing::write_file(dir / "train.py", "");
  EXPECT_EQ(command_problem("sh train.py {module} {result}", dir), std::nullopt);
  EXPECT_EQ(command_problem("python3 train.py --module {module} --result {result} --seed {seed}", dir), std::nullopt);

  const auto unknown = command_problem("sh train.py {modul} {result}", dir);
  ASSERT_TRUE(unknown.has_value());
  EXPECT_NE(unknown->find("unknown placeholder {modul}"), std::string::npos) << *unknown;
  const auto missing = command_problem("sh train.py {module}", dir);
  ASSERT_TRUE(missing.has_value());
  EXPECT_NE(missing->find("must pass {result}"), std::string::npos) << *missing;
  const auto no_program = command_problem("no-such-program-here {module} {result}", dir);
  ASSERT_TRUE(no_program.has_value());
  EXPECT_NE(no_program->find("'no-such-program-here' is not an executable on PATH"), std::string::npos);
  const auto no_file = command_problem("./train.sh {module} {result}", dir);
  ASSERT_TRUE(no_file.has_value());
  EXPECT_NE(no_file->find("relative to " + dir.string()), std::string::npos) << *no_file;
  const auto no_script = command_problem("python3 -u trian.py {module} {result}", dir);
  ASSERT_TRUE(no_script.has_value());
  EXPECT_NE(no_script->find("script 'trian.py' does not exist"), std::string::npos) << *no_script;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace actsearch::external
