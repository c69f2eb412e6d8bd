// The kernel-image cache reader on arbitrary entry files: load never crashes; it returns a payload only
// for an intact entry (the bytes after the header, the file kept) and otherwise reports a miss and
// removes the file; storing the input as a payload and loading it back gives it unchanged, also when the
// cap forces evictions.
#include <cstddef>
#include <cstdint>
#include <string>

#include "kernels/cache.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace actsearch;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  fuzz::clear_scratch();
  const kernels::KernelCache cache(kernels::CacheConfig{.dir = fuzz::scratch_dir(), .max_bytes = 4096});
  const std::string key = kernels::to_hex(kernels::sha256("fuzz"));
  fuzz::write_bytes(cache.path_of(key), bytes);

  const auto loaded = cache.load(key);
  constexpr std::size_t kHeaderBytes = 8 + 8 + 32;  // magic, payload length, SHA-256
  if (loaded) {
    FUZZ_CHECK(bytes.size() >= kHeaderBytes && *loaded == bytes.substr(kHeaderBytes), "a hit returned other bytes");
    FUZZ_CHECK(std::filesystem::exists(cache.path_of(key)), "a hit removed its entry");
  } else {
    FUZZ_CHECK(!std::filesystem::exists(cache.path_of(key)), "a damaged entry was left in place");
  }

  // Round trip of the input as a payload, next to an older entry that the cap may evict.
  const std::string other = kernels::to_hex(kernels::sha256("other"));
  if (auto stored = cache.store(other, bytes.substr(0, bytes.size() / 2)); !stored) {
    fuzz::property_failed("store", stored.error().describe());
  }
  if (auto stored = cache.store(key, bytes); !stored) fuzz::property_failed("store", stored.error().describe());
  const auto back = cache.load(key);
  FUZZ_CHECK(back.has_value() && *back == bytes, "a stored payload did not load back unchanged");
  return 0;
}
