// Where a running campaign stands, as its caller sees it (the progress line, the report refresher). A
// plain struct with no code, so views can show progress without linking the campaign loop.
#pragma once

#include <string>

namespace actsearch::search {

struct Progress {
  int done = 0;     // evaluations finished (trained now or taken from the database)
  int total = 0;    // planned evaluations (an estimate until the search phase ends)
  int trained = 0;  // of `done`, trained in this run
  double elapsed_seconds = 0;
  std::string phase;            // "search", "rung 2", "final"
  std::string best_expression;  // best first-rung fitness so far
  double best_fitness = 0;
};

}  // namespace actsearch::search
