// Trainable constants as training left them: computed in search/learned.hpp (the campaign stores the
// likeness there), read by the views under these names.
#pragma once

#include "probes/learned.hpp"

namespace actsearch::report {

using probes::layer_mean;
using probes::learned_constants;
using probes::LearnedConstants;

}  // namespace actsearch::report
