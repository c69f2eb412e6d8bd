// Features: the quantile grid, invariance to the exact symmetries +-phi(+-x), normalisation against
// output affine maps, and the feature key that makes a strategy propose each symmetry class once.
#include "surrogate/features.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "expr/parse.hpp"

namespace actsearch::surrogate {
namespace {

expr::Expr parse(const std::string& text) {
  auto e = expr::parse(text);
  EXPECT_TRUE(e.has_value()) << text;
  return *e;
}

// `f` written with X for the argument.
std::string with(std::string f, const std::string& argument) {
  for (std::size_t at = f.find('X'); at != std::string::npos; at = f.find('X', at + argument.size())) {
    f.replace(at, 1, argument);
  }
  return f;
}

TEST(Features, GridIsSymmetricNormalQuantiles) {
  const auto z = quantile_grid();
  ASSERT_EQ(z.size(), static_cast<std::size_t>(kQuantiles));
  for (int i = 0; i < kQuantiles; ++i) {
    EXPECT_EQ(z[i], -z[kQuantiles - 1 - i]);
    // Phi(z_i) = (i + 1/2) / K, checked with the CDF from erfc.
    EXPECT_NEAR(0.5 * std::erfc(-z[i] / std::sqrt(2.0)), (i + 0.5) / kQuantiles, 1e-12) << i;
    if (i > 0) {
      EXPECT_LT(z[i - 1], z[i]);
    }
  }
}

TEST(Features, InvariantUnderTheFourSymmetricTransforms) {
  for (const std::string f : {"relu(X)", "X*sigmoid(X)", "tanh(X)", "exp(X)*sin(X)", "X*sigmoid(beta*X)", "cos(X) - X",
                              "min(X, sin(X))", "gelu(X)", "X^2 + 0.3*X", "max(X, sigmoid(X))"}) {
    const auto base = compute_features(parse(with(f, "x")));
    ASSERT_TRUE(base) << f;
    for (const std::string& g : {"-(" + with(f, "x") + ")", with(f, "(-x)"), "-(" + with(f, "(-x)") + ")"}) {
      const auto twin = compute_features(parse(g));
      ASSERT_TRUE(twin) << g;
      ASSERT_EQ(twin->shape.size(), base->shape.size());
      for (std::size_t i = 0; i < base->shape.size(); ++i)
        EXPECT_NEAR(twin->shape[i], base->shape[i], 1e-9) << g << " [" << i << "]";
      for (std::size_t i = 0; i < base->moments.size(); ++i) EXPECT_NEAR(twin->moments[i], base->moments[i], 1e-9) << g;
      EXPECT_EQ(twin->key, base->key) << g;
    }
  }
}

TEST(Features, ShapeIgnoresOutputAffineMapsButMomentsDoNot) {
  for (const std::string f : {"x*sigmoid(x)", "tanh(x)", "elu(x)"}) {
    const auto base = compute_features(parse(f));
    const auto mapped = compute_features(parse("3*(" + f + ") + 2"));
    const auto flipped = compute_features(parse("0.5 - 2*(" + f + ")"));
    ASSERT_TRUE(base && mapped && flipped);
    for (std::size_t i = 0; i < base->shape.size(); ++i) {
      EXPECT_NEAR(mapped->shape[i], base->shape[i], 2e-5) << f << " [" << i << "]";
      EXPECT_NEAR(flipped->shape[i], base->shape[i], 2e-5) << f << " [" << i << "]";
    }
    // The scale at initialisation matters to signal propagation: E[phi'^2] grows by 9 (log 9).
    EXPECT_NEAR(mapped->moments[2] - base->moments[2], std::log(9.0), 1e-4) << f;
    EXPECT_NE(mapped->key, base->key);
  }
}

TEST(Features, NormalisedShapeHasZeroMeanAndUnitVariance) {
  const auto f = compute_features(parse("softplus(x)*cos(x)"));
  ASSERT_TRUE(f);
  double mean = 0, second = 0;
  for (int i = 0; i < kQuantiles; ++i) mean += f->shape[i], second += f->shape[i] * f->shape[i];
  EXPECT_NEAR(mean / kQuantiles, 0, 1e-12);
  EXPECT_NEAR(second / kQuantiles, 1, 1e-12);
}

TEST(Features, ProbeLikeStatistics) {
  const auto relu = compute_features(parse("relu(x)"));
  ASSERT_TRUE(relu);
  EXPECT_DOUBLE_EQ(relu->dead_fraction, 0.5);  // half of the quantiles are negative
  EXPECT_EQ(relu->max_abs_slope, 1.0);
  const auto line = compute_features(parse("2*x + 1"));
  ASSERT_TRUE(line);
  EXPECT_NEAR(line->near_linearity, 1.0, 1e-9);
  EXPECT_FALSE(plausible(*line));
  EXPECT_TRUE(plausible(*relu));
  // Trainable parameters are a feature and part of the key: swish and x*sigmoid(beta*x) at beta = 1
  // have the same shape but are different candidates.
  const auto swish = compute_features(parse("x*sigmoid(x)"));
  const auto beta = compute_features(parse("x*sigmoid(beta*x)"));
  ASSERT_TRUE(swish && beta);
  EXPECT_EQ(swish->moments[7], 0);
  EXPECT_EQ(beta->moments[7], 1);
  EXPECT_NE(swish->key, beta->key);
  EXPECT_NE(swish->key, relu->key);
}

TEST(Features, ConstantsAndNonFiniteFunctionsHaveNone) {
  EXPECT_FALSE(compute_features(parse("3")).has_value());
  EXPECT_FALSE(compute_features(parse("0*x + 1")).has_value());
  EXPECT_FALSE(compute_features(parse("exp(exp(exp(x)))")).has_value());  // overflows at the top quantiles
}

TEST(Features, BulkEqualsOneByOne) {
  std::vector<expr::Expr> es;
  for (const std::string f : {"relu(x)", "tanh(x)", "3", "x*sigmoid(x)", "sin(x)*x"}) es.push_back(parse(f));
  const auto bulk = compute_features(es);
  ASSERT_EQ(bulk.size(), es.size());
  for (std::size_t i = 0; i < es.size(); ++i) {
    const auto one = compute_features(es[i]);
    ASSERT_EQ(one.has_value(), bulk[i].has_value());
    if (one) {
      EXPECT_EQ(one->shape, bulk[i]->shape);
    }
  }
}

TEST(Features, VectorsAndGroupsAgree) {
  const auto f = compute_features(parse("x*sigmoid(x)"));
  ASSERT_TRUE(f);
  for (FeatureSet set : all_feature_sets()) {
    EXPECT_EQ(feature_vector(*f, set).size(), feature_groups(set).size()) << to_string(set);
  }
  EXPECT_EQ(feature_vector(*f, FeatureSet::ShapeAndMoments).size(), static_cast<std::size_t>(kShapeDims + kMomentDims));
}

}  // namespace
}  // namespace actsearch::surrogate
