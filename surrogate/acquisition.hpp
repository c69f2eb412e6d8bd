// From predictions to a batch: an acquisition score per pool member (upper confidence bound or
// expected improvement), then a greedy batch that penalises members near those already chosen, so one
// round does not spend its trainings on near-copies of one function.
#pragma once

#include <Eigen/Dense>
#include <span>
#include <string_view>
#include <vector>

#include "surrogate/model.hpp"

namespace actsearch::surrogate {

enum class Acquisition { Ucb, Ei };
std::string_view to_string(Acquisition a);

// ucb: mean + exploration * sd.  ei: E[max(f - best, 0)] for f ~ N(mean, sd^2) (exploration unused).
Eigen::VectorXd acquisition_scores(const Prediction& p, Acquisition kind, double exploration, double best);

// Up to `count` distinct rows of `embedded` (the model's coordinates), greedily: each step takes the
// highest score minus diversity * spread * max_j exp(-|z - z_j|^2 / (2 radius^2)) over the rows chosen
// so far, spread being the standard deviation of the scores considered. Only the best `shortlist`
// scores are considered. Ties go to the lower index.
std::vector<Eigen::Index> select_diverse(const Eigen::MatrixXd& embedded, const Eigen::VectorXd& scores, int count,
                                         double diversity, double radius, Eigen::Index shortlist = 4096);

// The median distance from each row to its nearest other row: the natural radius of the penalty.
double typical_spacing(const Eigen::MatrixXd& embedded);

}  // namespace actsearch::surrogate
