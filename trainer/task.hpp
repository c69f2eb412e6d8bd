// A training task: data set, model, optimiser and budget, as plain structs whose member initialisers
// are the one place defaults live. Loaded from YAML; campaign configs embed the same mapping:
//
//   name: fmnist-mlp4
//   dataset:   {kind: fashion_mnist, dir: /usr/share/datasets/fashion-mnist, validation_examples: 10000}
//   model:     {hidden: [256, 256, 256, 256], init: he}
//   optimizer: {kind: sgd, lr: 0.02, momentum: 0.9}
//   training:  {epochs: 2, batch_size: 128}
//
// Every key is optional; unknown keys, wrong types and impossible values are errors that give the
// file, line, column and field. trainer/task_fields.hpp describes each field once (its YAML path, the
// kinds it applies to, its checks, what it does to the sign symmetry); docs/TASKS.md lists every key
// with its default.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"
#include "trainer/dataset.hpp"

namespace YAML {
class Node;
}

namespace actsearch::trainer {

enum class ModelKind { Mlp, Network };
enum class Norm { None, Layer };
enum class Init { He, LeCun, Xavier };
enum class InitDistribution { Normal, Uniform };

struct ModelSpec {
  // mlp: the perceptron of hidden/residual/norm (trainer/mlp.hpp); network: the layers of `layers`
  // (trainer/network.hpp, grammar in trainer/layer_spec.hpp).
  ModelKind kind = ModelKind::Mlp;
  std::vector<int> hidden = {256, 256, 256, 256};  // widths of the hidden layers (at least one)
  // Hidden layer l >= 2 adds its input to its output when the widths match: h_l = h_{l-1} + phi(...).
  bool residual = false;
  // Layer norm (learned gain and bias, eps 1e-5) between each hidden layer's affine map and phi.
  Norm norm = Norm::None;
  // One string per layer, e.g. {"conv 16 3x3", "bn", "act", "maxpool 2", "gap"}; the classifier follows.
  std::vector<std::string> layers = {};
  Init init = Init::He;
  InitDistribution init_distribution = InitDistribution::Normal;
  // Initial value of every hidden layer's biases. Anything but 0 breaks the sign symmetry of the task
  // (trainer/symmetry.hpp): the campaign then no longer merges phi(x) with -phi(-x).
  double bias_init = 0.0;
};

enum class OptimizerKind { Sgd, Adam, AdamW };
enum class Schedule { Constant, Cosine };

struct OptimizerSpec {
  OptimizerKind kind = OptimizerKind::Sgd;
  double lr = 0.02;
  double momentum = 0.9;  // SGD
  bool nesterov = false;  // SGD
  // Applied to weight matrices only (not to biases, norm parameters or activation parameters):
  // SGD and Adam add weight_decay * w to the gradient, AdamW decays w by lr * weight_decay.
  double weight_decay = 0.0;
  double beta1 = 0.9;    // Adam/AdamW
  double beta2 = 0.999;  // Adam/AdamW
  double eps = 1e-8;     // Adam/AdamW
  Schedule schedule = Schedule::Constant;
  double warmup_epochs = 0.0;  // linear warm-up (may be fractional), then the schedule
  double min_lr = 0.0;         // where the cosine schedule ends
};

struct TrainingSpec {
  int epochs = 2;
  int batch_size = 128;
  std::size_t train_examples = 0;  // 0 = the whole train split
  // A batch loss above divergence_factor times the first batch's loss ends the run as diverged
  // (trainer/divergence_rule.hpp).
  double divergence_factor = 10.0;
};

// A task that trains through the user's own script (docs/EXTERNAL.md): framework `none` is the native
// trainer; otherwise the command trains each candidate, written as a module of that framework, and the
// dataset, model and optimizer sections do not apply (the script has its own).
enum class ExternalFramework { None, PyTorch, Jax };

struct ExternalSpec {
  ExternalFramework framework = ExternalFramework::None;
  // The command's working directory; relative to the task file's folder (its default).
  std::filesystem::path dir;
  // Words split as a shell would (quotes, no expansion); placeholders as external/command_line.hpp lists.
  std::string command;
  double timeout_s = 600.0;  // a run still going after this is killed (its whole process group)
  int workers = 0;           // runs at once (0 = the campaign's workers)
  // Whether the user's network trains phi(x), -phi(x), phi(-x) and -phi(-x) alike (trainer/symmetry.hpp);
  // the engine cannot see the script's initialisation, so it is never assumed.
  bool sign_symmetric = false;
};

struct TaskSpec {
  std::string name = "task";
  DatasetSpec dataset;
  ModelSpec model;
  OptimizerSpec optimizer;
  TrainingSpec training;
  ExternalSpec external;
};

// Whether the task trains through an external command.
constexpr bool is_external(const TaskSpec& task) { return task.external.framework != ExternalFramework::None; }

// Reads a task file.
Expected<TaskSpec> load_task(const std::filesystem::path& file);

// Parses a task mapping that is part of a larger document (a campaign config). `file` names the
// document in error messages and anchors relative dataset directories (to its parent directory).
Expected<TaskSpec> parse_task(const YAML::Node& node, const std::string& file);

// Parses task YAML text (`file` as above; may be empty for text that has no file).
Expected<TaskSpec> parse_task_text(std::string_view yaml, const std::string& file = {});

// Checks the values of a task built in code (the same checks as the parser, without locations).
Expected<void> validate_task(const TaskSpec& task);

// The task as a YAML mapping: every field that applies to its section's kind, defaults included.
// parse_task_text reads it back as the same task (the fields left out keep their defaults).
std::string task_to_yaml(const TaskSpec& task);

std::string_view to_string(DatasetKind kind);
std::string_view to_string(ModelKind kind);
std::string_view to_string(Norm norm);
std::string_view to_string(Init init);
std::string_view to_string(OptimizerKind kind);
std::string_view to_string(ExternalFramework framework);

}  // namespace actsearch::trainer
