#include "surrogate/model.hpp"

#include <cmath>

#include "surrogate/gaussian_process.hpp"
#include "surrogate/knn_ensemble.hpp"

namespace actsearch::surrogate {
namespace {

constexpr ModelKind kKinds[] = {ModelKind::GaussianProcess, ModelKind::KnnEnsemble};

// Standardises features and targets, then hands over to the model proper; predictions come back in
// target units.
class StandardisedModel final : public Model {
 public:
  StandardisedModel(ModelKind kind, ColumnGroups groups, std::uint64_t seed, Targets targets)
      : kind_(kind), targets_(targets), groups_(groups), gp_(groups), knn_(10, 5, seed) {}

  ModelKind kind() const override { return kind_; }

  void fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) override {
    standardiser_.fit(x, groups_);
    const Eigen::VectorXd t = targets_ == Targets::NormalScores ? warp_.fit(y) : y;
    y_mean_ = t.mean();
    const double var = t.size() > 1 ? (t.array() - y_mean_).square().sum() / static_cast<double>(t.size() - 1) : 0.0;
    y_scale_ = var > 0 ? std::sqrt(var) : 1.0;
    const Eigen::VectorXd ys = (t.array() - y_mean_) / y_scale_;
    const Eigen::MatrixXd xs = standardiser_.apply(x);
    if (kind_ == ModelKind::GaussianProcess) {
      gp_.fit(xs, ys);
    } else {
      knn_.fit(xs, ys);
    }
  }

  Prediction predict(const Eigen::MatrixXd& x) const override {
    const Eigen::MatrixXd xs = standardiser_.apply(x);
    Prediction p = kind_ == ModelKind::GaussianProcess ? gp_.predict(xs) : knn_.predict(xs);
    p.mean = (p.mean.array() * y_scale_ + y_mean_).matrix();
    p.sd *= y_scale_;
    if (targets_ == Targets::NormalScores) {
      // Back to fitness units: the mean through the inverse warp, the sd as half the width of the
      // mapped +-1 sd interval (the warp is monotone, so the order of means is kept).
      for (Eigen::Index i = 0; i < p.mean.size(); ++i) {
        const double m = p.mean(i), s = p.sd(i);
        p.mean(i) = warp_.inverse(m);
        p.sd(i) = 0.5 * (warp_.inverse(m + s) - warp_.inverse(m - s));
      }
    }
    return p;
  }

  Eigen::MatrixXd embed(const Eigen::MatrixXd& x) const override { return standardiser_.apply(x); }

 private:
  ModelKind kind_;
  Targets targets_;
  ColumnGroups groups_;
  NormalScoreWarp warp_;
  Standardiser standardiser_;
  GaussianProcess gp_;
  KnnEnsemble knn_;
  double y_mean_ = 0, y_scale_ = 1;
};

}  // namespace

Model::~Model() = default;

std::span<const ModelKind> all_model_kinds() { return kKinds; }

std::string_view to_string(ModelKind kind) {
  switch (kind) {
    case ModelKind::GaussianProcess: return "gp";
    case ModelKind::KnnEnsemble: return "knn";
  }
  return "?";
}

std::unique_ptr<Model> make_model(ModelKind kind, std::span<const int> group_of_column, std::uint64_t seed,
                                  Targets targets) {
  return std::make_unique<StandardisedModel>(kind, ColumnGroups::from(group_of_column), seed, targets);
}

}  // namespace actsearch::surrogate
