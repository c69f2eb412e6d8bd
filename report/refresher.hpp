// Keeps a running campaign's HTML report fresh. The campaign's progress callback pokes it; when a
// refresh is due, a background thread opens its own read-only connection and writes the report from one
// read transaction. The run's thread never waits for it, and the WAL reader never blocks the writer.
// Refreshes are throttled to at most one per `min_interval`, and to 1/5 of the time (a report of a large
// database takes a while to build), so the reader uses little of the machine the run trains on.
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>

#include "common/expected.hpp"
#include "report/html.hpp"

namespace actsearch::report {

class ReportRefresher {
 public:
  struct Options {
    std::filesystem::path database;
    std::filesystem::path output;
    ReportOptions report;  // report.campaign names the campaign being run
    std::chrono::milliseconds min_interval{10'000};
  };

  explicit ReportRefresher(Options options);
  ~ReportRefresher();  // stops the background thread; a refresh in progress completes first
  ReportRefresher(const ReportRefresher&) = delete;
  ReportRefresher& operator=(const ReportRefresher&) = delete;

  // Cheap; call as often as progress is reported.
  void poke();
  // Waits for a refresh in progress, stops refreshing and writes the report once more, now.
  Expected<void> finish();
  // Refreshes written so far (finish() not counted).
  int refreshes() const;

 private:
  void work();
  Expected<void> write_once() const;

  Options options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool requested_ = false, busy_ = false, stop_ = false;
  int refreshes_ = 0;
  std::chrono::steady_clock::time_point next_due_;
  std::thread worker_;
};

}  // namespace actsearch::report
