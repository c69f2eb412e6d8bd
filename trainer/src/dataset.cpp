// Data set assembly: IDX directories, the seeded train/validation split and standardisation.
#include "trainer/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include "trainer/random.hpp"

namespace actsearch::trainer {
namespace {

// Images scaled to [0, 1] with their labels; checks that the two files describe the same examples.
Expected<Split> load_idx_pair(const std::filesystem::path& images_file, const std::filesystem::path& labels_file,
                              std::vector<std::size_t>& example_shape) {
  auto images = read_idx(images_file);
  if (!images) return fail(images.error());
  auto labels = read_idx(labels_file);
  if (!labels) return fail(labels.error());

  if (images->dims.size() < 2) {
    return fail("wrong dimensions: images need at least 2 dimensions (count, features...), found " +
                    std::to_string(images->dims.size()),
                {.file = images_file.string()});
  }
  if (labels->dims.size() != 1) {
    return fail("wrong dimensions: labels need 1 dimension, found " + std::to_string(labels->dims.size()),
                {.file = labels_file.string()});
  }
  const std::size_t count = images->dims[0];
  if (labels->dims[0] != count) {
    return fail("wrong dimensions: " + std::to_string(labels->dims[0]) + " labels for " + std::to_string(count) +
                    " images in " + images_file.string(),
                {.file = labels_file.string()});
  }
  // {rows, columns} images are one-channel {1, rows, columns}; other ranks keep their dimensions.
  example_shape.assign(images->dims.begin() + 1, images->dims.end());
  if (example_shape.size() == 2) example_shape.insert(example_shape.begin(), 1);

  Split split;
  split.size = count;
  split.features.resize(images->data.size());
  std::transform(images->data.begin(), images->data.end(), split.features.begin(),
                 [](std::uint8_t v) { return static_cast<float>(v) / 255.0f; });
  split.labels.assign(labels->data.begin(), labels->data.end());
  return split;
}

std::string shape_text(const std::vector<std::size_t>& shape) {
  std::string text;
  for (std::size_t d : shape) text += (text.empty() ? "" : "x") + std::to_string(d);
  return text;
}

// Looks for `base`.gz, then `base`, in `dir`.
Expected<std::filesystem::path> find_idx_file(const std::filesystem::path& dir, const std::string& base) {
  std::error_code ec;
  for (const std::string& name : {base + ".gz", base}) {
    const auto path = dir / name;
    if (std::filesystem::exists(path, ec)) return path;
  }
  return fail("missing data file: neither " + base + ".gz nor " + base + " exists", {.file = dir.string()});
}

Split select(const Split& pool, std::size_t num_features, std::span<const std::uint32_t> indices) {
  Split out;
  out.size = indices.size();
  out.features.resize(indices.size() * num_features);
  out.labels.resize(indices.size());
  for (std::size_t i = 0; i < indices.size(); ++i) {
    const auto source = pool.example(indices[i], num_features);
    std::copy(source.begin(), source.end(), out.features.begin() + static_cast<std::ptrdiff_t>(i * num_features));
    out.labels[i] = pool.labels[indices[i]];
  }
  return out;
}

void apply(Split& split, std::size_t num_features, std::span<const double> mean, std::span<const double> scale) {
  for (std::size_t i = 0; i < split.size; ++i) {
    float* x = split.features.data() + i * num_features;
    for (std::size_t f = 0; f < num_features; ++f) {
      x[f] = static_cast<float>((x[f] - mean[f]) * scale[f]);
    }
  }
}

void standardize(Dataset& data, Standardization how) {
  if (how == Standardization::None || data.train.size == 0) return;
  const std::size_t nf = data.num_features;
  std::vector<double> sum(nf, 0.0), sum_sq(nf, 0.0);
  for (std::size_t i = 0; i < data.train.size; ++i) {
    const float* x = data.train.features.data() + i * nf;
    for (std::size_t f = 0; f < nf; ++f) {
      sum[f] += x[f];
      sum_sq[f] += static_cast<double>(x[f]) * x[f];
    }
  }
  const double n = static_cast<double>(data.train.size);
  std::vector<double> mean(nf), scale(nf);
  auto scale_of = [](double variance) { return variance > 1e-12 ? 1.0 / std::sqrt(variance) : 1.0; };
  if (how == Standardization::Global) {
    const double total = n * static_cast<double>(nf);
    const double m = std::accumulate(sum.begin(), sum.end(), 0.0) / total;
    const double variance = std::accumulate(sum_sq.begin(), sum_sq.end(), 0.0) / total - m * m;
    std::fill(mean.begin(), mean.end(), m);
    std::fill(scale.begin(), scale.end(), scale_of(variance));
  } else {
    for (std::size_t f = 0; f < nf; ++f) {
      mean[f] = sum[f] / n;
      scale[f] = scale_of(sum_sq[f] / n - mean[f] * mean[f]);
    }
  }
  apply(data.train, nf, mean, scale);
  apply(data.validation, nf, mean, scale);
  apply(data.test, nf, mean, scale);
}

int count_classes(const Split& split) {
  int classes = 0;
  for (std::int32_t label : split.labels) classes = std::max(classes, label + 1);
  return classes;
}

// Splits the pool into train/validation, attaches the test split and standardises.
Expected<Dataset> assemble(std::string name, Split pool, Split test, std::vector<std::size_t> example_shape,
                           int num_classes, const DatasetSpec& spec) {
  const std::size_t num_features =
      std::accumulate(example_shape.begin(), example_shape.end(), std::size_t{1}, std::multiplies<>());
  if (spec.validation_examples >= pool.size) {
    return fail("validation_examples (" + std::to_string(spec.validation_examples) +
                    ") must be smaller than the training pool (" + std::to_string(pool.size) + " examples)",
                {.field = "validation_examples"});
  }
  std::vector<std::uint32_t> order(pool.size);
  std::iota(order.begin(), order.end(), 0u);
  shuffle(std::span<std::uint32_t>(order), stream_key(spec.seed, Stream::DatasetSplit));
  const std::size_t train_size = pool.size - spec.validation_examples;

  Dataset data;
  data.name = std::move(name);
  data.num_features = num_features;
  data.example_shape = std::move(example_shape);
  data.num_classes = num_classes;
  data.train = select(pool, num_features, std::span(order).first(train_size));
  data.validation = select(pool, num_features, std::span(order).subspan(train_size));
  data.test = std::move(test);
  standardize(data, spec.standardize);
  return data;
}

// Programmer-facing checks for specs built in code (task files are validated with locations).
Expected<void> check_synthetic(const DatasetSpec& spec) {
  if (spec.examples < 2) return fail("a synthetic pool needs at least 2 examples", {.field = "examples"});
  if (!(spec.noise >= 0) || !std::isfinite(spec.noise)) return fail("noise must be >= 0", {.field = "noise"});
  if (spec.kind == DatasetKind::GaussianBlobs) {
    if (spec.classes < 2) return fail("blobs need at least 2 classes", {.field = "classes"});
    if (spec.features < 1) return fail("blobs need at least 1 feature", {.field = "features"});
  }
  return {};
}

}  // namespace

Expected<Dataset> load_idx_dataset(const std::filesystem::path& train_images, const std::filesystem::path& train_labels,
                                   const std::filesystem::path& test_images, const std::filesystem::path& test_labels,
                                   const DatasetSpec& spec) {
  std::vector<std::size_t> train_shape, test_shape;
  auto pool = load_idx_pair(train_images, train_labels, train_shape);
  if (!pool) return fail(pool.error());
  auto test = load_idx_pair(test_images, test_labels, test_shape);
  if (!test) return fail(test.error());
  if (test->size > 0 && test_shape != train_shape) {
    return fail(
        "wrong dimensions: test images are " + shape_text(test_shape) + ", training images " + shape_text(train_shape),
        {.file = test_images.string()});
  }
  const int classes = count_classes(*pool);
  if (classes < 2) return fail("fewer than 2 classes in the training labels", {.file = train_labels.string()});
  if (count_classes(*test) > classes) {
    return fail("test labels go up to " + std::to_string(count_classes(*test) - 1) +
                    ", beyond the training labels' largest class " + std::to_string(classes - 1),
                {.file = test_labels.string()});
  }
  return assemble(train_images.parent_path().filename().string(), std::move(*pool), std::move(*test), train_shape,
                  classes, spec);
}

Expected<Dataset> load_dataset(const DatasetSpec& spec) {
  switch (spec.kind) {
    case DatasetKind::FashionMnist:
    case DatasetKind::Mnist: {
      std::filesystem::path files[4];
      const char* bases[4] = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                              "t10k-labels-idx1-ubyte"};
      for (int i = 0; i < 4; ++i) {
        auto found = find_idx_file(spec.dir, bases[i]);
        if (!found) return fail(found.error());
        files[i] = *found;
      }
      auto data = load_idx_dataset(files[0], files[1], files[2], files[3], spec);
      if (data) data->name = spec.kind == DatasetKind::FashionMnist ? "fashion_mnist" : "mnist";
      return data;
    }
    case DatasetKind::TwoSpirals: {
      if (auto ok = check_synthetic(spec); !ok) return fail(ok.error());
      Split pool =
          make_two_spirals(spec.examples, spec.noise, spec.turns, stream_key(spec.seed, Stream::SyntheticTrain));
      Split test =
          make_two_spirals(spec.test_examples, spec.noise, spec.turns, stream_key(spec.seed, Stream::SyntheticTest));
      return assemble("two_spirals", std::move(pool), std::move(test), {2}, 2, spec);
    }
    case DatasetKind::GaussianBlobs: {
      if (auto ok = check_synthetic(spec); !ok) return fail(ok.error());
      const auto features = static_cast<std::size_t>(spec.features);
      Split pool = make_gaussian_blobs(spec.examples, spec.classes, spec.features, spec.noise, spec.separation,
                                       spec.seed, stream_key(spec.seed, Stream::SyntheticTrain));
      Split test = make_gaussian_blobs(spec.test_examples, spec.classes, spec.features, spec.noise, spec.separation,
                                       spec.seed, stream_key(spec.seed, Stream::SyntheticTest));
      return assemble("gaussian_blobs", std::move(pool), std::move(test), {features}, spec.classes, spec);
    }
  }
  return fail("unknown dataset kind");
}

}  // namespace actsearch::trainer
