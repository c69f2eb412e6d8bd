// Resume by meaning, as a user meets it: a campaign whose folder moved, run from another working
// directory, resumes training nothing; a changed value is refused naming the field with both values; a
// data set replaced by another valid file is refused naming the split. Nothing stored changes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "db/database.hpp"
#include "tests/cli/idx_dataset.hpp"
#include "tests/cli/shell.hpp"
#include "tests/common/temp_dir.hpp"

namespace actsearch::testing {
namespace {

struct Run {
  int status;
  std::string err;
};
Run run_in(const fs::path& cwd, const std::string& args) {
  const auto out =
      shell("cd '" + cwd.string() + "' && '" ACTSEARCH_EXECUTABLE "' run " + args + " --no-report 2>stderr.txt");
  return {out.status, read_file(cwd / "stderr.txt")};
}

std::size_t evaluations(const fs::path& db, const std::string& campaign) {
  auto database = db::Database::open(db, db::OpenMode::ReadOnly);
  EXPECT_TRUE(database) << database.error().describe();
  return database->evaluations((*database->find_campaign(campaign))->id)->size();
}

constexpr const char* kCampaign = R"(name: moving
seed: 4
workers: 2
task: tasks/spirals.yaml
strategy:
  kind: list
  batch: 2
  expressions: [tanh(x), softsign(x), 'max(x, sin(x))']
fidelity:
  rungs: [{train_examples: 400, epochs: 1, seeds: 1}]
  final: {top: 1, seeds: 2, epochs: 1}
baselines: [relu]
)";

TEST(Resume, AMovedCampaignResumesAndAChangedValueIsNamed) {
  TempDir dir;
  const fs::path first = dir.path() / "first", db = dir.path() / "moving.db";
  fs::create_directories(first / "configs" / "tasks");
  fs::copy_file(fs::path(ACTSEARCH_SOURCE_DIR) / "configs/tasks/spirals-small.yaml",
                first / "configs" / "tasks" / "spirals.yaml");
  std::ofstream(first / "configs" / "moving.yaml") << kCampaign;
  const auto created = run_in(first, "configs/moving.yaml --db " + db.string());
  ASSERT_EQ(created.status, 0) << created.err;
  const std::size_t stored = evaluations(db, "moving");

  // The folder moves; the campaign runs from another working directory.
  fs::rename(first, dir.path() / "second");
  const auto resumed = run_in(dir.path(), "second/configs/moving.yaml --db moving.db");
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_NE(resumed.err.find(" 0 evaluations trained now"), std::string::npos) << resumed.err;

  // A changed budget and final seeds: refused, every field named with both values, nothing stored changes.
  std::string changed = kCampaign;
  changed.replace(changed.find("  batch: 2"), 10, "  batch: 2\n  budget: 9");
  changed.replace(changed.find("seeds: 2"), 8, "seeds: 3");
  std::ofstream(dir.path() / "second" / "configs" / "moving.yaml") << changed;
  const auto refused = run_in(dir.path(), "second/configs/moving.yaml --db moving.db");
  EXPECT_NE(refused.status, 0);
  EXPECT_NE(refused.err.find("has a different configuration"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("strategy.budget: stored 64, file 9"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("fidelity.final.seeds: stored 2, file 3"), std::string::npos) << refused.err;
  EXPECT_EQ(evaluations(db, "moving"), stored);
}

TEST(Resume, ADataSetReplacedByAnotherValidFileIsRefusedNamingTheSplit) {
  TempDir dir;
  write_idx_dataset(dir.path() / "data", -1);
  std::ofstream(dir.path() / "files.yaml") << kIdxCampaign;
  const auto created = run_in(dir.path(), "files.yaml --db files.db");
  ASSERT_EQ(created.status, 0) << created.err;
  const std::size_t stored = evaluations(dir.path() / "files.db", "files");

  write_idx_dataset(dir.path() / "data", 17);  // one training label differs: still a valid data set
  const auto refused = run_in(dir.path(), "files.yaml --db files.db");
  EXPECT_NE(refused.status, 0);
  EXPECT_NE(refused.err.find("was trained on other data"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("train: stored 120 examples"), std::string::npos) << refused.err;
  EXPECT_EQ(refused.err.find("test: stored"), std::string::npos) << "the test split did not change\n" << refused.err;
  EXPECT_EQ(evaluations(dir.path() / "files.db", "files"), stored);

  write_idx_dataset(dir.path() / "data", -1);  // the original data again: resumes, training nothing
  const auto resumed = run_in(dir.path(), "files.yaml --db files.db");
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_NE(resumed.err.find(" 0 evaluations trained now"), std::string::npos) << resumed.err;
}

}  // namespace
}  // namespace actsearch::testing
