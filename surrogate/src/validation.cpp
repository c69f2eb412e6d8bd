#include "surrogate/validation.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "common/random.hpp"

namespace actsearch::surrogate {

CrossValidation cross_validate(ModelKind kind, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                               std::span<const int> group_of_column, int folds, std::uint64_t seed, Targets targets) {
  const Eigen::Index n = x.rows();
  std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  random::Xoshiro256 rng(seed);
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
  CrossValidation cv;
  cv.points = static_cast<int>(n);
  cv.held_out = Eigen::VectorXd::Zero(n);
  for (int f = 0; f < folds; ++f) {
    std::vector<Eigen::Index> train, test;
    for (std::size_t i = 0; i < order.size(); ++i)
      (static_cast<int>(i) % folds == f ? test : train).push_back(order[i]);
    if (test.empty() || train.size() < 2) continue;
    Eigen::MatrixXd xt(static_cast<Eigen::Index>(train.size()), x.cols()),
        xv(static_cast<Eigen::Index>(test.size()), x.cols());
    Eigen::VectorXd yt(static_cast<Eigen::Index>(train.size()));
    for (std::size_t i = 0; i < train.size(); ++i)
      xt.row(static_cast<Eigen::Index>(i)) = x.row(train[i]), yt(static_cast<Eigen::Index>(i)) = y(train[i]);
    for (std::size_t i = 0; i < test.size(); ++i) xv.row(static_cast<Eigen::Index>(i)) = x.row(test[i]);
    auto model = make_model(kind, group_of_column, seed + static_cast<std::uint64_t>(f), targets);
    model->fit(xt, yt);
    const Prediction p = model->predict(xv);
    for (std::size_t i = 0; i < test.size(); ++i) cv.held_out(test[i]) = p.mean(static_cast<Eigen::Index>(i));
  }
  const std::span<const double> pred(cv.held_out.data(), static_cast<std::size_t>(n));
  const std::span<const double> truth(y.data(), static_cast<std::size_t>(n));
  cv.spearman = spearman(pred, truth);
  cv.top_decile_precision = top_fraction_precision(pred, truth, 0.1);
  return cv;
}

}  // namespace actsearch::surrogate
