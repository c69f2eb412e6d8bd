// On-disk cache of compiled kernel images (cubin or PTX), keyed by a SHA-256 of everything that
// determines the image: the source, the compiler options, the GPU architecture and the NVRTC
// version. Like PyTorch's Jiterator and CuPy, a second run of the same candidates skips NVRTC.
//
// Files: <dir>/<64 hex digits>.kimg, each a header (magic, payload length, SHA-256 of the payload)
// then the payload. Writes are atomic (temporary file in the same directory, fsync, rename), so a
// crash never leaves a half-written entry under a real name; a file that fails the integrity check
// (truncated, corrupted, foreign) is a miss and is replaced by the next store. Entries are evicted
// least recently used first (a hit refreshes the file's mtime) when the total exceeds the cap.
// Several processes may share a directory: the worst race is a redundant compile.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/expected.hpp"

namespace actsearch::kernels {

using Sha256Digest = std::array<std::uint8_t, 32>;

// SHA-256 (FIPS 180-4) of a byte string, and its lowercase hex spelling.
Sha256Digest sha256(std::string_view data);
std::string to_hex(std::span<const std::uint8_t> bytes);

// The cache key: hex SHA-256 over the parts, each length-prefixed so that no two different part
// lists hash the same text.
std::string cache_key(std::string_view source, std::span<const std::string> options, std::string_view arch,
                      std::string_view compiler_version);

// $ACTSEARCH_KERNEL_CACHE, else $XDG_CACHE_HOME/actsearch/kernels, else ~/.cache/actsearch/kernels,
// else a directory under the system temp dir.
std::filesystem::path default_cache_dir();

struct CacheConfig {
  std::filesystem::path dir = default_cache_dir();
  std::uintmax_t max_bytes = std::uintmax_t{1} << 30;  // total size of the entries (1 GiB)
};

class KernelCache {
 public:
  explicit KernelCache(CacheConfig config = {});

  const std::filesystem::path& dir() const { return config_.dir; }
  std::uintmax_t max_bytes() const { return config_.max_bytes; }

  // The payload stored under `key`, or nothing (absent or failed the integrity check: then the
  // file is removed). A hit refreshes the entry's modification time (the LRU order).
  std::optional<std::string> load(const std::string& key) const;

  // Stores atomically, then evicts the least recently used entries (never this one) while the
  // total exceeds the cap.
  Expected<void> store(const std::string& key, std::string_view payload) const;

  // The file that holds `key` (whether or not it exists).
  std::filesystem::path path_of(const std::string& key) const;

  // Sum of the sizes of the entries now in the directory.
  std::uintmax_t total_bytes() const;

 private:
  void evict(const std::filesystem::path& keep) const;
  CacheConfig config_;
};

}  // namespace actsearch::kernels
