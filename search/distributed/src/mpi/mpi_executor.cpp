#include "search/distributed/mpi_executor.hpp"

#include <algorithm>
#include <deque>
#include <set>

#include "search/campaign/backend_choice.hpp"
#include "search/distributed/src/mpi/transport.hpp"
#include "search/distributed/src/wire.hpp"

namespace actsearch::search::distributed {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

}  // namespace

std::string MpiExecutor::who(const Worker& w) const { return "rank " + std::to_string(w.rank) + " on " + w.host; }

Expected<void> MpiExecutor::lost(const Worker& w, const std::string& why) const {
  session_.state().worker_lost = true;
  return fail(who(w) + " " + why + " with " + std::to_string(w.in_flight.size()) +
              " job(s) in flight; every finished evaluation is stored, run the same command again to resume");
}

Expected<trainer::DataFingerprint> MpiExecutor::data_fingerprint() {
  if (!data_) {
    if (log_) log_("loading data set for task '" + settings_.task.name + "' to check the workers' copies");
    auto data = load_task_data(settings_.task);
    if (!data) return fail("task '" + settings_.task.name + "': " + data.error().describe());
    data_ = std::move(data->fingerprint);
  }
  return *data_;
}

Expected<void> MpiExecutor::prepare() {
  if (prepared_) return {};
  auto data = data_fingerprint();
  if (!data) return fail(data.error());
  wire::Setup setup;
  setup.task = settings_.task;
  setup.dataset_hash = data->whole;
  setup.coordinator_host = session_.host();
  setup.device = settings_.device;
  setup.workers = settings_.workers;
  const std::string bytes = wire::encode(setup);
  const int size = session_.size();
  workers_.clear();
  for (int r = 1; r < size; ++r) {
    if (auto ok = send(r, wire::Tag::Setup, bytes); !ok) return ok;
    Worker w;
    w.rank = r;
    w.host = "rank " + std::to_string(r) + "'s host";
    workers_.push_back(w);
  }
  // Every worker answers once: ready or failed. The first failure is the error, after all have answered
  // (a worker still loading its data would otherwise get its shutdown mid-way, which is harmless, but
  // the report then names every worker that failed).
  std::vector<std::string> failures;
  std::set<int> waiting;
  for (int r = 1; r < size; ++r) waiting.insert(r);
  Backoff backoff;
  while (!waiting.empty()) {
    auto message = poll();
    if (!message) return fail(message.error());
    if (!*message) {
      backoff.sleep();
      continue;
    }
    backoff.reset();
    Message& m = **message;
    if (!waiting.count(m.source)) continue;  // a stale heartbeat
    Worker& w = workers_[static_cast<std::size_t>(m.source - 1)];
    if (m.tag == wire::Tag::Ready) {
      auto ready = wire::decode_ready(m.bytes);
      if (!ready) return fail("rank " + std::to_string(m.source) + ": " + ready.error().describe());
      w.host = ready->host;
      w.device = ready->device;
      w.slots = ready->slots;
      w.last_heard = Clock::now();
      waiting.erase(m.source);
      if (log_) log_(who(w) + " ready: " + w.device);
    } else if (m.tag == wire::Tag::Failed) {
      auto failure = wire::decode_failure(m.bytes);
      failures.push_back("rank " + std::to_string(m.source) + ": " +
                         (failure ? failure->message : failure.error().describe()));
      waiting.erase(m.source);
    }
  }
  if (!failures.empty()) {
    std::string message = failures.size() == 1 ? "a worker failed to set up: " : "workers failed to set up: ";
    for (std::size_t i = 0; i < failures.size(); ++i) message += (i ? "; " : "") + failures[i];
    return fail(message + " (nothing was trained)");
  }
  prepared_ = true;
  return {};
}

std::string MpiExecutor::name() const {
  std::set<std::string> devices;
  std::set<std::string> hosts;
  int slots = 0;
  for (const Worker& w : workers_) {
    devices.insert(w.device);
    hosts.insert(w.host);
    slots += w.slots;
  }
  std::string kinds;
  for (const auto& d : devices) kinds += (kinds.empty() ? "" : ", ") + d;
  return "mpi: " + std::to_string(workers_.size()) + " worker(s) on " + std::to_string(hosts.size()) + " host(s), " +
         std::to_string(slots) + " slot(s) (" + kinds + ")";
}

Expected<void> MpiExecutor::train(std::span<const trainer::TrainJob> jobs, const JobFinished& on_done) {
  if (!prepared_) return fail("the MPI executor trains only after prepare()");
  std::deque<std::size_t> queue;
  for (std::size_t i = 0; i < jobs.size(); ++i) queue.push_back(i);
  std::vector<bool> done(jobs.size(), false);
  std::size_t remaining = jobs.size();
  Backoff backoff;
  const auto now = Clock::now();
  for (Worker& w : workers_) w.last_heard = now;
  auto last_check = now;
  auto check_silence = [&]() -> Expected<void> {
    for (const Worker& w : workers_) {
      if (!w.in_flight.empty() && Clock::now() - w.last_heard > options_.silence_limit) {
        const auto limit = std::chrono::duration_cast<std::chrono::seconds>(options_.silence_limit).count();
        return lost(w, "stopped answering (nothing received for " + std::to_string(limit) + " s)");
      }
    }
    return {};
  };
  while (remaining > 0) {
    // Fill every free slot, least loaded worker first, so small batches spread over the workers.
    const auto dispatch_start = Clock::now();
    bool sent = true;
    while (!queue.empty() && sent) {
      sent = false;
      Worker* best = nullptr;
      for (Worker& w : workers_) {
        const auto capacity = static_cast<std::size_t>(w.slots + options_.extra_in_flight);
        if (w.in_flight.size() >= capacity) continue;
        if (!best || w.in_flight.size() * static_cast<std::size_t>(best->slots) <
                         best->in_flight.size() * static_cast<std::size_t>(w.slots)) {
          best = &w;
        }
      }
      if (!best) break;
      const std::size_t index = queue.front();
      queue.pop_front();
      const std::uint64_t id = next_id_++;
      if (auto ok = send(best->rank, wire::Tag::Job, wire::encode(wire::JobMessage{id, jobs[index]})); !ok) {
        return lost(*best, "cannot be reached (" + ok.error().message + ")");
      }
      if (best->in_flight.empty()) best->last_heard = Clock::now();
      best->in_flight.emplace(id, index);
      sent = true;
      ++stats_.jobs;
    }
    stats_.dispatch_seconds += seconds_since(dispatch_start);

    // A silent worker is looked for when nothing is waiting, and at least every second while results
    // keep coming from the others.
    if (Clock::now() - last_check > std::chrono::seconds(1)) {
      last_check = Clock::now();
      if (auto ok = check_silence(); !ok) return ok;
    }
    const auto receive_start = Clock::now();
    auto message = poll();
    if (!message) return fail(message.error());
    if (!*message) {
      stats_.receive_seconds += seconds_since(receive_start);
      const auto idle_start = Clock::now();
      if (auto ok = check_silence(); !ok) return ok;
      backoff.sleep();
      stats_.idle_seconds += seconds_since(idle_start);
      continue;
    }
    backoff.reset();
    Message& m = **message;
    if (m.source < 1 || m.source >= session_.size()) return fail("a message from rank " + std::to_string(m.source));
    Worker& w = workers_[static_cast<std::size_t>(m.source - 1)];
    w.last_heard = Clock::now();
    if (m.tag == wire::Tag::Heartbeat) {
      stats_.receive_seconds += seconds_since(receive_start);
      continue;
    }
    if (m.tag == wire::Tag::Failed) {
      auto failure = wire::decode_failure(m.bytes);
      return lost(w, "failed: " + (failure ? failure->message : failure.error().describe()) + ",");
    }
    if (m.tag != wire::Tag::Result) {
      return fail(who(w) + " sent an unexpected message (tag " + std::to_string(static_cast<int>(m.tag)) + ")");
    }
    auto result = wire::decode_result(m.bytes);
    if (!result) return fail(who(w) + ": " + result.error().describe());
    auto it = w.in_flight.find(result->id);
    if (it == w.in_flight.end()) {
      return fail(who(w) + " sent the result of job " + std::to_string(result->id) + ", which it was not given");
    }
    const std::size_t index = it->second;
    w.in_flight.erase(it);
    stats_.receive_seconds += seconds_since(receive_start);
    if (done[index]) return fail(who(w) + " sent a second result for job " + std::to_string(result->id));
    done[index] = true;
    --remaining;
    ++w.trained;
    const auto record_start = Clock::now();
    on_done(index, result->result, Placement{w.device, w.host, w.rank});
    stats_.record_seconds += seconds_since(record_start);
  }
  return {};
}

}  // namespace actsearch::search::distributed
