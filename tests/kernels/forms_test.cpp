// The compile forms of a batch (CompileOptions): device functions called through a table, and
// candidates compiled one by one and linked. NVRTC and nvJitLink need no GPU, so these run on any
// machine with the toolkit; what each form costs in kernel speed only Device tests can tell.
#include <gtest/gtest.h>

#include <filesystem>

#include "kernels/codegen.hpp"
#include "kernels/nvrtc.hpp"
#include "kernels/src/embedded.hpp"
#include "tests/common/text.hpp"
#include "tests/kernels/helpers.hpp"

namespace actsearch::kernels {
namespace {

using ::actsearch::testing::occurrences;

using testing::compile;
using testing::pointers;
using testing::TempDir;

std::size_t entries(const std::filesystem::path& dir) {
  std::size_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) n += e.path().extension() == ".kimg" ? 1 : 0;
  return n;
}

TEST(Forms, FormNamesRoundTrip) {
  for (CandidateForm f : {CandidateForm::Inlined, CandidateForm::DeviceFunction}) {
    EXPECT_EQ(parse_form(form_name(f)), f);
  }
  EXPECT_FALSE(parse_form("fused").has_value());
}

TEST(Forms, DeviceFunctionModuleCallsEachCandidateThroughOneTable) {
  const std::vector<expr::Program> programs = {compile("x * sigmoid(beta * x)"), compile("relu(x)"),
                                               compile("tanh(x) * exp(beta)")};
  auto source = generate_module(pointers(programs), CandidateForm::DeviceFunction);
  ASSERT_TRUE(source.has_value()) << source.error().describe();
  for (int i = 0; i < 3; ++i) {
    const std::string name = candidate_name(i, CandidateForm::DeviceFunction);
    EXPECT_EQ(occurrences(*source, "__noinline__ void " + name + "("), 1u) << name;
  }
  EXPECT_NE(source->find("as_candidates[3] = {as_candidate_0, as_candidate_1, as_candidate_2};"), std::string::npos);
  // Parameters past a candidate's count are zeros, as the inlined kernels write them; the width is
  // the module's largest count.
  EXPECT_NE(source->find("static constexpr int kParams = 1;"), std::string::npos);
  EXPECT_NE(source->find("dtheta[p] = 0.0f"), std::string::npos);
  EXPECT_EQ(source->find("struct Candidate"), std::string::npos);
}

TEST(Forms, ModulesEmbedTheSharedFilesVerbatim) {
  const std::vector<expr::Program> programs = {compile("relu(x)")};
  for (CandidateForm f : {CandidateForm::Inlined, CandidateForm::DeviceFunction}) {
    auto source = generate_module(pointers(programs), f);
    ASSERT_TRUE(source.has_value());
    EXPECT_NE(source->find(std::string(optimizer_rules_source())), std::string::npos);
    EXPECT_NE(source->find(std::string(divergence_rule_source())), std::string::npos);
    EXPECT_NE(source->find(std::string(training_kernels_source())), std::string::npos);
    EXPECT_NE(source->find("#define AS_HD __device__ __forceinline__"), std::string::npos);
  }
  // The kernels use the shared rules rather than their own arithmetic.
  EXPECT_NE(training_kernels_source().find("as_sgd_momentum("), std::string::npos);
  EXPECT_NE(training_kernels_source().find("as_adam("), std::string::npos);
  EXPECT_NE(training_kernels_source().find("as_batch_divergence("), std::string::npos);
}

class Link : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!nvrtc_available()) GTEST_SKIP() << "no NVRTC: this build has no CUDA toolkit";
    std::string why;
    if (!nvjitlink_available(&why)) GTEST_SKIP() << "no nvJitLink: " << why;
  }
};

TEST_F(Link, EveryFormCompilesTheBatch) {
  const auto programs = testing::diverse_programs(6, 17);
  for (const CompileOptions& options :
       {CompileOptions{.form = CandidateForm::Inlined}, CompileOptions{.link = false}, CompileOptions{}}) {
    auto module = compile_candidates(pointers(programs), "sm_90", nullptr, options);
    ASSERT_TRUE(module.has_value()) << module.error().describe();
    EXPECT_EQ(module->failed(), 0);
    EXPECT_EQ(module->theta_width, max_params(pointers(programs)));
    EXPECT_EQ(module->image.image.substr(0, 4), std::string("\x7f"
                                                            "ELF"));
  }
}

TEST_F(Link, CandidatesAreCachedOneByOneAndTheBatchAsAWhole) {
  TempDir dir;
  const KernelCache cache({.dir = dir.path()});
  const std::vector<expr::Program> programs = {compile("relu(x)"), compile("tanh(x)"), compile("relu(x)")};
  const CompileOptions one_per_object{.candidates_per_object = 1};
  auto first = compile_candidates(pointers(programs), "sm_90", &cache, one_per_object);
  ASSERT_TRUE(first.has_value()) << first.error().describe();
  EXPECT_FALSE(first->image.from_cache);
  // One function trained twice is compiled and linked once; both slots call it.
  EXPECT_EQ(first->index_of, (std::vector<int>{0, 1, 0}));
  EXPECT_EQ(entries(dir.path()), 4u);  // two candidates, the kernels, the linked batch

  auto again = compile_candidates(pointers(programs), "sm_90", &cache, one_per_object);
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->image.from_cache);
  EXPECT_EQ(again->image.image, first->image.image);
  EXPECT_EQ(again->index_of, first->index_of);

  // A new batch with one new candidate compiles that one, its kernels and the link; relu and tanh
  // come from the cache.
  const std::vector<expr::Program> next = {compile("tanh(x)"), compile("x * sigmoid(beta * x)")};
  auto other = compile_candidates(pointers(next), "sm_90", &cache, one_per_object);
  ASSERT_TRUE(other.has_value()) << other.error().describe();
  EXPECT_EQ(entries(dir.path()), 7u);
  EXPECT_EQ(other->theta_width, 1);
}

TEST_F(Link, FailingCandidateIsLeftOutOfTheLink) {
  std::vector<CandidateText> texts;
  const expr::Program tanh = compile("tanh(x)");
  texts.emplace_back([&](const std::string& name, CandidateForm form) { return generate_candidate(tanh, name, form); });
  texts.emplace_back([](const std::string& name, CandidateForm) -> Expected<std::string> {
    return "extern \"C\" __device__ __noinline__ void " + name +
           "(float x, const float*, float* phi, float* slope, float*) { *phi = no_such_primitive(x); *slope = 1.0f; "
           "}\n";
  });
  const expr::Program relu = compile("relu(x)");
  texts.emplace_back([&](const std::string& name, CandidateForm form) { return generate_candidate(relu, name, form); });
  const std::vector<int> params = {0, 0, 0};
  // Alone, and in objects of two (the failing object's candidates are then compiled one by one).
  for (int per : {1, 2}) {
    auto module = compile_candidate_texts(texts, params, "sm_90", nullptr, {.candidates_per_object = per});
    ASSERT_TRUE(module.has_value()) << module.error().describe();
    EXPECT_EQ(module->index_of, (std::vector<int>{0, -1, 1})) << per;
    EXPECT_NE(module->errors[1].find("no_such_primitive"), std::string::npos) << module->errors[1];
    EXPECT_TRUE(module->errors[0].empty() && module->errors[2].empty()) << per;
    EXPECT_FALSE(module->image.image.empty());
  }
}

}  // namespace
}  // namespace actsearch::kernels
