// Whether an MPI launcher started this process: the same answer with or without MPI in the build, so a
// build without it can say so instead of running N independent copies of the campaign.
#include <cstdlib>

#include "search/distributed/distributed.hpp"

namespace actsearch::search::distributed {

bool launched() {
  // Open MPI's mpirun, any PMIx launcher (srun --mpi=pmix, prun), and PMI-1/2 launchers (MPICH's
  // hydra, srun --mpi=pmi2).
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
    if (std::getenv(variable) != nullptr) return true;
  }
  return false;
}

}  // namespace actsearch::search::distributed
