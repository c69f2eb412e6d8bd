// Network<T> gradients against central finite differences in float64: each layer kind alone (behind a
// 1x1 convolution, so that its input gradient is checked through that convolution's weights), strides,
// padding edges (odd sizes), batch norm in training mode, and whole convolutional and residual networks.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "helpers.hpp"
#include "trainer/network.hpp"
#include "trainer/random.hpp"

namespace actsearch::trainer {
namespace {

struct NetworkCase {
  std::vector<std::string> layers;
  TensorShape input;
  std::string activation = "x*sigmoid(beta*x)";
};

std::string network_case_name(const ::testing::TestParamInfo<NetworkCase>& info) {
  std::string name;
  for (const std::string& l : info.param.layers) {
    for (char c : l) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    name += '_';
  }
  return name + std::to_string(info.index);
}

class NetworkGradient : public ::testing::TestWithParam<NetworkCase> {};

TEST_P(NetworkGradient, MatchesCentralFiniteDifferences) {
  const NetworkCase& c = GetParam();
  const expr::Program training = testing::compile(c.activation);
  const expr::Program inference = testing::compile(c.activation, false);
  ModelSpec spec;
  spec.kind = ModelKind::Network;
  spec.layers = c.layers;
  const std::size_t batch = 5;
  const int classes = 3;
  Network<double> model(c.input, spec, classes, training, inference);
  model.initialize(7);
  // Off the initial values (zero biases, unit gains) so that no term vanishes by symmetry; max-pool
  // windows then have distinct values (continuous inputs), so the finite differences stay on one side.
  SplitMix64 rng(stream_key(31, Stream::SyntheticTrain));
  for (double& p : model.parameters()) p += 0.3 * (rng.uniform() - 0.5);
  std::vector<double> x(c.input.size() * batch);
  for (double& v : x) v = 3.0 * (rng.uniform() - 0.5);
  std::vector<std::int32_t> labels(batch);
  for (auto& y : labels) y = static_cast<std::int32_t>(rng.below(classes));

  const double loss = model.forward_backward(x, labels);
  ASSERT_TRUE(std::isfinite(loss));
  const std::vector<double> analytic(model.gradients().begin(), model.gradients().end());
  const double h = 1e-5;
  int nonzero = 0;
  for (const ParameterBlock& block : model.blocks()) {
    for (std::size_t i = block.offset; i < block.offset + block.size; ++i) {
      double& p = model.parameters()[i];
      const double saved = p;
      p = saved + h;
      const double up = model.forward_backward(x, labels);
      p = saved - h;
      const double down = model.forward_backward(x, labels);
      p = saved;
      const double numeric = (up - down) / (2 * h);
      EXPECT_NEAR(analytic[i], numeric, 1e-7 + 1e-6 * std::abs(numeric))
          << "block kind " << static_cast<int>(block.kind) << " of layer " << block.layer << ", element "
          << i - block.offset;
      nonzero += std::abs(numeric) > 1e-8;
    }
  }
  EXPECT_GT(nonzero, 10);
}

const TensorShape kImage{2, 5, 5};  // odd: the stride-2 and pooling edges are exercised
const TensorShape kEven{2, 6, 6};
const TensorShape kFlat{6, 1, 1};

INSTANTIATE_TEST_SUITE_P(
    Layers, NetworkGradient,
    ::testing::Values(NetworkCase{{"conv 3 3x3"}, kImage}, NetworkCase{{"conv 3 3x3 s2"}, kImage},
                      NetworkCase{{"conv 3 3x3 s2"}, kEven}, NetworkCase{{"conv 3 1x1 s2"}, kImage},
                      NetworkCase{{"conv 2 1x1", "conv 3 3x3"}, kImage}, NetworkCase{{"conv 2 1x1", "bn"}, kImage},
                      NetworkCase{{"conv 2 1x1", "ln"}, kImage}, NetworkCase{{"conv 2 1x1", "act"}, kImage},
                      NetworkCase{{"conv 2 1x1", "act"}, kImage, "alpha*x + (1 - alpha)*tanh(beta=2*x)"},
                      NetworkCase{{"conv 2 1x1", "maxpool 2"}, kImage},
                      NetworkCase{{"conv 2 1x1", "avgpool 2"}, kImage}, NetworkCase{{"conv 2 1x1", "gap"}, kImage},
                      NetworkCase{{"conv 2 1x1", "dense 4"}, kImage},
                      NetworkCase{{"dense 4", "bn", "act", "dense 3", "ln", "act"}, kFlat},
                      NetworkCase{{"conv 2 1x1", "block 2"}, kImage}, NetworkCase{{"conv 2 1x1", "block 3 s2"}, kImage},
                      NetworkCase{{"conv 2 1x1", "block 3"}, kEven}));

INSTANTIATE_TEST_SUITE_P(Networks, NetworkGradient,
                         ::testing::Values(NetworkCase{{"conv 3 3x3", "bn", "act", "maxpool 2", "conv 4 3x3", "bn",
                                                        "act", "avgpool 2", "gap"},
                                                       TensorShape{1, 8, 8}},
                                           NetworkCase{{"conv 3 3x3", "bn", "act", "block 3", "block 4 s2", "gap"},
                                                       TensorShape{1, 6, 6},
                                                       "mish(x)"}),
                         network_case_name);

// The documented layout: blocks in layer order, a residual block's blocks as listed, the classifier last.
TEST(Network, ParametersHaveTheDocumentedLayout) {
  const expr::Program training = testing::compile("x*sigmoid(beta*x)");
  const expr::Program inference = testing::compile("x*sigmoid(beta*x)", false);
  ModelSpec spec;
  spec.kind = ModelKind::Network;
  spec.layers = {"conv 4 3x3", "bn", "act", "block 8 s2", "gap"};
  Network<float> model(TensorShape{1, 8, 8}, spec, 10, training, inference);
  std::vector<std::tuple<BlockKind, std::size_t, std::size_t>> seen;
  for (const auto& b : model.blocks()) seen.emplace_back(b.kind, b.layer, b.size);
  using K = BlockKind;
  const std::vector<std::tuple<BlockKind, std::size_t, std::size_t>> expected = {{K::Weight, 0, 36},
                                                                                 {K::Bias, 0, 4},
                                                                                 {K::NormGain, 1, 4},
                                                                                 {K::NormBias, 1, 4},
                                                                                 {K::ActivationParams, 2, 1},
                                                                                 {K::Weight, 3, 288},
                                                                                 {K::Bias, 3, 8},
                                                                                 {K::NormGain, 4, 8},
                                                                                 {K::NormBias, 4, 8},
                                                                                 {K::ActivationParams, 5, 1},
                                                                                 {K::Weight, 6, 576},
                                                                                 {K::Bias, 6, 8},
                                                                                 {K::NormGain, 7, 8},
                                                                                 {K::NormBias, 7, 8},
                                                                                 {K::Weight, 8, 32},
                                                                                 {K::Bias, 8, 8},
                                                                                 {K::NormGain, 9, 8},
                                                                                 {K::NormBias, 9, 8},
                                                                                 {K::ActivationParams, 10, 1},
                                                                                 {K::Weight, 11, 80},
                                                                                 {K::Bias, 11, 10}};
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(model.num_activations(), 3u);
  EXPECT_EQ(model.state().size(), 2u * (4 + 8 + 8 + 8));
}

// He-normal convolution weights have sd sqrt(2 / (C_in k k)); biases start at bias_init, BN at 1 and 0.
TEST(Network, InitialisationUsesTheConvolutionFanIn) {
  const expr::Program training = testing::compile("tanh(x)");
  const expr::Program inference = testing::compile("tanh(x)", false);
  ModelSpec spec;
  spec.kind = ModelKind::Network;
  spec.layers = {"conv 64 3x3", "bn"};
  spec.bias_init = 0.25;
  Network<double> model(TensorShape{16, 4, 4}, spec, 10, training, inference);
  model.initialize(3);
  const ParameterBlock& w = model.blocks()[0];
  double sum = 0, sum_sq = 0;
  for (std::size_t i = w.offset; i < w.offset + w.size; ++i) {
    sum += model.parameters()[i];
    sum_sq += model.parameters()[i] * model.parameters()[i];
  }
  const double n = static_cast<double>(w.size);
  EXPECT_NEAR(sum / n, 0, 0.01);
  EXPECT_NEAR(std::sqrt(sum_sq / n), std::sqrt(2.0 / (16 * 9)), 0.005);
  EXPECT_EQ(model.parameters()[model.blocks()[1].offset], 0.25);
  EXPECT_EQ(model.parameters()[model.blocks()[2].offset], 1.0);
  EXPECT_EQ(model.parameters()[model.blocks()[3].offset], 0.0);
  EXPECT_EQ(model.parameters()[model.blocks()[5].offset], 0.0);  // the classifier's bias
}

}  // namespace
}  // namespace actsearch::trainer
