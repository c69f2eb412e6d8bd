// A worker rank: set up from rank 0's task, then train what it is sent on its own threads (or GPU)
// while the main thread, the only one that calls MPI, passes jobs in and results out.
#include <sched.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "search/campaign/backend_choice.hpp"
#include "search/distributed/src/mpi/transport.hpp"
#include "search/distributed/src/wire.hpp"

namespace actsearch::search::distributed {
namespace {

using Clock = std::chrono::steady_clock;

// Cores this process may run on (what mpirun or srun gave it), at least 1.
int usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

// Trains queued jobs on its own threads and collects the results for the main thread.
class Trainer {
 public:
  // CPU: `threads` threads each training one job at a time (trainer::train_one, what CpuBackend runs per
  // job, so the numbers are a local run's). Another backend (a GPU's) trains everything queued as one
  // batch on one thread.
  Trainer(const trainer::TaskSpec& task, const trainer::Dataset& data,
          std::unique_ptr<trainer::TrainingBackend> backend, int threads)
      : task_(task), data_(data), backend_(std::move(backend)) {
    const bool cpu = dynamic_cast<trainer::CpuBackend*>(backend_.get()) != nullptr;
    slots_ = cpu ? threads : kBatchSlots;
    for (int i = 0; i < (cpu ? threads : 1); ++i) {
      threads_.emplace_back([this, cpu] { cpu ? run_cpu() : run_batches(); });
    }
  }
  ~Trainer() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      queue_.clear();
    }
    wake_.notify_all();
    for (auto& t : threads_) t.join();
  }

  int slots() const { return slots_; }
  std::string name() const { return backend_->name(); }

  void add(wire::JobMessage job) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(job));
      ++in_flight_;
    }
    wake_.notify_one();
  }
  int in_flight() {
    std::lock_guard lock(mutex_);
    return in_flight_;
  }
  // Results finished since the last call; waits up to `wait` for one when there are none.
  std::vector<wire::ResultMessage> take(std::chrono::microseconds wait) {
    std::unique_lock lock(mutex_);
    if (done_.empty() && wait.count() > 0) finished_.wait_for(lock, wait, [this] { return !done_.empty(); });
    std::vector<wire::ResultMessage> out(std::make_move_iterator(done_.begin()), std::make_move_iterator(done_.end()));
    done_.clear();
    in_flight_ -= static_cast<int>(out.size());
    return out;
  }

 private:
  static constexpr int kBatchSlots = 64;

  void finish(std::uint64_t id, trainer::TrainResult result) {
    {
      std::lock_guard lock(mutex_);
      done_.push_back({id, std::move(result)});
    }
    finished_.notify_one();
  }

  void run_cpu() {
    for (;;) {
      wire::JobMessage job;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
        job = std::move(queue_.front());
        queue_.pop_front();
      }
      finish(job.id, trainer::train_one(task_, data_, job.job));
    }
  }

  void run_batches() {
    for (;;) {
      std::vector<wire::JobMessage> batch;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
        batch.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
        queue_.clear();
      }
      std::vector<trainer::TrainJob> jobs;
      for (const auto& j : batch) jobs.push_back(j.job);
      backend_->train(task_, data_, jobs,
                      [&](std::size_t index, const trainer::TrainResult& result) { finish(batch[index].id, result); });
    }
  }

  const trainer::TaskSpec& task_;
  const trainer::Dataset& data_;
  std::unique_ptr<trainer::TrainingBackend> backend_;
  int slots_ = 1;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable finished_;
  std::deque<wire::JobMessage> queue_;
  std::deque<wire::ResultMessage> done_;
  int in_flight_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

// Sets up from rank 0's message: the data set from this machine's disk, checked against rank 0's hash,
// and the backend. An error is what rank 0 reports for this worker.
struct Setup {
  wire::Setup spec;
  trainer::Dataset data;
  std::unique_ptr<trainer::TrainingBackend> backend;
  int threads = 1;
};

Expected<Setup> set_up(Session& session, const std::string& bytes) {
  auto spec = wire::decode_setup(bytes);
  if (!spec) return fail(spec.error());
  Setup s;
  s.spec = std::move(*spec);
  const trainer::TaskSpec& task = s.spec.task;
  const std::string where = "on " + session.host();
  auto data = trainer::load_dataset(task.dataset);
  if (!data) {
    return fail(where + ": cannot load the data set of task '" + task.name + "': " + data.error().describe());
  }
  const std::string hash = wire::dataset_hash(*data);
  if (hash != s.spec.dataset_hash) {
    return fail(where + ": the data set of task '" + task.name + "' (" + task.dataset.dir.string() +
                ") differs from rank 0's on " + s.spec.coordinator_host + ": hash " + hash + " here, " +
                s.spec.dataset_hash + " there; every machine needs the same files");
  }
  s.data = std::move(*data);
  s.threads = s.spec.workers > 0 ? s.spec.workers : usable_cores();
  auto backend = make_backend(s.spec.device, s.threads, nullptr, &task);
  if (!backend) return fail(where + ": " + backend.error().describe());
  s.backend = std::move(*backend);
  return s;
}

// Serves rank 0 until it says stop. `reported` tells whether rank 0 already knows of the error returned.
Expected<void> serve(Session& session, bool& reported, WorkerSummary& summary) {
  std::optional<Setup> setup;
  std::unique_ptr<Trainer> trainer;
  bool setup_failed = false;
  Backoff backoff;
  auto last_sent = Clock::now();
  for (;;) {
    auto message = poll(0);
    if (!message) return fail(message.error());
    if (*message) {
      backoff.reset();
      Message& m = **message;
      switch (m.tag) {
        case wire::Tag::Setup: {
          if (trainer) return fail("rank 0 sent a second set-up");
          auto ready = set_up(session, m.bytes);
          if (!ready) {
            setup_failed = true;
            reported = true;
            if (auto ok = send(0, wire::Tag::Failed, wire::encode(wire::Failure{ready.error().describe()})); !ok) {
              return ok;
            }
            break;
          }
          setup.emplace(std::move(*ready));
          trainer = std::make_unique<Trainer>(setup->spec.task, setup->data, std::move(setup->backend), setup->threads);
          const wire::Ready hello{session.host(), trainer->name(), trainer->slots()};
          if (auto ok = send(0, wire::Tag::Ready, wire::encode(hello)); !ok) return ok;
          break;
        }
        case wire::Tag::Job: {
          if (!trainer) return fail("rank 0 sent a job before a set-up");
          auto job = wire::decode_job(m.bytes);
          if (!job) return fail(job.error());
          trainer->add(std::move(*job));
          break;
        }
        case wire::Tag::Shutdown: {
          auto shutdown = wire::decode_shutdown(m.bytes);
          if (!shutdown) return fail(shutdown.error());
          trainer.reset();  // jobs not started are dropped; running ones finish
          summary.coordinator_failed = shutdown->coordinator_failed;
          if (setup_failed) return fail("set-up failed (reported by rank 0)");
          reported = true;  // nothing to report
          return {};
        }
        default: return fail("unexpected message from rank 0 (tag " + std::to_string(static_cast<int>(m.tag)) + ")");
      }
      continue;
    }
    if (!trainer) {
      backoff.sleep();
      continue;
    }
    // Nothing arrived: hand back what finished, waiting for it a little while jobs run.
    const auto results = trainer->take(trainer->in_flight() > 0 ? backoff.next() : std::chrono::microseconds(0));
    for (const auto& r : results) {
      if (auto ok = send(0, wire::Tag::Result, wire::encode(r)); !ok) return ok;
      ++summary.jobs_trained;
      last_sent = Clock::now();
    }
    if (!results.empty()) {
      backoff.reset();
    } else if (trainer->in_flight() == 0) {
      backoff.sleep();
    } else if (Clock::now() - last_sent > std::chrono::seconds(1)) {
      if (auto ok = send(0, wire::Tag::Heartbeat, std::string()); !ok) return ok;
      last_sent = Clock::now();
    }
  }
}

}  // namespace

Expected<WorkerSummary> run_worker(Session& session) {
  if (session.rank() == 0) return fail("run_worker called on rank 0");
  bool reported = false;
  WorkerSummary summary;
  auto served = serve(session, reported, summary);
  if (served) return summary;
  if (reported) return fail(served.error());
  // Rank 0 would wait for this worker's results: tell it, then wait for its shutdown.
  (void)send(0, wire::Tag::Failed, wire::encode(wire::Failure{served.error().describe()}));
  Backoff backoff;
  for (;;) {
    auto message = poll(0);
    if (!message) break;
    if (*message && (**message).tag == wire::Tag::Shutdown) break;
    if (*message) {
      backoff.reset();
    } else {
      backoff.sleep();
    }
  }
  return fail(served.error());
}

}  // namespace actsearch::search::distributed
