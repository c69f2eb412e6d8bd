// How a stored function is shown to people: trainable constants by name, their values listed beside.
// The canonical text (`relu(x) - alpha=0.25*relu(-x)`) stays what the database and JSON carry; a table
// shows `relu(x) - alpha*relu(-x)` with `alpha = 0.25` next to it.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace actsearch::report {

struct DisplayedFunction {
  std::string text;                                    // constants by name only
  std::vector<std::pair<std::string, double>> values;  // each constant's initial value, first appearance first
  // "alpha = 0.25, beta = 1" (empty without constants).
  std::string values_text() const;
  // text, then "  (values_text)" when there are constants.
  std::string with_values() const;
};

// A canonical text that does not parse (a foreign or damaged row) is shown as it is, without values.
DisplayedFunction display_function(std::string_view canonical_text);

}  // namespace actsearch::report
