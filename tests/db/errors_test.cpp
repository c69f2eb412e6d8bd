// Files the library must refuse, clearly and without modifying them.
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "db/database.hpp"
#include "helpers.hpp"
#include "tests/common/text.hpp"

namespace actsearch::db {
namespace {

using ::actsearch::testing::contains;

using testing::read_bytes;
using testing::write_bytes;

using Errors = testing::TempDir;

void run_raw(const std::filesystem::path& path, const char* sql) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  char* message = nullptr;
  EXPECT_EQ(sqlite3_exec(raw, sql, nullptr, nullptr, &message), SQLITE_OK) << (message ? message : "");
  sqlite3_free(message);
  sqlite3_close(raw);
}

// A finished database with one campaign, closed.
void make_database(const std::filesystem::path& path) {
  auto db = Database::open(path);
  ASSERT_TRUE(db) << db.error().describe();
  ASSERT_TRUE(db->create_campaign("c", "", "", 1));
}

TEST_F(Errors, GarbageFileIsRefusedAndLeftUntouched) {
  const auto path = file("garbage.db");
  std::string garbage;
  for (int i = 0; i < 8192; ++i) garbage += static_cast<char>((i * 7919 + 13) % 251);
  write_bytes(path, garbage);
  const auto before = read_bytes(path);

  for (OpenMode mode : {OpenMode::ReadWrite, OpenMode::ReadOnly}) {
    auto db = Database::open(path, mode);
    ASSERT_FALSE(db);
    const std::string message = db.error().describe();
    EXPECT_TRUE(contains(message, path.string())) << message;
    EXPECT_TRUE(contains(message, "not a SQLite database")) << message;
  }
  EXPECT_EQ(read_bytes(path), before);
  EXPECT_FALSE(std::filesystem::exists(path.string() + "-wal"));
  EXPECT_FALSE(std::filesystem::exists(path.string() + "-journal"));
}

TEST_F(Errors, NewerSchemaIsRefusedAndLeftUntouched) {
  const auto path = file("newer.db");
  make_database(path);
  const std::string bump = "PRAGMA user_version = " + std::to_string(Database::latest_schema_version() + 1);
  run_raw(path, bump.c_str());
  const auto before = read_bytes(path);

  for (OpenMode mode : {OpenMode::ReadWrite, OpenMode::ReadOnly}) {
    auto db = Database::open(path, mode);
    ASSERT_FALSE(db);
    const std::string message = db.error().describe();
    EXPECT_TRUE(contains(message, path.string())) << message;
    EXPECT_TRUE(contains(message, "newer than this program")) << message;
    EXPECT_TRUE(contains(message, std::to_string(Database::latest_schema_version() + 1))) << message;
  }
  EXPECT_EQ(read_bytes(path), before);
}

TEST_F(Errors, AnotherProgramsDatabaseIsRefusedAndLeftUntouched) {
  const auto path = file("foreign.db");
  run_raw(path, "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('keep me');");
  const auto before = read_bytes(path);
  auto db = Database::open(path);
  ASSERT_FALSE(db);
  EXPECT_TRUE(contains(db.error().describe(), "not an actsearch database")) << db.error().describe();
  EXPECT_EQ(read_bytes(path), before);
}

TEST_F(Errors, ReadOnlyOpenOfAMissingFileFailsAndCreatesNothing) {
  const auto path = file("missing.db");
  auto db = Database::open(path, OpenMode::ReadOnly);
  ASSERT_FALSE(db);
  EXPECT_TRUE(contains(db.error().describe(), path.string()));
  EXPECT_TRUE(contains(db.error().message, "no such database"));
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST_F(Errors, ReadWriteOpenInAMissingDirectoryNamesTheFile) {
  const auto path = file("no/such/dir/x.db");
  auto db = Database::open(path);
  ASSERT_FALSE(db);
  EXPECT_TRUE(contains(db.error().describe(), path.string())) << db.error().describe();
}

// A reader of an older schema reads an upgraded temporary copy: the file is never changed, and the
// copy is gone when the reader is.
TEST_F(Errors, ReadOnlyOpenOfAnOlderSchemaReadsAnUpgradedCopy) {
  const auto path = file("old.db");
  ASSERT_TRUE(Database::open_at_version_for_testing(path, 1));
  const auto before = read_bytes(path);
  // A temporary folder of this test's own, so that copies made by other tests running beside it do not
  // count (temp_directory_path follows TMPDIR).
  const auto temporary = std::filesystem::path(file("tmp"));
  std::filesystem::create_directories(temporary);
  ASSERT_EQ(setenv("TMPDIR", temporary.c_str(), 1), 0);
  auto copies = [&] {
    int n = 0;
    for (const auto& e : std::filesystem::directory_iterator(temporary)) {
      // The copy's own file only: while it is open SQLite may keep -wal and -shm files beside it.
      n += e.path().filename().string().ends_with("-upgraded.db");
    }
    return n;
  };
  const int copies_before = copies();
  {
    auto db = Database::open(path, OpenMode::ReadOnly);
    ASSERT_TRUE(db) << db.error().describe();
    EXPECT_EQ(db->upgraded_from(), 1);
    EXPECT_EQ(db->schema_version(), Database::latest_schema_version());
    EXPECT_EQ(db->path(), path);
    EXPECT_TRUE(db->campaigns().has_value());
    EXPECT_FALSE(db->create_campaign("new", "", "", 2).has_value());  // still a reader
    EXPECT_EQ(copies(), copies_before + 1);
  }
  EXPECT_EQ(copies(), copies_before);
  EXPECT_EQ(read_bytes(path), before);
  unsetenv("TMPDIR");
}

TEST_F(Errors, ReadOnlyFile) {
  const auto path = file("locked.db");
  make_database(path);
  ASSERT_EQ(chmod(path.c_str(), 0444), 0);
  const auto before = read_bytes(path);

  if (geteuid() != 0) {
    // Without write permission a read-write open is refused instead of silently degrading.
    auto rw = Database::open(path);
    ASSERT_FALSE(rw);
    EXPECT_TRUE(contains(rw.error().describe(), "read-only")) << rw.error().describe();
    EXPECT_TRUE(contains(rw.error().describe(), path.string()));
  }
  // (root ignores file permissions; what holds for everyone is that ReadOnly mode never writes.)
  auto ro = Database::open(path, OpenMode::ReadOnly);
  ASSERT_TRUE(ro) << ro.error().describe();
  EXPECT_EQ(ro->mode(), OpenMode::ReadOnly);
  EXPECT_TRUE(ro->find_campaign("c")->has_value());
  EXPECT_TRUE(ro->leaderboard(1));
  EXPECT_EQ(*ro->integrity_check(), "ok");
  auto write = ro->create_campaign("d", "", "", 2);
  ASSERT_FALSE(write);
  EXPECT_TRUE(contains(write.error().describe(), "readonly") || contains(write.error().describe(), "read-only"))
      << write.error().describe();
  EXPECT_FALSE(ro->transaction([] { return Expected<void>{}; }));
  EXPECT_FALSE(ro->requeue_interrupted(1));
  ro = Database::open(path, OpenMode::ReadOnly);  // close the first reader
  EXPECT_EQ(read_bytes(path), before);
  EXPECT_FALSE(ro->find_campaign("d")->has_value());
}

}  // namespace
}  // namespace actsearch::db
