// One training job on the calling thread: data order, steps, divergence checks, evaluation.
#include "trainer/src/training_loop.hpp"

#include <Eigen/Core>
#include <cmath>
#include <numeric>

#include "common/timing.hpp"
#include "trainer/divergence.hpp"
#include "trainer/mlp.hpp"
#include "trainer/network.hpp"
#include "trainer/optimizer.hpp"
#include "trainer/random.hpp"

namespace actsearch::trainer {
namespace {

// Examples scored per forward pass when evaluating; the result does not depend on it.
constexpr std::size_t kScoreChunk = 1000;

struct SplitScore {
  double loss = 0;
  double accuracy = 0;
};

template <class Model>
SplitScore score_split(Model& model, const Split& split, std::size_t num_features) {
  double loss = 0;
  std::size_t correct = 0;
  for (std::size_t start = 0; start < split.size; start += kScoreChunk) {
    const std::size_t count = std::min(kScoreChunk, split.size - start);
    const BatchScore s =
        model.score(std::span<const float>(split.features).subspan(start * num_features, count * num_features),
                    std::span<const std::int32_t>(split.labels).subspan(start, count));
    loss += s.loss_sum;
    correct += s.correct;
  }
  const auto n = static_cast<double>(split.size);
  return {loss / n, static_cast<double>(correct) / n};
}

template <class Model>
std::vector<std::vector<double>> learned_params(const Model& model) {
  std::vector<std::vector<double>> out(model.num_activations());
  for (std::size_t l = 0; l < model.num_activations(); ++l) {
    const auto theta = model.activation_params(l);
    out[l].assign(theta.begin(), theta.end());
  }
  return out;
}

template <class Model>
std::vector<DecayRange> decay_ranges(const Model& model) {
  std::vector<DecayRange> ranges;
  for (const ParameterBlock& b : model.blocks()) ranges.push_back({b.offset, b.size, b.kind == BlockKind::Weight});
  return ranges;
}

// Trains `model` (initialised) on the job's data; `clock` started with the job.
template <class Model>
TrainResult train_model(const TaskSpec& task, const Dataset& data, const TrainJob& job, Model& model,
                        const timing::Stopwatch& clock) {
  TrainResult result;
  const JobBudget budget = budget_of(task, job);
  const int epochs = budget.epochs;
  const std::size_t m = budget.train_examples > 0 ? budget.train_examples : data.train.size;
  const std::size_t nf = data.num_features;
  Optimizer<float> optimizer(task.optimizer, model.parameters().size(), decay_ranges(model));

  const auto batch_size = static_cast<std::size_t>(task.training.batch_size);
  const auto steps_per_epoch = static_cast<std::int64_t>((m + batch_size - 1) / batch_size);
  const std::int64_t total_steps = steps_per_epoch * epochs;
  std::vector<std::uint32_t> order(m);
  std::vector<float> batch_inputs(nf * batch_size);
  std::vector<std::int32_t> batch_labels(batch_size);
  double first_loss = 0;
  double examples_trained = 0;

  auto diverged = [&](const std::string& why) {
    result.status = RunStatus::Diverged;
    result.message = why;
    result.learned_params = learned_params(model);
    result.wall_seconds = clock.seconds();
    result.examples_per_second = examples_trained / std::max(result.wall_seconds, 1e-9);
    return result;
  };

  for (int epoch = 0; epoch < epochs; ++epoch) {
    const timing::Stopwatch epoch_clock;
    std::iota(order.begin(), order.end(), 0u);
    shuffle(std::span<std::uint32_t>(order),
            stream_key(job.seed, Stream::EpochShuffle, static_cast<std::uint64_t>(epoch)));
    double loss_sum = 0;
    for (std::size_t first = 0; first < m; first += batch_size) {
      const std::size_t count = std::min(batch_size, m - first);
      for (std::size_t i = 0; i < count; ++i) {
        const std::uint32_t example = order[first + i];
        const auto x = data.train.example(example, nf);
        std::copy(x.begin(), x.end(), batch_inputs.begin() + static_cast<std::ptrdiff_t>(i * nf));
        batch_labels[i] = data.train.labels[example];
      }
      const double loss = model.forward_backward(std::span<const float>(batch_inputs).first(count * nf),
                                                 std::span<const std::int32_t>(batch_labels).first(count));
      if (result.steps == 0) first_loss = loss;
      const auto grads = model.gradients();
      const float grad_sum =
          Eigen::Map<const Eigen::VectorXf>(grads.data(), static_cast<Eigen::Index>(grads.size())).sum();
      const double factor = task.training.divergence_factor;
      if (const Divergence why = batch_divergence(loss, first_loss, factor, grad_sum); why != Divergence::None) {
        return diverged(batch_divergence_message(why, epoch, result.steps, loss, factor, first_loss));
      }

      optimizer.step(model.parameters(), grads,
                     learning_rate_at(task.optimizer, result.steps, steps_per_epoch, total_steps));
      ++result.steps;
      loss_sum += loss * static_cast<double>(count);
      examples_trained += static_cast<double>(count);
    }

    const SplitScore validation = score_split(model, data.validation, nf);
    result.epochs.push_back({.epoch = epoch + 1,
                             .train_loss = loss_sum / static_cast<double>(m),
                             .val_loss = validation.loss,
                             .val_accuracy = validation.accuracy,
                             .seconds = epoch_clock.seconds()});
    if (validation_diverged(validation.loss)) {
      return diverged(validation_divergence_message(epoch));
    }
  }

  result.status = RunStatus::Ok;
  const EpochMetrics& last = result.epochs.back();
  result.train_loss = last.train_loss;
  result.val_loss = last.val_loss;
  result.val_accuracy = last.val_accuracy;
  if (job.evaluate_test && data.test.size > 0) {
    const SplitScore test = score_split(model, data.test, nf);
    result.test_loss = test.loss;
    result.test_accuracy = test.accuracy;
  }
  result.learned_params = learned_params(model);
  result.wall_seconds = clock.seconds();
  result.examples_per_second = examples_trained / std::max(result.wall_seconds, 1e-9);
  return result;
}

}  // namespace

TrainResult train_compiled(const TaskSpec& task, const Dataset& data, const TrainJob& job,
                           const expr::Program& training, const expr::Program& inference) {
  const timing::Stopwatch clock;
  TrainResult result;
  auto failed = [&](std::string message) {
    result.status = RunStatus::Failed;
    result.message = std::move(message);
    result.wall_seconds = clock.seconds();
    return result;
  };

  const JobBudget budget = budget_of(task, job);
  const int epochs = budget.epochs;
  const std::size_t m = budget.train_examples > 0 ? budget.train_examples : data.train.size;
  if (m > data.train.size) {
    return failed("train_examples " + std::to_string(m) + " exceeds the train split (" +
                  std::to_string(data.train.size) + " examples)");
  }
  if (m == 0 || data.validation.size == 0) return failed("the data set has no training or no validation examples");
  if (epochs < 1 || task.training.batch_size < 1) return failed("the task needs epochs >= 1 and batch_size >= 1");

  if (task.model.kind == ModelKind::Network) {
    const TensorShape input =
        data.example_shape.empty() ? TensorShape{data.num_features, 1, 1} : tensor_shape_of(data.example_shape);
    if (const auto problem = check_layers(task.model.layers, input)) {
      return failed("model.layers[" + std::to_string(problem->entry) + "]: " + problem->message);
    }
    Network<float> model(input, task.model, data.num_classes, training, inference);
    model.initialize(job.seed);
    return train_model(task, data, job, model, clock);
  }
  Mlp<float> model(data.num_features, task.model, data.num_classes, training, inference);
  model.initialize(job.seed);
  return train_model(task, data, job, model, clock);
}

}  // namespace actsearch::trainer
