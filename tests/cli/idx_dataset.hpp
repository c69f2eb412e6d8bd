// A tiny data set in the MNIST layout for the end-to-end tests, written where a test wants it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace actsearch::testing {

namespace fs = std::filesystem;

// A tiny data set in the MNIST layout (raw IDX files): 160 training and 40 test images of 2x3 pixels.
inline void write_idx_dataset(const fs::path& dir, int flipped_label) {
  fs::create_directories(dir);
  auto idx = [](std::vector<std::uint32_t> dims, const std::vector<std::uint8_t>& data) {
    std::string bytes = {'\0', '\0', '\x08', static_cast<char>(dims.size())};
    for (std::uint32_t d : dims) {
      for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<char>((d >> shift) & 0xff));
    }
    bytes.append(data.begin(), data.end());
    return bytes;
  };
  auto write = [](const fs::path& file, const std::string& bytes) { std::ofstream(file, std::ios::binary) << bytes; };
  for (const auto& [prefix, n] : {std::pair<std::string, std::uint32_t>{"train", 160}, {"t10k", 40}}) {
    std::vector<std::uint8_t> images(n * 6), labels(n);
    for (std::uint32_t i = 0; i < n; ++i) {
      labels[i] = static_cast<std::uint8_t>(i % 3);
      for (std::uint32_t p = 0; p < 6; ++p)
        images[i * 6 + p] = static_cast<std::uint8_t>(40 * labels[i] + 7 * p + i % 5);
    }
    if (prefix == "train" && flipped_label >= 0) labels[static_cast<std::size_t>(flipped_label)] ^= 1;
    write(dir / (prefix + "-images-idx3-ubyte"), idx({n, 2, 3}, images));
    write(dir / (prefix + "-labels-idx1-ubyte"), idx({n}, labels));
  }
}

// A campaign on that data set in `data/` beside the campaign file: two listed functions and a baseline,
// trained in a second.
inline constexpr const char* kIdxCampaign = R"(name: files
database: files.db
seed: 3
workers: 1
task:
  name: tiny-idx
  dataset: {kind: mnist, dir: data, validation_examples: 40, standardize: none}
  model: {hidden: [8]}
  training: {epochs: 1, batch_size: 16}
strategy: {kind: list, batch: 2, expressions: [tanh(x), softsign(x)]}
fidelity:
  rungs: [{train_examples: 100, epochs: 1, seeds: 1}]
  final: {top: 1, seeds: 5, epochs: 1, test: false}
baselines: [relu]
)";

}  // namespace actsearch::testing
