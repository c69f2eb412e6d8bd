#include "probes/likeness.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "expr/parse.hpp"

namespace actsearch::probes {
namespace {

double d(std::string_view f, std::string_view g) { return likeness_distance(*expr::parse(f), *expr::parse(g)); }

// Reference values: scipy quad of the closed-form least squares (residual = SD(g) sqrt(1 - rho(c)^2),
// rho = weighted correlation of f(c z) and g(z)) minimised over log c in [log 1/2, log 2] with
// scipy.optimize.minimize_scalar (bounded, xatol 1e-10) and a 41-point grid:
//   swish -> gelu 0.0105452, gelu -> swish 0.0085824, mish -> swish 0.0413327,
//   relu -> swish 0.1360932, swish -> relu 0.0659435.
TEST(Likeness, PublishedNeighbours) {
  EXPECT_NEAR(d("silu(x)", "gelu(x)"), 0.0105452, 2e-6);
  EXPECT_NEAR(d("gelu(x)", "silu(x)"), 0.0085824, 2e-6);
  EXPECT_NEAR(d("mish(x)", "silu(x)"), 0.0413327, 2e-6);
  EXPECT_NEAR(d("relu(x)", "silu(x)"), 0.1360932, 2e-6);
  EXPECT_NEAR(d("silu(x)", "relu(x)"), 0.0659435, 2e-6);
}

TEST(Likeness, ZeroForItselfAndInvariantToAffineMaps) {
  EXPECT_EQ(d("silu(x)", "silu(x)"), 0.0);
  EXPECT_NEAR(d("x*sigmoid(x)", "silu(x)"), 0.0, 1e-7);
  // f(x) -> 3 f(2x) + 1: the scale 2 is inside [1/2, 2], the outer affine map is absorbed.
  EXPECT_NEAR(d("3*silu(2*x) + 1", "silu(x)"), 0.0, 1e-6);
  EXPECT_NEAR(d("3*gelu(2*x) + 1", "gelu(x)"), 0.0, 1e-6);  // needs c = 1/2, the end of the range
  // Outside the range of c the shapes differ: tanh(4x) is not tanh(x) rescaled by at most 2.
  EXPECT_GT(d("tanh(4*x)", "tanh(x)"), 0.01);
  EXPECT_NEAR(d("-2*mish(0.5*x) - 4", "silu(x)"), d("mish(x)", "silu(x)"), 1e-4);
  // A constant explains nothing; a non-finite function has no distance.
  EXPECT_NEAR(d("1", "silu(x)"), 1.0, 1e-12);
  EXPECT_TRUE(std::isnan(d("exp(exp(exp(x)))", "silu(x)")));
}

TEST(Likeness, NearestKnown) {
  const Likeness swish = likeness_to_known(*expr::parse("x*sigmoid(x)"));
  EXPECT_EQ(swish.nearest, "swish");
  EXPECT_NEAR(swish.distance, 0.0, 1e-7);
  EXPECT_FALSE(swish.all.empty());
  const Likeness scaled = likeness_to_known(*expr::parse("2*gelu(1.5*x) - 1"));
  EXPECT_TRUE(scaled.nearest == "gelu" || scaled.nearest == "gelu_tanh") << scaled.nearest;
  EXPECT_LT(scaled.distance, 1e-3);
  // Identity is never the nearest label.
  const Likeness linear = likeness_to_known(*expr::parse("x"));
  EXPECT_NE(linear.nearest, "identity");
  bool listed = false;
  for (const auto& [name, dist] : linear.all) listed = listed || (name == "identity" && dist == 0.0);
  EXPECT_TRUE(listed);
}

}  // namespace
}  // namespace actsearch::probes
