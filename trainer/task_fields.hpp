// The fields of a training task (trainer/task.hpp), described once. Each row of kTaskFields names one
// field by its YAML path and says what every reader of a task needs to know about it: the spellings of
// its values, the kinds it applies to, the checks of its value and whether a value of it can break the
// sign symmetry (trainer/symmetry.hpp). The YAML reader and writer (src/task_yaml.cpp), validation
// (src/task_validate.cpp), the symmetry classification (src/symmetry.cpp), the distributed protocol
// (search/src/wire.cpp) and the documentation (docs/TASKS.md, kept complete by tests/trainer) walk the
// rows; none of them names a field.
//
// A new field is its member with its default (task.hpp, dataset.hpp), its row here, its line in
// docs/TASKS.md and the fuzzing dictionary, and a protocol version bump: the set-up message carries the
// rows in this order (tests/search/wire_test.cpp pins its bytes). A member without a row, or a row
// without a symmetry classification, does not compile.
#pragma once

#include <charconv>
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <tuple>
#include <type_traits>
#include <vector>

#include "common/yaml_names.hpp"
#include "external/command_line.hpp"
#include "expr/equivalence.hpp"
#include "trainer/layer_spec.hpp"
#include "trainer/task.hpp"

namespace actsearch::trainer {

// ---- the spellings of the enumerations -------------------------------------------------------------

inline constexpr yaml::Named<DatasetKind> kDatasetKinds[] = {{"fashion_mnist", DatasetKind::FashionMnist},
                                                             {"mnist", DatasetKind::Mnist},
                                                             {"two_spirals", DatasetKind::TwoSpirals},
                                                             {"gaussian_blobs", DatasetKind::GaussianBlobs}};
inline constexpr yaml::Named<Standardization> kStandardizations[] = {
    {"none", Standardization::None}, {"global", Standardization::Global}, {"per_feature", Standardization::PerFeature}};
inline constexpr yaml::Named<ModelKind> kModelKinds[] = {{"mlp", ModelKind::Mlp}, {"network", ModelKind::Network}};
inline constexpr yaml::Named<Norm> kNorms[] = {{"none", Norm::None}, {"layer", Norm::Layer}};
inline constexpr yaml::Named<Init> kInits[] = {{"he", Init::He}, {"lecun", Init::LeCun}, {"xavier", Init::Xavier}};
inline constexpr yaml::Named<InitDistribution> kInitDistributions[] = {{"normal", InitDistribution::Normal},
                                                                       {"uniform", InitDistribution::Uniform}};
inline constexpr yaml::Named<OptimizerKind> kOptimizerKinds[] = {
    {"sgd", OptimizerKind::Sgd}, {"adam", OptimizerKind::Adam}, {"adamw", OptimizerKind::AdamW}};
inline constexpr yaml::Named<Schedule> kSchedules[] = {{"constant", Schedule::Constant}, {"cosine", Schedule::Cosine}};
inline constexpr yaml::Named<ExternalFramework> kExternalFrameworks[] = {
    {"none", ExternalFramework::None}, {"pytorch", ExternalFramework::PyTorch}, {"jax", ExternalFramework::Jax}};

// ---- the sign symmetry -------------------------------------------------------------------------------

// What a field does to the sign symmetry. Every row says: SymmetryRule has no default, so a row that
// leaves it out does not compile.
struct AnyValueKeepsSymmetry {};
// No value of the field breaks the symmetry: the argument of symmetry.hpp holds for any data set, width,
// depth, step size and budget.
inline constexpr AnyValueKeepsSymmetry kAnyValueKeepsSymmetry{};

template <class T>
class SymmetryRule {
 public:
  using Keeps = bool (*)(const T&);
  using Kept = expr::Reflections (*)(const T&);
  constexpr SymmetryRule(AnyValueKeepsSymmetry) {}
  // The values for which `test` is false break the symmetry (all three reflections).
  constexpr SymmetryRule(Keeps test) : keeps_(test) {}
  // Per reflection: `kept(value)` is the set of reflections the value keeps.
  constexpr SymmetryRule(Kept per_reflection) : kept_(per_reflection) {}

  bool keeps(const T& value) const { return kept(value).all(); }
  expr::Reflections kept(const T& value) const {
    if (kept_ != nullptr) return kept_(value);
    return keeps_ == nullptr || keeps_(value) ? expr::Reflections() : expr::Reflections::identity_only();
  }
  constexpr bool some_value_breaks() const { return keeps_ != nullptr || kept_ != nullptr; }

 private:
  Keeps keeps_ = nullptr;
  Kept kept_ = nullptr;
};
static_assert(!std::is_default_constructible_v<SymmetryRule<double>>, "every row must classify its field");

// Each switch lists every value, so a new enumerator does not compile (-Wswitch) until it is classified.
constexpr bool keeps_sign_symmetry(const Init& init) {
  switch (init) {
    case Init::He:
    case Init::LeCun:
    case Init::Xavier: return true;  // zero-mean weights, zero biases
  }
  return false;
}

constexpr bool keeps_sign_symmetry(const InitDistribution& distribution) {
  switch (distribution) {
    case InitDistribution::Normal:
    case InitDistribution::Uniform: return true;  // both symmetric about zero
  }
  return false;
}

constexpr bool keeps_sign_symmetry(const Norm& norm) {
  switch (norm) {
    case Norm::None:
    case Norm::Layer: return true;  // LN(-u) = -LN(u); gain 1 and bias 0 at the start
  }
  return false;
}

constexpr bool keeps_sign_symmetry(const OptimizerKind& kind) {
  switch (kind) {
    case OptimizerKind::Sgd:
    case OptimizerKind::Adam:
    case OptimizerKind::AdamW: return true;  // per-coordinate rules odd in (p, g)
  }
  return false;
}

// The reflections a network's layer list keeps (src/network_symmetry.cpp; all four for a list that
// does not parse, which validation rejects).
expr::Reflections reflections_kept_by_layers(const std::vector<std::string>& layers);

// ---- rows ----------------------------------------------------------------------------------------------

// What is wrong with a value, or nothing.
using Problem = std::optional<std::string>;

// A problem with element `index` of a list-valued field: "[index] message". Validation reports it at
// the element's own path ("model.layers[3]"), which the YAML reader locates.
inline std::string element_problem(std::size_t index, const std::string& message) {
  return "[" + std::to_string(index) + "] " + message;
}

// A number in messages, as `std::ostream << v` writes it (%g: six significant digits).
inline std::string format_number(double v) {
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, v, std::chars_format::general, 6).ptr;
  return std::string(text, end);
}

// The sections of a task: its mappings below the top level, in member order.
template <class S>
struct TaskSection {
  using Type = S;
  std::string_view name;
  S TaskSpec::*member;
};
inline constexpr std::tuple kTaskSections{TaskSection<DatasetSpec>{"dataset", &TaskSpec::dataset},
                                          TaskSection<ModelSpec>{"model", &TaskSpec::model},
                                          TaskSection<OptimizerSpec>{"optimizer", &TaskSpec::optimizer},
                                          TaskSection<TrainingSpec>{"training", &TaskSpec::training},
                                          TaskSection<ExternalSpec>{"external", &TaskSpec::external}};

// Whether section S applies to the task: an external task's script has its own data, model and optimiser.
template <class S>
constexpr bool section_applies(const TaskSpec& task) {
  if constexpr (std::is_same_v<S, DatasetSpec> || std::is_same_v<S, ModelSpec> || std::is_same_v<S, OptimizerSpec>) {
    return !is_external(task);
  } else {
    return true;
  }
}

// The YAML name of section S ("" for the top level, S = TaskSpec).
template <class S>
constexpr std::string_view section_name() {
  if constexpr (std::is_same_v<S, TaskSpec>) {
    return "";
  } else {
    return std::get<TaskSection<S>>(kTaskSections).name;
  }
}

// Section S of a task (the task itself for S = TaskSpec); Task is TaskSpec or const TaskSpec.
template <class S, class Task>
constexpr auto& section_of(Task& task) {
  if constexpr (std::is_same_v<S, TaskSpec>) {
    return task;
  } else {
    return task.*std::get<TaskSection<S>>(kTaskSections).member;
  }
}

// Whether `Row` (the type of a row, possibly a reference) is a field of section S.
template <class S, class Row>
inline constexpr bool in_section_v = std::is_same_v<typename std::remove_cvref_t<Row>::Section, S>;

// One field: the value `member` of section S, of type T.
template <class S, class T>
struct TaskField {
  using Section = S;
  using Value = T;

  std::string_view path;  // the YAML path, "model.hidden" ("name" at the top level)
  T S::*member;
  SymmetryRule<T> symmetry;
  std::span<const yaml::Named<T>> names = {};  // enumerations: the spelling of every value
  // The section's kinds it applies to (none: all). Where it does not apply, a task file may not set it,
  // validation does not check it and the YAML writer leaves it out; the protocol sends it all the same.
  bool (*applies)(const S&) = nullptr;
  // The section's kind: which of its other fields apply (read before them).
  bool selects = false;
  // The checks of a value. `check` sees the value's section, whose fields before this one are checked
  // already; `check_in_task` sees the whole task and runs after every field's `check`.
  Problem (*check)(const T& value, const S& section) = nullptr;
  Problem (*check_in_task)(const T& value, const TaskSpec& task) = nullptr;

  constexpr std::string_view key() const { return path.substr(path.rfind('.') + 1); }
  template <class Task>
  constexpr auto& of(Task& task) const {
    return section_of<S>(task).*member;
  }
  constexpr bool applies_in(const S& section) const { return applies == nullptr || applies(section); }
  constexpr bool applies_to(const TaskSpec& task) const {
    return section_applies<S>(task) && applies_in(section_of<S>(task));
  }
};

// The kinds that fields apply to.
namespace task_kinds {
constexpr bool idx(const DatasetSpec& d) { return d.kind == DatasetKind::FashionMnist || d.kind == DatasetKind::Mnist; }
constexpr bool synthetic(const DatasetSpec& d) { return !idx(d); }
constexpr bool spirals(const DatasetSpec& d) { return d.kind == DatasetKind::TwoSpirals; }
constexpr bool blobs(const DatasetSpec& d) { return d.kind == DatasetKind::GaussianBlobs; }
constexpr bool sgd(const OptimizerSpec& o) { return o.kind == OptimizerKind::Sgd; }
constexpr bool adam(const OptimizerSpec& o) { return !sgd(o); }
constexpr bool command(const ExternalSpec& e) { return e.framework != ExternalFramework::None; }
constexpr bool mlp(const ModelSpec& m) { return m.kind == ModelKind::Mlp; }
constexpr bool network(const ModelSpec& m) { return m.kind == ModelKind::Network; }
}  // namespace task_kinds

// Every field, in member order (top level, then each section).
inline constexpr std::tuple kTaskFields{
    TaskField<TaskSpec, std::string>{.path = "name",
                                     .member = &TaskSpec::name,
                                     .symmetry = kAnyValueKeepsSymmetry,
                                     .check = +[](const std::string& name, const TaskSpec&) -> Problem {
                                       if (name.empty()) return "must not be empty";
                                       return {};
                                     }},

    TaskField<DatasetSpec, DatasetKind>{.path = "dataset.kind",
                                        .member = &DatasetSpec::kind,
                                        .symmetry = kAnyValueKeepsSymmetry,
                                        .names = kDatasetKinds,
                                        .selects = true},
    TaskField<DatasetSpec, std::filesystem::path>{
        .path = "dataset.dir",
        .member = &DatasetSpec::dir,
        .symmetry = kAnyValueKeepsSymmetry,
        .applies = task_kinds::idx,
        .check = +[](const std::filesystem::path& dir, const DatasetSpec&) -> Problem {
          std::error_code ec;
          if (!std::filesystem::is_directory(dir, ec)) return "dataset directory '" + dir.string() + "' does not exist";
          return {};
        }},
    TaskField<DatasetSpec, std::size_t>{.path = "dataset.validation_examples",
                                        .member = &DatasetSpec::validation_examples,
                                        .symmetry = kAnyValueKeepsSymmetry,
                                        .check = +[](const std::size_t& n, const DatasetSpec&) -> Problem {
                                          if (n < 1) return "must be at least 1";
                                          return {};
                                        }},
    TaskField<DatasetSpec, std::uint64_t>{
        .path = "dataset.seed", .member = &DatasetSpec::seed, .symmetry = kAnyValueKeepsSymmetry},
    TaskField<DatasetSpec, Standardization>{.path = "dataset.standardize",
                                            .member = &DatasetSpec::standardize,
                                            .symmetry = kAnyValueKeepsSymmetry,
                                            .names = kStandardizations},
    TaskField<DatasetSpec, std::size_t>{.path = "dataset.examples",
                                        .member = &DatasetSpec::examples,
                                        .symmetry = kAnyValueKeepsSymmetry,
                                        .applies = task_kinds::synthetic,
                                        .check = +[](const std::size_t& n, const DatasetSpec& d) -> Problem {
                                          if (n <= d.validation_examples) {
                                            return "must exceed validation_examples (" +
                                                   std::to_string(d.validation_examples) + "), found " +
                                                   std::to_string(n);
                                          }
                                          return {};
                                        }},
    TaskField<DatasetSpec, std::size_t>{.path = "dataset.test_examples",
                                        .member = &DatasetSpec::test_examples,
                                        .symmetry = kAnyValueKeepsSymmetry,
                                        .applies = task_kinds::synthetic},
    TaskField<DatasetSpec, int>{.path = "dataset.classes",
                                .member = &DatasetSpec::classes,
                                .symmetry = kAnyValueKeepsSymmetry,
                                .applies = task_kinds::blobs,
                                .check = +[](const int& n, const DatasetSpec&) -> Problem {
                                  if (n < 2) return "must be at least 2, found " + std::to_string(n);
                                  return {};
                                }},
    TaskField<DatasetSpec, int>{.path = "dataset.features",
                                .member = &DatasetSpec::features,
                                .symmetry = kAnyValueKeepsSymmetry,
                                .applies = task_kinds::blobs,
                                .check = +[](const int& n, const DatasetSpec&) -> Problem {
                                  if (n < 1) return "must be at least 1, found " + std::to_string(n);
                                  return {};
                                }},
    TaskField<DatasetSpec, double>{.path = "dataset.noise",
                                   .member = &DatasetSpec::noise,
                                   .symmetry = kAnyValueKeepsSymmetry,
                                   .applies = task_kinds::synthetic,
                                   .check = +[](const double& v, const DatasetSpec&) -> Problem {
                                     if (v < 0) return "must not be negative, found " + format_number(v);
                                     return {};
                                   }},
    TaskField<DatasetSpec, double>{.path = "dataset.turns",
                                   .member = &DatasetSpec::turns,
                                   .symmetry = kAnyValueKeepsSymmetry,
                                   .applies = task_kinds::spirals,
                                   .check = +[](const double& v, const DatasetSpec&) -> Problem {
                                     if (!(v > 0)) return "must be positive, found " + format_number(v);
                                     return {};
                                   }},
    TaskField<DatasetSpec, double>{.path = "dataset.separation",
                                   .member = &DatasetSpec::separation,
                                   .symmetry = kAnyValueKeepsSymmetry,
                                   .applies = task_kinds::blobs,
                                   .check = +[](const double& v, const DatasetSpec&) -> Problem {
                                     if (v < 0) return "must not be negative, found " + format_number(v);
                                     return {};
                                   }},

    TaskField<ModelSpec, ModelKind>{.path = "model.kind",
                                    .member = &ModelSpec::kind,
                                    .symmetry = kAnyValueKeepsSymmetry,
                                    .names = kModelKinds,
                                    .selects = true},
    TaskField<ModelSpec, std::vector<int>>{.path = "model.hidden",
                                           .member = &ModelSpec::hidden,
                                           .symmetry = kAnyValueKeepsSymmetry,
                                           .applies = task_kinds::mlp,
                                           .check = +[](const std::vector<int>& widths, const ModelSpec&) -> Problem {
                                             if (widths.empty()) return "needs at least one hidden layer";
                                             for (std::size_t i = 0; i < widths.size(); ++i) {
                                               if (widths[i] < 1 || widths[i] > (1 << 16)) {
                                                 return "width " + std::to_string(widths[i]) + " of hidden layer " +
                                                        std::to_string(i + 1) + " is outside 1..65536";
                                               }
                                             }
                                             return {};
                                           }},
    // Residual connections keep it: h' = -h' + ... stays negated (symmetry.hpp).
    TaskField<ModelSpec, bool>{.path = "model.residual",
                               .member = &ModelSpec::residual,
                               .symmetry = kAnyValueKeepsSymmetry,
                               .applies = task_kinds::mlp},
    TaskField<ModelSpec, Norm>{.path = "model.norm",
                               .member = &ModelSpec::norm,
                               .symmetry = keeps_sign_symmetry,
                               .names = kNorms,
                               .applies = task_kinds::mlp},
    // The shapes are checked against the data when it is loaded (trainer/layer_spec.hpp check_layers); a
    // problem with one entry names it: "[3] ..." (see element_problem). Max pooling and identity shortcuts
    // break some reflections, depending on where they sit (trainer/symmetry.hpp).
    TaskField<ModelSpec, std::vector<std::string>>{
        .path = "model.layers",
        .member = &ModelSpec::layers,
        .symmetry = reflections_kept_by_layers,
        .applies = task_kinds::network,
        .check = +[](const std::vector<std::string>& layers, const ModelSpec&) -> Problem {
          if (const auto problem = check_layers(layers)) return element_problem(problem->entry, problem->message);
          return {};
        }},
    TaskField<ModelSpec, Init>{
        .path = "model.init", .member = &ModelSpec::init, .symmetry = keeps_sign_symmetry, .names = kInits},
    TaskField<ModelSpec, InitDistribution>{.path = "model.init_distribution",
                                           .member = &ModelSpec::init_distribution,
                                           .symmetry = keeps_sign_symmetry,
                                           .names = kInitDistributions},
    // Biases that start away from zero tell u from -u: phi(x) and -phi(-x) no longer train alike.
    TaskField<ModelSpec, double>{.path = "model.bias_init",
                                 .member = &ModelSpec::bias_init,
                                 .symmetry = +[](const double& bias) { return bias == 0; },
                                 .check = +[](const double& v, const ModelSpec&) -> Problem {
                                   if (!std::isfinite(v) || std::abs(v) > 1e3) {
                                     return "must be finite and within [-1000, 1000], found " + format_number(v);
                                   }
                                   return {};
                                 }},

    TaskField<OptimizerSpec, OptimizerKind>{.path = "optimizer.kind",
                                            .member = &OptimizerSpec::kind,
                                            .symmetry = keeps_sign_symmetry,
                                            .names = kOptimizerKinds,
                                            .selects = true},
    TaskField<OptimizerSpec, double>{.path = "optimizer.lr",
                                     .member = &OptimizerSpec::lr,
                                     .symmetry = kAnyValueKeepsSymmetry,
                                     .check = +[](const double& v, const OptimizerSpec&) -> Problem {
                                       if (!(v > 0) || !std::isfinite(v)) {
                                         return "must be positive, found " + format_number(v);
                                       }
                                       return {};
                                     }},
    TaskField<OptimizerSpec, double>{.path = "optimizer.momentum",
                                     .member = &OptimizerSpec::momentum,
                                     .symmetry = kAnyValueKeepsSymmetry,
                                     .applies = task_kinds::sgd,
                                     .check = +[](const double& v, const OptimizerSpec&) -> Problem {
                                       if (!(v >= 0 && v < 1)) return "must be in [0, 1), found " + format_number(v);
                                       return {};
                                     }},
    TaskField<OptimizerSpec, bool>{.path = "optimizer.nesterov",
                                   .member = &OptimizerSpec::nesterov,
                                   .symmetry = kAnyValueKeepsSymmetry,
                                   .applies = task_kinds::sgd,
                                   .check = +[](const bool& nesterov, const OptimizerSpec& o) -> Problem {
                                     if (nesterov && o.momentum == 0) return "Nesterov momentum needs momentum > 0";
                                     return {};
                                   }},
    TaskField<OptimizerSpec, double>{.path = "optimizer.weight_decay",
                                     .member = &OptimizerSpec::weight_decay,
                                     .symmetry = kAnyValueKeepsSymmetry,
                                     .check = +[](const double& v, const OptimizerSpec&) -> Problem {
                                       if (!(v >= 0)) return "must not be negative, found " + format_number(v);
                                       return {};
                                     }},
    TaskField<OptimizerSpec, double>{.path = "optimizer.beta1",
                                     .member = &OptimizerSpec::beta1,
                                     .symmetry = kAnyValueKeepsSymmetry,
                                     .applies = task_kinds::adam,
                                     .check = +[](const double& v, const OptimizerSpec&) -> Problem {
                                       if (!(v >= 0 && v < 1)) return "must be in [0, 1), found " + format_number(v);
                                       return {};
                                     }},
    TaskField<OptimizerSpec, double>{.path = "optimizer.beta2",
                                     .member = &OptimizerSpec::beta2,
                                     .symmetry = kAnyValueKeepsSymmetry,
                                     .applies = task_kinds::adam,
                                     .check = +[](const double& v, const OptimizerSpec&) -> Problem {
                                       if (!(v >= 0 && v < 1)) return "must be in [0, 1), found " + format_number(v);
                                       return {};
                                     }},
    TaskField<OptimizerSpec, double>{.path = "optimizer.eps",
                                     .member = &OptimizerSpec::eps,
                                     .symmetry = kAnyValueKeepsSymmetry,
                                     .applies = task_kinds::adam,
                                     .check = +[](const double& v, const OptimizerSpec&) -> Problem {
                                       if (!(v > 0)) return "must be positive, found " + format_number(v);
                                       return {};
                                     }},
    TaskField<OptimizerSpec, Schedule>{.path = "optimizer.schedule",
                                       .member = &OptimizerSpec::schedule,
                                       .symmetry = kAnyValueKeepsSymmetry,
                                       .names = kSchedules},
    TaskField<OptimizerSpec, double>{.path = "optimizer.warmup_epochs",
                                     .member = &OptimizerSpec::warmup_epochs,
                                     .symmetry = kAnyValueKeepsSymmetry,
                                     .check_in_task = +[](const double& v, const TaskSpec& task) -> Problem {
                                       const int epochs = task.training.epochs;
                                       if (!(v >= 0 && v <= epochs)) {
                                         return "must be in [0, epochs = " + std::to_string(epochs) + "], found " +
                                                format_number(v);
                                       }
                                       return {};
                                     }},
    TaskField<OptimizerSpec, double>{.path = "optimizer.min_lr",
                                     .member = &OptimizerSpec::min_lr,
                                     .symmetry = kAnyValueKeepsSymmetry,
                                     .check = +[](const double& v, const OptimizerSpec& o) -> Problem {
                                       if (!(v >= 0 && v <= o.lr))
                                         return "must be in [0, lr], found " + format_number(v);
                                       return {};
                                     }},

    TaskField<TrainingSpec, int>{.path = "training.epochs",
                                 .member = &TrainingSpec::epochs,
                                 .symmetry = kAnyValueKeepsSymmetry,
                                 .check = +[](const int& n, const TrainingSpec&) -> Problem {
                                   if (n < 1) return "must be at least 1, found " + std::to_string(n);
                                   return {};
                                 }},
    TaskField<TrainingSpec, int>{.path = "training.batch_size",
                                 .member = &TrainingSpec::batch_size,
                                 .symmetry = kAnyValueKeepsSymmetry,
                                 .check = +[](const int& n, const TrainingSpec&) -> Problem {
                                   if (n < 1) return "must be at least 1, found " + std::to_string(n);
                                   return {};
                                 }},
    TaskField<TrainingSpec, std::size_t>{
        .path = "training.train_examples", .member = &TrainingSpec::train_examples, .symmetry = kAnyValueKeepsSymmetry},
    TaskField<TrainingSpec, double>{.path = "training.divergence_factor",
                                    .member = &TrainingSpec::divergence_factor,
                                    .symmetry = kAnyValueKeepsSymmetry,
                                    .check = +[](const double& v, const TrainingSpec&) -> Problem {
                                      if (!(v > 1)) return "must be greater than 1, found " + format_number(v);
                                      return {};
                                    }},

    TaskField<ExternalSpec, ExternalFramework>{.path = "external.framework",
                                               .member = &ExternalSpec::framework,
                                               .symmetry = kAnyValueKeepsSymmetry,
                                               .names = kExternalFrameworks,
                                               .selects = true},
    TaskField<ExternalSpec, std::filesystem::path>{
        .path = "external.dir",
        .member = &ExternalSpec::dir,
        .symmetry = kAnyValueKeepsSymmetry,
        .applies = task_kinds::command,
        .check = +[](const std::filesystem::path& dir, const ExternalSpec&) -> Problem {
          std::error_code ec;
          if (!dir.empty() && !std::filesystem::is_directory(dir, ec)) {
            return "working directory '" + dir.string() + "' does not exist";
          }
          return {};
        }},
    TaskField<ExternalSpec, std::string>{.path = "external.command",
                                         .member = &ExternalSpec::command,
                                         .symmetry = kAnyValueKeepsSymmetry,
                                         .applies = task_kinds::command,
                                         .check = +[](const std::string& command, const ExternalSpec& e) -> Problem {
                                           return external::command_problem(command, e.dir);
                                         }},
    TaskField<ExternalSpec, double>{.path = "external.timeout_s",
                                    .member = &ExternalSpec::timeout_s,
                                    .symmetry = kAnyValueKeepsSymmetry,
                                    .applies = task_kinds::command,
                                    .check = +[](const double& v, const ExternalSpec&) -> Problem {
                                      if (!(v > 0) || !std::isfinite(v)) {
                                        return "must be positive, found " + format_number(v);
                                      }
                                      return {};
                                    }},
    TaskField<ExternalSpec, int>{.path = "external.workers",
                                 .member = &ExternalSpec::workers,
                                 .symmetry = kAnyValueKeepsSymmetry,
                                 .applies = task_kinds::command,
                                 .check = +[](const int& n, const ExternalSpec&) -> Problem {
                                   if (n < 0) return "must not be negative, found " + std::to_string(n);
                                   return {};
                                 }},
    // Only the script knows its initialisation: the user declares it (the default merges nothing).
    TaskField<ExternalSpec, bool>{.path = "external.sign_symmetric",
                                  .member = &ExternalSpec::sign_symmetric,
                                  .symmetry = +[](const bool& declared) { return declared; },
                                  .applies = task_kinds::command},
};

// ---- walking the rows ------------------------------------------------------------------------------------

// Calls `f(row)` for every row, in order.
template <class F>
constexpr void for_each_task_field(F&& f) {
  std::apply([&f](const auto&... rows) { (f(rows), ...); }, kTaskFields);
}

// Calls `f(section)` for every section (TaskSection<S>), in order.
template <class F>
constexpr void for_each_task_section(F&& f) {
  std::apply([&f](const auto&... sections) { (f(sections), ...); }, kTaskSections);
}

// Calls `visit(row, value)` for every field of `task` (a TaskSpec, const or not), in order.
template <class Task, class Visitor>
requires std::is_same_v<std::remove_const_t<Task>, TaskSpec>
constexpr void visit_task_fields(Task& task, Visitor&& visit) {
  for_each_task_field([&](const auto& row) { visit(row, row.of(task)); });
}

// ---- what the compiler checks of the rows -----------------------------------------------------------------

namespace task_fields_detail {

// Converts to anything: counts an aggregate's members (the most initialisers it accepts).
struct AnyMember {
  template <class T>
  operator T() const;
};
template <class S, class... Members>
consteval std::size_t member_count() {
  if constexpr (requires { S{Members{}..., AnyMember{}}; }) {
    return member_count<S, Members..., AnyMember>();
  } else {
    return sizeof...(Members);
  }
}

template <class S>
consteval std::size_t rows_in_section() {
  std::size_t n = 0;
  for_each_task_field([&n](const auto& row) {
    if constexpr (in_section_v<S, decltype(row)>) ++n;
  });
  return n;
}

// Every member of every section has a row (and the top level's members are its rows and its sections).
consteval bool every_member_has_a_row() {
  bool ok = member_count<TaskSpec>() == rows_in_section<TaskSpec>() + std::tuple_size_v<decltype(kTaskSections)>;
  for_each_task_section([&ok](const auto& section) {
    using S = typename std::remove_cvref_t<decltype(section)>::Type;
    ok = ok && member_count<S>() == rows_in_section<S>();
  });
  return ok;
}

// Each path is its section's name, a dot and the key; no path twice; a section whose rows apply to some
// kinds only has one row that selects the kind.
consteval bool rows_are_well_formed() {
  bool ok = true;
  std::size_t index = 0;
  for_each_task_field([&](const auto& row) {
    using S = typename std::remove_cvref_t<decltype(row)>::Section;
    const std::string_view section = section_name<S>(), path = row.path;
    const std::size_t dot = path.find('.');
    ok = ok && (section.empty() ? dot == std::string_view::npos
                                : path.substr(0, dot) == section && path.find('.', dot + 1) == std::string_view::npos);
    std::size_t other = 0, selectors = 0, conditional = 0;
    for_each_task_field([&](const auto& peer) {
      ok = ok && (other == index || peer.path != row.path);
      if constexpr (in_section_v<S, decltype(peer)>) {
        selectors += peer.selects ? 1 : 0;
        conditional += peer.applies != nullptr ? 1 : 0;
      }
      ++other;
    });
    ok = ok && (conditional == 0 || selectors == 1) && selectors <= 1;
    ok = ok && (!row.selects ||
                (std::is_enum_v<typename std::remove_cvref_t<decltype(row)>::Value> && row.applies == nullptr));
    ++index;
  });
  return ok;
}

}  // namespace task_fields_detail

static_assert(task_fields_detail::every_member_has_a_row(),
              "a member of TaskSpec or of one of its sections has no row in kTaskFields");
// GCC's sanitizer builds do not take a function's address to be non-null in a constant expression
// (`applies != nullptr`), so this check is made by the ordinary builds (and clang's fuzzing build) only.
#if !(defined(__GNUC__) && !defined(__clang__) && defined(__SANITIZE_ADDRESS__))
static_assert(task_fields_detail::rows_are_well_formed(),
              "a row of kTaskFields has a path outside its section, a path twice, or a section with rows that "
              "apply to some kinds but not one row that selects the kind");
#endif

}  // namespace actsearch::trainer
