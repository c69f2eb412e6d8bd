// The result a script writes (docs/EXTERNAL.md), read into a TrainResult. Nothing in it crashes
// anything: text that is not a result, a missing metric or a wrong type makes a Failed result that says
// what is wrong; a non-finite metric, NaN or Infinity tokens included, or "diverged": true makes a
// Diverged one.
#pragma once

#include <cstddef>
#include <string_view>

#include "trainer/backend.hpp"

namespace actsearch::external {

// `parameters`: how many trainable constants the candidate has (each layer's learned list has that many).
trainer::TrainResult read_result(std::string_view text, std::size_t parameters);

}  // namespace actsearch::external
