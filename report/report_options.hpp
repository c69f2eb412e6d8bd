// What the campaign report shows: read by the snapshot (what to read from the database) and by the page
// (what to draw), so it sits below both.
#pragma once

#include <string>

namespace actsearch::report {

struct ReportOptions {
  std::string campaign;          // "" = the most recent
  int detailed_candidates = 24;  // leaderboard rows with probes, likeness, aliases and exports (and baselines)
  int plotted_functions = 8;     // best non-baseline functions drawn over the baselines, and their learning curves
  int forest_finalists = 12;     // best finalists in the forest plot (a large final round has hundreds)
};

}  // namespace actsearch::report
