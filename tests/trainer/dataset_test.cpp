// IDX reading (raw and gzip, and every way a file can be broken), the seeded train/validation split,
// standardisation and the synthetic sets.
#include "trainer/dataset.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "helpers.hpp"

namespace actsearch::trainer {
namespace {

using testing::TempDir;

// The bytes of an IDX file of unsigned bytes with the given dimensions.
std::string idx_bytes(const std::vector<std::uint32_t>& dims, const std::vector<std::uint8_t>& data) {
  std::string out = {'\0', '\0', '\x08', static_cast<char>(dims.size())};
  for (std::uint32_t d : dims) {
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((d >> shift) & 0xff);
  }
  out.append(data.begin(), data.end());
  return out;
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

void write_gzip(const std::filesystem::path& path, const std::string& bytes) {
  gzFile f = gzopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size())), static_cast<int>(bytes.size()));
  gzclose(f);
}

std::vector<std::uint8_t> ramp(std::size_t n) {
  std::vector<std::uint8_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>((i * 37) % 256);
  return v;
}

TEST(Idx, ReadsRawAndGzipFilesAlike) {
  TempDir dir;
  const auto data = ramp(3 * 2 * 4);
  write_file(dir.path() / "raw", idx_bytes({3, 2, 4}, data));
  write_gzip(dir.path() / "packed.gz", idx_bytes({3, 2, 4}, data));
  for (const char* name : {"raw", "packed.gz"}) {
    auto idx = read_idx(dir.path() / name);
    ASSERT_TRUE(idx.has_value()) << idx.error().describe();
    EXPECT_EQ(idx->dims, (std::vector<std::size_t>{3, 2, 4})) << name;
    EXPECT_EQ(idx->data, data) << name;
  }
}

TEST(Idx, BrokenFilesAreClearErrorsNamingTheFile) {
  TempDir dir;
  const auto data = ramp(6);
  std::string wrong_type = idx_bytes({6}, data);
  wrong_type[2] = '\x0d';  // float32 elements
  std::string bad_magic = idx_bytes({6}, data);
  bad_magic[0] = '\x01';
  const std::string truncated = idx_bytes({6}, data).substr(0, 4 + 4 + 3);
  const std::string trailing = idx_bytes({6}, data) + "xx";
  const std::string short_header = idx_bytes({6, 5}, {}).substr(0, 7);
  struct Case {
    std::string name, bytes, expected;
  };
  const std::vector<Case> cases = {{"wrong_type", wrong_type, "element type"},
                                   {"bad_magic", bad_magic, "magic"},
                                   {"truncated", truncated, "truncated"},
                                   {"trailing", trailing, "trailing"},
                                   {"short_header", short_header, "truncated"}};
  for (const auto& c : cases) {
    write_file(dir.path() / c.name, c.bytes);
    auto idx = read_idx(dir.path() / c.name);
    ASSERT_FALSE(idx.has_value()) << c.name;
    const std::string message = idx.error().describe();
    EXPECT_NE(message.find(c.name), std::string::npos) << message;
    EXPECT_NE(message.find(c.expected), std::string::npos) << c.name << ": " << message;
  }

  auto missing = read_idx(dir.path() / "absent-file");
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().describe().find("absent-file"), std::string::npos);

  // A gzip stream cut in the middle is an error too, not a short read.
  std::string packed;
  write_gzip(dir.path() / "whole.gz", idx_bytes({200}, ramp(200)));
  {
    std::ifstream in(dir.path() / "whole.gz", std::ios::binary);
    packed.assign(std::istreambuf_iterator<char>(in), {});
  }
  write_file(dir.path() / "cut.gz", packed.substr(0, packed.size() / 2));
  EXPECT_FALSE(read_idx(dir.path() / "cut.gz").has_value());
}

// Writes a tiny data set in the Fashion-MNIST layout: n training and t test images of 2x3 pixels.
DatasetSpec tiny_idx(const std::filesystem::path& dir, std::size_t n, std::size_t t) {
  std::vector<std::uint8_t> images(n * 6), labels(n), test_images(t * 6), test_labels(t);
  for (std::size_t i = 0; i < n; ++i) {
    labels[i] = static_cast<std::uint8_t>(i % 10);
    for (std::size_t p = 0; p < 6; ++p) images[i * 6 + p] = static_cast<std::uint8_t>(i);  // image i is all i
  }
  for (std::size_t i = 0; i < t; ++i) {
    test_labels[i] = static_cast<std::uint8_t>(i % 10);
    for (std::size_t p = 0; p < 6; ++p) test_images[i * 6 + p] = static_cast<std::uint8_t>(200 + i);
  }
  write_gzip(dir / "train-images-idx3-ubyte.gz", idx_bytes({static_cast<std::uint32_t>(n), 2, 3}, images));
  write_gzip(dir / "train-labels-idx1-ubyte.gz", idx_bytes({static_cast<std::uint32_t>(n)}, labels));
  write_file(dir / "t10k-images-idx3-ubyte", idx_bytes({static_cast<std::uint32_t>(t), 2, 3}, test_images));
  write_file(dir / "t10k-labels-idx1-ubyte", idx_bytes({static_cast<std::uint32_t>(t)}, test_labels));
  DatasetSpec spec;
  spec.kind = DatasetKind::FashionMnist;
  spec.dir = dir;
  spec.validation_examples = 20;
  spec.standardize = Standardization::None;
  return spec;
}

TEST(Dataset, SplitIsASeededPermutationOfTheTrainingFile) {
  TempDir dir;
  DatasetSpec spec = tiny_idx(dir.path(), 100, 7);
  auto data = load_dataset(spec);
  ASSERT_TRUE(data.has_value()) << data.error().describe();
  EXPECT_EQ(data->num_features, 6u);
  EXPECT_EQ(data->example_shape, (std::vector<std::size_t>{1, 2, 3})) << "IDX images of 2 x 3 pixels, one channel";
  EXPECT_EQ(data->num_classes, 10);
  ASSERT_EQ(data->train.size, 80u);
  ASSERT_EQ(data->validation.size, 20u);
  ASSERT_EQ(data->test.size, 7u);

  // Every training image appears exactly once across train and validation, with its own label, and
  // pixels are scaled to [0, 1].
  std::set<int> seen;
  auto collect = [&](const Split& split) {
    for (std::size_t i = 0; i < split.size; ++i) {
      const int image = static_cast<int>(std::lround(split.example(i, 6)[0] * 255.0f));
      EXPECT_EQ(split.labels[i], image % 10);
      seen.insert(image);
    }
  };
  collect(data->train);
  collect(data->validation);
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_FLOAT_EQ(data->test.features[0], 200.0f / 255.0f);

  // Not the file order, the same for the same seed, different for another seed.
  std::vector<float> first(data->train.features.begin(), data->train.features.begin() + 6 * 10);
  bool in_file_order = true;
  for (std::size_t i = 0; i < 10; ++i) in_file_order = in_file_order && std::lround(first[i * 6] * 255) == long(i);
  EXPECT_FALSE(in_file_order);
  auto again = load_dataset(spec);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->train.features, data->train.features);
  spec.seed = 1;
  auto other = load_dataset(spec);
  ASSERT_TRUE(other.has_value());
  EXPECT_NE(other->train.features, data->train.features);
}

TEST(Dataset, StandardisationUsesTrainStatisticsOnly) {
  TempDir dir;
  DatasetSpec spec = tiny_idx(dir.path(), 100, 7);
  spec.standardize = Standardization::Global;
  auto data = load_dataset(spec);
  ASSERT_TRUE(data.has_value()) << data.error().describe();
  const auto& f = data->train.features;
  const double mean = std::accumulate(f.begin(), f.end(), 0.0) / static_cast<double>(f.size());
  double var = 0;
  for (float v : f) var += (v - mean) * (v - mean);
  var /= static_cast<double>(f.size());
  EXPECT_NEAR(mean, 0.0, 1e-5);
  EXPECT_NEAR(std::sqrt(var), 1.0, 1e-4);
  // The validation split is transformed with the same statistics, so its mean is not forced to 0.
  const auto& v = data->validation.features;
  const double val_mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  EXPECT_GT(std::abs(val_mean), 1e-3);
}

TEST(Dataset, MoreValidationExamplesThanTheFileHoldsIsAnError) {
  TempDir dir;
  DatasetSpec spec = tiny_idx(dir.path(), 30, 5);
  spec.validation_examples = 30;
  auto data = load_dataset(spec);
  ASSERT_FALSE(data.has_value());
  EXPECT_NE(data.error().describe().find("validation"), std::string::npos) << data.error().describe();

  spec.dir = dir.path() / "nowhere";
  spec.validation_examples = 5;
  auto missing = load_dataset(spec);
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().describe().find("nowhere"), std::string::npos) << missing.error().describe();
}

TEST(Dataset, FashionMnistFromTheDebianPackage) {
  // Installed by scripts/setup.sh (dataset-fashion-mnist); the default task trains on it.
  const DatasetSpec spec;
  auto data = load_dataset(spec);
  ASSERT_TRUE(data.has_value()) << data.error().describe();
  EXPECT_EQ(data->num_features, 784u);
  EXPECT_EQ(data->example_shape, (std::vector<std::size_t>{1, 28, 28}));
  EXPECT_EQ(data->num_classes, 10);
  EXPECT_EQ(data->train.size, 50000u);
  EXPECT_EQ(data->validation.size, 10000u);
  EXPECT_EQ(data->test.size, 10000u);
  std::vector<int> counts(10, 0);
  for (auto label : data->test.labels) ++counts[static_cast<std::size_t>(label)];
  for (int c : counts) EXPECT_EQ(c, 1000);  // the official test set is balanced
}

TEST(Synthetic, SpiralsAreBalancedAndSeeded) {
  const Split a = make_two_spirals(1000, 0.05, 1.5, 17);
  const Split b = make_two_spirals(1000, 0.05, 1.5, 17);
  const Split c = make_two_spirals(1000, 0.05, 1.5, 18);
  ASSERT_EQ(a.size, 1000u);
  EXPECT_EQ(a.features, b.features);
  EXPECT_NE(a.features, c.features);
  const auto ones = std::count(a.labels.begin(), a.labels.end(), 1);
  EXPECT_NEAR(static_cast<double>(ones), 500.0, 1.0);
  for (float v : a.features) EXPECT_TRUE(std::isfinite(v));
}

TEST(Synthetic, BlobsHaveTheRequestedShape) {
  const Split s = make_gaussian_blobs(600, 4, 5, 0.5, 3.0, 3, 9);
  EXPECT_EQ(s.size, 600u);
  EXPECT_EQ(s.features.size(), 600u * 5u);
  std::set<int> classes(s.labels.begin(), s.labels.end());
  EXPECT_EQ(classes, (std::set<int>{0, 1, 2, 3}));
}

}  // namespace
}  // namespace actsearch::trainer
