#include "report/refresher.hpp"

#include <algorithm>

namespace actsearch::report {

ReportRefresher::ReportRefresher(Options options)
    : options_(std::move(options)), next_due_(std::chrono::steady_clock::now() + options_.min_interval) {
  worker_ = std::thread([this] { work(); });
}

ReportRefresher::~ReportRefresher() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void ReportRefresher::poke() {
  {
    std::lock_guard lock(mutex_);
    if (stop_ || busy_ || requested_ || std::chrono::steady_clock::now() < next_due_) return;
    requested_ = true;
  }
  wake_.notify_all();
}

int ReportRefresher::refreshes() const {
  std::lock_guard lock(mutex_);
  return refreshes_;
}

Expected<void> ReportRefresher::write_once() const {
  // A fresh connection each time: nothing is held open between refreshes.
  auto database = db::Database::open(options_.database, db::OpenMode::ReadOnly);
  if (!database) return fail(database.error());
  return write_report(*database, options_.report, options_.output);
}

void ReportRefresher::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return requested_ || stop_; });
    if (stop_) return;
    requested_ = false;
    busy_ = true;
    lock.unlock();
    const auto start = std::chrono::steady_clock::now();
    // Early in a run the campaign may not be stored yet; the next poke tries again.
    const bool written = static_cast<bool>(write_once());
    const auto took = std::chrono::steady_clock::now() - start;
    lock.lock();
    busy_ = false;
    refreshes_ += written;
    next_due_ = std::chrono::steady_clock::now() +
                std::max<std::chrono::steady_clock::duration>(options_.min_interval, 4 * took);
  }
}

Expected<void> ReportRefresher::finish() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
  return write_once();
}

}  // namespace actsearch::report
