// Training through the user's own script (docs/EXTERNAL.md). For each job the candidate is written as a
// module of the task's framework (the PyTorch or JAX exporter of expr/export.hpp, plus the protocol's
// names: PARAMETERS, make_activation), the command runs with the job's seed and budget, and the JSON it
// writes becomes the job's TrainResult (external/result_file.hpp). A run that exits non-zero, runs past
// the time limit, writes no result or a malformed one, or reports a non-finite metric is a Failed or
// Diverged job whose message says why and ends with the tail of its stderr; nothing of it throws.
//
// `workers` runs go at once. Run slot i (0-based) gets an equal share of this machine's CPUs: its
// affinity is those CPUs and OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and MKL_NUM_THREADS are their count;
// where CUDA_VISIBLE_DEVICES lists devices, slot i sees the (i mod n)-th of them alone.
// ACTSEARCH_WORKER_SLOT tells the script its slot.
#pragma once

#include <filesystem>
#include <string>

#include "expr/expr.hpp"
#include "trainer/backend.hpp"

namespace actsearch::external {

class CommandBackend final : public trainer::TrainingBackend {
 public:
  // `workers`: runs at once (at least 1). Each run works in a folder of its own below `scratch`
  // (a new folder in the system's temporary folder when empty), removed when the run is read.
  CommandBackend(int workers, std::filesystem::path scratch = {});
  ~CommandBackend() override;
  CommandBackend(const CommandBackend&) = delete;
  CommandBackend& operator=(const CommandBackend&) = delete;

  std::string name() const override;
  using TrainingBackend::train;
  // `data` is not used: the script loads its own.
  std::vector<trainer::TrainResult> train(const trainer::TaskSpec& task, const trainer::Dataset& data,
                                          std::span<const trainer::TrainJob> jobs,
                                          const trainer::JobDone& on_done) override;
  int workers() const { return workers_; }

 private:
  int workers_;
  std::filesystem::path scratch_;
  bool own_scratch_ = false;
};

// The module a job's script imports: the exporter's code for `activation` and the protocol's names.
std::string candidate_module(const expr::Expr& activation, trainer::ExternalFramework framework);

// Runs one job in `folder` (which exists and is empty) as run slot `slot` of `slots`.
trainer::TrainResult run_one(const trainer::TaskSpec& task, const trainer::TrainJob& job,
                             const std::filesystem::path& folder, int slot, int slots);

// What identifies an external task's "data": the command and the contents of every file its words name
// (the script, a config file it reads), relative to its working directory. A campaign refuses to resume
// when the script has changed, as it does when a native task's data has.
trainer::DataFingerprint command_fingerprint(const trainer::ExternalSpec& spec);

}  // namespace actsearch::external
