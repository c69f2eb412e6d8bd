// The value checks of a task, shared by the YAML parser (which adds line and column) and by code
// that builds a TaskSpec directly.
#include <cmath>
#include <sstream>

#include "trainer/task.hpp"

namespace actsearch::trainer {
namespace {

std::string number(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

Unexpected bad(const std::string& field, const std::string& message) { return fail(message, {.field = field}); }

Expected<void> validate_dataset(const DatasetSpec& d) {
  const bool idx = d.kind == DatasetKind::FashionMnist || d.kind == DatasetKind::Mnist;
  if (d.validation_examples < 1) return bad("dataset.validation_examples", "must be at least 1");
  if (idx) {
    std::error_code ec;
    if (!std::filesystem::is_directory(d.dir, ec)) {
      return bad("dataset.dir", "dataset directory '" + d.dir.string() + "' does not exist");
    }
    return {};
  }
  if (d.examples <= d.validation_examples) {
    return bad("dataset.examples", "must exceed validation_examples (" + std::to_string(d.validation_examples) +
                                       "), found " + std::to_string(d.examples));
  }
  if (d.noise < 0) return bad("dataset.noise", "must not be negative, found " + number(d.noise));
  if (d.kind == DatasetKind::TwoSpirals && !(d.turns > 0)) {
    return bad("dataset.turns", "must be positive, found " + number(d.turns));
  }
  if (d.kind == DatasetKind::GaussianBlobs) {
    if (d.classes < 2) return bad("dataset.classes", "must be at least 2, found " + std::to_string(d.classes));
    if (d.features < 1) return bad("dataset.features", "must be at least 1, found " + std::to_string(d.features));
    if (d.separation < 0) return bad("dataset.separation", "must not be negative, found " + number(d.separation));
  }
  return {};
}

Expected<void> validate_model(const ModelSpec& m) {
  if (m.hidden.empty()) return bad("model.hidden", "needs at least one hidden layer");
  for (std::size_t i = 0; i < m.hidden.size(); ++i) {
    if (m.hidden[i] < 1 || m.hidden[i] > (1 << 16)) {
      return bad("model.hidden", "width " + std::to_string(m.hidden[i]) + " of hidden layer " + std::to_string(i + 1) +
                                     " is outside 1..65536");
    }
  }
  if (!std::isfinite(m.bias_init) || std::abs(m.bias_init) > 1e3) {
    return bad("model.bias_init", "must be finite and within [-1000, 1000], found " + number(m.bias_init));
  }
  return {};
}

Expected<void> validate_optimizer(const OptimizerSpec& o, int epochs) {
  if (!(o.lr > 0) || !std::isfinite(o.lr)) return bad("optimizer.lr", "must be positive, found " + number(o.lr));
  if (!(o.momentum >= 0 && o.momentum < 1)) {
    return bad("optimizer.momentum", "must be in [0, 1), found " + number(o.momentum));
  }
  if (o.nesterov && o.kind == OptimizerKind::Sgd && o.momentum == 0) {
    return bad("optimizer.nesterov", "Nesterov momentum needs momentum > 0");
  }
  if (!(o.weight_decay >= 0)) {
    return bad("optimizer.weight_decay", "must not be negative, found " + number(o.weight_decay));
  }
  if (!(o.beta1 >= 0 && o.beta1 < 1)) return bad("optimizer.beta1", "must be in [0, 1), found " + number(o.beta1));
  if (!(o.beta2 >= 0 && o.beta2 < 1)) return bad("optimizer.beta2", "must be in [0, 1), found " + number(o.beta2));
  if (!(o.eps > 0)) return bad("optimizer.eps", "must be positive, found " + number(o.eps));
  if (!(o.warmup_epochs >= 0 && o.warmup_epochs <= epochs)) {
    return bad("optimizer.warmup_epochs",
               "must be in [0, epochs = " + std::to_string(epochs) + "], found " + number(o.warmup_epochs));
  }
  if (!(o.min_lr >= 0 && o.min_lr <= o.lr)) {
    return bad("optimizer.min_lr", "must be in [0, lr], found " + number(o.min_lr));
  }
  return {};
}

Expected<void> validate_training(const TrainingSpec& t) {
  if (t.epochs < 1) return bad("training.epochs", "must be at least 1, found " + std::to_string(t.epochs));
  if (t.batch_size < 1) return bad("training.batch_size", "must be at least 1, found " + std::to_string(t.batch_size));
  if (!(t.divergence_factor > 1)) {
    return bad("training.divergence_factor", "must be greater than 1, found " + number(t.divergence_factor));
  }
  return {};
}

}  // namespace

Expected<void> validate_task(const TaskSpec& task) {
  if (task.name.empty()) return bad("name", "must not be empty");
  if (auto ok = validate_dataset(task.dataset); !ok) return ok;
  if (auto ok = validate_model(task.model); !ok) return ok;
  if (auto ok = validate_training(task.training); !ok) return ok;
  return validate_optimizer(task.optimizer, task.training.epochs);
}

}  // namespace actsearch::trainer
