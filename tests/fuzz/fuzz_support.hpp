// Shared by the fuzz targets: a failed property aborts (libFuzzer records the input as a crash), and a
// per-process scratch directory for readers that take a file name.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace actsearch::fuzz {

// Like assert, but also in release builds and with the failing input's context printed.
[[noreturn]] inline void property_failed(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz property failed: %s\n%s\n", what, detail.c_str());
  std::abort();
}
#define FUZZ_CHECK(condition, detail)                                         \
  do {                                                                        \
    if (!(condition)) ::actsearch::fuzz::property_failed(#condition, detail); \
  } while (0)

// Where the scratch directory lives: /dev/shm (memory) where it exists, since the readers under test
// fsync (the database, the kernel cache) and a disk's fsync would cap a target at a few dozen inputs a
// second; else the system temp dir.
inline std::filesystem::path scratch_parent() {
  std::error_code ec;
  if (std::filesystem::is_directory("/dev/shm", ec)) return "/dev/shm";
  return std::filesystem::temp_directory_path();
}

// A directory of this process, emptied and reused by every input (so a long run does not fill the
// disk); removed at exit.
inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    auto d = scratch_parent() / ("actsearch-fuzz-" + std::to_string(getpid()));
    std::filesystem::create_directories(d);
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(scratch_parent() / ("actsearch-fuzz-" + std::to_string(getpid())), ec);
    });
    return d;
  }();
  return dir;
}

// Removes everything in the scratch directory.
inline void clear_scratch() {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(scratch_dir(), ec)) {
    std::filesystem::remove_all(entry.path(), ec);
  }
}

inline void write_bytes(const std::filesystem::path& file, std::string_view bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string read_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace actsearch::fuzz
