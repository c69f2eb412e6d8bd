#include "surrogate/targets.hpp"

#include <algorithm>
#include <cmath>

#include "surrogate/ranks.hpp"

namespace actsearch::surrogate {
namespace {

constexpr Targets kTargets[] = {Targets::Standardised, Targets::NormalScores};

}  // namespace

std::span<const Targets> all_target_kinds() { return kTargets; }

std::string_view to_string(Targets targets) {
  switch (targets) {
    case Targets::Standardised: return "standardised";
    case Targets::NormalScores: return "normal-scores";
  }
  return "?";
}

double normal_quantile(double p) {
  double z = 0;
  for (int it = 0; it < 100; ++it) {
    const double cdf = 0.5 * std::erfc(-z / std::sqrt(2.0));
    const double pdf = std::exp(-0.5 * z * z) / std::sqrt(2.0 * M_PI);
    const double step = (cdf - p) / pdf;
    z -= step;
    if (std::abs(step) < 1e-15) break;
  }
  return z;
}

Eigen::VectorXd NormalScoreWarp::fit(const Eigen::VectorXd& y) {
  const auto n = static_cast<std::size_t>(y.size());
  const Eigen::VectorXd r = ranks(std::span<const double>(y.data(), n));
  Eigen::VectorXd z(y.size());
  for (Eigen::Index i = 0; i < y.size(); ++i) z(i) = normal_quantile((r(i) - 0.5) / static_cast<double>(n));
  // Knots: one per distinct value (tied values share their score), ascending.
  std::vector<std::pair<double, double>> knots;
  for (Eigen::Index i = 0; i < y.size(); ++i) knots.emplace_back(z(i), y(i));
  std::sort(knots.begin(), knots.end());
  knots.erase(std::unique(knots.begin(), knots.end(), [](auto& a, auto& b) { return a.first == b.first; }),
              knots.end());
  z_.clear(), y_.clear();
  for (const auto& [zk, yk] : knots) z_.push_back(zk), y_.push_back(yk);
  low_slope_ = high_slope_ = 0;
  const std::size_t k = z_.size();
  if (k >= 2) {
    const std::size_t tail = std::max<std::size_t>(1, k / 10);
    low_slope_ = (y_[tail] - y_[0]) / (z_[tail] - z_[0]);
    high_slope_ = (y_[k - 1] - y_[k - 1 - tail]) / (z_[k - 1] - z_[k - 1 - tail]);
  }
  return z;
}

double NormalScoreWarp::inverse(double z) const {
  if (z_.empty()) return 0;
  if (z <= z_.front()) return y_.front() + low_slope_ * (z - z_.front());
  if (z >= z_.back()) return y_.back() + high_slope_ * (z - z_.back());
  const auto hi = static_cast<std::size_t>(std::upper_bound(z_.begin(), z_.end(), z) - z_.begin());
  const std::size_t lo = hi - 1;
  const double t = (z - z_[lo]) / (z_[hi] - z_[lo]);
  return y_[lo] + t * (y_[hi] - y_[lo]);
}

}  // namespace actsearch::surrogate
