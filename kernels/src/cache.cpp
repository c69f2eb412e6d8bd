// SHA-256 and the kernel image cache (see cache.hpp for the file format and the guarantees).
#include "kernels/cache.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <vector>

namespace actsearch::kernels {
namespace {

constexpr std::array<std::uint32_t, 64> kRound = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

void compress(std::array<std::uint32_t, 8>& h, const std::uint8_t* block) {
  std::uint32_t w[64];
  for (int i = 0; i < 16; ++i) {
    w[i] = (std::uint32_t{block[4 * i]} << 24) | (std::uint32_t{block[4 * i + 1]} << 16) |
           (std::uint32_t{block[4 * i + 2]} << 8) | std::uint32_t{block[4 * i + 3]};
  }
  for (int i = 16; i < 64; ++i) {
    const std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    const std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
  for (int i = 0; i < 64; ++i) {
    const std::uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    const std::uint32_t ch = (e & f) ^ (~e & g);
    const std::uint32_t t1 = k + s1 + ch + kRound[static_cast<std::size_t>(i)] + w[i];
    const std::uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    const std::uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
    const std::uint32_t t2 = s0 + maj;
    k = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
  h[4] += e;
  h[5] += f;
  h[6] += g;
  h[7] += k;
}

constexpr std::string_view kExtension = ".kimg";
constexpr char kMagic[8] = {'A', 'S', 'K', 'I', 'M', 'G', '0', '1'};
constexpr std::size_t kHeaderBytes = sizeof kMagic + 8 + 32;

void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
std::uint64_t get_u64(const char* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
  return v;
}

bool is_entry(const std::filesystem::directory_entry& e) {
  return e.is_regular_file() && e.path().extension() == kExtension && e.path().stem().string().size() == 64;
}

// Writes all of `data` to `fd`, retrying short writes and interrupted calls.
bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

Sha256Digest sha256(std::string_view data) {
  std::array<std::uint32_t, 8> h = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(data.data());
  std::size_t full = data.size() / 64;
  for (std::size_t i = 0; i < full; ++i) compress(h, bytes + 64 * i);
  // Padding: 0x80, zeros, then the message length in bits, big-endian, filling one or two blocks.
  std::uint8_t tail[128] = {};
  const std::size_t rest = data.size() - 64 * full;
  std::memcpy(tail, bytes + 64 * full, rest);
  tail[rest] = 0x80;
  const std::size_t tail_blocks = rest + 9 <= 64 ? 1 : 2;
  const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
  for (int i = 0; i < 8; ++i)
    tail[tail_blocks * 64 - 1 - static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(bits >> (8 * i));
  for (std::size_t i = 0; i < tail_blocks; ++i) compress(h, tail + 64 * i);
  Sha256Digest out;
  for (std::size_t i = 0; i < 8; ++i) {
    for (std::size_t j = 0; j < 4; ++j) out[4 * i + j] = static_cast<std::uint8_t>(h[i] >> (24 - 8 * j));
  }
  return out;
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 15]);
  }
  return out;
}

std::string cache_key(std::string_view source, std::span<const std::string> options, std::string_view arch,
                      std::string_view compiler_version) {
  std::string text = "actsearch-kernel-image-v1";
  auto part = [&text](std::string_view s) {
    put_u64(text, s.size());
    text += s;
  };
  part(source);
  put_u64(text, options.size());
  for (const std::string& o : options) part(o);
  part(arch);
  part(compiler_version);
  return to_hex(sha256(text));
}

std::filesystem::path default_cache_dir() {
  if (const char* dir = std::getenv("ACTSEARCH_KERNEL_CACHE"); dir != nullptr && *dir != '\0') return dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') {
    return std::filesystem::path(xdg) / "actsearch" / "kernels";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return std::filesystem::path(home) / ".cache" / "actsearch" / "kernels";
  }
  return std::filesystem::temp_directory_path() / "actsearch-kernels";
}

KernelCache::KernelCache(CacheConfig config) : config_(std::move(config)) {}

std::filesystem::path KernelCache::path_of(const std::string& key) const {
  return config_.dir / (key + std::string(kExtension));
}

std::optional<std::string> KernelCache::load(const std::string& key) const {
  const std::filesystem::path file = path_of(key);
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  std::error_code ec;
  const bool intact = bytes.size() >= kHeaderBytes && std::memcmp(bytes.data(), kMagic, sizeof kMagic) == 0 &&
                      get_u64(bytes.data() + sizeof kMagic) == bytes.size() - kHeaderBytes &&
                      std::memcmp(bytes.data() + sizeof kMagic + 8,
                                  sha256(std::string_view(bytes).substr(kHeaderBytes)).data(), 32) == 0;
  if (!intact) {
    std::filesystem::remove(file, ec);
    return std::nullopt;
  }
  std::filesystem::last_write_time(file, std::filesystem::file_time_type::clock::now(), ec);
  return bytes.substr(kHeaderBytes);
}

Expected<void> KernelCache::store(const std::string& key, std::string_view payload) const {
  std::error_code ec;
  std::filesystem::create_directories(config_.dir, ec);
  if (ec) return fail("cannot create the kernel cache directory " + config_.dir.string() + ": " + ec.message());
  std::string header(kMagic, sizeof kMagic);
  put_u64(header, payload.size());
  const Sha256Digest digest = sha256(payload);
  header.append(reinterpret_cast<const char*>(digest.data()), digest.size());

  static std::atomic<unsigned> counter{0};
  const std::filesystem::path final_path = path_of(key);
  const std::filesystem::path temp =
      config_.dir / (".tmp-" + key + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1)));
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return fail("cannot create " + temp.string() + ": " + std::strerror(errno));
  const bool written =
      write_all(fd, header.data(), header.size()) && write_all(fd, payload.data(), payload.size()) && ::fsync(fd) == 0;
  const int saved_errno = errno;
  ::close(fd);
  if (!written) {
    std::filesystem::remove(temp, ec);
    return fail("cannot write " + temp.string() + ": " + std::strerror(saved_errno));
  }
  std::filesystem::rename(temp, final_path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    return fail("cannot rename " + temp.string() + " to " + final_path.string() + ": " + ec.message());
  }
  // The rename is durable only once the directory itself is synced.
  if (const int dir_fd = ::open(config_.dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  evict(final_path);
  return {};
}

std::uintmax_t KernelCache::total_bytes() const {
  std::uintmax_t total = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(config_.dir, ec)) {
    if (is_entry(e)) total += e.file_size(ec);
  }
  return total;
}

void KernelCache::evict(const std::filesystem::path& keep) const {
  struct Entry {
    std::filesystem::path path;
    std::filesystem::file_time_type time;
    std::uintmax_t size;
  };
  std::vector<Entry> entries;
  std::uintmax_t total = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(config_.dir, ec)) {
    if (!is_entry(e)) continue;
    std::error_code item_ec;
    const auto size = e.file_size(item_ec);
    const auto time = e.last_write_time(item_ec);
    if (item_ec) continue;  // removed by another process meanwhile
    entries.push_back({e.path(), time, size});
    total += size;
  }
  if (total <= config_.max_bytes) return;
  // Oldest first; ties by name so that the order does not depend on the directory listing.
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.time != b.time ? a.time < b.time : a.path < b.path; });
  for (const Entry& e : entries) {
    if (total <= config_.max_bytes) break;
    if (e.path == keep) continue;
    std::error_code remove_ec;
    if (std::filesystem::remove(e.path, remove_ec)) total -= e.size;
  }
}

}  // namespace actsearch::kernels
