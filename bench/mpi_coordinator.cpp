// Rank 0's cost per job in a distributed campaign: jobs that train (almost) nothing (a 2-unit network,
// one epoch of 16 examples) go through the real path: mark running, encode and send, receive and
// decode, record in SQLite. It prints the job rate rank 0 sustained, where its time went, the rate its
// busy time alone would allow, and next to it the cost of the SQLite record by itself, the floor any
// coordinator pays. From a job duration (--job-seconds, e.g. a quickstart job's wall_seconds) it
// says how many single-threaded workers one coordinator keeps busy.
//
//   mpirun --oversubscribe -n 3 build/bench/mpi_coordinator [--jobs 20000] [--job-seconds 2.0]
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "search/campaign/campaign.hpp"
#include "search/campaign/executor.hpp"
#include "search/campaign/recorder.hpp"
#include "search/config/campaign_config.hpp"
#include "search/distributed/distributed.hpp"
#include "search/distributed/mpi_executor.hpp"

namespace {

using namespace actsearch;
using Clock = std::chrono::steady_clock;

constexpr const char* kConfig = R"(name: coordinator-bench
seed: 1
workers: 1
task:
  name: nothing
  dataset: {kind: two_spirals, examples: 48, validation_examples: 16, test_examples: 8}
  model: {hidden: [2]}
  training: {epochs: 1, batch_size: 16}
strategy: {kind: list, expressions: [x]}
fidelity:
  rungs: [{train_examples: 16, epochs: 1, seeds: 1}]
baselines: [relu]
)";

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

int coordinator(search::distributed::Session& session, long jobs, double job_seconds) {
  auto config = search::parse_campaign_config(kConfig, "");
  if (!config) {
    fmt::print(stderr, "error: {}\n", config.error().describe());
    return 1;
  }
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("actsearch-mpi-bench-{}", getpid());
  std::filesystem::create_directories(dir);
  auto database = db::Database::open(dir / "bench.db", db::OpenMode::ReadWrite);
  if (!database) {
    fmt::print(stderr, "error: {}\n", database.error().describe());
    return 1;
  }
  search::Recorder recorder(std::move(*database), search::identity_of(*config), nullptr);
  const trainer::DataFingerprint data = trainer::fingerprint(*trainer::load_dataset(config->task.dataset));
  if (auto ok = recorder.open(data); !ok) {
    fmt::print(stderr, "error: {}\n", ok.error().describe());
    return 1;
  }
  // 64 distinct functions; every job is one of them with its own seed, as a campaign's runs are.
  const std::vector<std::string> shapes = {"tanh", "sin", "atan", "softsign", "sigmoid", "gelu", "elu", "softplus"};
  std::vector<std::unique_ptr<search::Candidate>> candidates;
  for (int k = 0; k < 64; ++k) {
    auto c = std::make_unique<search::Candidate>();
    const std::string text = fmt::format("{}(x) + {}*x", shapes[static_cast<std::size_t>(k % 8)], k / 8 + 1);
    c->canonical = expr::Expr::call(
        expr::primitive_id("add"),
        {expr::Expr::call(shapes[static_cast<std::size_t>(k % 8)], {expr::Expr::x()}),
         expr::Expr::call(expr::primitive_id("mul"), {expr::Expr::constant(k / 8 + 1), expr::Expr::x()})});
    c->text = text;
    c->origin = db::CandidateOrigin::List;
    c->proposal_index = k;
    if (auto ok = recorder.store_new(*c, {.fingerprint = "bench-" + text,
                                          .equivalence = "bench-" + text,
                                          .latex = text,
                                          .complexity = 3,
                                          .proposed_text = text});
        !ok) {
      fmt::print(stderr, "error: {}\n", ok.error().describe());
      return 1;
    }
    candidates.push_back(std::move(c));
  }
  std::vector<trainer::TrainJob> batch;
  std::vector<search::PlannedRun> runs;
  for (long i = 0; i < jobs; ++i) {
    search::Candidate* c = candidates[static_cast<std::size_t>(i % 64)].get();
    trainer::TrainJob job;
    job.activation = c->canonical;
    job.seed = search::evaluation_seed(1, 0, static_cast<int>(i / 64));
    job.epochs = 1;
    job.train_examples = 16;
    batch.push_back(job);
    runs.push_back({c, 0, job.seed});
  }
  const trainer::JobBudget budget = trainer::budget_of(config->task, batch.front());

  search::distributed::CoordinatorOptions options;
  options.extra_in_flight = 16;  // keep the workers' queues full: rank 0 is what is measured
  search::distributed::MpiExecutor executor(session, search::executor_settings(*config), nullptr, options);
  if (auto ok = executor.prepare(); !ok) {
    fmt::print(stderr, "error: {}\n", ok.error().describe());
    return 1;
  }
  const auto mark_start = Clock::now();
  if (auto ok = recorder.mark_running(runs, budget, executor.name()); !ok) {
    fmt::print(stderr, "error: {}\n", ok.error().describe());
    return 1;
  }
  const double mark_seconds = seconds(Clock::now() - mark_start);
  const auto start = Clock::now();
  auto trained =
      executor.train(batch, [&](std::size_t index, const trainer::TrainResult& result, const search::Placement& where) {
        if (auto ok = recorder.record(runs[index], result, budget, where); !ok)
          throw search::StorageFailure(ok.error());
      });
  const double wall = seconds(Clock::now() - start);
  if (!trained) {
    fmt::print(stderr, "error: {}\n", trained.error().describe());
    return 1;
  }
  const auto& s = executor.stats();
  const double n = static_cast<double>(s.jobs);
  const double busy = s.dispatch_seconds + s.receive_seconds + s.record_seconds + mark_seconds;
  fmt::print("{} jobs over {} workers ({}), {:.3f} s: {:.0f} jobs/s sustained by rank 0\n", s.jobs, session.size() - 1,
             executor.name(), wall, n / wall);
  fmt::print(
      "rank 0 per job: dispatch {:.1f} us, receive {:.1f} us, record in SQLite {:.1f} us, mark running {:.1f} "
      "us; idle {:.1f} us\n",
      1e6 * s.dispatch_seconds / n, 1e6 * s.receive_seconds / n, 1e6 * s.record_seconds / n, 1e6 * mark_seconds / n,
      1e6 * s.idle_seconds / n);
  fmt::print("rank 0 busy {:.1f} us per job: at most {:.0f} jobs/s with workers that never keep it waiting\n",
             1e6 * busy / n, n / busy);
  if (job_seconds > 0) {
    fmt::print("at {:.2f} s per job, one coordinator keeps about {:.0f} single-threaded workers busy\n", job_seconds,
               job_seconds * n / busy);
  }

  // The peer: the same records written by themselves (what a coordinator pays even with no transport).
  auto peer_db = db::Database::open(dir / "peer.db", db::OpenMode::ReadWrite);
  if (!peer_db) return 1;
  search::Recorder peer(std::move(*peer_db), search::identity_of(*config), nullptr);
  if (!peer.open(data)) return 1;
  for (auto& c : candidates) {
    if (!peer.store_new(*c, {.fingerprint = "bench-" + c->text,
                             .equivalence = "bench-" + c->text,
                             .latex = c->text,
                             .complexity = 3,
                             .proposed_text = c->text}))
      return 1;
  }
  trainer::TrainResult sample =
      trainer::train_one(config->task, *trainer::load_dataset(config->task.dataset), batch[0]);
  const auto peer_start = Clock::now();
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (!peer.record(runs[i], sample, budget, search::Placement{"cpu", "host", 1})) return 1;
  }
  const double peer_seconds = seconds(Clock::now() - peer_start);
  fmt::print("peer: the same {} records straight into SQLite, no transport: {:.1f} us per job ({:.0f} jobs/s)\n",
             runs.size(), 1e6 * peer_seconds / n, n / peer_seconds);
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  long jobs = 20000;
  double job_seconds = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--jobs") == 0) jobs = std::atol(argv[i + 1]);
    if (std::strcmp(argv[i], "--job-seconds") == 0) job_seconds = std::atof(argv[i + 1]);
  }
  auto session = search::distributed::Session::start();
  if (!session) {
    fmt::print(stderr, "error: {}\n", session.error().describe());
    return 1;
  }
  if ((*session)->size() < 2) {
    fmt::print(stderr, "error: run under mpirun with at least 2 processes\n");
    return 1;
  }
  if ((*session)->rank() != 0) {
    auto worker = search::distributed::run_worker(**session);
    if (!worker) fmt::print(stderr, "rank {}: {}\n", (*session)->rank(), worker.error().describe());
    return worker ? 0 : 1;
  }
  const int code = coordinator(**session, jobs, job_seconds);
  if (code != 0) (*session)->set_failed();
  return code;
}
