// Paths the library cannot use, each refused with the reason and the file named: a symlink loop, and a
// database whose folder is read-only (SQLite must create the -wal and -shm files next to it).
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
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

// What an ordinary user sees. Root ignores folder permissions, so under root (as CI runs) the open is made
// by a child process that has become the unprivileged user nobody.
TEST_F(HostilePaths, ReadOnlyFolderIsRefusedBeforeAnyWrite) {
  const auto path = file("shelf.db");
  ASSERT_TRUE(Database::open(path).has_value());
  ASSERT_EQ(chmod(path.c_str(), 0666), 0);
  ASSERT_EQ(chmod(dir_.c_str(), 0555), 0);
  const auto before = testing::read_bytes(path);
  // What is wrong with the refusal, in a form that crosses a process boundary: "" when it is the expected one.
  auto refusal_problem = [&]() -> std::string {
    auto db = Database::open(path);
    if (db) return "the read-write open succeeded";
    const std::string described = db.error().describe();
    if (!contains(described, path.string() + "-")) return "does not name the file it cannot write: " + described;
    if (!contains(db.error().message, "folder read-only")) return "does not say why: " + described;
    return "";
  };
  if (geteuid() != 0) {
    EXPECT_EQ(refusal_problem(), "");
  } else {
    int pipe_ends[2];
    ASSERT_EQ(pipe(pipe_ends), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(pipe_ends[0]);
      const gid_t nobody = 65534;
      if (setgroups(0, nullptr) != 0 || setgid(nobody) != 0 || setuid(nobody) != 0) _exit(2);
      const std::string problem = refusal_problem();
      const ssize_t written = write(pipe_ends[1], problem.data(), problem.size());
      _exit(written == static_cast<ssize_t>(problem.size()) ? 0 : 3);
    }
    close(pipe_ends[1]);
    std::string problem;
    char chunk[512];
    for (ssize_t n; (n = read(pipe_ends[0], chunk, sizeof chunk)) > 0;)
      problem.append(chunk, static_cast<std::size_t>(n));
    close(pipe_ends[0]);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the child as nobody ended with status " << status;
    EXPECT_EQ(problem, "");
  }
  EXPECT_EQ(testing::read_bytes(path), before);
  ASSERT_EQ(chmod(dir_.c_str(), 0755), 0);
}

}  // namespace
}  // namespace actsearch::db
