#include "surrogate/acquisition.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace actsearch::surrogate {

std::string_view to_string(Acquisition a) { return a == Acquisition::Ucb ? "ucb" : "ei"; }

Eigen::VectorXd acquisition_scores(const Prediction& p, Acquisition kind, double exploration, double best) {
  if (kind == Acquisition::Ucb) return p.mean + exploration * p.sd;
  Eigen::VectorXd out(p.mean.size());
  for (Eigen::Index i = 0; i < out.size(); ++i) {
    const double s = std::max(p.sd(i), 1e-12);
    const double z = (p.mean(i) - best) / s;
    const double cdf = 0.5 * std::erfc(-z / std::sqrt(2.0));
    const double pdf = std::exp(-0.5 * z * z) / std::sqrt(2.0 * M_PI);
    out(i) = (p.mean(i) - best) * cdf + s * pdf;
  }
  return out;
}

std::vector<Eigen::Index> select_diverse(const Eigen::MatrixXd& embedded, const Eigen::VectorXd& scores, int count,
                                         double diversity, double radius, Eigen::Index shortlist) {
  std::vector<Eigen::Index> order(static_cast<std::size_t>(scores.size()));
  std::iota(order.begin(), order.end(), 0);
  const auto keep =
      std::min<std::size_t>(order.size(), static_cast<std::size_t>(std::max<Eigen::Index>(shortlist, count)));
  auto better = [&](Eigen::Index a, Eigen::Index b) {
    return scores(a) > scores(b) || (scores(a) == scores(b) && a < b);
  };
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(), better);
  order.resize(keep);
  double mean = 0, var = 0;
  for (Eigen::Index i : order) mean += scores(i);
  mean /= static_cast<double>(std::max<std::size_t>(1, keep));
  for (Eigen::Index i : order) var += (scores(i) - mean) * (scores(i) - mean);
  const double spread = keep > 1 ? std::sqrt(var / static_cast<double>(keep - 1)) : 1.0;
  const double r2 = std::max(radius * radius, 1e-12);

  std::vector<double> nearness(keep, 0.0);  // max_j exp(-d^2 / 2 r^2) over the chosen rows
  std::vector<char> taken(keep, 0);
  std::vector<Eigen::Index> chosen;
  while (static_cast<int>(chosen.size()) < count && chosen.size() < keep) {
    std::size_t best = keep;
    double best_value = 0;
    for (std::size_t k = 0; k < keep; ++k) {
      if (taken[k]) continue;
      const double v = scores(order[k]) - diversity * spread * nearness[k];
      if (best == keep || v > best_value) best = k, best_value = v;
    }
    taken[best] = 1;
    chosen.push_back(order[best]);
    for (std::size_t k = 0; k < keep; ++k) {
      if (taken[k]) continue;
      const double d2 = (embedded.row(order[k]) - embedded.row(order[best])).squaredNorm();
      nearness[k] = std::max(nearness[k], std::exp(-0.5 * d2 / r2));
    }
  }
  return chosen;
}

double typical_spacing(const Eigen::MatrixXd& embedded) {
  const Eigen::Index n = embedded.rows();
  if (n < 2) return 1.0;
  const Eigen::MatrixXd d = squared_distances(embedded, embedded, 0, static_cast<int>(embedded.cols()));
  std::vector<double> nearest;
  for (Eigen::Index i = 0; i < n; ++i) {
    double m = std::numeric_limits<double>::infinity();
    for (Eigen::Index j = 0; j < n; ++j) {
      if (j != i) m = std::min(m, d(i, j));
    }
    nearest.push_back(std::sqrt(m));
  }
  std::nth_element(nearest.begin(), nearest.begin() + static_cast<std::ptrdiff_t>(nearest.size() / 2), nearest.end());
  return std::max(nearest[nearest.size() / 2], 1e-6);
}

}  // namespace actsearch::surrogate
