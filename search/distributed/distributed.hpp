// One campaign over many processes and machines with MPI (`mpirun -n N actsearch run CONFIG`, or a
// cluster's `srun`): rank 0 owns the database, the strategy and the scheduler, exactly as a
// single-process run; every other rank is a worker that receives training jobs, trains them with its own
// thread pool (or GPU) and sends the results back. Jobs are deterministic from their seeds, so the
// campaign's results do not depend on the number of processes. docs/CLUSTER.md is the user's guide.
//
// Faults: Open MPI 4.1 cannot survive the loss of a process, so a worker that dies stops the campaign
// with a non-zero exit naming its rank and host (mpirun reports a dead one; a worker that stays alive
// but silent is reported by rank 0, which then aborts the MPI job). Every evaluation finished before that
// is in the database, and running the same command again resumes.
//
// Builds without MPI keep this interface: available() is false and start() says why.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "common/expected.hpp"
#include "search/campaign/campaign.hpp"
#include "search/config/campaign_config.hpp"

namespace actsearch::search::distributed {

// True when this build has MPI support.
bool available();

// True when an MPI launcher started this process (mpirun, mpiexec, srun with PMI or PMIx): decided from
// the environment alone, before anything is initialised.
bool launched();

// Knobs of the coordinator; the defaults are what `actsearch run` uses.
struct CoordinatorOptions {
  // A worker with jobs in flight that has sent nothing (results, heartbeats) for this long is taken for
  // lost: the run stops naming it. Workers send a heartbeat every second while they train.
  std::chrono::milliseconds silence_limit{std::chrono::seconds(60)};
  // Jobs queued on a worker beyond its training slots (0: a worker holds only what it trains, so the
  // last jobs of a batch never wait behind a busy worker while another is idle).
  int extra_in_flight = 0;
};

// Where rank 0's time went while distributing jobs (bench/mpi_coordinator.cpp prints it).
struct CoordinatorStats {
  std::int64_t jobs = 0;
  double dispatch_seconds = 0;  // encoding jobs and handing them to MPI
  double receive_seconds = 0;   // probing, receiving and decoding results
  double record_seconds = 0;    // the scheduler's callback: recording in SQLite, progress
  double idle_seconds = 0;      // waiting for a worker
};

// The MPI environment of this process: MPI_Init on start, MPI_Finalize when destroyed. Rank 0's
// destructor first tells every worker to stop, so a coordinator that fails (a config that does not
// parse, a database that does not open) never leaves workers waiting.
class Session {
 public:
  // Initialises MPI; an error when this build has no MPI or MPI fails to start.
  static Expected<std::unique_ptr<Session>> start();
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  int rank() const;
  int size() const;
  const std::string& host() const;
  // Rank 0: mark the run as failed, so workers stopping now exit without complaint of their own.
  void set_failed();

  struct State;
  State& state() { return *state_; }

 private:
  explicit Session(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Rank 0 (with size() >= 2): runs or resumes the campaign with every other rank as a worker; what
// run_campaign does in one process. `stats`, when given, receives where rank 0's time went.
Expected<RunSummary> run_coordinator(Session& session, const CampaignConfig& config, const RunOptions& options,
                                     const CoordinatorOptions& coordinator = {}, CoordinatorStats* stats = nullptr);

// Every other rank: sets up when rank 0 sends the task (loads the data set from this machine's disk and
// checks its hash against rank 0's), trains the jobs it is sent, and returns when rank 0 says stop. An
// error (the data set cannot be read or differs) has already been reported to rank 0.
struct WorkerSummary {
  std::int64_t jobs_trained = 0;
  bool coordinator_failed = false;  // rank 0 stopped on an error of its own (it reports it)
};
Expected<WorkerSummary> run_worker(Session& session);

}  // namespace actsearch::search::distributed
