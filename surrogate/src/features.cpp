#include "surrogate/features.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>

#include "common/hash.hpp"
#include "expr/program.hpp"
#include "surrogate/targets.hpp"

namespace actsearch::surrogate {
namespace {

constexpr int kHalf = kQuantiles / 2;
constexpr FeatureSet kSets[] = {FeatureSet::Shape, FeatureSet::Moments, FeatureSet::ShapeAndMoments};

struct Grid {
  std::array<double, kQuantiles> z{};
  // The quantiles, then the wide points where only finiteness and the slope bound are checked (the
  // default probes look at [-50, 50]; 0 is where sqrt and log have their poles).
  static constexpr float kWide[] = {-50, -20, -10, -5, 0, 5, 10, 20, 50};
  static constexpr int kWidePoints = sizeof kWide / sizeof kWide[0];
  static constexpr int kPoints = kQuantiles + kWidePoints;
  // Each point p is evaluated at p - h, p, p + h: phi' by central differences (see features.hpp).
  static constexpr float kStep = 1.0f / 128;
  std::array<float, 3 * kPoints> xf{};
  // Probabilists' Hermite polynomials He_1..He_6 at the first half of the grid.
  std::array<std::array<double, 6>, kHalf> he{};
  Grid() {
    for (int i = 0; i < kHalf; ++i) {
      const double v = normal_quantile((i + 0.5) / kQuantiles);
      z[i] = v;
      z[kQuantiles - 1 - i] = -v;
      const double v2 = v * v;
      he[i] = {v,
               v2 - 1,
               v * v2 - 3 * v,
               v2 * v2 - 6 * v2 + 3,
               v * v2 * v2 - 10 * v * v2 + 15 * v,
               v2 * v2 * v2 - 15 * v2 * v2 + 45 * v2 - 15};
    }
    for (int i = 0; i < kPoints; ++i) {
      const float p = i < kQuantiles ? static_cast<float>(z[i]) : kWide[i - kQuantiles];
      xf[3 * i] = p - kStep;
      xf[3 * i + 1] = p;
      xf[3 * i + 2] = p + kStep;
    }
  }
};

const Grid& grid() {
  static const Grid g;
  return g;
}

// Sums over the grid taken pairwise (i with its mirror), so that a reversed or negated array gives the
// same sum bit for bit: symmetric twins get identical features.
template <class F>
double symmetric_sum(F&& term) {
  double s = 0;
  for (int i = 0; i < kHalf; ++i) s += term(i) + term(kQuantiles - 1 - i);
  return s;
}

std::uint64_t key_of(const FunctionFeatures& f, int params) {
  std::uint64_t h = hash::kFnv1aOffsetBasis;  // FNV-1a over the rounded values
  auto mix = [&](std::int64_t v) {
    unsigned char bytes[sizeof v];
    std::memcpy(bytes, &v, sizeof v);
    for (unsigned char b : bytes) h = (h ^ b) * hash::kFnv1aPrime;
  };
  for (double v : f.shape) mix(std::llround(v * 1e3));
  mix(std::llround(f.moments[0] * 1e3));
  mix(std::llround(f.moments[2] * 1e3));
  mix(params);
  return h;
}

}  // namespace

std::span<const FeatureSet> all_feature_sets() { return kSets; }

std::string_view to_string(FeatureSet set) {
  switch (set) {
    case FeatureSet::Shape: return "shape";
    case FeatureSet::Moments: return "moments";
    case FeatureSet::ShapeAndMoments: return "shape+moments";
  }
  return "?";
}

std::span<const double> quantile_grid() { return grid().z; }

std::optional<FunctionFeatures> compute_features(const expr::Expr& e) {
  const Grid& g = grid();
  // Slopes by central differences over the same evaluation rather than the symbolic derivative: compiling
  // the derivative costs many times the compile of phi alone, and a pool of 100,000 members must be
  // featured within seconds (bench/surrogate_pool.cpp has the figures).
  const expr::Program program = expr::Program::compile(e, {.derivatives = false});
  std::vector<float> theta;
  for (double v : program.initial_params()) theta.push_back(static_cast<float>(v));
  std::array<float, 3 * Grid::kPoints> values{};
  float* outputs[] = {values.data()};
  program.evaluate(std::span<const float>(g.xf), theta, outputs);
  std::array<double, kQuantiles> phi{}, slope{};
  double wide_slope = 0;
  for (int i = 0; i < Grid::kPoints; ++i) {
    const float lo = values[3 * i], mid = values[3 * i + 1], hi = values[3 * i + 2];
    const double d = (static_cast<double>(hi) - static_cast<double>(lo)) / (2.0 * Grid::kStep);
    const bool finite = std::isfinite(lo) && std::isfinite(mid) && std::isfinite(hi);
    if (i < kQuantiles) {
      if (!finite) return std::nullopt;
      phi[i] = mid;
      slope[i] = d;
    } else {
      wide_slope = finite ? std::max(wide_slope, std::abs(d)) : std::numeric_limits<double>::infinity();
    }
  }
  const double n = kQuantiles;
  const double mean = symmetric_sum([&](int i) { return phi[i]; }) / n;
  const double second = symmetric_sum([&](int i) { return phi[i] * phi[i]; }) / n;
  const double var = symmetric_sum([&](int i) { return (phi[i] - mean) * (phi[i] - mean); }) / n;
  const double sd = std::sqrt(var);
  if (!(sd > 1e-6 * (1 + std::abs(mean))) || !std::isfinite(sd)) return std::nullopt;

  std::array<double, kQuantiles> p{}, d{};
  for (int i = 0; i < kQuantiles; ++i) {
    p[i] = (phi[i] - mean) / sd;
    d[i] = slope[i] / sd;
  }
  // Hermite moments of p over the grid: even ones flip with the sign of phi, odd ones with both signs.
  auto moment = [&](int k) {
    double s = 0;
    for (int i = 0; i < kHalf; ++i) {
      const double a = p[i], b = p[kQuantiles - 1 - i];
      s += (k % 2 == 1 ? a - b : a + b) * g.he[i][k - 1];
    }
    return s / n;
  };
  constexpr double kTie = 1e-5;
  int sign_phi = 1;
  for (int k : {2, 4, 6}) {
    const double m = moment(k);
    if (std::abs(m) > kTie) {
      sign_phi = m > 0 ? 1 : -1;
      break;
    }
  }
  int sign_x = 1;
  for (int k : {1, 3, 5}) {
    const double m = sign_phi * moment(k);
    if (std::abs(m) > kTie) {
      sign_x = m > 0 ? 1 : -1;
      break;
    }
  }
  FunctionFeatures f;
  f.shape.resize(kShapeDims);
  for (int i = 0; i < kQuantiles; ++i) {
    // phi(-x) at z_i is phi at z_{K-1-i}; its slope is -phi'(z_{K-1-i}).
    const int j = sign_x > 0 ? i : kQuantiles - 1 - i;
    f.shape[i] = sign_phi * p[j];
    f.shape[kQuantiles + i] = std::asinh(sign_phi * sign_x * d[j]);
  }

  const double slope_mean = symmetric_sum([&](int i) { return slope[i]; }) / n;
  const double slope_second = symmetric_sum([&](int i) { return slope[i] * slope[i]; }) / n;
  const double dead = symmetric_sum([&](int i) { return std::abs(slope[i]) < 1e-6 ? 1.0 : 0.0; }) / n;
  const double cov_zp = symmetric_sum([&](int i) { return g.z[i] * (phi[i] - mean); }) / n;
  const double var_z = symmetric_sum([&](int i) { return g.z[i] * g.z[i]; }) / n;
  auto clamped_log = [](double v) { return std::clamp(std::log(v + 1e-30), -30.0, 30.0); };
  f.moments = {clamped_log(second),
               std::abs(mean) / std::sqrt(second),
               clamped_log(slope_second),
               slope_second > 0 ? std::abs(slope_mean) / std::sqrt(slope_second) : 0.0,
               clamped_log(slope_second) - clamped_log(second),
               dead,
               cov_zp * cov_zp / (var_z * var),
               static_cast<double>(program.num_params())};
  f.dead_fraction = dead;
  f.near_linearity = f.moments[6];
  for (int i = 0; i < kQuantiles; ++i) f.max_abs_slope = std::max(f.max_abs_slope, std::abs(slope[i]));
  f.max_abs_slope = std::max(f.max_abs_slope, wide_slope);
  f.key = key_of(f, program.num_params());
  return f;
}

std::vector<std::optional<FunctionFeatures>> compute_features(std::span<const expr::Expr> expressions) {
  std::vector<std::optional<FunctionFeatures>> out(expressions.size());
  tbb::parallel_for(std::size_t{0}, expressions.size(),
                    [&](std::size_t i) { out[i] = compute_features(expressions[i]); });
  return out;
}

bool plausible(const FunctionFeatures& f) {
  // The probe network's squared gradient norm changes by about the gain g = E[phi'^2] / E[phi^2] per
  // layer over 49 layers: its default bounds 1e-60 and 1e10 allow log g in [-2.82, 0.47]; a little
  // slack for the grid's estimate.
  const double log_gain = f.moments[4];
  return f.near_linearity < 0.9999 && f.dead_fraction <= 0.9 && f.max_abs_slope <= 1000 && log_gain > -3.0 &&
         log_gain < 0.6;
}

std::vector<double> feature_vector(const FunctionFeatures& f, FeatureSet set) {
  std::vector<double> out;
  if (set != FeatureSet::Moments) out.insert(out.end(), f.shape.begin(), f.shape.end());
  if (set != FeatureSet::Shape) out.insert(out.end(), f.moments.begin(), f.moments.end());
  return out;
}

std::vector<int> feature_groups(FeatureSet set) {
  std::vector<int> out;
  if (set != FeatureSet::Moments) out.insert(out.end(), kShapeDims, 0);
  if (set != FeatureSet::Shape) out.insert(out.end(), kMomentDims, 1);
  return out;
}

}  // namespace actsearch::surrogate
