// Whole-network gradients (weights, biases, layer-norm parameters and the activation's trainable
// constants) against central finite differences, in float64.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "helpers.hpp"
#include "trainer/mlp.hpp"
#include "trainer/random.hpp"

namespace actsearch::trainer {
namespace {

using testing::compile;

struct Case {
  std::string activation;
  Norm norm;
  bool residual;
};

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string name;
  for (char c : info.param.activation) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name + (info.param.norm == Norm::Layer ? "_layernorm" : "") + (info.param.residual ? "_residual" : "") + "_" +
         std::to_string(info.index);
}

class GradientCheck : public ::testing::TestWithParam<Case> {};

TEST_P(GradientCheck, MatchesCentralFiniteDifferences) {
  const Case& c = GetParam();
  const expr::Program training = compile(c.activation);
  const expr::Program inference = compile(c.activation, false);
  ModelSpec spec;
  spec.hidden = {5, 5, 4};
  spec.norm = c.norm;
  spec.residual = c.residual;
  const std::size_t inputs = 3, batch = 7;
  const int classes = 3;
  Mlp<double> model(inputs, spec, classes, training, inference);
  model.initialize(11);

  // Move every parameter off its initial value (zero biases, unit gains, theta = 1) so that no
  // gradient term vanishes by symmetry.
  SplitMix64 rng(stream_key(99, Stream::SyntheticTrain));
  for (double& p : model.parameters()) p += 0.3 * (rng.uniform() - 0.5);
  std::vector<double> x(inputs * batch);
  for (double& v : x) v = 2.0 * (rng.uniform() - 0.5) * 1.5;
  std::vector<std::int32_t> labels(batch);
  for (std::size_t j = 0; j < batch; ++j) labels[j] = static_cast<std::int32_t>(rng.below(classes));

  const double loss = model.forward_backward(x, labels);
  ASSERT_TRUE(std::isfinite(loss));
  const std::vector<double> analytic(model.gradients().begin(), model.gradients().end());

  // The inference path computes the same loss.
  EXPECT_NEAR(model.score(x, labels).loss_sum / static_cast<double>(batch), loss, 1e-12);

  const double h = 1e-5;
  std::set<BlockKind> kinds;
  int nonzero = 0;
  for (const ParameterBlock& block : model.blocks()) {
    kinds.insert(block.kind);
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
  EXPECT_GT(nonzero, 50);
  EXPECT_TRUE(kinds.count(BlockKind::Weight) && kinds.count(BlockKind::Bias));
  EXPECT_EQ(kinds.count(BlockKind::NormGain) == 1, c.norm == Norm::Layer);
  EXPECT_EQ(kinds.count(BlockKind::ActivationParams) == 1, training.num_params() > 0);
}

INSTANTIATE_TEST_SUITE_P(
    Activations, GradientCheck,
    ::testing::Values(Case{"x*sigmoid(beta*x)", Norm::None, false}, Case{"x*sigmoid(beta*x)", Norm::Layer, true},
                      Case{"tanh(x)", Norm::None, false}, Case{"gelu(x)", Norm::Layer, false},
                      Case{"mish(x)", Norm::None, true},
                      Case{"alpha*x + (1 - alpha)*tanh(beta=2*x)", Norm::None, false},
                      Case{"max(x*sigmoid(1.5*x), tanh(x)) + 0.1*sin(x)*exp(-x*x)", Norm::Layer, false}),
    case_name);

TEST(Mlp, ParametersHaveTheDocumentedLayout) {
  const expr::Program training = compile("x*sigmoid(beta*x)");
  const expr::Program inference = compile("x*sigmoid(beta*x)", false);
  ModelSpec spec;
  spec.hidden = {6, 4};
  spec.norm = Norm::Layer;
  Mlp<float> model(5, spec, 3, training, inference);
  std::vector<std::tuple<BlockKind, std::size_t, std::size_t>> seen;
  for (const auto& b : model.blocks()) seen.emplace_back(b.kind, b.layer, b.size);
  const std::vector<std::tuple<BlockKind, std::size_t, std::size_t>> expected = {{BlockKind::Weight, 0, 30},
                                                                                 {BlockKind::Bias, 0, 6},
                                                                                 {BlockKind::NormGain, 0, 6},
                                                                                 {BlockKind::NormBias, 0, 6},
                                                                                 {BlockKind::ActivationParams, 0, 1},
                                                                                 {BlockKind::Weight, 1, 24},
                                                                                 {BlockKind::Bias, 1, 4},
                                                                                 {BlockKind::NormGain, 1, 4},
                                                                                 {BlockKind::NormBias, 1, 4},
                                                                                 {BlockKind::ActivationParams, 1, 1},
                                                                                 {BlockKind::Weight, 2, 12},
                                                                                 {BlockKind::Bias, 2, 3}};
  EXPECT_EQ(seen, expected);
}

// He-normal weights have standard deviation sqrt(2 / fan_in); biases start at 0, gains at 1 and each
// layer's theta at the activation's initial value.
TEST(Mlp, InitialisationFollowsTheScheme) {
  const expr::Program training = compile("x*sigmoid(beta=1.5*x)");
  const expr::Program inference = compile("x*sigmoid(beta=1.5*x)", false);
  for (Init init : {Init::He, Init::LeCun, Init::Xavier}) {
    for (InitDistribution distribution : {InitDistribution::Normal, InitDistribution::Uniform}) {
      ModelSpec spec;
      spec.hidden = {400};
      spec.norm = Norm::Layer;
      spec.init = init;
      spec.init_distribution = distribution;
      Mlp<double> model(300, spec, 10, training, inference);
      model.initialize(5);
      const ParameterBlock& w = model.blocks()[0];
      double sum = 0, sum_sq = 0, largest = 0;
      for (std::size_t i = w.offset; i < w.offset + w.size; ++i) {
        const double v = model.parameters()[i];
        sum += v;
        sum_sq += v * v;
        largest = std::max(largest, std::abs(v));
      }
      const double n = static_cast<double>(w.size);
      const double sd = std::sqrt(sum_sq / n - (sum / n) * (sum / n));
      const double expected = init == Init::He      ? std::sqrt(2.0 / 300)
                              : init == Init::LeCun ? std::sqrt(1.0 / 300)
                                                    : std::sqrt(2.0 / 700);
      EXPECT_NEAR(sd, expected, 0.01 * expected);
      EXPECT_NEAR(sum / n, 0.0, 0.01 * expected);
      if (distribution == InitDistribution::Uniform) {
        EXPECT_LE(largest, std::sqrt(3.0) * expected);
      } else {
        EXPECT_GT(largest, std::sqrt(3.0) * expected);  // normal tails reach beyond the uniform's bound
      }
      for (const auto& b : model.blocks()) {
        for (std::size_t i = b.offset; i < b.offset + b.size; ++i) {
          const double v = model.parameters()[i];
          if (b.kind == BlockKind::Bias || b.kind == BlockKind::NormBias) {
            EXPECT_EQ(v, 0.0);
          } else if (b.kind == BlockKind::NormGain) {
            EXPECT_EQ(v, 1.0);
          } else if (b.kind == BlockKind::ActivationParams) {
            EXPECT_EQ(v, 1.5);
          }
        }
      }
    }
  }
}

TEST(Mlp, SameSeedSameWeightsInBothPrecisions) {
  const expr::Program training = compile("tanh(x)");
  const expr::Program inference = compile("tanh(x)", false);
  ModelSpec spec;
  spec.hidden = {8, 8};
  Mlp<float> single(4, spec, 2, training, inference);
  Mlp<double> twin(4, spec, 2, training, inference);
  Mlp<double> other(4, spec, 2, training, inference);
  single.initialize(3);
  twin.initialize(3);
  other.initialize(4);
  int differing = 0;
  ASSERT_EQ(single.blocks().size(), twin.blocks().size());
  for (std::size_t b = 0; b < single.blocks().size(); ++b) {
    const ParameterBlock& fb = single.blocks()[b];
    const ParameterBlock& db = twin.blocks()[b];  // offsets differ: blocks are aligned to 64 bytes
    ASSERT_EQ(fb.size, db.size);
    for (std::size_t i = 0; i < fb.size; ++i) {
      EXPECT_EQ(single.parameters()[fb.offset + i], static_cast<float>(twin.parameters()[db.offset + i]));
      differing += twin.parameters()[db.offset + i] != other.parameters()[db.offset + i];
    }
  }
  EXPECT_GT(differing, 100);
}

}  // namespace
}  // namespace actsearch::trainer
