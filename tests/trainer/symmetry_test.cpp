// The symmetry the equivalence key relies on (trainer/symmetry.hpp), shown by training: phi from initial
// parameters W and psi = -phi(x), phi(-x) or -phi(-x) from W with the affected signs flipped, on the same
// batches, give the same losses and accuracies, for several phi, every init and distribution, layer norm,
// residual connections and each optimiser; psi both as written and simplified (as a campaign trains it).
#include "trainer/symmetry.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "expr/print.hpp"
#include "helpers.hpp"
#include "task_field_samples.hpp"
#include "trainer/dataset.hpp"
#include "trainer/mlp.hpp"
#include "trainer/optimizer.hpp"
#include "trainer/task_fields.hpp"

namespace actsearch::trainer {
namespace {

using testing::canonical;

struct Trace {
  std::vector<double> losses;  // per step
  double val_loss = 0;
  std::size_t val_correct = 0;
  std::vector<float> params;
};

class Symmetry : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    TaskSpec task = testing::load_config("spirals-small.yaml");
    auto data = load_dataset(task.dataset);
    ASSERT_TRUE(data.has_value()) << data.error().describe();
    data_ = new Dataset(std::move(*data));
  }
  static void TearDownTestSuite() { delete data_; }

  // 40 steps of 32 examples in a fixed order, then the validation split.
  static Trace train(const ModelSpec& model, const OptimizerSpec& optimizer, const expr::Expr& activation,
                     std::uint64_t seed, expr::Reflection flip) {
    const expr::Program training = expr::Program::compile(activation);
    const expr::Program inference = expr::Program::compile(activation, expr::ProgramOptions{.derivatives = false});
    const std::size_t nf = data_->num_features;
    Mlp<float> net(nf, model, data_->num_classes, training, inference);
    net.initialize(seed);
    reflect_parameters(net.blocks(), net.num_hidden(), flip, net.parameters());
    std::vector<DecayRange> ranges;
    for (const ParameterBlock& b : net.blocks()) ranges.push_back({b.offset, b.size, b.kind == BlockKind::Weight});
    Optimizer<float> opt(optimizer, net.parameters().size(), ranges);
    Trace t;
    const std::size_t batch = 32;
    for (std::size_t step = 0; step < 40; ++step) {
      const std::size_t first = (step * batch) % (data_->train.size - batch);
      t.losses.push_back(
          net.forward_backward(std::span<const float>(data_->train.features).subspan(first * nf, batch * nf),
                               std::span<const std::int32_t>(data_->train.labels).subspan(first, batch)));
      opt.step(net.parameters(), net.gradients(), optimizer.lr);
    }
    const BatchScore s = net.score(data_->validation.features, data_->validation.labels);
    t.val_loss = s.loss_sum / static_cast<double>(data_->validation.size);
    t.val_correct = s.correct;
    t.params.assign(net.parameters().begin(), net.parameters().end());
    return t;
  }

  static Dataset* data_;
};
Dataset* Symmetry::data_ = nullptr;

struct Setting {
  std::string name;
  ModelSpec model;
  OptimizerSpec optimizer;
};

std::vector<Setting> settings() {
  std::vector<Setting> out;
  for (Init init : {Init::He, Init::LeCun, Init::Xavier}) {
    for (InitDistribution d : {InitDistribution::Normal, InitDistribution::Uniform}) {
      Setting s;
      s.name = std::string(to_string(init)) + (d == InitDistribution::Normal ? "/normal" : "/uniform");
      s.model.hidden = {16, 16, 12};
      s.model.init = init;
      s.model.init_distribution = d;
      s.optimizer.kind = OptimizerKind::Sgd;
      s.optimizer.lr = 0.05;
      s.optimizer.nesterov = d == InitDistribution::Uniform;
      out.push_back(s);
    }
  }
  Setting norm;
  norm.name = "layer norm, residual, adamw";
  norm.model.hidden = {16, 16, 16};
  norm.model.norm = Norm::Layer;
  norm.model.residual = true;
  norm.optimizer.kind = OptimizerKind::AdamW;
  norm.optimizer.lr = 0.01;
  norm.optimizer.weight_decay = 0.01;
  out.push_back(norm);
  Setting adam = norm;
  adam.name = "residual, adam with weight decay";
  adam.model.norm = Norm::None;
  adam.optimizer.kind = OptimizerKind::Adam;
  out.push_back(adam);
  return out;
}

const char* const kActivations[] = {"silu(x)", "softplus(x) - 0.5", "x*sigmoid(beta=1.5*x)",
                                    "relu(x) - alpha=0.25*relu(-x)", "tanh(x) + 0.1*x^2"};

TEST_F(Symmetry, ReflectedActivationsTrainIdentically) {
  int bitwise = 0, compared = 0;
  for (const Setting& s : settings()) {
    TaskSpec task;
    task.model = s.model;
    task.optimizer = s.optimizer;
    ASSERT_TRUE(sign_symmetric(task)) << s.name;
    for (const char* text : kActivations) {
      const expr::Expr phi = canonical(text);
      const Trace reference = train(s.model, s.optimizer, phi, 7, expr::Reflection::None);
      ASSERT_TRUE(std::isfinite(reference.val_loss)) << s.name << " " << text;
      for (expr::Reflection r : {expr::Reflection::Output, expr::Reflection::Input, expr::Reflection::Both}) {
        const std::string where = s.name + ", " + text + " as " + std::string(expr::to_string(r));
        // Literally (psi's program negates its input and output around phi's) and simplified (another
        // formula): equal to float rounding, amplified a little by 40 steps of training.
        const expr::Expr forms[] = {expr::reflect(phi, r), expr::simplify(expr::reflect(phi, r))};
        for (const expr::Expr& psi : forms) {
          const Trace t = train(s.model, s.optimizer, psi, 7, r);
          for (std::size_t i = 0; i < reference.losses.size(); ++i) {
            ASSERT_NEAR(t.losses[i], reference.losses[i], 2e-5 * (1 + reference.losses[i]))
                << where << " (" << expr::print(psi) << "), step " << i;
          }
          EXPECT_NEAR(t.val_loss, reference.val_loss, 2e-5 * (1 + reference.val_loss)) << where;
          EXPECT_NEAR(static_cast<double>(t.val_correct), static_cast<double>(reference.val_correct), 1) << where;
          if (t.losses == reference.losses) ++bitwise;
          ++compared;
        }
      }
    }
  }
  // Most literal runs agree bit for bit: only a derivative simplified to another formula rounds differently.
  EXPECT_GT(bitwise, compared / 4) << bitwise << " of " << compared;
}

// Every value that a row says keeps the symmetry, of every field that some value can break it for, is
// among the settings trained above: a new init, distribution, norm or optimiser classified as symmetric
// is shown to be so by training before any campaign merges on it.
TEST(SymmetryClassification, EveryValueClassifiedAsSymmetricIsTrained) {
  std::map<std::string, std::set<std::string>> trained;  // path -> values (YAML spellings)
  for (const Setting& s : settings()) {
    TaskSpec task;
    task.model = s.model;
    task.optimizer = s.optimizer;
    visit_task_fields(task, [&](const auto& field, const auto& value) {
      if constexpr (std::is_enum_v<std::remove_cvref_t<decltype(value)>>) {
        trained[std::string(field.path)].insert(std::string(yaml::name_of(field.names, value)));
      }
    });
  }
  std::size_t classified = 0;
  for_each_task_field([&](const auto& field) {
    using Value = typename std::remove_cvref_t<decltype(field)>::Value;
    if (!field.symmetry.some_value_breaks()) return;
    ++classified;
    if constexpr (std::is_enum_v<Value>) {
      for (const auto& named : field.names) {
        if (field.symmetry.keeps(named.value)) {
          EXPECT_TRUE(trained[std::string(field.path)].count(std::string(named.name)))
              << field.path << ": " << named.name << " is classified as symmetric but not trained";
        }
      }
    }
  });
  EXPECT_GT(classified, 0u);
}

// sign_symmetric reads every row's classification: the default task keeps the symmetry, and setting any
// one field to a value says what that field's row says of the value.
TEST(SymmetryClassification, SignSymmetricFollowsEveryRow) {
  EXPECT_TRUE(sign_symmetric(TaskSpec{}));
  // A native task, and an external one whose script is declared symmetric: each row that applies to the
  // task decides by its own rule, a row that does not apply changes nothing.
  TaskSpec external;
  external.external.framework = ExternalFramework::PyTorch;
  EXPECT_FALSE(sign_symmetric(external)) << "an external script is not assumed symmetric";
  external.external.sign_symmetric = true;
  EXPECT_TRUE(sign_symmetric(external));
  std::size_t rows = 0;
  for_each_task_field([&rows](const auto&) { ++rows; });
  for (const TaskSpec& base : {TaskSpec{}, external}) {
    for (std::size_t target = 0; target < rows; ++target) {
      std::vector<std::pair<std::string, bool>> expected;  // per value tried: its description, whether it keeps
      std::vector<TaskSpec> tasks;
      std::size_t index = 0;
      visit_task_fields(base, [&](const auto& field, const auto& value) {
        if (index++ != target || field.selects) return;  // a selector changes which rows apply
        using Value = std::remove_cvref_t<decltype(value)>;
        std::vector<Value> values = {value, testing::changed_value(field, value)};
        if constexpr (std::is_enum_v<Value>) {
          for (const auto& named : field.names) values.push_back(named.value);
        }
        if constexpr (std::is_same_v<Value, double>) values.insert(values.end(), {0.0, -0.0, 0.1, -1.0});
        for (const Value& v : values) {
          TaskSpec task = base;
          field.of(task) = v;
          tasks.push_back(task);
          expected.emplace_back(std::string(field.path), !field.applies_to(task) || field.symmetry.keeps(v));
        }
      });
      for (std::size_t i = 0; i < tasks.size(); ++i) {
        EXPECT_EQ(sign_symmetric(tasks[i]), expected[i].second) << expected[i].first << ", value " << i;
      }
    }
  }
}

// The test can fail: without the sign flips the reflected function trains differently (it is not the
// same network), and so does a flip applied to the wrong layers.
TEST_F(Symmetry, WithoutTheFlipsTheRunsDiffer) {
  const Setting s = settings().front();
  const expr::Expr phi = canonical("softplus(x) - 0.5");
  const Trace reference = train(s.model, s.optimizer, phi, 7, expr::Reflection::None);
  for (expr::Reflection r : {expr::Reflection::Output, expr::Reflection::Input, expr::Reflection::Both}) {
    const expr::Expr psi = expr::reflect(phi, r);
    EXPECT_NE(train(s.model, s.optimizer, psi, 7, expr::Reflection::None).losses, reference.losses);
    const expr::Reflection wrong = r == expr::Reflection::Output ? expr::Reflection::Input : expr::Reflection::Output;
    EXPECT_NE(train(s.model, s.optimizer, psi, 7, wrong).losses, reference.losses);
  }
}

// A task whose hidden biases start away from zero is not symmetric: the flipped start of -phi(-x) has
// biases -b, which that task never draws, so its runs of phi and -phi(-x) are not alike and the key must
// not merge them (tests/expr/equivalence_test.cpp, tests/search/campaign_test.cpp).
TEST_F(Symmetry, NonZeroBiasInitIsNotSymmetric) {
  TaskSpec task;
  EXPECT_TRUE(sign_symmetric(task));
  task.model.bias_init = 0.1;
  EXPECT_FALSE(sign_symmetric(task));
  ASSERT_TRUE(validate_task(task).has_value());
  auto parsed = parse_task_text("model:\n  hidden: [8]\n  bias_init: 0.1\n");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().describe();
  EXPECT_EQ(parsed->model.bias_init, 0.1);
  EXPECT_FALSE(sign_symmetric(*parsed));

  task.model.hidden = {16, 16};
  const expr::Expr phi = canonical("softplus(x) - 0.5");
  const expr::Expr psi = expr::simplify(expr::reflect(phi, expr::Reflection::Both));
  // What the task trains for psi: its own init (biases +0.1), not the reflection of phi's start.
  const Trace own = train(task.model, task.optimizer, psi, 7, expr::Reflection::None);
  const Trace reference = train(task.model, task.optimizer, phi, 7, expr::Reflection::None);
  EXPECT_GT(std::abs(own.losses.front() - reference.losses.front()), 1e-4);
  // Only the start the task never draws reproduces phi's run.
  const Trace flipped = train(task.model, task.optimizer, psi, 7, expr::Reflection::Both);
  EXPECT_NEAR(flipped.losses.back(), reference.losses.back(), 1e-4);
}

}  // namespace
}  // namespace actsearch::trainer
