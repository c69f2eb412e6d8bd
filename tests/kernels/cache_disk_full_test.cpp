// The kernel cache on a full disk: a store that cannot be written fails with an error naming the file,
// leaves neither a partial entry nor its temporary file, and the entries already there stay readable;
// once space is back, storing works again.
//
// "Full" is the process's file-size limit (RLIMIT_FSIZE, with SIGXFSZ ignored so that write() fails with
// EFBIG instead of killing the process), set in a child process: it needs no root, unlike a small tmpfs.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "kernels/cache.hpp"
#include "tests/common/temp_dir.hpp"

namespace actsearch::kernels {
namespace {

int entries_and_temporaries(const std::filesystem::path& dir) {
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) n += e.is_regular_file();
  return n;
}

TEST(KernelCacheDiskFull, FailedStoreLeavesNothingAndKeepsOldEntries) {
  actsearch::testing::TempDir dir;
  const KernelCache cache(CacheConfig{.dir = dir.path(), .max_bytes = 1 << 20});
  const std::string old_key = to_hex(sha256("old")), new_key = to_hex(sha256("new"));
  ASSERT_TRUE(cache.store(old_key, "an image stored while there was space"));
  const std::string big(256 * 1024, 'k');

  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Exit codes say which expectation failed (gtest assertions do not cross the fork).
    signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{64 * 1024, 64 * 1024};
    if (setrlimit(RLIMIT_FSIZE, &limit) != 0) _exit(10);
    auto stored = cache.store(new_key, big);
    if (stored) _exit(11);
    const std::string message = stored.error().describe();
    if (message.find(dir.path().string()) == std::string::npos) _exit(12);
    if (message.find("File too large") == std::string::npos) _exit(13);
    if (cache.load(new_key)) _exit(14);
    if (cache.load(old_key) != "an image stored while there was space") _exit(15);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "10 setrlimit, 11 store succeeded, 12 error without the path, 13 error "
                                       "without the cause, 14 partial entry readable, 15 old entry lost";
  EXPECT_EQ(entries_and_temporaries(dir.path()), 1) << "only the old entry remains: no partial or temporary file";
  EXPECT_FALSE(std::filesystem::exists(cache.path_of(new_key)));

  // Space is back.
  ASSERT_TRUE(cache.store(new_key, big));
  EXPECT_EQ(cache.load(new_key), big);
  EXPECT_EQ(cache.load(old_key), "an image stored while there was space");
}

}  // namespace
}  // namespace actsearch::kernels
