// The IDX reader (raw or gzip) on arbitrary bytes: never crashes, and what it accepts is consistent (the
// data holds exactly the product of the dimensions). The first byte picks how the rest reaches the file:
// as is (so the fuzzer mutates gzip streams too), or gzip-compressed here (so mutations of the IDX
// structure also travel through the decompressor).
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "tests/fuzz/fuzz_support.hpp"
#include "trainer/dataset.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace actsearch;
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto file = fuzz::scratch_dir() / "input.idx";
  if (data[0] & 1) {
    gzFile out = gzopen(file.c_str(), "wb");
    if (out == nullptr) return 0;
    if (!rest.empty()) gzwrite(out, rest.data(), static_cast<unsigned>(rest.size()));
    gzclose(out);
  } else {
    fuzz::write_bytes(file, rest);
  }
  auto array = trainer::read_idx(file);
  if (!array) {
    FUZZ_CHECK(array.error().where.file == file.string(), array.error().describe());
    return 0;
  }
  std::size_t count = 1;
  for (std::size_t d : array->dims) count *= d;
  FUZZ_CHECK(!array->dims.empty() && array->data.size() == count, "dimensions and data disagree");
  return 0;
}
