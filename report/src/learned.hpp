// Trainable constants as training left them: computed in search/learned.hpp (the campaign stores the
// likeness there), read by the views under these names.
#pragma once

#include "search/learned.hpp"

namespace actsearch::report {

using search::layer_mean;
using search::learned_constants;
using search::LearnedConstants;

}  // namespace actsearch::report
