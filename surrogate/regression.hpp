// What every regression model of fitness shares: the column layout of the feature rows, the
// standardised coordinates distances are measured in, and a prediction with its uncertainty. The
// models (surrogate/gaussian_process.hpp, surrogate/knn_ensemble.hpp) build on it, and the Model
// interface (surrogate/model.hpp) on them.
#pragma once

#include <Eigen/Dense>
#include <span>
#include <vector>

namespace actsearch::surrogate {

struct Prediction {
  Eigen::VectorXd mean;  // in the units of the targets
  Eigen::VectorXd sd;    // predictive standard deviation of the latent fitness
};

// The column layout shared by models: contiguous groups of columns.
struct ColumnGroups {
  std::vector<int> start, width;
  static ColumnGroups from(std::span<const int> group_of_column);
  int count() const { return static_cast<int>(start.size()); }
};

// Column standardisation learned on training rows, with each group scaled by 1 / sqrt(width): the
// coordinates models (and the acquisition's diversity penalty) measure distances in.
class Standardiser {
 public:
  void fit(const Eigen::MatrixXd& x, const ColumnGroups& groups);
  Eigen::MatrixXd apply(const Eigen::MatrixXd& x) const;

 private:
  Eigen::RowVectorXd mean_, scale_;
};

// Squared Euclidean distances between the rows of a and b within one column group.
Eigen::MatrixXd squared_distances(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, int start, int width);

}  // namespace actsearch::surrogate
