#include "surrogate/knn_ensemble.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

#include "common/random.hpp"

namespace actsearch::surrogate {

void KnnEnsemble::fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  x_ = x;
  y_ = y;
  samples_.clear();
  random::Xoshiro256 rng(seed_);
  const auto n = static_cast<std::uint64_t>(x.rows());
  for (int m = 0; m < members_; ++m) {
    std::vector<char> taken(n, 0);
    for (std::uint64_t i = 0; i < n; ++i) taken[rng.below(n)] = 1;
    std::vector<int> rows;
    for (std::uint64_t i = 0; i < n; ++i) {
      if (taken[i]) rows.push_back(static_cast<int>(i));
    }
    samples_.push_back(std::move(rows));
  }
}

Prediction KnnEnsemble::predict(const Eigen::MatrixXd& x) const {
  Prediction p{Eigen::VectorXd(x.rows()), Eigen::VectorXd(x.rows())};
  constexpr Eigen::Index kBlock = 1024;
  const Eigen::Index blocks = (x.rows() + kBlock - 1) / kBlock;
  tbb::parallel_for(Eigen::Index{0}, blocks, [&](Eigen::Index blk) {
    const Eigen::Index begin = blk * kBlock, rows = std::min(kBlock, x.rows() - begin);
    const Eigen::MatrixXd d = squared_distances(x.middleRows(begin, rows), x_, 0, static_cast<int>(x_.cols()));
    std::vector<std::pair<double, int>> order;
    std::vector<double> member_mean(samples_.size());
    for (Eigen::Index r = 0; r < rows; ++r) {
      for (std::size_t m = 0; m < samples_.size(); ++m) {
        order.clear();
        for (int j : samples_[m]) order.emplace_back(d(r, j), j);
        const std::size_t k = std::min<std::size_t>(static_cast<std::size_t>(k_), order.size());
        std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end());
        double sum = 0;
        for (std::size_t i = 0; i < k; ++i) sum += y_(order[i].second);
        member_mean[m] = k > 0 ? sum / static_cast<double>(k) : 0.0;
      }
      double mean = 0;
      for (double v : member_mean) mean += v;
      mean /= static_cast<double>(member_mean.size());
      double var = 0;
      for (double v : member_mean) var += (v - mean) * (v - mean);
      var /= static_cast<double>(std::max<std::size_t>(1, member_mean.size() - 1));
      p.mean(begin + r) = mean;
      p.sd(begin + r) = std::sqrt(var) + 0.05;  // in standardised target units: never fully certain
    }
  });
  return p;
}

}  // namespace actsearch::surrogate
