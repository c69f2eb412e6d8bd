#include "search/campaign/executor.hpp"

#include <unistd.h>

#include <mutex>

#include "search/campaign/backend_choice.hpp"

namespace actsearch::search {

Executor::~Executor() = default;

ExecutorSettings executor_settings(const CampaignConfig& config) {
  return {.task = config.task, .device = config.device, .workers = config.workers};
}

Expected<void> LocalExecutor::load_data() {
  if (dataset_) return {};
  if (log_) log_("loading data set for task '" + settings_.task.name + "'");
  auto data = trainer::load_dataset(settings_.task.dataset);
  if (!data) return fail("task '" + settings_.task.name + "': " + data.error().describe());
  dataset_ = std::make_unique<trainer::Dataset>(std::move(*data));
  return {};
}

Expected<trainer::DataFingerprint> LocalExecutor::data_fingerprint() {
  if (auto ok = load_data(); !ok) return fail(ok.error());
  return trainer::fingerprint(*dataset_);
}

Expected<void> LocalExecutor::prepare() {
  if (auto ok = load_data(); !ok) return ok;
  if (!backend_) {
    auto backend = make_backend(settings_.device, settings_.workers, log_, &settings_.task);
    if (!backend) return fail(backend.error());
    backend_ = std::move(*backend);
    if (log_) log_("training on " + backend_->name());
  }
  return {};
}

std::string LocalExecutor::name() const { return backend_ ? backend_->name() : std::string(); }

Expected<void> LocalExecutor::train(std::span<const trainer::TrainJob> jobs, const JobFinished& on_done) {
  // The backends call back from their worker threads; the caller is promised one call at a time.
  std::mutex mutex;
  const Placement here{backend_->name(), host_name(), std::nullopt};
  backend_->train(settings_.task, *dataset_, jobs, [&](std::size_t index, const trainer::TrainResult& result) {
    std::lock_guard lock(mutex);
    on_done(index, result, here);
  });
  return {};
}

std::string host_name() {
  char buffer[256] = {};
  if (gethostname(buffer, sizeof buffer - 1) != 0) return "unknown";
  return buffer;
}

}  // namespace actsearch::search
