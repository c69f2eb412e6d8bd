// Code generation and NVRTC compilation (NVRTC needs no GPU, so these run on any machine with the
// toolkit; without it the NVRTC tests skip).
#include "kernels/codegen.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "kernels/nvrtc.hpp"
#include "tests/common/text.hpp"
#include "tests/kernels/helpers.hpp"

namespace actsearch::kernels {
namespace {

using ::actsearch::testing::occurrences;

using testing::compile;
using testing::diverse_programs;
using testing::pointers;

TEST(Codegen, ModuleHasOneFunctorPerCandidateAndEveryKernel) {
  const std::vector<expr::Program> programs = {compile("x * sigmoid(beta * x)"), compile("relu(x)"),
                                               compile("tanh(x)")};
  auto source = generate_module(pointers(programs));
  ASSERT_TRUE(source.has_value()) << source.error().describe();
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(occurrences(*source, "struct " + candidate_name(i) + " {"), 1u) << i;
    EXPECT_EQ(occurrences(*source, "op(" + candidate_name(i) + "(theta))"), 1u) << i;
  }
  EXPECT_EQ(occurrences(*source, "struct Candidate"), 3u);
  EXPECT_NE(source->find("static constexpr int kParams = 1;"), std::string::npos);  // swish's beta
  EXPECT_NE(source->find("static constexpr int kParams = 0;"), std::string::npos);  // relu, tanh
  for (std::string_view kernel : {kForwardKernel, kBackwardKernel, kReduceThetaKernel, kRowSumKernel, kAddBiasKernel,
                                  kSoftmaxKernel, kReduceExamplesKernel, kGradSumKernel, kStepStatusKernel, kSgdKernel,
                                  kAdamKernel, kGatherKernel, kEvaluateKernel}) {
    EXPECT_EQ(occurrences(*source, "extern \"C\" __global__ void " + std::string(kernel) + "("), 1u) << kernel;
  }
  // The scalar definitions come from the single source, made device functions.
  EXPECT_NE(source->find("#define AS_FN __device__ __forceinline__"), std::string::npos);
  EXPECT_NE(source->find(std::string(expr::scalar_functions_source())), std::string::npos);
}

TEST(Codegen, DeterministicAndOrderSensitive) {
  const auto a = diverse_programs(20, 3);
  const auto b = diverse_programs(20, 3);
  auto first = generate_module(pointers(a));
  auto second = generate_module(pointers(b));
  ASSERT_TRUE(first && second);
  EXPECT_EQ(*first, *second);
  auto reversed = pointers(a);
  std::reverse(reversed.begin(), reversed.end());
  EXPECT_NE(*first, *generate_module(reversed));
}

TEST(Codegen, UniformInstructionsAreHoistedIntoTheConstructor) {
  // exp(beta) does not depend on x: computed once per functor, not per element.
  const expr::Program p = compile("x * exp(beta)");
  auto text = generate_candidate(p, 0);
  ASSERT_TRUE(text.has_value());
  const auto ctor = text->find("__device__ explicit Candidate0");
  const auto call = text->find("operator()");
  const auto exp_at = text->find("as_exp(");
  ASSERT_NE(exp_at, std::string::npos);
  EXPECT_LT(ctor, exp_at);
  EXPECT_LT(exp_at, call);
  EXPECT_NE(text->find("dtheta[0] = "), std::string::npos);
}

TEST(Codegen, CandidatesWithoutParametersAndConstantFunctions) {
  const std::vector<expr::Program> programs = {compile("x"), compile("2"), compile("relu(x)")};
  for (std::size_t i = 0; i < programs.size(); ++i) {
    auto text = generate_candidate(programs[i], static_cast<int>(i));
    ASSERT_TRUE(text.has_value());
    EXPECT_NE(text->find("kParams = 0"), std::string::npos);
    EXPECT_EQ(text->find("dtheta[0] ="), std::string::npos);
  }
}

TEST(Codegen, ProgramWithoutDerivativesIsAnError) {
  const expr::Program p = compile("tanh(x)", false);
  auto text = generate_candidate(p, 0);
  ASSERT_FALSE(text.has_value());
  EXPECT_NE(text.error().message.find("derivatives"), std::string::npos);
}

TEST(Codegen, DiverseSetCoversEveryPrimitiveRow) {
  const auto programs = diverse_programs(50);
  ASSERT_EQ(programs.size(), 50u);
  std::set<std::string_view> named;
  for (const auto& p : programs) {
    for (const auto& ins : p.instructions()) {
      if (ins.op == expr::OpCode::Call) named.insert(expr::primitive(ins.prim).c_function);
    }
  }
  // Rows with an expansion are written out in the tape; their expression still names them, and
  // every row's function is in the embedded definitions.
  EXPECT_GE(expr::primitives().size(), 40u);
  EXPECT_GE(named.size(), 30u);
}

class Nvrtc : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!nvrtc_available()) GTEST_SKIP() << "no NVRTC: this build has no CUDA toolkit";
  }
};

TEST_F(Nvrtc, CompilesFiftyDiverseCandidatesToCubinAndPtx) {
  const auto programs = diverse_programs(50);
  auto source = generate_module(pointers(programs));
  ASSERT_TRUE(source.has_value());
  for (const char* arch : {"sm_90", "compute_90"}) {
    const auto start = std::chrono::steady_clock::now();
    auto image = compile_source(*source, arch, nullptr);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(image.has_value()) << image.error().describe();
    EXPECT_FALSE(image->image.empty());
    if (std::string(arch).starts_with("sm_")) {
      EXPECT_TRUE(image->cubin);
      EXPECT_EQ(image->image.substr(0, 4), std::string("\x7f"
                                                       "ELF"));
    } else {
      EXPECT_FALSE(image->cubin);
      for (std::string_view kernel : {kForwardKernel, kBackwardKernel, kSoftmaxKernel, kAdamKernel, kEvaluateKernel}) {
        EXPECT_NE(image->image.find(".entry " + std::string(kernel)), std::string::npos) << kernel;
      }
    }
    std::printf("[ nvrtc    ] 50 candidates, %s: %.2f s, %zu bytes\n", arch, seconds, image->image.size());
  }
}

TEST_F(Nvrtc, CompileErrorCarriesTheLog) {
  auto image = compile_source("extern \"C\" __global__ void k() { this_is_not_declared(); }", "sm_90", nullptr);
  ASSERT_FALSE(image.has_value());
  EXPECT_NE(image.error().message.find("this_is_not_declared"), std::string::npos) << image.error().message;
  EXPECT_NE(image.error().message.find("error"), std::string::npos);
}

TEST_F(Nvrtc, UnknownArchitectureIsAnError) {
  auto image = compile_source("", "gfx90a", nullptr);
  ASSERT_FALSE(image.has_value());
  EXPECT_NE(image.error().message.find("gfx90a"), std::string::npos);
}

TEST_F(Nvrtc, FailingCandidateIsIsolatedAndReported) {
  const std::vector<expr::Program> programs = {compile("tanh(x)"), compile("x * sigmoid(beta * x)"),
                                               compile("relu(x)")};
  std::vector<CandidateText> texts;
  std::vector<int> params;
  for (std::size_t i = 0; i < programs.size(); ++i) {
    const expr::Program* p = &programs[i];
    if (i == 1) {
      // Valid C++ shape, but calls a function that does not exist: only NVRTC can tell.
      texts.emplace_back([](const std::string& name, CandidateForm form) -> Expected<std::string> {
        if (form == CandidateForm::DeviceFunction) {
          return "extern \"C\" __device__ __noinline__ void " + name +
                 "(float x, const float*, float* phi, float* slope, float*) { *phi = no_such_primitive(x); *slope = "
                 "1.0f; }\n";
        }
        return "struct " + name + " {\n  static constexpr int kParams = 0;\n  __device__ explicit " + name +
               "(const float*) {}\n  __device__ void operator()(float x, float& phi, float& slope, float*) const "
               "{ phi = no_such_primitive(x); slope = 1.0f; }\n};\n";
      });
    } else {
      texts.emplace_back(
          [p](const std::string& name, CandidateForm form) { return generate_candidate(*p, name, form); });
    }
    params.push_back(p->num_params());
  }
  auto module = compile_candidate_texts(texts, params, "compute_90", nullptr);
  ASSERT_TRUE(module.has_value()) << module.error().describe();
  EXPECT_EQ(module->index_of, (std::vector<int>{0, -1, 1}));
  EXPECT_EQ(module->failed(), 1);
  EXPECT_TRUE(module->errors[0].empty());
  EXPECT_NE(module->errors[1].find("no_such_primitive"), std::string::npos) << module->errors[1];
  EXPECT_EQ(module->theta_width, 0);  // the candidate with a parameter was the one left out
  EXPECT_FALSE(module->image.image.empty());
}

TEST_F(Nvrtc, AllCandidatesOfARealBatchCompile) {
  const auto programs = diverse_programs(12, 11);
  auto module = compile_candidates(pointers(programs), "compute_90", nullptr);
  ASSERT_TRUE(module.has_value()) << module.error().describe();
  EXPECT_EQ(module->failed(), 0);
  for (std::size_t i = 0; i < programs.size(); ++i) EXPECT_EQ(module->index_of[i], static_cast<int>(i));
  EXPECT_EQ(module->theta_width, max_params(pointers(programs)));
}

}  // namespace
}  // namespace actsearch::kernels
