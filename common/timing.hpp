// Wall-clock and CPU timing, and the one human format for durations.
#pragma once

#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

namespace actsearch::timing {

// User + system CPU seconds this process has used (all its threads): beside wall time, it shows how
// much of the machine a benchmark really had.
inline double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

// Seconds since construction (or the last restart), on the monotonic clock.
class Stopwatch {
 public:
  using Clock = std::chrono::steady_clock;
  Stopwatch() : start_(Clock::now()) {}
  double seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  void restart() { start_ = Clock::now(); }

 private:
  Clock::time_point start_;
};

// Rounded to whole seconds: "42s", "3m05s", "2h07m" (hours drop the seconds); "?" when unknown
// (negative or not finite, e.g. an ETA before anything finished).
inline std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const long s = std::lround(seconds);
  char buffer[48];
  if (s >= 3600) {
    std::snprintf(buffer, sizeof buffer, "%ldh%02ldm", s / 3600, (s % 3600) / 60);
  } else if (s >= 60) {
    std::snprintf(buffer, sizeof buffer, "%ldm%02lds", s / 60, s % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%lds", s);
  }
  return buffer;
}

}  // namespace actsearch::timing
