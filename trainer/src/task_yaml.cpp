// Task files: YAML -> TaskSpec with precise error locations. Values are checked once, by
// validate_task (task_validate.cpp); the parser maps the failing field back to its line and column.
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "common/yaml_reader.hpp"
#include "trainer/task.hpp"

namespace actsearch::trainer {
namespace {

using yaml::choices;
using yaml::join;
using yaml::name_of;
using yaml::Named;
using yaml::Reader;

constexpr Named<DatasetKind> kDatasetKinds[] = {{"fashion_mnist", DatasetKind::FashionMnist},
                                                {"mnist", DatasetKind::Mnist},
                                                {"two_spirals", DatasetKind::TwoSpirals},
                                                {"gaussian_blobs", DatasetKind::GaussianBlobs}};
constexpr Named<Standardization> kStandardizations[] = {
    {"none", Standardization::None}, {"global", Standardization::Global}, {"per_feature", Standardization::PerFeature}};
constexpr Named<Norm> kNorms[] = {{"none", Norm::None}, {"layer", Norm::Layer}};
constexpr Named<Init> kInits[] = {{"he", Init::He}, {"lecun", Init::LeCun}, {"xavier", Init::Xavier}};
constexpr Named<InitDistribution> kDistributions[] = {{"normal", InitDistribution::Normal},
                                                      {"uniform", InitDistribution::Uniform}};
constexpr Named<OptimizerKind> kOptimizers[] = {
    {"sgd", OptimizerKind::Sgd}, {"adam", OptimizerKind::Adam}, {"adamw", OptimizerKind::AdamW}};
constexpr Named<Schedule> kSchedules[] = {{"constant", Schedule::Constant}, {"cosine", Schedule::Cosine}};

void read_dataset(Reader& in, const YAML::Node& node, DatasetSpec& out) {
  const std::string path = "dataset";
  if (!in.section(node, path,
                  {"kind", "dir", "validation_examples", "seed", "standardize", "examples", "test_examples", "classes",
                   "features", "noise", "turns", "separation"})) {
    return;
  }
  in.read_enum(node, path, "kind", kDatasetKinds, out.kind);
  const std::string why = "to dataset kind " + std::string(name_of(kDatasetKinds, out.kind));
  const bool idx = out.kind == DatasetKind::FashionMnist || out.kind == DatasetKind::Mnist;
  const bool blobs = out.kind == DatasetKind::GaussianBlobs;
  if (idx) {
    for (auto key : {"examples", "test_examples", "classes", "features", "noise", "turns", "separation"}) {
      in.reject(node, path, key, why);
    }
  } else {
    in.reject(node, path, "dir", why);
    for (auto key : {"classes", "features", "separation"}) {
      if (!blobs) in.reject(node, path, key, why);
    }
    if (blobs) in.reject(node, path, "turns", why);
  }
  in.read(node, path, "dir", out.dir);
  in.read(node, path, "validation_examples", out.validation_examples);
  in.read(node, path, "seed", out.seed);
  in.read_enum(node, path, "standardize", kStandardizations, out.standardize);
  in.read(node, path, "examples", out.examples);
  in.read(node, path, "test_examples", out.test_examples);
  in.read(node, path, "classes", out.classes);
  in.read(node, path, "features", out.features);
  in.read(node, path, "noise", out.noise);
  in.read(node, path, "turns", out.turns);
  in.read(node, path, "separation", out.separation);
  // A relative directory is relative to the file that names it.
  if (in.ok() && idx && node["dir"] && out.dir.is_relative() && !in.file().empty()) {
    out.dir = std::filesystem::path(in.file()).parent_path() / out.dir;
  }
}

void read_model(Reader& in, const YAML::Node& node, ModelSpec& out) {
  const std::string path = "model";
  if (!in.section(node, path, {"hidden", "residual", "norm", "init", "init_distribution", "bias_init"})) return;
  in.read(node, path, "hidden", out.hidden);
  in.read(node, path, "residual", out.residual);
  in.read_enum(node, path, "norm", kNorms, out.norm);
  in.read_enum(node, path, "init", kInits, out.init);
  in.read_enum(node, path, "init_distribution", kDistributions, out.init_distribution);
  in.read(node, path, "bias_init", out.bias_init);
}

void read_optimizer(Reader& in, const YAML::Node& node, OptimizerSpec& out) {
  const std::string path = "optimizer";
  if (!in.section(node, path,
                  {"kind", "lr", "momentum", "nesterov", "weight_decay", "beta1", "beta2", "eps", "schedule",
                   "warmup_epochs", "min_lr"})) {
    return;
  }
  in.read_enum(node, path, "kind", kOptimizers, out.kind);
  const std::string why = "to optimizer kind " + std::string(name_of(kOptimizers, out.kind));
  if (out.kind == OptimizerKind::Sgd) {
    for (auto key : {"beta1", "beta2", "eps"}) in.reject(node, path, key, why);
  } else {
    for (auto key : {"momentum", "nesterov"}) in.reject(node, path, key, why);
  }
  in.read(node, path, "lr", out.lr);
  in.read(node, path, "momentum", out.momentum);
  in.read(node, path, "nesterov", out.nesterov);
  in.read(node, path, "weight_decay", out.weight_decay);
  in.read(node, path, "beta1", out.beta1);
  in.read(node, path, "beta2", out.beta2);
  in.read(node, path, "eps", out.eps);
  in.read_enum(node, path, "schedule", kSchedules, out.schedule);
  in.read(node, path, "warmup_epochs", out.warmup_epochs);
  in.read(node, path, "min_lr", out.min_lr);
}

void read_training(Reader& in, const YAML::Node& node, TrainingSpec& out) {
  const std::string path = "training";
  if (!in.section(node, path, {"epochs", "batch_size", "train_examples", "divergence_factor"})) return;
  in.read(node, path, "epochs", out.epochs);
  in.read(node, path, "batch_size", out.batch_size);
  in.read(node, path, "train_examples", out.train_examples);
  in.read(node, path, "divergence_factor", out.divergence_factor);
}

}  // namespace

Expected<TaskSpec> parse_task(const YAML::Node& node, const std::string& file) {
  Reader in(file);
  TaskSpec task;
  if (!node || node.IsNull()) {
    in.report("empty task: expected a mapping", in.where(node, ""));
    return fail(in.error());
  }
  in.remember(node, "");
  if (in.section(node, "", {"name", "dataset", "model", "optimizer", "training"})) {
    in.read(node, "", "name", task.name);
    read_dataset(in, node["dataset"], task.dataset);
    read_model(in, node["model"], task.model);
    read_optimizer(in, node["optimizer"], task.optimizer);
    read_training(in, node["training"], task.training);
  }
  if (!in.ok()) return fail(in.error());
  if (auto valid = validate_task(task); !valid) {
    Error e = valid.error();
    e.where = in.position_of(e.where.field);
    return fail(std::move(e));
  }
  return task;
}

Expected<TaskSpec> parse_task_text(std::string_view yaml, const std::string& file) {
  auto root = yaml::load_text(yaml, file);
  if (!root) return fail(root.error());
  return parse_task(*root, file);
}

Expected<TaskSpec> load_task(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return fail("cannot read task file", {.file = file.string()});
  std::stringstream text;
  text << in.rdbuf();
  return parse_task_text(text.str(), file.string());
}

std::string_view to_string(DatasetKind kind) { return name_of(kDatasetKinds, kind); }
std::string_view to_string(Norm norm) { return name_of(kNorms, norm); }
std::string_view to_string(Init init) { return name_of(kInits, init); }
std::string_view to_string(OptimizerKind kind) { return name_of(kOptimizers, kind); }

}  // namespace actsearch::trainer
