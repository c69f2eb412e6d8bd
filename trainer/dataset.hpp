// Data for training runs: IDX files (MNIST format, raw or gzip), the Fashion-MNIST/MNIST directory
// layout, small seeded synthetic sets, the seeded train/validation split and standardisation. A
// Dataset is loaded once and then shared read-only by every concurrent run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "common/expected.hpp"

namespace actsearch::trainer {

// ---- IDX files ---------------------------------------------------------------------------------

// The contents of one IDX file of unsigned bytes (element type 0x08, the MNIST family's type).
struct IdxArray {
  std::vector<std::size_t> dims;   // e.g. {60000, 28, 28} for images, {60000} for labels
  std::vector<std::uint8_t> data;  // row-major, product(dims) bytes
};

// Reads an IDX file, gzip-compressed or raw (detected from the content, not the name). Errors name
// the file and say what is wrong: missing/unreadable, gzip error, bad magic, unsupported element
// type, truncated data, trailing bytes.
Expected<IdxArray> read_idx(const std::filesystem::path& file);

// ---- In-memory data set ------------------------------------------------------------------------

// A set of examples: features example-major (example i is features[i*num_features ...], i.e. a
// column-major features x size matrix) and labels in [0, num_classes).
struct Split {
  std::size_t size = 0;
  std::vector<float> features;
  std::vector<std::int32_t> labels;

  std::span<const float> example(std::size_t i, std::size_t num_features) const {
    return std::span<const float>(features).subspan(i * num_features, num_features);
  }
};

struct Dataset {
  std::string name;
  std::size_t num_features = 0;
  // The shape of one example, outermost first; its product is num_features. Images are {channels,
  // height, width} (IDX images {1, rows, columns}); tables and synthetic points {features}.
  std::vector<std::size_t> example_shape;
  int num_classes = 0;
  Split train;       // the examples training draws from (a training-subset is a prefix of it)
  Split validation;  // model selection: reported every epoch
  Split test;        // final reports only
};

// ---- Construction ------------------------------------------------------------------------------

enum class DatasetKind {
  FashionMnist,   // IDX directory with the standard file names (Fashion-MNIST)
  Mnist,          // IDX directory with the standard file names (MNIST)
  TwoSpirals,     // 2 features, 2 classes, interleaved spirals (linearly inseparable)
  GaussianBlobs,  // `classes` isotropic Gaussian clusters in `features` dimensions
};

// How inputs are standardised. Statistics always come from the train split only and are applied to
// all three splits.
enum class Standardization {
  None,        // as loaded (IDX pixels scaled to [0, 1])
  Global,      // one mean and standard deviation over all features (the usual image recipe)
  PerFeature,  // per feature; features with standard deviation below 1e-6 are only centred
};

// What to load. Member initialisers are the defaults of task files.
struct DatasetSpec {
  DatasetKind kind = DatasetKind::FashionMnist;
  // IDX kinds: directory holding {train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz].
  std::filesystem::path dir = "/usr/share/datasets/fashion-mnist";
  // Examples moved from the training pool (the official training set for IDX kinds) into the
  // validation split.
  std::size_t validation_examples = 10000;
  // Seed of the train/validation split and of synthetic data generation.
  std::uint64_t seed = 0;
  Standardization standardize = Standardization::Global;

  // Synthetic kinds only.
  std::size_t examples = 2000;  // train + validation pool
  std::size_t test_examples = 1000;
  int classes = 3;          // blobs (spirals always have 2)
  int features = 2;         // blobs (spirals always have 2)
  double noise = 0.1;       // spirals: normal noise added to each coordinate; blobs: cluster sd
  double turns = 1.5;       // spirals: revolutions of each arm
  double separation = 3.0;  // blobs: sd of the class centres
};

// Loads or generates the data set, splits and standardises it.
//
// Split (all kinds): the training pool of n examples (official training file or `examples` synthetic
// points) is permuted by shuffle() with key stream_key(seed, Stream::DatasetSplit); the first
// n - validation_examples permuted examples form `train` (in permuted order), the rest `validation`.
Expected<Dataset> load_dataset(const DatasetSpec& spec);

// What identifies loaded data: per split its size and a hash of its features and labels (FNV-1a over
// their bytes), and one hash of the whole (shapes and every split), which distributed workers compare.
struct SplitFingerprint {
  std::string split;  // "train", "validation", "test"
  std::size_t examples = 0;
  std::string hash;
  bool operator==(const SplitFingerprint&) const = default;
};
struct DataFingerprint {
  std::size_t features = 0;
  int classes = 0;
  std::vector<SplitFingerprint> splits;
  std::string whole;
  bool operator==(const DataFingerprint&) const = default;
};
DataFingerprint fingerprint(const Dataset& data);

// Builds a Dataset from IDX image and label files (pixels scaled to [0, 1]); the split and
// standardisation follow `spec` (its kind and dir are not used).
Expected<Dataset> load_idx_dataset(const std::filesystem::path& train_images, const std::filesystem::path& train_labels,
                                   const std::filesystem::path& test_images, const std::filesystem::path& test_labels,
                                   const DatasetSpec& spec);

// Synthetic pools (unsplit, unstandardised): `count` examples from stream `key`.
Split make_two_spirals(std::size_t count, double noise, double turns, std::uint64_t key);
Split make_gaussian_blobs(std::size_t count, int classes, int features, double noise, double separation,
                          std::uint64_t seed, std::uint64_t key);

}  // namespace actsearch::trainer
