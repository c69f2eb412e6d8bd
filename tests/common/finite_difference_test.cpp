// The finite-difference reference refuses points it cannot be trusted at, and agrees with closed forms
// elsewhere.
#include "tests/common/finite_difference.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace actsearch::testing {
namespace {

TEST(FiniteDifference, AgreesWithClosedForms) {
  const auto sine = richardson_derivative([](double t) { return std::sin(t); }, 0.7, 1e-5);
  ASSERT_TRUE(sine.has_value());
  EXPECT_NEAR(*sine, std::cos(0.7), 1e-9);
  const auto cubic = richardson_derivative([](double t) { return t * t * t; }, -2.0, 1e-5);
  ASSERT_TRUE(cubic.has_value());
  EXPECT_NEAR(*cubic, 12.0, 1e-7);
}

TEST(FiniteDifference, RefusesAKinkAtThePointEvenBetweenSmallSlopes) {
  // selu(t - 1) scaled by 0.0137, as a fuzz input met it: slopes 0.0144 and 0.0241 on either side of t = 1.
  auto kinked = [](double t) {
    const double z = t - 1;
    return 0.0137 * 1.0507 * (z > 0 ? z : 1.6733 * (std::exp(z) - 1));
  };
  EXPECT_FALSE(richardson_derivative(kinked, 1.0, 1e-4).has_value());
  EXPECT_FALSE(richardson_derivative([](double t) { return std::abs(t); }, 0.0, 1e-4).has_value());
  // Away from the kink it is a reference again.
  const auto right = richardson_derivative(kinked, 1.5, 1e-4);
  ASSERT_TRUE(right.has_value());
  EXPECT_NEAR(*right, 0.0137 * 1.0507, 1e-9);
}

}  // namespace
}  // namespace actsearch::testing
