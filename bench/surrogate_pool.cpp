// One round of the surrogate strategy on a space too large to enumerate: draw a pool, compute its
// features with the fused evaluator, fit the model on n results, score the pool and pick a diverse
// batch. Prints wall and process CPU seconds of each step (the target: >= 100,000 members scored per
// round in a few seconds on 2 cores).
//
// Why the features take slopes by central differences (surrogate/src/features.cpp): compiling a
// two-unit member with its symbolic derivative took 115 us against 4.7 us for phi alone, 25 times
// as long, for every member of the pool.
//
//   surrogate_pool_bench [CONFIG] [--pool N] [--observed N]
#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "common/timing.hpp"
#include "search/config/campaign_config.hpp"
#include "surrogate/acquisition.hpp"
#include "surrogate/features.hpp"
#include "surrogate/model.hpp"
#include "surrogate/validation.hpp"

using namespace actsearch;

namespace {

struct Step {
  timing::Stopwatch wall;
  double cpu = timing::process_cpu_seconds();
  void print(const std::string& what) {
    fmt::print("{:<44} {:>8.2f} s wall {:>8.2f} s CPU\n", what, wall.seconds(), timing::process_cpu_seconds() - cpu);
  }
};

}  // namespace

int main(int argc, char** argv) {
  std::string config_file = ACTSEARCH_SOURCE_DIR "/configs/rediscover.yaml";
  int pool = 100000, observed = 240;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--pool") && i + 1 < argc) {
      pool = std::atoi(argv[++i]);
    } else if (!std::strcmp(argv[i], "--observed") && i + 1 < argc) {
      observed = std::atoi(argv[++i]);
    } else {
      config_file = argv[i];
    }
  }
  auto config = search::load_campaign_config(config_file);
  if (!config || !config->space) {
    fmt::print(stderr, "error: {}\n", config ? "the config has no space" : config.error().describe());
    return 2;
  }
  const spaces::Space& space = *config->space;
  fmt::print("space {} ({} raw members), pool {}, model fitted on {} results\n", space.name(),
             space.raw_size() ? std::to_string(*space.raw_size()) : "?", pool, observed);

  Step sample;
  spaces::Rng rng(1);
  std::vector<spaces::Genome> genomes;
  for (int i = 0; i < pool; ++i) genomes.push_back(space.sample(rng));
  sample.print("sample the pool");

  Step features;
  std::vector<std::optional<surrogate::FunctionFeatures>> f(genomes.size());
  tbb::parallel_for(std::size_t{0}, genomes.size(),
                    [&](std::size_t i) { f[i] = surrogate::compute_features(space.expression(genomes[i])); });
  std::vector<const surrogate::FunctionFeatures*> usable;
  for (const auto& v : f) {
    if (v && surrogate::plausible(*v)) usable.push_back(&*v);
  }
  features.print(fmt::format("features ({} usable)", usable.size()));

  const auto set = surrogate::FeatureSet::ShapeAndMoments;
  const auto groups = surrogate::feature_groups(set);
  auto matrix = [&](std::size_t begin, std::size_t end) {
    Eigen::MatrixXd x(static_cast<Eigen::Index>(end - begin), static_cast<Eigen::Index>(groups.size()));
    for (std::size_t i = begin; i < end; ++i) {
      const auto v = surrogate::feature_vector(*usable[i], set);
      for (std::size_t c = 0; c < v.size(); ++c)
        x(static_cast<Eigen::Index>(i - begin), static_cast<Eigen::Index>(c)) = v[c];
    }
    return x;
  };
  // Stand-in results for the first `observed` usable members: a smooth function of the features.
  const Eigen::MatrixXd train = matrix(0, static_cast<std::size_t>(observed));
  Eigen::VectorXd y(observed);
  for (int i = 0; i < observed; ++i) y(i) = std::tanh(train(i, 30) - 0.3 * train(i, 5)) + 0.1 * train(i, 50);
  const Eigen::MatrixXd x = matrix(0, usable.size());

  for (auto kind : surrogate::all_model_kinds()) {
    Step fit;
    auto model = surrogate::make_model(kind, groups, 1);
    model->fit(train, y);
    fit.print(fmt::format("{}: fit on {}", surrogate::to_string(kind), observed));
    Step predict;
    const auto p = model->predict(x);
    const auto scores = surrogate::acquisition_scores(p, surrogate::Acquisition::Ucb, 1.0, y.maxCoeff());
    const auto chosen = surrogate::select_diverse(model->embed(x), scores, 8, 1.0, 0.1);
    predict.print(
        fmt::format("{}: score {} and pick a batch of {}", surrogate::to_string(kind), x.rows(), chosen.size()));
    Step cv;
    const auto result = surrogate::cross_validate(kind, train, y, groups, 5, 1);
    cv.print(fmt::format("{}: 5-fold CV (spearman {:.3f})", surrogate::to_string(kind), result.spearman));
  }
  return 0;
}
