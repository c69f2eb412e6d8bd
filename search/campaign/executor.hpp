// Where a campaign's training jobs run. The scheduler hands over a batch of jobs and gets each result
// back as soon as it is known; an executor may train them in this process (LocalExecutor: the CPU
// thread pool or a GPU) or elsewhere (another process, another machine).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "common/expected.hpp"
#include "db/database.hpp"
#include "search/campaign/campaign.hpp"
#include "search/config/campaign_config.hpp"
#include "trainer/backend.hpp"
#include "trainer/dataset.hpp"

namespace actsearch::search {

// Who trained one job: the device as the evaluation records it, the host, and the MPI rank of a worker
// of a distributed run (none when the job ran in the process that owns the database).
struct Placement {
  std::string device;
  std::string host;
  std::optional<int> rank;
};

// What an executor needs of the campaign: the task, and where to train it (the campaign file's
// `device` and `workers`).
struct ExecutorSettings {
  trainer::TaskSpec task;
  Device device = Device::Auto;
  int workers = 0;
};
ExecutorSettings executor_settings(const CampaignConfig& config);

// Receives each job's result with where it ran; see Executor::train.
using JobFinished = std::function<void(std::size_t index, const trainer::TrainResult& result, const Placement& where)>;

class Executor {
 public:
  virtual ~Executor();
  // The fingerprint of the task's data as this executor trains on it (loads the data set): the campaign
  // stores it, and refuses to resume on other data.
  virtual Expected<trainer::DataFingerprint> data_fingerprint() = 0;
  // Readies the executor for training (loads data, picks a device); called before the first batch.
  virtual Expected<void> prepare() = 0;
  // What the evaluations record as their device; valid after prepare().
  virtual std::string name() const = 0;
  // Trains every job and calls on_done(index, result, where) once per job as it finishes. Calls are
  // never concurrent. An exception from on_done stops the batch and propagates. An error (a remote
  // worker lost) ends the batch early; the results already passed to on_done stand.
  virtual Expected<void> train(std::span<const trainer::TrainJob> jobs, const JobFinished& on_done) = 0;
};

// Trains in this process: the task's data set is loaded on first use, the backend is the one the
// config's `device` asks for (search/campaign/backend_choice.hpp).
class LocalExecutor final : public Executor {
 public:
  LocalExecutor(ExecutorSettings settings, LogFn log) : settings_(std::move(settings)), log_(std::move(log)) {}
  Expected<trainer::DataFingerprint> data_fingerprint() override;
  Expected<void> prepare() override;
  std::string name() const override;
  Expected<void> train(std::span<const trainer::TrainJob> jobs, const JobFinished& on_done) override;

 private:
  ExecutorSettings settings_;
  LogFn log_;
  std::unique_ptr<trainer::Dataset> dataset_;
  trainer::DataFingerprint fingerprint_;
  std::unique_ptr<trainer::TrainingBackend> backend_;

  Expected<void> load_data();
};

// This machine's host name, as evaluations record it.
std::string host_name();

// Runs (or resumes) a campaign on an open database with the given executor: what run_campaign does
// with a LocalExecutor, and what a coordinator of several processes does with its own.
Expected<RunSummary> run_campaign(const CampaignConfig& config, db::Database database, Executor& executor,
                                  const RunOptions& options);

}  // namespace actsearch::search
