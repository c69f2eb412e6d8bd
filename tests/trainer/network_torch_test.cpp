// Network<T> against PyTorch on the same weights and inputs (tests/trainer/network_reference.py):
// training-mode losses and gradients, batch-norm running statistics after a few training passes, and
// the evaluation-mode loss, in float64 (1e-9 relative) and float32 (1e-4 relative).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "helpers.hpp"
#include "trainer/network.hpp"
#include "trainer/random.hpp"

namespace actsearch::trainer {
namespace {

namespace fs = std::filesystem;

// $ACTSEARCH_PYTHON, else the .venv scripts/setup.sh makes, else Debian's python3 (which has torch).
std::string reference_python() {
  if (const char* env = std::getenv("ACTSEARCH_PYTHON")) return env;
  const fs::path venv = testing::source_dir() / ".venv" / "bin" / "python3";
  std::error_code ec;
  if (fs::exists(venv, ec)) return venv.string();
  return "/usr/bin/python3";
}

std::vector<double> numbers_of(const std::string& line) {
  std::istringstream in(line);
  std::vector<double> out;
  for (double v; in >> v;) out.push_back(v);
  return out;
}

template <class T>
void expect_close(double engine, double torch, double rel, const std::string& what) {
  EXPECT_NEAR(engine, torch, rel * (1 + std::abs(torch))) << what;
}

template <class T>
void compare_with_torch(const std::vector<std::string>& layers, TensorShape input, double rel) {
  const expr::Program training = testing::compile("x*sigmoid(x)");
  const expr::Program inference = testing::compile("x*sigmoid(x)", false);
  ModelSpec spec;
  spec.kind = ModelKind::Network;
  spec.layers = layers;
  const std::size_t batch = 6, batches = 3;
  const int classes = 4;
  Network<T> model(input, spec, classes, training, inference);
  model.initialize(13);
  SplitMix64 rng(stream_key(5, Stream::SyntheticTrain));
  for (const ParameterBlock& b : model.blocks()) {
    if (b.kind != BlockKind::Weight) {
      for (std::size_t i = 0; i < b.size; ++i) model.parameters()[b.offset + i] += T(0.2 * (rng.uniform() - 0.5));
    }
  }
  std::vector<std::vector<T>> xs(batches, std::vector<T>(input.size() * batch));
  std::vector<std::vector<std::int32_t>> ys(batches, std::vector<std::int32_t>(batch));
  for (std::size_t k = 0; k < batches; ++k) {
    for (T& v : xs[k]) v = T(2.0 * rng.uniform() - 0.7);
    for (auto& y : ys[k]) y = static_cast<std::int32_t>(rng.below(classes));
  }

  testing::TempDir dir;
  const fs::path case_file = dir.path() / "case.txt", out_file = dir.path() / "torch.txt";
  {
    std::ofstream out(case_file);
    out.precision(17);
    for (const std::string& l : layers) out << l << ";";
    out << "\n"
        << input.c << " " << input.h << " " << input.w << " " << batch << " " << classes << " " << batches << " "
        << (sizeof(T) == 8 ? "double" : "float") << "\n";
    for (T p : model.parameters()) out << static_cast<double>(p) << " ";
    out << "\n";
    for (std::size_t k = 0; k < batches; ++k) {
      for (T v : xs[k]) out << static_cast<double>(v) << " ";
      out << "\n";
      for (auto y : ys[k]) out << y << " ";
      out << "\n";
    }
  }
  const std::string command = "OMP_NUM_THREADS=1 " + reference_python() + " " +
                              (testing::source_dir() / "tests" / "trainer" / "network_reference.py").string() + " " +
                              case_file.string() + " " + out_file.string();
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(out_file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 2 * batches + 2);

  for (std::size_t k = 0; k < batches; ++k) {
    const double loss = model.forward_backward(xs[k], ys[k]);
    expect_close<T>(loss, numbers_of(lines[2 * k])[0], rel, "loss of batch " + std::to_string(k));
    const std::vector<double> grads = numbers_of(lines[2 * k + 1]);
    ASSERT_EQ(grads.size(), model.gradients().size());
    double scale = 0;
    for (double g : grads) scale = std::max(scale, std::abs(g));
    for (const ParameterBlock& b : model.blocks()) {
      for (std::size_t i = b.offset; i < b.offset + b.size; ++i) {
        EXPECT_NEAR(model.gradients()[i], grads[i], rel * (std::abs(grads[i]) + 0.1 * scale))
            << "batch " << k << ", block kind " << static_cast<int>(b.kind) << " of layer " << b.layer << ", element "
            << i - b.offset;
      }
    }
  }
  const std::vector<double> stats = numbers_of(lines[2 * batches]);
  ASSERT_EQ(stats.size(), model.state().size());
  for (std::size_t i = 0; i < stats.size(); ++i) {
    expect_close<T>(model.state()[i], stats[i], rel, "running statistic " + std::to_string(i));
  }
  const std::vector<double> eval = numbers_of(lines[2 * batches + 1]);
  const BatchScore score = model.score(xs[0], ys[0]);
  expect_close<T>(score.loss_sum, eval[0], rel, "evaluation loss");
  EXPECT_EQ(static_cast<double>(score.correct), eval[1]);
}

const std::vector<std::string> kTorchCnn = {"conv 4 3x3", "bn",  "act",        "maxpool 2", "conv 6 3x3 s2",
                                            "ln",         "act", "conv 5 1x1", "avgpool 2", "gap"};
const std::vector<std::string> kTorchResnet = {"conv 4 3x3", "bn", "act", "block 4", "block 6 s2", "block 6", "gap"};
const std::vector<std::string> kTorchDense = {"dense 8", "bn", "act", "dense 5", "ln", "act"};

TEST(NetworkVsTorch, CnnInDouble) { compare_with_torch<double>(kTorchCnn, {2, 10, 10}, 1e-9); }
TEST(NetworkVsTorch, ResnetInDouble) { compare_with_torch<double>(kTorchResnet, {1, 8, 8}, 1e-9); }
TEST(NetworkVsTorch, DenseInDouble) { compare_with_torch<double>(kTorchDense, {7, 1, 1}, 1e-9); }
TEST(NetworkVsTorch, CnnInFloat) { compare_with_torch<float>(kTorchCnn, {2, 10, 10}, 1e-4); }
TEST(NetworkVsTorch, ResnetInFloat) { compare_with_torch<float>(kTorchResnet, {1, 8, 8}, 1e-4); }

}  // namespace
}  // namespace actsearch::trainer
