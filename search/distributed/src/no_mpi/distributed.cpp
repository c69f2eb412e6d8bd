// search/distributed.hpp in a build without MPI: nothing can start, and the reason says how to get it.
#include "search/distributed/distributed.hpp"

namespace actsearch::search::distributed {
namespace {

Unexpected unavailable() {
  return fail(
      "this actsearch was built without MPI, so it cannot run a campaign under mpirun or srun: install Open MPI "
      "(scripts/setup.sh installs libopenmpi-dev) and build again, or run `actsearch run` without a launcher");
}

}  // namespace

struct Session::State {};

bool available() { return false; }

Expected<std::unique_ptr<Session>> Session::start() { return unavailable(); }
Session::Session(std::unique_ptr<State> state) : state_(std::move(state)) {}
Session::~Session() = default;
int Session::rank() const { return 0; }
int Session::size() const { return 1; }
const std::string& Session::host() const {
  static const std::string none;
  return none;
}
void Session::set_failed() {}

Expected<RunSummary> run_coordinator(Session&, const CampaignConfig&, const RunOptions&, const CoordinatorOptions&,
                                     CoordinatorStats*) {
  return unavailable();
}

Expected<WorkerSummary> run_worker(Session&) { return unavailable(); }

}  // namespace actsearch::search::distributed
