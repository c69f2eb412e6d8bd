// Training through the float32 vector kernels of every instruction set this processor has: each
// set trains the spirals to the accuracy the scalar loops reach, and within one set the results do
// not depend on the number of threads.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "expr/vector_isa.hpp"
#include "helpers.hpp"
#include "tests/common/bits.hpp"
#include "trainer/backend.hpp"
#include "trainer/dataset.hpp"

namespace actsearch::trainer {
namespace {

using ::actsearch::testing::same_bits;

using testing::canonical;
using testing::load_config;

class IsaGuard {
 public:
  IsaGuard() : saved_(expr::active_vector_isa()) {}
  ~IsaGuard() { expr::set_vector_isa(saved_); }
  IsaGuard(const IsaGuard&) = delete;
  IsaGuard& operator=(const IsaGuard&) = delete;

 private:
  expr::VectorIsa saved_;
};

TEST(VectorActivation, EverySetTrainsLikeTheScalarLoops) {
  const TaskSpec task = load_config("spirals-small.yaml");
  auto data = load_dataset(task.dataset);
  ASSERT_TRUE(data.has_value()) << data.error().describe();
  IsaGuard guard;
  const std::vector<TrainJob> jobs = {
      {.activation = canonical("x*sigmoid(x)"), .seed = 1, .epochs = 10},
      {.activation = canonical("mish(x)"), .seed = 2, .epochs = 10},
      {.activation = canonical("max(x*sigmoid(1.5*x), tanh(x)) + 0.1*sin(x)*exp(-x*x)"), .seed = 3, .epochs = 10}};
  ASSERT_TRUE(expr::set_vector_isa(expr::VectorIsa::Scalar));
  const std::vector<TrainResult> scalar = CpuBackend(1).train(task, *data, jobs);
  for (int i = 1; i < expr::kNumVectorIsas; ++i) {
    const auto isa = static_cast<expr::VectorIsa>(i);
    if (!expr::set_vector_isa(isa)) continue;
    const std::vector<TrainResult> one = CpuBackend(1).train(task, *data, jobs);
    const std::vector<TrainResult> two = CpuBackend(2).train(task, *data, jobs);
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      ASSERT_EQ(one[j].status, RunStatus::Ok) << one[j].message;
      // Rounding differences only: the same accuracy to within a few validation examples.
      EXPECT_NEAR(one[j].val_accuracy, scalar[j].val_accuracy, 0.02) << expr::vector_isa_name(isa) << " job " << j;
      EXPECT_NEAR(one[j].val_loss, scalar[j].val_loss, 0.05 * scalar[j].val_loss + 0.01)
          << expr::vector_isa_name(isa) << " job " << j;
      EXPECT_TRUE(same_bits(one[j].val_loss, two[j].val_loss)) << expr::vector_isa_name(isa) << " job " << j;
    }
  }
}

}  // namespace
}  // namespace actsearch::trainer
