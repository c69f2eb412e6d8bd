// Every earlier schema version, as the release that shipped it wrote it (tests/db/data/releases/vN:
// the database as an SQL dump and the leaderboard that release printed, made by generate.sh there):
// every viewing command opens it and leaves the file as it was, and `run` with the campaign's own file
// upgrades it (keeping a backup), trains nothing again and ends with the release's leaderboard.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "common/hash.hpp"
#include "db/database.hpp"
#include "tests/cli/shell.hpp"
#include "tests/common/temp_dir.hpp"

namespace actsearch::testing {
namespace {

const std::filesystem::path kReleases = std::filesystem::path(ACTSEARCH_SOURCE_DIR) / "tests/db/data/releases";
const std::string kExe = ACTSEARCH_EXECUTABLE;

std::vector<int> shipped_versions() {
  std::vector<int> out;
  for (const auto& entry : std::filesystem::directory_iterator(kReleases)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_directory() && name.size() > 1 && name[0] == 'v') out.push_back(std::stoi(name.substr(1)));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The fixture's database restored into `dir`, with the campaign's files beside it.
std::filesystem::path restore(int version, const std::filesystem::path& dir) {
  const auto file = dir / "fixture.db";
  sqlite3* raw = nullptr;
  EXPECT_EQ(sqlite3_open(file.c_str(), &raw), SQLITE_OK);
  char* message = nullptr;
  const std::string dump = read_file(kReleases / ("v" + std::to_string(version)) / "campaign.sql");
  EXPECT_EQ(sqlite3_exec(raw, dump.c_str(), nullptr, nullptr, &message), SQLITE_OK) << (message ? message : "");
  sqlite3_free(message);
  sqlite3_close(raw);
  for (const char* name : {"campaign.yaml", "task.yaml", "space.yaml"}) {
    std::filesystem::copy_file(kReleases / name, dir / name);
  }
  return file;
}

int user_version(const std::filesystem::path& file) {
  sqlite3* raw = nullptr;
  sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(raw, "PRAGMA user_version", -1, &stmt, nullptr);
  const int v = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
  return v;
}

double number(const nlohmann::json& v) { return v.is_number() ? v.get<double>() : std::nan(""); }

// The rows as this build prints them against the rows the release printed.
void expect_same_leaderboard(const nlohmann::json& expected, const nlohmann::json& actual, const std::string& what) {
  ASSERT_EQ(actual.size(), expected.size()) << what;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& want = expected[i];
    const auto& row = actual[i];
    const std::string where = what + " row " + std::to_string(i + 1);
    for (const char* key : {"rank", "id", "expr", "stage", "seeds", "status", "baseline"}) {
      EXPECT_EQ(row[key], want[key]) << where << " " << key;
    }
    for (const char* key : {"fitness", "mean", "sd", "test_mean", "delta_relu"}) {
      const double a = number(row[key]), b = number(want[key]);
      if (std::isnan(b)) {
        EXPECT_TRUE(std::isnan(a)) << where << " " << key;
      } else {
        EXPECT_NEAR(a, b, 1e-12) << where << " " << key;
      }
    }
  }
}

TEST(Releases, EveryShippedSchemaHasAFixture) {
  const auto versions = shipped_versions();
  ASSERT_FALSE(versions.empty());
  // The first release shipped schema 3; every later one up to the one before this build's.
  std::vector<int> expected;
  for (int v = 3; v < db::Database::latest_schema_version() && v <= 7; ++v) expected.push_back(v);
  EXPECT_EQ(versions, expected);
}

TEST(Releases, ViewingCommandsOpenEveryEarlierSchemaAndChangeNothing) {
  for (const int version : shipped_versions()) {
    TempDir dir;
    const auto file = restore(version, dir.path());
    ASSERT_EQ(user_version(file), version);
    const std::string before = hash::fnv1a_hex(read_file(file));
    const std::string db = " --db " + file.string();
    const std::string what = "schema " + std::to_string(version);
    const std::vector<std::string> commands = {"leaderboard" + db + " --format json",
                                               "show 1" + db,
                                               "show 1 --json" + db,
                                               "report" + db + " -o " + (dir.path() / "report.html").string(),
                                               "surrogate" + db,
                                               "export 1 --to pytorch" + db};
    for (const auto& c : commands) {
      const auto out = shell(kExe + " " + c + " 2>" + (dir.path() / "stderr.txt").string());
      const std::string err = read_file(dir.path() / "stderr.txt");
      EXPECT_EQ(out.status, 0) << what << ": " << c << "\n" << err;
      EXPECT_NE(err.find("reading an upgraded copy, the file is unchanged"), std::string::npos) << what << ": " << c;
    }
    expect_same_leaderboard(
        nlohmann::json::parse(read_file(kReleases / ("v" + std::to_string(version)) / "leaderboard.json")),
        nlohmann::json::parse(shell(kExe + " leaderboard --format json" + db + " 2>/dev/null").out), what);
    EXPECT_EQ(hash::fnv1a_hex(read_file(file)), before) << what << ": a viewing command changed the file";
    EXPECT_EQ(user_version(file), version) << what;
    // The report of an old campaign shows its configuration: the stored text names task.yaml, read beside
    // the database, and only the task file holds the task's name.
    EXPECT_NE(read_file(dir.path() / "report.html").find("spirals-fixture"), std::string::npos) << what;
  }
}

TEST(Releases, EveryEarlierCampaignResumesFromItsOwnFileTrainingNothing) {
  for (const int version : shipped_versions()) {
    TempDir dir;
    const auto file = restore(version, dir.path());
    const std::string what = "schema " + std::to_string(version);
    // The files as a later release would write them: a key added since (model.bias_init) at its default,
    // other comments. Text is not meaning: the campaign is the same.
    std::string task = read_file(dir.path() / "task.yaml");
    task.replace(task.find("  init: he"), 10, "  init: he\n  bias_init: 0   # since schema 6");
    std::ofstream(dir.path() / "task.yaml") << "# rewritten by a later release\n" << task;
    const auto out = shell("cd " + dir.path().string() + " && " + kExe +
                           " run campaign.yaml --db fixture.db --no-report 2>stderr.txt");
    const std::string err = read_file(dir.path() / "stderr.txt");
    ASSERT_EQ(out.status, 0) << what << "\n" << err;
    EXPECT_NE(err.find(" 0 evaluations trained now"), std::string::npos) << what << "\n" << err;
    const auto backup = file.string() + ".schema" + std::to_string(version) + ".bak";
    EXPECT_TRUE(std::filesystem::exists(backup)) << what << "\n" << err;
    EXPECT_EQ(user_version(backup), version) << what;
    EXPECT_EQ(user_version(file), db::Database::latest_schema_version()) << what;
    expect_same_leaderboard(
        nlohmann::json::parse(read_file(kReleases / ("v" + std::to_string(version)) / "leaderboard.json")),
        nlohmann::json::parse(shell(kExe + " leaderboard --format json --db " + file.string()).out), what);
    // Resumed once, the campaign holds its resolved configuration: a second run needs no file but its own.
    auto database = db::Database::open(file, db::OpenMode::ReadOnly);
    ASSERT_TRUE(database) << database.error().describe();
    EXPECT_FALSE((*database->find_campaign("release-fixture"))->resolved_config.empty()) << what;
  }
}

// `db upgrade` upgrades in place and keeps a backup; on a newer schema, a read-only file or a stored
// configuration changed by hand, commands fail clearly and the file stays as it was.
TEST(Releases, UpgradeInPlaceAndBadInputLeaveNothingChanged) {
  TempDir dir;
  const auto file = restore(3, dir.path());
  const std::string db = file.string();
  const std::string before = hash::fnv1a_hex(read_file(file));

  // A file nobody may write: refused, unchanged. Root may write anything, so the command then runs as
  // an unprivileged user (setpriv, util-linux), as a user without write permission would.
  std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::group_read |
                                         std::filesystem::perms::others_read);
  std::filesystem::permissions(dir.path(), std::filesystem::perms::all);
  const std::string as_user = ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
  const auto read_only = shell(as_user + kExe + " db upgrade " + db + " 2>&1");
  EXPECT_NE(read_only.status, 0);
  EXPECT_NE(read_only.out.find("read-only"), std::string::npos) << read_only.out;
  EXPECT_NE(read_only.out.find("nothing was changed"), std::string::npos) << read_only.out;
  EXPECT_EQ(hash::fnv1a_hex(read_file(file)), before);
  EXPECT_FALSE(std::filesystem::exists(db + ".schema3.bak"));
  std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);

  // Upgraded in place: the backup is the file as it was.
  const auto upgraded = shell(kExe + " db upgrade " + db + " 2>&1");
  ASSERT_EQ(upgraded.status, 0) << upgraded.out;
  EXPECT_NE(
      upgraded.out.find("upgraded from schema version 3 to " + std::to_string(db::Database::latest_schema_version())),
      std::string::npos)
      << upgraded.out;
  EXPECT_EQ(hash::fnv1a_hex(read_file(db + ".schema3.bak")), before);
  EXPECT_EQ(user_version(file), db::Database::latest_schema_version());
  const auto again = shell(kExe + " db upgrade " + db + " 2>&1");
  EXPECT_EQ(again.status, 0);
  EXPECT_NE(again.out.find("nothing to do"), std::string::npos) << again.out;

  // A stored configuration changed by hand: the run refuses, naming it; the views still open.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "UPDATE campaigns SET resolved_config = '{\"name\": [broken'", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  const std::string corrupted = hash::fnv1a_hex(read_file(file));
  const auto refused = shell("cd " + dir.path().string() + " && " + kExe + " run campaign.yaml --db fixture.db 2>&1");
  EXPECT_NE(refused.status, 0);
  EXPECT_NE(refused.out.find("stored configuration of campaign 'release-fixture'"), std::string::npos) << refused.out;
  EXPECT_NE(refused.out.find("not valid JSON"), std::string::npos) << refused.out;
  EXPECT_EQ(shell(kExe + " leaderboard --db " + db + " >/dev/null 2>&1").status, 0);
  EXPECT_EQ(hash::fnv1a_hex(read_file(file)), corrupted);

  // A newer schema than this build's: every command refuses it and leaves it as it was.
  ASSERT_EQ(sqlite3_open(file.c_str(), &raw), SQLITE_OK);
  const std::string newer = "PRAGMA user_version = " + std::to_string(db::Database::latest_schema_version() + 1);
  ASSERT_EQ(sqlite3_exec(raw, newer.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  const std::string future = hash::fnv1a_hex(read_file(file));
  for (const std::string& c : {"db upgrade " + db, "leaderboard --db " + db,
                               "run " + (dir.path() / "campaign.yaml").string() + " --db " + db}) {
    const auto out = shell(kExe + " " + c + " 2>&1");
    EXPECT_NE(out.status, 0) << c;
    EXPECT_NE(out.out.find("newer than this program supports"), std::string::npos) << c << ": " << out.out;
  }
  EXPECT_EQ(hash::fnv1a_hex(read_file(file)), future);
}

}  // namespace
}  // namespace actsearch::testing
