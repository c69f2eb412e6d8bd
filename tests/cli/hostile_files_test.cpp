// Hostile files, through the executable: a database from a newer schema version, another program's
// SQLite file, a read-only database file, a read-only folder, a symlink loop as the database path, and a
// dataset file replaced while a campaign runs. Each gives a clear error naming the file and a non-zero
// exit, and nothing already stored changes. (The library-level refusals are in tests/db/errors_test.cpp.)
//
// When the tests run as root, the commands that depend on permissions run as the user `nobody`, because
// root ignores file modes.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "tests/cli/campaign_process.hpp"
#include "tests/common/temp_dir.hpp"
#include "tests/common/text.hpp"

namespace actsearch {
namespace {

using ::actsearch::testing::contains;

namespace fs = std::filesystem;
using testing::read_text;

void sql(const fs::path& file, const std::string& text) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &raw), SQLITE_OK);
  char* message = nullptr;
  EXPECT_EQ(sqlite3_exec(raw, text.c_str(), nullptr, nullptr, &message), SQLITE_OK) << (message ? message : "");
  sqlite3_free(message);
  sqlite3_close(raw);
}

// A one-candidate campaign on `task` (a path or an inline mapping), database `db`.
std::string campaign_text(const std::string& name, const std::string& db, const std::string& task) {
  return "name: " + name + "\ndatabase: " + db + "\nseed: 2\nworkers: 2\ntask: " + task + R"(
strategy:
  kind: list
  batch: 2
  expressions: [tanh(x), softsign(x), 'max(x, sin(x))']
fidelity:
  rungs:
    - {train_examples: 400, epochs: 2, seeds: 2}
  final: {top: 2, seeds: 3, epochs: 2}
baselines: [relu]
)";
}

std::string spirals() { return (fs::path(ACTSEARCH_SOURCE_DIR) / "configs/tasks/spirals-small.yaml").string(); }

class HostileFiles : public ::testing::Test {
 protected:
  testing::ProcessResult actsearch(const std::vector<std::string>& args, bool unprivileged = false) {
    std::vector<std::string> argv = {ACTSEARCH_EXECUTABLE};
    argv.insert(argv.end(), args.begin(), args.end());
    auto result = testing::run_process(argv, dir_.path(), "cmd",
                                       testing::ChildOptions{.log_dir = logs_.path(), .unprivileged = unprivileged});
    if (result.status == testing::kCannotDropPrivileges) skipped_ = true;
    return result;
  }

  // A database holding one finished campaign (named `name`), made by the executable itself.
  fs::path finished_database(const std::string& name) {
    dir_.write(name + ".yaml", campaign_text(name, name + ".db", spirals()));
    auto made = actsearch({"run", name + ".yaml"});
    EXPECT_EQ(made.status, 0) << made.err;
    return dir_.path() / (name + ".db");
  }

  // Every command that opens `file` fails, naming it and saying `why`; the file is unchanged.
  void expect_refused(const std::string& name, const fs::path& file, const std::string& why) {
    const std::string before = read_text(file);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"run", name + ".yaml", "--db", file.filename().string()},
          std::vector<std::string>{"leaderboard", "--db", file.filename().string()},
          std::vector<std::string>{"show", "1", "--db", file.filename().string()}}) {
      const auto result = actsearch(args);
      EXPECT_NE(result.status, 0) << args[0];
      EXPECT_TRUE(contains(result.err, file.filename().string())) << args[0] << ": " << result.err;
      EXPECT_TRUE(contains(result.err, why)) << args[0] << ": " << result.err;
    }
    EXPECT_EQ(read_text(file), before) << "a refused file was modified";
    EXPECT_FALSE(fs::exists(file.string() + "-journal"));
  }

  actsearch::testing::TempDir dir_, logs_;
  bool skipped_ = false;
};

TEST_F(HostileFiles, DatabaseFromANewerSchemaVersion) {
  const fs::path file = finished_database("newer");
  sql(file, "PRAGMA user_version = " + std::to_string(db::Database::latest_schema_version() + 1));
  expect_refused("newer", file, "newer than this program");
}

TEST_F(HostileFiles, AnotherProgramsSqliteFile) {
  dir_.write("foreign.yaml", campaign_text("foreign", "foreign.db", spirals()));
  const fs::path file = dir_.path() / "foreign.db";
  sql(file, "PRAGMA journal_mode = WAL; CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('keep me');");
  expect_refused("foreign", file, "not an actsearch database");
  // A file with an application id of its own is refused too, whatever its version says.
  sql(file, "PRAGMA application_id = 1234; PRAGMA user_version = 1;");
  expect_refused("foreign", file, "not an actsearch database");
}

TEST_F(HostileFiles, ReadOnlyDatabaseFile) {
  const fs::path file = finished_database("locked");
  // Only the file is read-only: the folder is writable by everyone (readers may create the WAL index).
  ASSERT_EQ(chmod(file.c_str(), 0444), 0);
  ASSERT_EQ(chmod(dir_.path().c_str(), 0777), 0);
  const std::string before = read_text(file);
  const auto run = actsearch({"run", "locked.yaml"}, /*unprivileged=*/true);
  if (skipped_) GTEST_SKIP() << "cannot run as an unprivileged user";
  EXPECT_NE(run.status, 0);
  EXPECT_TRUE(contains(run.err, "locked.db")) << run.err;
  EXPECT_TRUE(contains(run.err, "read-only")) << run.err;
  // Reading needs no write permission.
  const auto board = actsearch({"leaderboard", "--db", "locked.db"}, true);
  EXPECT_EQ(board.status, 0) << board.err;
  EXPECT_TRUE(contains(board.out, "tanh(x)")) << board.out;
  EXPECT_EQ(read_text(file), before);
}

TEST_F(HostileFiles, ReadOnlyFolder) {
  const fs::path file = finished_database("shelf");
  // The file itself is writable; only the folder (where the WAL and shared-memory files live) is not.
  ASSERT_EQ(chmod(file.c_str(), 0666), 0);
  ASSERT_EQ(chmod(dir_.path().c_str(), 0555), 0);
  const std::string before = read_text(file);
  const auto run = actsearch({"run", "shelf.yaml"}, true);
  if (skipped_) {
    chmod(dir_.path().c_str(), 0755);
    GTEST_SKIP() << "cannot run as an unprivileged user";
  }
  EXPECT_NE(run.status, 0);
  EXPECT_TRUE(contains(run.err, "shelf.db")) << run.err;
  EXPECT_TRUE(contains(run.err, "folder read-only")) << run.err;
  EXPECT_TRUE(contains(run.err, "shelf.db-")) << "names the file it cannot write: " << run.err;
  // A new database in the read-only folder cannot be created: also named.
  const auto fresh = actsearch({"run", "shelf.yaml", "--db", "new.db"}, true);
  EXPECT_NE(fresh.status, 0);
  EXPECT_TRUE(contains(fresh.err, "new.db")) << fresh.err;
  EXPECT_FALSE(fs::exists(dir_.path() / "new.db"));
  // A reader either reads it or says clearly why not.
  const auto board = actsearch({"leaderboard", "--db", "shelf.db"}, true);
  if (board.status != 0) {
    EXPECT_TRUE(contains(board.err, "shelf.db")) << board.err;
    EXPECT_TRUE(contains(board.err, "folder read-only")) << board.err;
  }
  EXPECT_EQ(read_text(file), before);
  ASSERT_EQ(chmod(dir_.path().c_str(), 0755), 0);
}

TEST_F(HostileFiles, SymlinkLoopAsTheDatabasePath) {
  dir_.write("loop.yaml", campaign_text("loop", "loop.db", spirals()));
  fs::create_symlink("loop.db", dir_.path() / "loop.db");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"run", "loop.yaml"}, std::vector<std::string>{"leaderboard", "--db", "loop.db"}}) {
    const auto result = actsearch(args);
    EXPECT_NE(result.status, 0) << args[0];
    EXPECT_TRUE(contains(result.err, "loop.db")) << args[0] << ": " << result.err;
    EXPECT_TRUE(contains(result.err, "symbolic links")) << args[0] << ": " << result.err;
  }
  EXPECT_TRUE(fs::is_symlink(dir_.path() / "loop.db"));
  EXPECT_EQ(fs::read_symlink(dir_.path() / "loop.db"), "loop.db");
  // A loop through two links as well.
  fs::create_symlink("b.db", dir_.path() / "a.db");
  fs::create_symlink("a.db", dir_.path() / "b.db");
  const auto result = actsearch({"run", "loop.yaml", "--db", "a.db"});
  EXPECT_NE(result.status, 0);
  EXPECT_TRUE(contains(result.err, "a.db")) << result.err;
  EXPECT_TRUE(contains(result.err, "symbolic links")) << result.err;
}

// ---- a dataset file replaced while the campaign runs ------------------------------------------------

void write_idx(const fs::path& file, const std::vector<std::uint32_t>& dims, const std::vector<std::uint8_t>& data) {
  std::string bytes = {0, 0, 8, static_cast<char>(dims.size())};
  for (std::uint32_t d : dims) {
    for (int shift : {24, 16, 8, 0}) bytes += static_cast<char>((d >> shift) & 0xff);
  }
  bytes.append(data.begin(), data.end());
  std::ofstream(file, std::ios::binary) << bytes;
}

// A tiny IDX data set in the Fashion-MNIST layout: 4x4 images whose mean brightness is the class.
void write_dataset(const fs::path& dir) {
  fs::create_directories(dir);
  for (const auto& [prefix, count] : {std::pair<std::string, std::uint32_t>{"train", 600}, {"t10k", 100}}) {
    std::vector<std::uint8_t> pixels, labels;
    for (std::uint32_t i = 0; i < count; ++i) {
      const std::uint8_t label = static_cast<std::uint8_t>(i % 3);
      labels.push_back(label);
      for (int p = 0; p < 16; ++p) pixels.push_back(static_cast<std::uint8_t>(60 * label + (i * 7 + p * 13) % 50));
    }
    write_idx(dir / (prefix + "-images-idx3-ubyte"), {count, 4, 4}, pixels);
    write_idx(dir / (prefix + "-labels-idx1-ubyte"), {count}, labels);
  }
}

TEST_F(HostileFiles, DatasetFileReplacedMidRun) {
  const fs::path data = dir_.path() / "data";
  write_dataset(data);
  const std::string task = "\n  name: tiny-idx\n  dataset: {kind: fashion_mnist, dir: " + data.string() +
                           ", validation_examples: 100}\n  model: {hidden: [16, 16]}\n"
                           "  optimizer: {kind: adam, lr: 0.01}\n  training: {epochs: 2, batch_size: 32}";
  dir_.write("swap.yaml", campaign_text("swap", "swap.db", task));
  const fs::path file = dir_.path() / "swap.db";

  testing::ChildProcess child({ACTSEARCH_EXECUTABLE, "run", "swap.yaml"}, dir_.path(), "swap",
                              testing::ChildOptions{.log_dir = logs_.path()});
  ASSERT_TRUE(testing::poll_until(child, [&] { return testing::count_finished(file, "swap") >= 2; }))
      << child.wait().err;
  // Replaced (atomically, as a download or a copy would) by a truncated file while the run goes on: the
  // running campaign keeps the data it loaded at the start.
  const fs::path images = data / "train-images-idx3-ubyte";
  const std::string original = read_text(images);
  std::ofstream(data / "partial", std::ios::binary) << original.substr(0, original.size() / 2);
  fs::rename(data / "partial", images);
  ASSERT_TRUE(testing::poll_until(child, [&] { return testing::count_finished(file, "swap") >= 4; }))
      << "the running campaign was disturbed by the replaced file: " << child.wait().err;
  ASSERT_TRUE(child.kill_now());
  const auto stored = testing::finished_now(file, "swap");

  // Resuming must read the file again: a clear error naming it, and the stored evaluations unchanged.
  const auto resumed = actsearch({"run", "swap.yaml"});
  EXPECT_NE(resumed.status, 0);
  EXPECT_TRUE(contains(resumed.err, images.string())) << resumed.err;
  EXPECT_TRUE(contains(resumed.err, "truncated")) << resumed.err;
  EXPECT_EQ(testing::finished_now(file, "swap"), stored);

  // The original back: the campaign resumes and finishes, keeping what was stored.
  std::ofstream(images, std::ios::binary | std::ios::trunc) << original;
  const auto finished = actsearch({"run", "swap.yaml"});
  ASSERT_EQ(finished.status, 0) << finished.err;
  const auto end = testing::finished_now(file, "swap");
  for (const auto& [key, accuracy] : stored) {
    ASSERT_TRUE(end.count(key));
    EXPECT_EQ(end.at(key), accuracy);
  }
}

}  // namespace
}  // namespace actsearch
