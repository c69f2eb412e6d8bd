// IDX reader (the MNIST file format: a 4-byte magic 00 00 <type> <ndims>, ndims big-endian 32-bit
// dimensions, then the elements), raw or gzip-compressed.
#include <zlib.h>

#include <array>
#include <cstdio>
#include <limits>
#include <memory>
#include <system_error>

#include "trainer/dataset.hpp"

namespace actsearch::trainer {
namespace {

constexpr std::uint8_t kUnsignedByte = 0x08;
constexpr int kMaxDims = 8;

std::string hex_bytes(std::span<const std::uint8_t> bytes) {
  std::string out = "0x";
  for (std::uint8_t b : bytes) {
    std::array<char, 3> digits{};
    std::snprintf(digits.data(), digits.size(), "%02x", b);
    out += digits.data();
  }
  return out;
}

struct GzCloser {
  void operator()(gzFile f) const { gzclose(f); }
};
using GzHandle = std::unique_ptr<std::remove_pointer_t<gzFile>, GzCloser>;

// The whole decompressed content (zlib passes files that are not gzip through unchanged).
Expected<std::vector<std::uint8_t>> read_decompressed(const std::filesystem::path& file) {
  const std::string name = file.string();
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return fail("file does not exist", {.file = name});
  if (!std::filesystem::is_regular_file(file, ec)) return fail("not a regular file", {.file = name});
  const auto compressed_size = std::filesystem::file_size(file, ec);

  GzHandle in(gzopen(name.c_str(), "rb"));
  if (!in) return fail("cannot open file for reading", {.file = name});
  gzbuffer(in.get(), 1 << 17);

  std::vector<std::uint8_t> content;
  if (!ec) content.reserve(static_cast<std::size_t>(compressed_size) * 2);
  constexpr unsigned kChunk = 1 << 20;
  for (;;) {
    const std::size_t old_size = content.size();
    content.resize(old_size + kChunk);
    const int got = gzread(in.get(), content.data() + old_size, kChunk);
    if (got < 0) {
      int code = Z_OK;
      const char* message = gzerror(in.get(), &code);
      return fail(std::string("gzip error: ") + (message ? message : "unknown") + " (corrupt or not gzip data)",
                  {.file = name});
    }
    content.resize(old_size + static_cast<std::size_t>(got));
    if (got == 0) break;
  }
  int code = Z_OK;
  const char* message = gzerror(in.get(), &code);
  if (code == Z_BUF_ERROR) return fail("gzip error: compressed stream is truncated", {.file = name});
  if (code != Z_OK) return fail(std::string("gzip error: ") + (message ? message : "unknown"), {.file = name});
  return content;
}

}  // namespace

Expected<IdxArray> read_idx(const std::filesystem::path& file) {
  auto content = read_decompressed(file);
  if (!content) return fail(content.error());
  const std::vector<std::uint8_t>& bytes = *content;
  const std::string name = file.string();

  if (bytes.size() < 4) {
    return fail("truncated: " + std::to_string(bytes.size()) + " bytes, too short for an IDX header", {.file = name});
  }
  const std::span<const std::uint8_t> magic(bytes.data(), 4);
  const int ndims = magic[3];
  if (magic[0] != 0 || magic[1] != 0 || ndims == 0 || ndims > kMaxDims) {
    return fail("bad magic " + hex_bytes(magic) + " (an IDX file starts with 00 00 <type> <1..8 dimensions>)",
                {.file = name});
  }
  if (magic[2] != kUnsignedByte) {
    return fail("unsupported IDX element type " + hex_bytes(magic.subspan(2, 1)) + " (only unsigned byte, 0x08)",
                {.file = name});
  }
  const std::size_t header = 4 + 4 * static_cast<std::size_t>(ndims);
  if (bytes.size() < header) {
    return fail("truncated: header declares " + std::to_string(ndims) + " dimensions but the file has " +
                    std::to_string(bytes.size()) + " bytes",
                {.file = name});
  }

  IdxArray out;
  std::size_t count = 1;
  for (int d = 0; d < ndims; ++d) {
    const std::uint8_t* p = bytes.data() + 4 + 4 * d;
    const std::size_t dim = (std::size_t{p[0]} << 24) | (std::size_t{p[1]} << 16) | (std::size_t{p[2]} << 8) | p[3];
    if (dim != 0 && count > std::numeric_limits<std::size_t>::max() / dim) {
      return fail("dimensions overflow", {.file = name});
    }
    count *= dim;
    out.dims.push_back(dim);
  }
  const std::size_t available = bytes.size() - header;
  if (available < count) {
    return fail("truncated: dimensions need " + std::to_string(count) + " data bytes, the file has " +
                    std::to_string(available),
                {.file = name});
  }
  if (available > count) {
    return fail(std::to_string(available - count) + " trailing bytes after the " + std::to_string(count) +
                    " data bytes the dimensions declare",
                {.file = name});
  }
  out.data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(header), bytes.end());
  return out;
}

}  // namespace actsearch::trainer
