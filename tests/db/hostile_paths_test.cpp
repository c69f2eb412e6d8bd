// Paths the library cannot use, each refused with the reason and the file named: a symlink loop, and a
// database whose folder is read-only (SQLite must create the -wal and -shm files next to it).
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "db/database.hpp"
#include "helpers.hpp"
#include "tests/common/text.hpp"

namespace actsearch::db {
namespace {

using ::actsearch::testing::contains;

using HostilePaths = testing::TempDir;

TEST_F(HostilePaths, SymlinkLoopNamesTheFileAndTheCause) {
  const auto path = file("loop.db");
  std::filesystem::create_symlink("loop.db", path);
  for (OpenMode mode : {OpenMode::ReadWrite, OpenMode::ReadOnly}) {
    auto db = Database::open(path, mode);
    ASSERT_FALSE(db);
    EXPECT_TRUE(contains(db.error().describe(), path.string())) << db.error().describe();
    EXPECT_TRUE(contains(db.error().message, "symbolic links")) << db.error().describe();
  }
  EXPECT_EQ(std::filesystem::read_symlink(path), "loop.db");
}

TEST_F(HostilePaths, ReadOnlyFolderIsRefusedBeforeAnyWrite) {
  if (geteuid() == 0)
    GTEST_SKIP() << "root ignores folder permissions (tests/cli/hostile_files_test.cpp runs this as nobody)";
  const auto path = file("shelf.db");
  ASSERT_TRUE(Database::open(path).has_value());
  ASSERT_EQ(chmod(dir_.c_str(), 0555), 0);
  const auto before = testing::read_bytes(path);
  auto db = Database::open(path);
  ASSERT_FALSE(db);
  EXPECT_TRUE(contains(db.error().describe(), path.string() + "-")) << db.error().describe();
  EXPECT_TRUE(contains(db.error().message, "folder read-only")) << db.error().describe();
  EXPECT_EQ(testing::read_bytes(path), before);
  ASSERT_EQ(chmod(dir_.c_str(), 0755), 0);
}

}  // namespace
}  // namespace actsearch::db
