// The sign-reflection argument for networks (trainer/symmetry.hpp, src/network_symmetry.cpp): which
// reflections a layer list keeps, and, for each kept reflection, a network for psi = reflect(phi, r)
// started from the mapped parameters trains exactly as the network for phi (batch norm in training
// mode, running statistics, momentum and weight decay included). A broken reflection differs.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "expr/equivalence.hpp"
#include "helpers.hpp"
#include "trainer/network.hpp"
#include "trainer/optimizer.hpp"
#include "trainer/random.hpp"
#include "trainer/symmetry.hpp"

namespace actsearch::trainer {
namespace {

using expr::Reflection;
using expr::Reflections;

Reflections kept_by(const std::vector<std::string>& layers) {
  TaskSpec task;
  task.model.kind = ModelKind::Network;
  task.model.layers = layers;
  return kept_reflections(task);
}

Reflections only(Reflection r) {
  return Reflections::where([r](Reflection q) { return q == r; });
}

const std::vector<std::string> kMaxPoolAfterAct = {"conv 4 3x3", "bn", "act", "maxpool 2", "conv 4 3x3", "act", "gap"};
const std::vector<std::string> kMaxPoolBeforeAct = {"conv 4 3x3", "maxpool 2", "bn", "act", "gap"};
const std::vector<std::string> kOddLayers = {"conv 4 3x3 s2", "bn",  "act",     "avgpool 2", "conv 4 1x1", "ln",
                                             "act",           "gap", "dense 6", "bn",        "act"};
const std::vector<std::string> kProjectionOnly = {"conv 4 3x3", "bn", "act", "block 6 s2", "block 8", "gap"};
const std::vector<std::string> kIdentityShortcut = {"conv 4 3x3", "bn", "act", "block 4", "gap"};

TEST(NetworkSymmetry, LayersKeepTheReflectionsTheArgumentAllows) {
  EXPECT_TRUE(kept_by(kOddLayers).all());
  EXPECT_TRUE(kept_by(kProjectionOnly).all());
  EXPECT_EQ(kept_by(kMaxPoolAfterAct), only(Reflection::Input));    // breaks -phi(x) and -phi(-x)
  EXPECT_EQ(kept_by(kMaxPoolBeforeAct), only(Reflection::Output));  // breaks phi(-x) and -phi(-x)
  EXPECT_EQ(kept_by(kIdentityShortcut), only(Reflection::Both));    // breaks -phi(x) and phi(-x)
  // Max pooling on the raw input breaks nothing.
  EXPECT_TRUE(kept_by({"maxpool 2", "conv 4 3x3", "act", "gap"}).all());
  // The shipped tasks.
  EXPECT_EQ(kept_reflections(testing::load_config("fmnist-cnn.yaml")), only(Reflection::Input));
  EXPECT_EQ(kept_reflections(testing::load_config("fmnist-resnet.yaml")), only(Reflection::Both));
  EXPECT_TRUE(kept_reflections(testing::load_config("fmnist-mlp16.yaml")).all());
  EXPECT_FALSE(sign_symmetric(testing::load_config("fmnist-cnn.yaml")));
  // A two-member class has a key of its own, the same for both members.
  const expr::Program phi = testing::compile("softplus(x) - 0.3*tanh(x)", false);
  const expr::Program both = expr::Program::compile(
      expr::reflect(testing::canonical("softplus(x) - 0.3*tanh(x)"), Reflection::Both), {.derivatives = false});
  EXPECT_EQ(expr::equivalence_key(phi, only(Reflection::Both)), expr::equivalence_key(both, only(Reflection::Both)));
  EXPECT_NE(expr::equivalence_key(phi, only(Reflection::Both)), expr::equivalence_key(phi, Reflections()));
  EXPECT_NE(expr::equivalence_key(phi, only(Reflection::Output)), expr::equivalence_key(phi, only(Reflection::Both)));
}

struct Trajectory {
  std::vector<double> losses;
  double eval_loss = 0;
};

// Trains a network of `layers` for `activation` from `initial` parameters: 4 steps of SGD with
// momentum and weight decay on fixed batches, then scores with the running statistics.
Trajectory train_network(const std::vector<std::string>& layers, const expr::Expr& activation,
                         std::vector<double> initial, bool reflect_initial, Reflection r,
                         const std::vector<std::string>& flips_from) {
  const expr::Program training = expr::Program::compile(activation);
  const expr::Program inference = expr::Program::compile(activation, {.derivatives = false});
  ModelSpec spec;
  spec.kind = ModelKind::Network;
  spec.layers = layers;
  const TensorShape input{1, 8, 8};
  Network<double> model(input, spec, 3, training, inference);
  std::copy(initial.begin(), initial.end(), model.parameters().begin());
  model.initialize(0);  // running statistics and norm gains; the weights are overwritten below
  std::copy(initial.begin(), initial.end(), model.parameters().begin());
  if (reflect_initial) {
    EXPECT_TRUE(reflect_network_parameters(model.blocks(), std::span<const LayerSpec>(parse_layers(flips_from)),
                                           input.c, r, model.parameters()));
  }
  OptimizerSpec opt;
  opt.weight_decay = 1e-3;
  std::vector<DecayRange> ranges;
  for (const ParameterBlock& b : model.blocks()) ranges.push_back({b.offset, b.size, b.kind == BlockKind::Weight});
  Optimizer<double> optimizer(opt, model.parameters().size(), ranges);
  SplitMix64 rng(stream_key(17, Stream::SyntheticTrain));
  Trajectory out;
  std::vector<double> x(input.size() * 8);
  std::vector<std::int32_t> y(8);
  for (int step = 0; step < 4; ++step) {
    for (double& v : x) v = 2 * rng.uniform() - 1;
    for (auto& l : y) l = static_cast<std::int32_t>(rng.below(3));
    out.losses.push_back(model.forward_backward(x, y));
    optimizer.step(model.parameters(), model.gradients(), 0.05);
  }
  out.eval_loss = model.score(x, y).loss_sum;
  return out;
}

std::vector<double> initial_parameters(const std::vector<std::string>& layers) {
  const expr::Program p = testing::compile("tanh(x)");
  const expr::Program q = testing::compile("tanh(x)", false);
  ModelSpec spec;
  spec.kind = ModelKind::Network;
  spec.layers = layers;
  Network<double> model(TensorShape{1, 8, 8}, spec, 3, p, q);
  model.initialize(23);
  return {model.parameters().begin(), model.parameters().end()};
}

void expect_same_training(const std::vector<std::string>& layers, Reflection r) {
  const expr::Expr phi = testing::canonical("softplus(x) - 0.3*tanh(x) + 0.1*x");
  const std::vector<double> initial = initial_parameters(layers);
  const Trajectory a = train_network(layers, phi, initial, false, r, layers);
  const Trajectory b = train_network(layers, expr::reflect(phi, r), initial, true, r, layers);
  for (std::size_t i = 0; i < a.losses.size(); ++i) {
    EXPECT_NEAR(a.losses[i], b.losses[i], 1e-10 * a.losses[i]) << expr::to_string(r) << " step " << i;
  }
  EXPECT_NEAR(a.eval_loss, b.eval_loss, 1e-10 * a.eval_loss) << expr::to_string(r);
}

TEST(NetworkSymmetry, KeptReflectionsTrainAlike) {
  for (const auto* layers :
       {&kOddLayers, &kProjectionOnly, &kMaxPoolAfterAct, &kMaxPoolBeforeAct, &kIdentityShortcut}) {
    const Reflections kept = kept_by(*layers);
    int checked = 0;
    for (Reflection r : {Reflection::Output, Reflection::Input, Reflection::Both}) {
      if (!kept.has(r)) continue;
      expect_same_training(*layers, r);
      ++checked;
    }
    EXPECT_GE(checked, 1);
  }
}

// Max pooling after the activation: -phi(x) is broken. The flips that would serve if the pooling were
// an average (same parameters) give a different run.
TEST(NetworkSymmetry, BrokenReflectionTrainsDifferently) {
  std::vector<std::string> averaged = kMaxPoolAfterAct;
  averaged[3] = "avgpool 2";
  ASSERT_TRUE(kept_by(averaged).all());
  const expr::Expr phi = testing::canonical("softplus(x) - 0.3*tanh(x) + 0.1*x");
  const std::vector<double> initial = initial_parameters(kMaxPoolAfterAct);
  ModelSpec spec;
  EXPECT_FALSE(network_flips(parse_layers(kMaxPoolAfterAct), 1, Reflection::Output).has_value());
  const Trajectory a = train_network(kMaxPoolAfterAct, phi, initial, false, Reflection::Output, averaged);
  const Trajectory b = train_network(kMaxPoolAfterAct, expr::reflect(phi, Reflection::Output), initial, true,
                                     Reflection::Output, averaged);
  EXPECT_GT(std::abs(a.losses[0] - b.losses[0]), 1e-4);
  EXPECT_GT(std::abs(a.eval_loss - b.eval_loss), 1e-4);
}

}  // namespace
}  // namespace actsearch::trainer
