#include "surrogate/ranks.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numeric>
#include <vector>

namespace actsearch::surrogate {

Eigen::VectorXd ranks(std::span<const double> v) {
  const std::size_t n = v.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  Eigen::VectorXd r(static_cast<Eigen::Index>(n));
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j + 1 < n && v[order[j + 1]] == v[order[i]]) ++j;
    const double average = 0.5 * static_cast<double>(i + j) + 1;
    for (std::size_t k = i; k <= j; ++k) r(static_cast<Eigen::Index>(order[k])) = average;
    i = j + 1;
  }
  return r;
}

double spearman(std::span<const double> a, std::span<const double> b) {
  if (a.size() < 2) return std::nan("");
  const Eigen::VectorXd ra = ranks(a), rb = ranks(b);
  const Eigen::VectorXd ca = ra.array() - ra.mean(), cb = rb.array() - rb.mean();
  const double denom = std::sqrt(ca.squaredNorm() * cb.squaredNorm());
  return denom > 0 ? ca.dot(cb) / denom : std::nan("");
}

double kendall_tau(std::span<const double> a, std::span<const double> b) {
  double concordant = 0, discordant = 0, ties_a = 0, ties_b = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (std::size_t j = i + 1; j < a.size(); ++j) {
      const double da = a[i] - a[j], db = b[i] - b[j];
      if (da == 0 && db == 0) continue;
      if (da == 0) {
        ++ties_a;
      } else if (db == 0) {
        ++ties_b;
      } else if ((da > 0) == (db > 0)) {
        ++concordant;
      } else {
        ++discordant;
      }
    }
  }
  const double denom = std::sqrt((concordant + discordant + ties_a) * (concordant + discordant + ties_b));
  return denom > 0 ? (concordant - discordant) / denom : std::nan("");
}

double top_fraction_precision(std::span<const double> predicted, std::span<const double> truth, double fraction) {
  const std::size_t n = truth.size();
  if (n == 0) return std::nan("");
  const auto q = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(n)));
  auto top = [&](std::span<const double> v) {
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] > v[b]; });
    order.resize(q);
    std::sort(order.begin(), order.end());
    return order;
  };
  const auto p = top(predicted), t = top(truth);
  std::vector<std::size_t> both;
  std::set_intersection(p.begin(), p.end(), t.begin(), t.end(), std::back_inserter(both));
  return static_cast<double>(both.size()) / static_cast<double>(q);
}

}  // namespace actsearch::surrogate
