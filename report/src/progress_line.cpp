#include "report/progress_line.hpp"

#include <fmt/format.h>

#include <cmath>

#include "common/timing.hpp"
#include "report/function_display.hpp"

namespace actsearch::report {

std::string ProgressLine::describe(const search::Progress& p) {
  const double rate = p.elapsed_seconds > 0 ? p.trained / p.elapsed_seconds : 0;
  const double eta = rate > 0 ? (p.total - p.done) / rate : NAN;
  std::string line = fmt::format("[{}] {}/{} evaluations  {:.2f}/s  ETA {}", p.phase, p.done, p.total, rate,
                                 p.done >= p.total ? "0s" : timing::format_duration(eta));
  if (!p.best_expression.empty()) {
    const std::string shown = display_function(p.best_expression).text;
    const std::string best = shown.size() > 48 ? shown.substr(0, 45) + "..." : shown;
    line += fmt::format("  best {:.4f} {}", p.best_fitness, best);
  }
  return line;
}

void ProgressLine::update(const search::Progress& p) {
  const auto now = std::chrono::steady_clock::now();
  const bool phase_changed = p.phase != last_phase_;
  if (!live_ && !phase_changed && now - last_print_ < std::chrono::seconds(15)) return;
  if (live_ && now - last_print_ < std::chrono::milliseconds(200) && p.done < p.total) return;
  last_print_ = now;
  last_phase_ = p.phase;
  const std::string line = describe(p);
  if (live_) {
    // Carriage return, the line, then erase what a longer previous line left to its right.
    std::fprintf(out_, "\r%s\033[K", line.c_str());
    dirty_ = true;
  } else {
    std::fprintf(out_, "%s\n", line.c_str());
  }
  std::fflush(out_);
}

void ProgressLine::log(const std::string& line) {
  if (dirty_) std::fprintf(out_, "\r\033[K");  // the event replaces the live line, which comes back next update
  dirty_ = false;
  std::fprintf(out_, "%s\n", line.c_str());
  std::fflush(out_);
}

void ProgressLine::finish() {
  if (dirty_) std::fprintf(out_, "\n");
  dirty_ = false;
  std::fflush(out_);
}

}  // namespace actsearch::report
