// Training backends: score candidate activation functions by training the task's network. Every
// backend (this CPU one, the CUDA one that trains K candidates in lockstep) implements the semantics
// below, so results agree up to floating-point summation order.
//
// Semantics of one job (seed s, E epochs, m training examples):
//  * Model: the task's MLP (mlp.hpp) with inputs = dataset.num_features and outputs =
//    dataset.num_classes; phi = the job's activation compiled by expr::Program; each hidden layer
//    has its own theta, starting at the Program's initial_params() and trained like the weights.
//    Initialisation from s exactly as Mlp::initialize documents (SplitMix64 streams of random.hpp).
//    For model.kind network: the network of model.layers (network.hpp) on dataset.example_shape, one
//    theta per activation layer, initialised as Network documents; batch norm uses batch statistics
//    in training and its running statistics when scoring. The CUDA backend hands these to the CPU.
//  * Data: the examples used are the first m of dataset.train (m = train_examples, 0 = all; the train
//    split is already a seeded random permutation, so a prefix is a random subset, the same for every
//    job). Epoch e (0-based) visits them in the order of a Fisher-Yates shuffle of 0..m-1 with key
//    stream_key(s, Stream::EpochShuffle, e) (random.hpp: shuffle()); batch b holds positions
//    [b*B, min((b+1)*B, m)) of that order, the last batch possibly smaller.
//  * Step: mean softmax cross-entropy over the batch, backpropagation, one optimiser update with the
//    learning rate learning_rate_at(step) (optimizer.hpp), float32 arithmetic.
//  * Divergence: the run stops with status Diverged at the first batch that the rule of
//    trainer/divergence_rule.hpp rejects, or after an epoch whose validation loss is not finite,
//    with the message of trainer/divergence.hpp. Epochs finished before that keep their metrics;
//    the final metrics are NaN.
//  * Evaluation: after every epoch the whole validation split is scored (mean cross-entropy and
//    accuracy, argmax with ties to the lowest class); the test split only when asked and only after
//    a run that ended with status Ok.
//  * A job never throws: problems (an activation that does not compile, more train_examples than
//    the train split has) give status Failed with a message.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "expr/expr.hpp"
#include "trainer/dataset.hpp"
#include "trainer/task.hpp"

namespace actsearch::trainer {

struct TrainJob {
  expr::Expr activation;  // canonical (simplified) expression of x and named parameters
  std::uint64_t seed = 0;
  int epochs = 0;                  // 0 = the task's training.epochs
  std::size_t train_examples = 0;  // 0 = the task's training.train_examples (and 0 there = all)
  bool evaluate_test = false;
};

// The budget a job really gets: "0 = the task's value" is resolved here and nowhere else.
struct JobBudget {
  std::size_t train_examples = 0;  // 0 = the whole train split
  int epochs = 0;
};
inline JobBudget budget_of(const TaskSpec& task, const TrainJob& job) {
  return {job.train_examples > 0 ? job.train_examples : task.training.train_examples,
          job.epochs > 0 ? job.epochs : task.training.epochs};
}

enum class RunStatus { Ok, Diverged, Failed };
std::string_view to_string(RunStatus status);

struct EpochMetrics {
  int epoch = 0;            // 1-based
  double train_loss = 0;    // mean over the epoch's examples of the batch losses
  double val_loss = 0;      // mean cross-entropy on the validation split
  double val_accuracy = 0;  // fraction correct on the validation split
  double seconds = 0;       // wall time of the epoch, training and validation
};

inline constexpr double kNotEvaluated = std::numeric_limits<double>::quiet_NaN();

struct TrainResult {
  RunStatus status = RunStatus::Failed;
  std::string message;  // why it diverged or failed; empty when Ok
  std::vector<EpochMetrics> epochs;
  // Final metrics (of the last epoch); NaN unless status is Ok.
  double val_accuracy = kNotEvaluated;
  double val_loss = kNotEvaluated;
  double train_loss = kNotEvaluated;
  double test_accuracy = kNotEvaluated;  // NaN unless evaluate_test and Ok
  double test_loss = kNotEvaluated;
  double wall_seconds = 0;         // the whole job: set-up, training, evaluation
  double examples_per_second = 0;  // training examples processed per second of wall_seconds
  std::int64_t steps = 0;          // optimiser updates made
  // Theta per hidden layer at the end of the run (empty vectors when phi has no parameters).
  std::vector<std::vector<double>> learned_params;
};

// Receives each job's result as soon as that job finishes, so that a caller can store it at once
// (a campaign killed mid-batch then loses none of the finished jobs). `job_index` indexes the jobs
// span passed to train(). It is called exactly once per job, on the worker thread that ran the job,
// possibly from several threads at the same time and in any order: the callee does its own
// synchronisation. An exception it throws aborts the batch (jobs not yet started are not run) and
// propagates out of train().
using JobDone = std::function<void(std::size_t job_index, const TrainResult& result)>;

class TrainingBackend {
 public:
  virtual ~TrainingBackend();
  virtual std::string name() const = 0;
  // Trains every job on `data` (loaded from task.dataset) and returns one result per job, in order,
  // calling `on_done` (if set) for each as it finishes. The results of a job depend only on (task,
  // data, job), never on the other jobs or on threads.
  virtual std::vector<TrainResult> train(const TaskSpec& task, const Dataset& data, std::span<const TrainJob> jobs,
                                         const JobDone& on_done) = 0;
  // The same without a completion callback.
  std::vector<TrainResult> train(const TaskSpec& task, const Dataset& data, std::span<const TrainJob> jobs) {
    return train(task, data, jobs, JobDone{});
  }
};

// Trains jobs concurrently on `threads` worker threads (one job per thread at a time, each job
// single-threaded), so throughput scales with cores and results are bit-identical for any count.
class CpuBackend final : public TrainingBackend {
 public:
  explicit CpuBackend(int threads);
  std::string name() const override;
  using TrainingBackend::train;  // keeps the overload without a callback visible
  std::vector<TrainResult> train(const TaskSpec& task, const Dataset& data, std::span<const TrainJob> jobs,
                                 const JobDone& on_done) override;
  int threads() const { return threads_; }

 private:
  int threads_;
};

// Trains one job on the calling thread (what each CpuBackend worker runs).
TrainResult train_one(const TaskSpec& task, const Dataset& data, const TrainJob& job);

}  // namespace actsearch::trainer
