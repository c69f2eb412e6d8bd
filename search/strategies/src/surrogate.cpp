// The surrogate-guided strategy (`strategy: {kind: surrogate}`): a regression model of first-rung
// fitness on training-free features (surrogate/features.hpp) decides what to train next.
//
// - Warm start: the baselines' results (the scheduler observes them with the first batch) and a random
//   design of `initial` members.
// - Each later round fits the model on every result so far; with `model: auto` the model kind and the
//   feature set are chosen by 5-fold cross-validated Spearman (again whenever the results have grown by
//   a quarter since the last choice).
// - The pool: every member of an enumerable space with at most `pool` members (features computed once),
//   otherwise `pool` fresh members each round, half sampled uniformly and half mutations (one or two) of
//   the ten best members so far.
// - Pool members that fail the grid's quick probe checks or whose symmetry-invariant feature key was
//   already proposed (so -phi, phi(-x), -phi(-x) of a tried function are never proposed) are skipped;
//   the rest are scored by the acquisition and a diverse batch is taken (surrogate/acquisition.hpp).
//
// Every choice flows from the campaign seed and the results observed, in order; parallel work is split
// into fixed blocks: a resumed campaign makes the same proposals, whatever the number of threads.

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_set>

#include "expr/print.hpp"
#include "search/strategies/registry.hpp"
#include "spaces/random.hpp"
#include "surrogate/acquisition.hpp"
#include "surrogate/features.hpp"
#include "surrogate/model.hpp"
#include "surrogate/validation.hpp"

namespace actsearch::search::strategies {
namespace {

// The entry's keys as the strategy uses them.
struct SurrogateSettings {
  int initial = 0;
  int pool = 0;
  std::optional<surrogate::ModelKind> model;  // none: chosen by cross-validation
  std::optional<surrogate::Targets> targets;  // none: chosen with the model
  surrogate::Acquisition acquisition = surrogate::Acquisition::Ucb;
  double exploration = 0;
  double diversity = 0;

  explicit SurrogateSettings(const StrategyOptions& o)
      : initial(o.integer("initial")),
        pool(o.integer("pool")),
        acquisition(o.text("acquisition") == "ei" ? surrogate::Acquisition::Ei : surrogate::Acquisition::Ucb),
        exploration(o.number("exploration")),
        diversity(o.number("diversity")) {
    if (o.text("model") == "gp") model = surrogate::ModelKind::GaussianProcess;
    if (o.text("model") == "knn") model = surrogate::ModelKind::KnnEnsemble;
    if (o.text("targets") == "standardised") targets = surrogate::Targets::Standardised;
    if (o.text("targets") == "normal-scores") targets = surrogate::Targets::NormalScores;
  }
};

using surrogate::FeatureSet;
using surrogate::FunctionFeatures;
using surrogate::ModelKind;
using surrogate::Targets;

struct Member {
  spaces::Genome genome;
  FunctionFeatures features;
};

struct Observation {
  FunctionFeatures features;
  std::optional<spaces::Genome> genome;
  double fitness;
};

Eigen::MatrixXd rows_of(std::span<const FunctionFeatures* const> f, FeatureSet set) {
  const auto width = static_cast<Eigen::Index>(surrogate::feature_groups(set).size());
  Eigen::MatrixXd x(static_cast<Eigen::Index>(f.size()), width);
  for (std::size_t i = 0; i < f.size(); ++i) {
    const auto v = surrogate::feature_vector(*f[i], set);
    x.row(static_cast<Eigen::Index>(i)) = Eigen::Map<const Eigen::RowVectorXd>(v.data(), width);
  }
  return x;
}

class SurrogateStrategy final : public Strategy {
 public:
  SurrogateStrategy(const spaces::Space& space, const SurrogateSettings& settings, std::uint64_t seed)
      : space_(space), spec_(settings), seed_(seed), rng_(seed) {}

  std::vector<Proposal> propose(int count) override {
    const bool warm = proposed_ >= spec_.initial && observed_.size() >= 4;
    std::vector<Proposal> out = warm ? model_round(count) : random_round(count);
    proposed_ += static_cast<int>(out.size());
    return out;
  }

  void observe(std::span<const Proposal> proposals, std::span<const double> fitness) override {
    for (std::size_t i = 0; i < proposals.size(); ++i) {
      if (!std::isfinite(fitness[i])) continue;
      auto f = surrogate::compute_features(proposals[i].expression);
      if (!f) continue;
      // A function observed twice (a duplicate proposal, or a baseline the space also holds) counts once.
      if (!observed_keys_.insert(f->key).second) continue;
      seen_.insert(f->key);
      observed_.push_back(Observation{std::move(*f), proposals[i].genome, fitness[i]});
    }
  }

 private:
  Proposal to_proposal(const spaces::Genome& g) {
    expr::Expr e = space_.expression(g);
    std::string text = expr::print(e);
    return Proposal{std::move(e), std::move(text), g};
  }

  // Uniform samples whose key is new and that pass the quick checks (bounded tries: a small or
  // mostly implausible space ends the design early).
  std::vector<Proposal> random_round(int count) {
    std::vector<Proposal> out;
    for (int tries = 0; static_cast<int>(out.size()) < count && tries < 200 * count + 1000; ++tries) {
      spaces::Genome g = space_.sample(rng_);
      auto f = surrogate::compute_features(space_.expression(g));
      if (!f || !surrogate::plausible(*f) || !seen_.insert(f->key).second) continue;
      out.push_back(to_proposal(g));
    }
    return out;
  }

  bool whole_space_pool() const {
    const auto size = space_.raw_size();
    return space_.enumerable() && size && *size <= static_cast<std::uint64_t>(spec_.pool);
  }

  // Pool members with features, plausible, one per key, none already proposed.
  std::vector<const Member*> pool() {
    std::vector<const Member*> out;
    std::unordered_set<std::uint64_t> keys;
    if (whole_space_pool()) {
      if (!all_members_) all_members_ = featured(enumerate_all());
      for (const Member& m : *all_members_) {
        if (!seen_.contains(m.features.key) && keys.insert(m.features.key).second) out.push_back(&m);
      }
      return out;
    }
    std::vector<spaces::Genome> genomes;
    genomes.reserve(static_cast<std::size_t>(spec_.pool));
    std::vector<const spaces::Genome*> parents;
    std::vector<const Observation*> ranked;
    for (const auto& o : observed_) {
      if (o.genome) ranked.push_back(&o);
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](auto* a, auto* b) { return a->fitness > b->fitness; });
    for (std::size_t i = 0; i < std::min<std::size_t>(10, ranked.size()); ++i) parents.push_back(&*ranked[i]->genome);
    for (int i = 0; i < spec_.pool; ++i) {
      if (parents.empty() || i % 2 == 0) {
        genomes.push_back(space_.sample(rng_));
      } else {
        spaces::Genome g = space_.mutate(*parents[static_cast<std::size_t>(i / 2) % parents.size()], rng_);
        if (rng_.below(2) == 1) g = space_.mutate(g, rng_);
        genomes.push_back(std::move(g));
      }
    }
    round_members_ = featured(std::move(genomes));
    for (const Member& m : round_members_) {
      if (!seen_.contains(m.features.key) && keys.insert(m.features.key).second) out.push_back(&m);
    }
    return out;
  }

  std::vector<spaces::Genome> enumerate_all() const {
    std::vector<spaces::Genome> all;
    space_.enumerate([&](const spaces::Genome& g) {
      all.push_back(g);
      return true;
    });
    return all;
  }

  // Features of every genome in parallel (fixed per index); members without features or implausible
  // ones are dropped, in order.
  std::vector<Member> featured(std::vector<spaces::Genome> genomes) const {
    std::vector<std::optional<FunctionFeatures>> features(genomes.size());
    tbb::parallel_for(std::size_t{0}, genomes.size(),
                      [&](std::size_t i) { features[i] = surrogate::compute_features(space_.expression(genomes[i])); });
    std::vector<Member> out;
    for (std::size_t i = 0; i < genomes.size(); ++i) {
      if (features[i] && surrogate::plausible(*features[i])) {
        out.push_back(Member{std::move(genomes[i]), std::move(*features[i])});
      }
    }
    return out;
  }

  // The model, feature set and target presentation with the best cross-validated Spearman, chosen
  // again whenever the data have grown by a quarter; a fixed model or targets narrow the choice (a fixed
  // pair is used on shape+moments without cross-validation).
  void choose_model(const std::vector<const FunctionFeatures*>& f, const Eigen::VectorXd& y) {
    std::vector<ModelKind> kinds(surrogate::all_model_kinds().begin(), surrogate::all_model_kinds().end());
    if (spec_.model) kinds = {*spec_.model};
    std::vector<Targets> targets(surrogate::all_target_kinds().begin(), surrogate::all_target_kinds().end());
    if (spec_.targets) targets = {*spec_.targets};
    if (kinds.size() == 1 && targets.size() == 1) {
      kind_ = kinds.front(), targets_ = targets.front(), set_ = FeatureSet::ShapeAndMoments;
      return;
    }
    if (chosen_at_ > 0 && static_cast<double>(f.size()) < 1.25 * chosen_at_) return;
    chosen_at_ = static_cast<double>(f.size());
    double best = -2;
    for (FeatureSet set : surrogate::all_feature_sets()) {
      const Eigen::MatrixXd x = rows_of(f, set);
      const auto groups = surrogate::feature_groups(set);
      for (Targets t : targets) {
        for (ModelKind kind : kinds) {
          const auto cv = surrogate::cross_validate(kind, x, y, groups, 5, seed_, t);
          const double s = std::isfinite(cv.spearman) ? cv.spearman : -1;
          if (s > best) best = s, kind_ = kind, set_ = set, targets_ = t;
        }
      }
    }
  }

  std::vector<Proposal> model_round(int count) {
    std::vector<const FunctionFeatures*> f;
    Eigen::VectorXd y(static_cast<Eigen::Index>(observed_.size()));
    double best = -std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < observed_.size(); ++i) {
      f.push_back(&observed_[i].features);
      y(static_cast<Eigen::Index>(i)) = observed_[i].fitness;
      best = std::max(best, observed_[i].fitness);
    }
    choose_model(f, y);
    auto model = surrogate::make_model(kind_, surrogate::feature_groups(set_), seed_ ^ observed_.size(), targets_);
    model->fit(rows_of(f, set_), y);

    const std::vector<const Member*> members = pool();
    std::vector<const FunctionFeatures*> pf;
    for (const Member* m : members) pf.push_back(&m->features);
    const Eigen::MatrixXd px = rows_of(pf, set_);
    const surrogate::Prediction p = model->predict(px);
    const Eigen::VectorXd scores = surrogate::acquisition_scores(p, spec_.acquisition, spec_.exploration, best);
    const double radius = surrogate::typical_spacing(model->embed(rows_of(f, set_)));
    const auto chosen = surrogate::select_diverse(model->embed(px), scores, count, spec_.diversity, radius);
    std::vector<Proposal> out;
    for (Eigen::Index i : chosen) {
      const Member* m = members[static_cast<std::size_t>(i)];
      seen_.insert(m->features.key);
      out.push_back(to_proposal(m->genome));
    }
    return out;
  }

  const spaces::Space& space_;
  SurrogateSettings spec_;
  std::uint64_t seed_;
  spaces::Rng rng_;
  int proposed_ = 0;
  std::vector<Observation> observed_;
  std::unordered_set<std::uint64_t> observed_keys_;
  std::unordered_set<std::uint64_t> seen_;  // keys proposed or observed
  std::optional<std::vector<Member>> all_members_;
  std::vector<Member> round_members_;
  ModelKind kind_ = ModelKind::GaussianProcess;
  FeatureSet set_ = FeatureSet::ShapeAndMoments;
  Targets targets_ = Targets::Standardised;
  double chosen_at_ = 0;
};

std::optional<OptionProblem> check(const StrategySettings& s) {
  const SurrogateSettings o(s.options);
  if (o.initial < 2) return OptionProblem{"initial", "must be at least 2 (the model needs points to fit)"};
  if (o.initial > s.budget) {
    return OptionProblem{"initial", "the random design (" + std::to_string(o.initial) + ") exceeds the budget (" +
                                        std::to_string(s.budget) + "): the model would never be used"};
  }
  if (o.pool < s.batch) return OptionProblem{"pool", "must be at least the batch (" + std::to_string(s.batch) + ")"};
  if (!(o.exploration >= 0) || !std::isfinite(o.exploration)) {
    return OptionProblem{"exploration", "must be finite and not negative"};
  }
  if (!(o.diversity >= 0) || !std::isfinite(o.diversity)) {
    return OptionProblem{"diversity", "must be finite and not negative"};
  }
  if (s.space) {
    if (const auto size = s.space->raw_size(); size && *size < static_cast<std::uint64_t>(o.initial)) {
      return OptionProblem{"initial", "the space '" + s.space->name() + "' has " + std::to_string(*size) +
                                          " members, fewer than the random design (strategy.initial = " +
                                          std::to_string(o.initial) + ")"};
    }
  }
  return std::nullopt;
}

}  // namespace

extern const StrategyEntry kSurrogateStrategy{
    .name = "surrogate",
    .summary = "a surrogate model of first-rung fitness on training-free features chooses what to train",
    .options =
        {
            {"initial", 16, "surrogate: random design before the model proposes (with the baselines)"},
            {"pool", 100000, "surrogate: members scored per round (all of an enumerable space this small)"},
            {"model",
             std::string("auto"),
             "surrogate: auto (chosen by cross-validated Spearman) | gp | knn",
             {"auto", "gp", "knn"}},
            {"targets",
             std::string("auto"),
             "surrogate: auto (chosen with the model) | standardised | normal-scores",
             {"auto", "standardised", "normal-scores"}},
            {"acquisition", std::string("ucb"), "surrogate: ucb | ei", {"ucb", "ei"}},
            {"exploration", 1.0, "surrogate: UCB's mean + exploration * sd"},
            {"diversity", 1.0, "surrogate: penalty near members already in the batch"},
        },
    .check = check,
    .make = [](const StrategySettings& s, std::uint64_t seed) -> std::unique_ptr<Strategy> {
      return std::make_unique<SurrogateStrategy>(*s.space, SurrogateSettings(s.options), seed);
    },
};

}  // namespace actsearch::search::strategies
