// The progress of a running campaign on standard error: on a terminal one line (phase, done/total,
// rate, ETA, best so far) redrawn in place; in logs and CI plain lines, one per phase and every 15 s.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>

#include "search/campaign/progress.hpp"

namespace actsearch::report {

class ProgressLine {
 public:
  // `live`: redraw in place (a terminal); otherwise append lines.
  ProgressLine(std::FILE* out, bool live) : out_(out), live_(live) {}
  ~ProgressLine() { finish(); }
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  void update(const search::Progress& p);
  // A line of its own (an event), below the live line, which is redrawn on the next update.
  void log(const std::string& line);
  // Ends the live line (a newline after it).
  void finish();

  // The text of one progress line, without redrawing codes.
  static std::string describe(const search::Progress& p);

 private:
  std::FILE* out_;
  bool live_;
  bool dirty_ = false;
  std::string last_phase_;
  std::chrono::steady_clock::time_point last_print_{};
};

}  // namespace actsearch::report
