// The single-job training loop, shared by train_one() and the parallel CpuBackend.
#pragma once

#include "trainer/backend.hpp"

namespace actsearch::expr {
class Program;
}

namespace actsearch::trainer {

// Trains `job` with its activation already compiled (`training` with derivatives, `inference`
// without). Throws only on programmer errors; callers turn exceptions into Failed results.
TrainResult train_compiled(const TaskSpec& task, const Dataset& data, const TrainJob& job,
                           const expr::Program& training, const expr::Program& inference);

}  // namespace actsearch::trainer
