// SHA-256, the on-disk image cache, and compilation through it (NVRTC needs no GPU).
#include "kernels/cache.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <set>

#include "kernels/codegen.hpp"
#include "kernels/nvrtc.hpp"
#include "tests/kernels/helpers.hpp"

namespace actsearch::kernels {
namespace {

using testing::TempDir;

std::string hex(std::string_view s) { return to_hex(sha256(s)); }

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // Lengths around the padding boundary (55, 56, 63, 64 bytes) against each other: all distinct.
  std::set<std::string> seen;
  for (std::size_t n : {55u, 56u, 63u, 64u, 65u}) seen.insert(hex(std::string(n, 'x')));
  EXPECT_EQ(seen.size(), 5u);
}

TEST(CacheKey, ChangesWithEveryPart) {
  const std::vector<std::string> options = {"--std=c++17", "--fmad=false"};
  const std::string base = cache_key("source", options, "sm_90", "13.0");
  EXPECT_EQ(base.size(), 64u);
  EXPECT_EQ(base, cache_key("source", options, "sm_90", "13.0"));
  EXPECT_NE(base, cache_key("source!", options, "sm_90", "13.0"));
  EXPECT_NE(base, cache_key("source", std::vector<std::string>{"--std=c++17"}, "sm_90", "13.0"));
  EXPECT_NE(base, cache_key("source", options, "sm_80", "13.0"));
  EXPECT_NE(base, cache_key("source", options, "sm_90", "13.1"));
  // Length prefixes: moving a character between parts changes the key.
  EXPECT_NE(cache_key("ab", {}, "c", ""), cache_key("a", {}, "bc", ""));
}

TEST(KernelCache, MissStoreHit) {
  TempDir dir;
  const KernelCache cache({.dir = dir.path() / "k", .max_bytes = 1 << 20});
  const std::string key = cache_key("s", {}, "sm_90", "v");
  EXPECT_FALSE(cache.load(key).has_value());
  const std::string payload(
      "\x7f"
      "ELF\0binary\0data",
      16);
  ASSERT_TRUE(cache.store(key, payload).has_value());
  auto hit = cache.load(key);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(*hit, payload);
  // No temporary files are left behind.
  for (const auto& e : std::filesystem::directory_iterator(cache.dir())) EXPECT_EQ(e.path(), cache.path_of(key));
}

TEST(KernelCache, CorruptOrTruncatedEntryIsAMissAndIsReplaced) {
  TempDir dir;
  const KernelCache cache({.dir = dir.path(), .max_bytes = 1 << 20});
  const std::string key = cache_key("s", {}, "sm_90", "v");
  const std::string payload(1000, 'p');
  ASSERT_TRUE(cache.store(key, payload).has_value());
  {
    std::fstream f(cache.path_of(key), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(100);
    f.put('X');  // one payload byte flipped: the checksum no longer matches
  }
  EXPECT_FALSE(cache.load(key).has_value());
  EXPECT_FALSE(std::filesystem::exists(cache.path_of(key)));
  ASSERT_TRUE(cache.store(key, payload).has_value());
  EXPECT_EQ(*cache.load(key), payload);

  std::filesystem::resize_file(cache.path_of(key), 500);  // truncated
  EXPECT_FALSE(cache.load(key).has_value());
  {
    std::ofstream f(cache.path_of(key), std::ios::binary);
    f << "not a cache file at all";  // foreign content
  }
  EXPECT_FALSE(cache.load(key).has_value());
  std::ofstream(cache.path_of(key), std::ios::binary).close();  // empty
  EXPECT_FALSE(cache.load(key).has_value());
}

TEST(KernelCache, EvictsLeastRecentlyUsedOverTheCap) {
  TempDir dir;
  // Each entry is 1000 payload bytes + a 48-byte header; the cap holds three.
  const KernelCache cache({.dir = dir.path(), .max_bytes = 3 * 1048 + 10});
  std::vector<std::string> keys;
  const auto now = std::filesystem::file_time_type::clock::now();
  for (int i = 0; i < 3; ++i) {
    keys.push_back(cache_key("source " + std::to_string(i), {}, "sm_90", "v"));
    ASSERT_TRUE(cache.store(keys.back(), std::string(1000, static_cast<char>('a' + i))).has_value());
    // Explicit ages (oldest first) so the test does not depend on the file system's time resolution.
    std::filesystem::last_write_time(cache.path_of(keys.back()), now - std::chrono::hours(10 - i));
  }
  EXPECT_EQ(cache.total_bytes(), 3u * 1048u);
  // Using entry 0 makes entry 1 the least recently used.
  ASSERT_TRUE(cache.load(keys[0]).has_value());
  keys.push_back(cache_key("source 3", {}, "sm_90", "v"));
  ASSERT_TRUE(cache.store(keys[3], std::string(1000, 'd')).has_value());
  EXPECT_TRUE(cache.load(keys[0]).has_value());
  EXPECT_FALSE(std::filesystem::exists(cache.path_of(keys[1])));
  EXPECT_TRUE(cache.load(keys[2]).has_value());
  EXPECT_TRUE(cache.load(keys[3]).has_value());
  EXPECT_LE(cache.total_bytes(), cache.max_bytes());
}

TEST(KernelCache, EntryLargerThanTheCapIsKeptAlone) {
  TempDir dir;
  const KernelCache cache({.dir = dir.path(), .max_bytes = 100});
  const std::string a = cache_key("a", {}, "x", "v"), b = cache_key("b", {}, "x", "v");
  ASSERT_TRUE(cache.store(a, std::string(500, 'a')).has_value());
  ASSERT_TRUE(cache.store(b, std::string(500, 'b')).has_value());
  EXPECT_FALSE(cache.load(a).has_value());
  EXPECT_TRUE(cache.load(b).has_value());
}

TEST(KernelCache, DefaultDirectoryFollowsTheEnvironment) {
  const char* saved = std::getenv("ACTSEARCH_KERNEL_CACHE");
  const std::string keep = saved ? saved : "";
  ::setenv("ACTSEARCH_KERNEL_CACHE", "/tmp/somewhere", 1);
  EXPECT_EQ(default_cache_dir(), std::filesystem::path("/tmp/somewhere"));
  ::unsetenv("ACTSEARCH_KERNEL_CACHE");
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg != nullptr && *xdg != '\0') {
    EXPECT_EQ(default_cache_dir(), std::filesystem::path(xdg) / "actsearch" / "kernels");
  } else {
    EXPECT_EQ(default_cache_dir().filename(), "kernels");
  }
  if (saved) ::setenv("ACTSEARCH_KERNEL_CACHE", keep.c_str(), 1);
}

TEST(CompileCache, MissCompilesAndStoresHitReturnsTheSameBytes) {
  if (!nvrtc_available()) GTEST_SKIP() << "no NVRTC: this build has no CUDA toolkit";
  TempDir dir;
  const KernelCache cache({.dir = dir.path(), .max_bytes = 1 << 30});
  const auto programs = testing::diverse_programs(8, 5);
  auto source = generate_module(testing::pointers(programs));
  ASSERT_TRUE(source.has_value());
  auto first = compile_source(*source, "sm_90", &cache);
  ASSERT_TRUE(first.has_value()) << first.error().describe();
  EXPECT_FALSE(first->from_cache);
  EXPECT_EQ(cache.total_bytes(), first->image.size() + 48);
  auto second = compile_source(*source, "sm_90", &cache);
  ASSERT_TRUE(second.has_value());
  EXPECT_TRUE(second->from_cache);
  EXPECT_EQ(second->image, first->image);
  std::printf("[ cache    ] 8 candidates sm_90: compile %.3f s, cache hit %.4f s\n", first->seconds, second->seconds);
  // Another architecture is another entry.
  auto other = compile_source(*source, "compute_90", &cache);
  ASSERT_TRUE(other.has_value());
  EXPECT_FALSE(other->from_cache);
  EXPECT_FALSE(other->cubin);
}

}  // namespace
}  // namespace actsearch::kernels
