// Rank 0's executor: hands each job to a worker rank with a free training slot, takes results back as
// they come, and watches for workers that fall silent.
// Part of builds with MPI (ACTSEARCH_HAVE_MPI); bench/mpi_coordinator.cpp measures it directly.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "search/campaign/executor.hpp"
#include "search/distributed/distributed.hpp"

namespace actsearch::search::distributed {

class MpiExecutor final : public Executor {
 public:
  MpiExecutor(Session& session, ExecutorSettings settings, LogFn log, CoordinatorOptions options = {})
      : session_(session), settings_(std::move(settings)), log_(std::move(log)), options_(options) {}

  // Loads the data set here to hash it, sends every worker the task and the hash, and waits until each
  // is ready; a worker that cannot set up is an error naming its rank and host.
  // Rank 0 trains nothing but loads the data once: its fingerprint is stored with the campaign and is
  // what every worker's copy is checked against.
  Expected<trainer::DataFingerprint> data_fingerprint() override;
  Expected<void> prepare() override;
  std::string name() const override;
  Expected<void> train(std::span<const trainer::TrainJob> jobs, const JobFinished& on_done) override;

  const CoordinatorStats& stats() const { return stats_; }

 private:
  struct Worker {
    int rank = 0;
    std::string host;
    std::string device;
    int slots = 1;
    std::map<std::uint64_t, std::size_t> in_flight;  // job id -> index in the batch
    std::chrono::steady_clock::time_point last_heard;
    std::int64_t trained = 0;
  };
  std::string who(const Worker& w) const;
  Expected<void> lost(const Worker& w, const std::string& why) const;

  Session& session_;
  ExecutorSettings settings_;
  LogFn log_;
  CoordinatorOptions options_;
  std::vector<Worker> workers_;
  bool prepared_ = false;
  std::optional<trainer::DataFingerprint> data_;
  std::uint64_t next_id_ = 1;
  CoordinatorStats stats_;
};

}  // namespace actsearch::search::distributed
