#include "surrogate/regression.hpp"

#include <cmath>

namespace actsearch::surrogate {

ColumnGroups ColumnGroups::from(std::span<const int> group_of_column) {
  ColumnGroups g;
  for (std::size_t c = 0; c < group_of_column.size(); ++c) {
    if (c == 0 || group_of_column[c] != group_of_column[c - 1]) {
      g.start.push_back(static_cast<int>(c));
      g.width.push_back(0);
    }
    ++g.width.back();
  }
  return g;
}

void Standardiser::fit(const Eigen::MatrixXd& x, const ColumnGroups& groups) {
  mean_ = x.colwise().mean();
  scale_.resize(x.cols());
  for (Eigen::Index c = 0; c < x.cols(); ++c) {
    const double var = (x.col(c).array() - mean_(c)).square().mean();
    scale_(c) = var > 1e-24 ? 1.0 / std::sqrt(var) : 0.0;  // a constant column carries no information
  }
  for (int g = 0; g < groups.count(); ++g) {
    scale_.segment(groups.start[g], groups.width[g]) /= std::sqrt(static_cast<double>(groups.width[g]));
  }
}

Eigen::MatrixXd Standardiser::apply(const Eigen::MatrixXd& x) const {
  return ((x.rowwise() - mean_).array().rowwise() * scale_.array()).matrix();
}

Eigen::MatrixXd squared_distances(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, int start, int width) {
  const auto ab = a.middleCols(start, width);
  const auto bb = b.middleCols(start, width);
  const Eigen::VectorXd na = ab.rowwise().squaredNorm();
  const Eigen::VectorXd nb = bb.rowwise().squaredNorm();
  Eigen::MatrixXd d = -2.0 * ab * bb.transpose();
  d.colwise() += na;
  d.rowwise() += nb.transpose();
  return d.cwiseMax(0.0);
}

}  // namespace actsearch::surrogate
