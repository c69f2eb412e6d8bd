// Tests that need a CUDA device: generated code against the CPU evaluator, GPU training against
// the CPU backend, divergence isolation. Without a device they skip and say why.
#include <gtest/gtest.h>

#include <cmath>

#include "expr/print.hpp"
#include "kernels/cuda_backend.hpp"
#include "tests/kernels/helpers.hpp"
#include "trainer/backend.hpp"
#include "trainer/dataset.hpp"

namespace actsearch::kernels {
namespace {

using testing::compile;

#define REQUIRE_CUDA_DEVICE()                                             \
  do {                                                                    \
    std::string why;                                                      \
    if (!cuda_available(&why)) GTEST_SKIP() << "no CUDA device: " << why; \
  } while (false)

expr::Expr canonical(std::string_view text) {
  auto parsed = expr::parse(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return expr::simplify(*parsed);
}

// Every way of compiling a batch (CompileOptions): inlined, device functions in one module, and
// device functions compiled apart and linked (the default).
std::vector<CompileOptions> compile_forms() {
  return {CompileOptions{.form = CandidateForm::Inlined}, CompileOptions{.link = false}, CompileOptions{}};
}

std::string describe(const CompileOptions& o) {
  return std::string(form_name(o.form)) + (o.form == CandidateForm::DeviceFunction && o.link ? ", linked" : "");
}

TEST(Device, AvailabilityIsReportedWithAReason) {
  std::string why;
  if (cuda_available(&why)) {
    auto arch = device_arch();
    ASSERT_TRUE(arch.has_value());
    EXPECT_TRUE(arch->starts_with("sm_"));
    auto backend = make_cuda_backend();
    ASSERT_TRUE(backend.has_value()) << backend.error().describe();
    EXPECT_TRUE((*backend)->name().starts_with("cuda("));
  } else {
    EXPECT_FALSE(why.empty());
    auto backend = make_cuda_backend();
    ASSERT_FALSE(backend.has_value());
    EXPECT_EQ(backend.error().message, why);
    auto values = evaluate_on_device({}, {});
    EXPECT_FALSE(values.has_value());
  }
}

TEST(Device, GeneratedCodeAgreesWithTheCpuEvaluator) {
  REQUIRE_CUDA_DEVICE();
  const auto programs = testing::diverse_programs(50, 21);
  std::vector<float> x;
  for (int i = 0; i <= 2000; ++i) x.push_back(-6.0f + 12.0f * static_cast<float>(i) / 2000.0f);
  x.push_back(0.0f);
  x.push_back(1e-7f);
  x.push_back(-1e-7f);
  std::vector<std::vector<float>> theta(programs.size());
  for (std::size_t p = 0; p < programs.size(); ++p) {
    for (int k = 0; k < programs[p].num_params(); ++k) theta[p].push_back(0.75f + 0.5f * static_cast<float>(k));
  }
  for (const CompileOptions& compile : compile_forms()) {
    SCOPED_TRACE(describe(compile));
    auto device = evaluate_on_device(testing::pointers(programs), x, theta, nullptr, compile);
    ASSERT_TRUE(device.has_value()) << device.error().describe();
    for (std::size_t p = 0; p < programs.size(); ++p) {
      const int outputs = programs[p].num_outputs();
      std::vector<std::vector<float>> cpu(static_cast<std::size_t>(outputs), std::vector<float>(x.size()));
      std::vector<float*> ptrs;
      for (auto& o : cpu) ptrs.push_back(o.data());
      programs[p].evaluate(x, theta[p], ptrs);
      ASSERT_EQ((*device)[p].size(), static_cast<std::size_t>(outputs));
      int mismatches = 0;
      for (int o = 0; o < outputs; ++o) {
        for (std::size_t i = 0; i < x.size(); ++i) {
          const float want = cpu[static_cast<std::size_t>(o)][i];
          const float got = (*device)[p][static_cast<std::size_t>(o)][i];
          if (std::isnan(want) || std::isnan(got)) {
            if (std::isnan(want) != std::isnan(got)) ++mismatches;
            continue;
          }
          if (std::isinf(want) || std::isinf(got)) {
            if (want != got) ++mismatches;
            continue;
          }
          if (std::fabs(got - want) > 1e-5f * std::max(1.0f, std::fabs(want)) && mismatches++ < 3) {
            ADD_FAILURE() << expr::print(programs[p].expression()) << " output " << o << " at x = " << x[i]
                          << ": device " << got << ", cpu " << want;
          }
        }
      }
      EXPECT_EQ(mismatches, 0) << expr::print(programs[p].expression());
    }
  }
}

trainer::TaskSpec spiral_task() {
  trainer::TaskSpec task;
  task.dataset.kind = trainer::DatasetKind::TwoSpirals;
  task.dataset.examples = 2000;
  task.dataset.validation_examples = 500;
  task.dataset.test_examples = 500;
  task.model.hidden = {32, 32, 32};
  task.optimizer.lr = 0.05;
  task.training.epochs = 4;
  task.training.batch_size = 32;
  return task;
}

TEST(Device, TrainingAgreesWithTheCpuBackend) {
  REQUIRE_CUDA_DEVICE();
  for (bool residual_adam : {false, true}) {
    trainer::TaskSpec task = spiral_task();
    if (residual_adam) {
      task.model.residual = true;
      task.optimizer.kind = trainer::OptimizerKind::Adam;
      task.optimizer.lr = 0.005;
    }
    auto data = trainer::load_dataset(task.dataset);
    ASSERT_TRUE(data.has_value()) << data.error().describe();
    std::vector<trainer::TrainJob> jobs;
    for (const char* f : {"relu(x)", "tanh(x)", "x * sigmoid(beta * x)", "sin(x) + x"}) {
      for (std::uint64_t seed : {1u, 2u})
        jobs.push_back({.activation = canonical(f), .seed = seed, .evaluate_test = true});
    }
    auto gpu = make_cuda_backend();
    ASSERT_TRUE(gpu.has_value()) << gpu.error().describe();
    const auto gpu_results = (*gpu)->train(task, *data, jobs);
    const auto cpu_results = trainer::CpuBackend(0).train(task, *data, jobs);
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      const auto& g = gpu_results[i];
      const auto& c = cpu_results[i];
      ASSERT_EQ(g.status, c.status) << i << ": " << g.message << " / " << c.message;
      ASSERT_EQ(g.epochs.size(), c.epochs.size());
      EXPECT_EQ(g.steps, c.steps);
      // Same initial weights and data order; only float summation order differs, so early epochs
      // agree closely and the final accuracy within seed noise.
      EXPECT_NEAR(g.epochs[0].train_loss, c.epochs[0].train_loss, 1e-3 * std::max(1.0, c.epochs[0].train_loss)) << i;
      EXPECT_NEAR(g.val_accuracy, c.val_accuracy, 0.05) << i;
      EXPECT_NEAR(g.test_accuracy, c.test_accuracy, 0.05) << i;
      ASSERT_EQ(g.learned_params.size(), c.learned_params.size());
      for (std::size_t l = 0; l < g.learned_params.size(); ++l) {
        ASSERT_EQ(g.learned_params[l].size(), c.learned_params[l].size());
        for (std::size_t k = 0; k < g.learned_params[l].size(); ++k) {
          EXPECT_NEAR(g.learned_params[l][k], c.learned_params[l][k], 0.05);
        }
      }
    }
  }
}

TEST(Device, DivergingCandidateDoesNotDisturbTheOthers) {
  REQUIRE_CUDA_DEVICE();
  const trainer::TaskSpec task = spiral_task();
  auto data = trainer::load_dataset(task.dataset);
  ASSERT_TRUE(data.has_value());
  // exp(exp(10x)) overflows to infinity for x above ~0.45: the loss becomes NaN at once.
  const std::vector<trainer::TrainJob> jobs = {{.activation = canonical("tanh(x)"), .seed = 3},
                                               {.activation = canonical("exp(exp(10 * x))"), .seed = 3},
                                               {.activation = canonical("relu(x)"), .seed = 3}};
  auto batched = make_cuda_backend();
  auto alone = make_cuda_backend({.max_slots = 1});
  ASSERT_TRUE(batched && alone);
  const auto together = (*batched)->train(task, *data, jobs);
  const auto separate = (*alone)->train(task, *data, jobs);
  const auto cpu = trainer::CpuBackend(0).train(task, *data, jobs);
  EXPECT_EQ(together[1].status, trainer::RunStatus::Diverged) << together[1].message;
  EXPECT_EQ(cpu[1].status, trainer::RunStatus::Diverged);
  EXPECT_EQ(together[1].message, cpu[1].message);  // one rule and one message for both backends
  EXPECT_TRUE(std::isnan(together[1].val_accuracy));
  for (std::size_t i : {0u, 2u}) {
    ASSERT_EQ(together[i].status, trainer::RunStatus::Ok) << together[i].message;
    // A slot's arithmetic does not depend on its neighbours.
    EXPECT_NEAR(together[i].val_loss, separate[i].val_loss, 1e-6 * std::max(1.0, separate[i].val_loss));
    EXPECT_EQ(together[i].val_accuracy, separate[i].val_accuracy);
    EXPECT_NEAR(together[i].val_accuracy, cpu[i].val_accuracy, 0.05);
  }
}

TEST(Device, EveryCompileFormTrainsTheSameNetworks) {
  REQUIRE_CUDA_DEVICE();
  trainer::TaskSpec task = spiral_task();
  task.training.epochs = 2;
  auto data = trainer::load_dataset(task.dataset);
  ASSERT_TRUE(data.has_value());
  std::vector<trainer::TrainJob> jobs;
  for (const char* f : {"relu(x)", "x * sigmoid(beta * x)", "sin(x) + x", "tanh(x) * exp(beta)"}) {
    jobs.push_back({.activation = canonical(f), .seed = 5});
  }
  std::vector<std::vector<trainer::TrainResult>> results;
  for (const CompileOptions& compile : compile_forms()) {
    auto backend = make_cuda_backend({.compile = compile});
    ASSERT_TRUE(backend.has_value()) << backend.error().describe();
    results.push_back((*backend)->train(task, *data, jobs));
    const auto* cuda = dynamic_cast<const CudaBackend*>(backend->get());
    ASSERT_NE(cuda, nullptr);
    EXPECT_TRUE(cuda->fallback_notes().empty()) << describe(compile) << ": " << cuda->fallback_notes()[0];
  }
  // The forms compute the same operations in the same order (no contraction), so the same bits.
  for (std::size_t f = 1; f < results.size(); ++f) {
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      ASSERT_EQ(results[f][i].status, results[0][i].status) << describe(compile_forms()[f]) << ", job " << i;
      ASSERT_EQ(results[f][i].epochs.size(), results[0][i].epochs.size());
      for (std::size_t e = 0; e < results[0][i].epochs.size(); ++e) {
        EXPECT_EQ(results[f][i].epochs[e].train_loss, results[0][i].epochs[e].train_loss)
            << describe(compile_forms()[f]) << ", job " << i << ", epoch " << e;
      }
      EXPECT_EQ(results[f][i].learned_params, results[0][i].learned_params) << describe(compile_forms()[f]);
    }
  }
}

TEST(Device, LayerNormTasksFallBackToTheCpu) {
  REQUIRE_CUDA_DEVICE();
  trainer::TaskSpec task = spiral_task();
  task.model.norm = trainer::Norm::Layer;
  task.training.epochs = 1;
  auto data = trainer::load_dataset(task.dataset);
  ASSERT_TRUE(data.has_value());
  auto backend = make_cuda_backend();
  ASSERT_TRUE(backend.has_value());
  const std::vector<trainer::TrainJob> jobs = {{.activation = canonical("tanh(x)"), .seed = 1}};
  const auto results = (*backend)->train(task, *data, jobs);
  EXPECT_EQ(results[0].status, trainer::RunStatus::Ok);
  const auto* cuda = dynamic_cast<const CudaBackend*>(backend->get());
  ASSERT_NE(cuda, nullptr);
  ASSERT_EQ(cuda->fallback_notes().size(), 1u);
  EXPECT_NE(cuda->fallback_notes()[0].find("layer normalisation"), std::string::npos);
}

}  // namespace
}  // namespace actsearch::kernels
