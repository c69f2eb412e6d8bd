// MPI start and stop, the transport of wire messages, and rank 0's entry point.
#include <mpi.h>

#include <cstdio>

#include "search/campaign/executor.hpp"
#include "search/distributed/mpi_executor.hpp"
#include "search/distributed/src/mpi/transport.hpp"

namespace actsearch::search::distributed {

bool available() { return true; }

std::string mpi_error(int code) {
  char text[MPI_MAX_ERROR_STRING] = {};
  int length = 0;
  if (MPI_Error_string(code, text, &length) != MPI_SUCCESS) return "MPI error " + std::to_string(code);
  return std::string(text, static_cast<std::size_t>(length));
}

Expected<void> send(int rank, wire::Tag tag, const std::string& bytes) {
  // MPI counts are int; no message of ours comes near 2 GiB, but a bad one must not wrap around.
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return fail("message of " + std::to_string(bytes.size()) + " bytes is too large to send");
  }
  const int code =
      MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, rank, static_cast<int>(tag), MPI_COMM_WORLD);
  if (code != MPI_SUCCESS) return fail("sending to rank " + std::to_string(rank) + " failed: " + mpi_error(code));
  return {};
}

Expected<std::optional<Message>> poll(int source) {
  int waiting = 0;
  MPI_Status status;
  int code = MPI_Iprobe(source, MPI_ANY_TAG, MPI_COMM_WORLD, &waiting, &status);
  if (code != MPI_SUCCESS) return fail("MPI_Iprobe failed: " + mpi_error(code));
  if (!waiting) return std::optional<Message>{};
  int count = 0;
  MPI_Get_count(&status, MPI_BYTE, &count);
  Message m;
  m.source = status.MPI_SOURCE;
  m.tag = static_cast<wire::Tag>(status.MPI_TAG);
  m.bytes.resize(static_cast<std::size_t>(count));
  code =
      MPI_Recv(m.bytes.data(), count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  if (code != MPI_SUCCESS) {
    return fail("receiving from rank " + std::to_string(status.MPI_SOURCE) + " failed: " + mpi_error(code));
  }
  return std::optional<Message>{std::move(m)};
}

Expected<std::unique_ptr<Session>> Session::start() {
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (initialised) return fail("MPI is already initialised in this process");
  // Only the main thread calls MPI; training threads hand their results to it.
  int provided = 0;
  if (const int code = MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided); code != MPI_SUCCESS) {
    return fail("MPI failed to start: " + mpi_error(code));
  }
  // Errors come back as codes, so they can be reported with the rank they concern.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  auto state = std::make_unique<State>();
  MPI_Comm_rank(MPI_COMM_WORLD, &state->rank);
  MPI_Comm_size(MPI_COMM_WORLD, &state->size);
  state->host = host_name();
  if (provided < MPI_THREAD_FUNNELED) {
    MPI_Finalize();
    return fail("this MPI library does not allow threads in an MPI process (MPI_THREAD_FUNNELED)");
  }
  return std::unique_ptr<Session>(new Session(std::move(state)));
}

Session::Session(std::unique_ptr<State> state) : state_(std::move(state)) {}

Session::~Session() {
  if (state_->worker_lost) {
    std::fflush(stdout);
    std::fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, 3);
  }
  if (state_->rank == 0) {
    const std::string bytes = wire::encode(wire::Shutdown{.coordinator_failed = state_->failed});
    for (int r = 1; r < state_->size; ++r) (void)send(r, wire::Tag::Shutdown, bytes);
  }
  MPI_Finalize();
}

int Session::rank() const { return state_->rank; }
int Session::size() const { return state_->size; }
const std::string& Session::host() const { return state_->host; }
void Session::set_failed() { state_->failed = true; }

Expected<RunSummary> run_coordinator(Session& session, const CampaignConfig& config, const RunOptions& options,
                                     const CoordinatorOptions& coordinator, CoordinatorStats* stats) {
  if (session.rank() != 0) return fail("run_coordinator called on rank " + std::to_string(session.rank()));
  if (session.size() < 2) {
    return fail(
        "a distributed campaign needs at least 2 processes (rank 0 coordinates, every other rank trains); this "
        "launch has 1: use `mpirun -n 3` or more, or run `actsearch run` without mpirun for one process");
  }
  const std::filesystem::path file = options.database.value_or(config.database);
  auto database = db::Database::open(file, db::OpenMode::ReadWrite);
  if (!database) return fail(database.error());
  MpiExecutor executor(session, executor_settings(config), options.log, coordinator);
  auto summary = run_campaign(config, std::move(*database), executor, options);
  if (stats) *stats = executor.stats();
  return summary;
}

}  // namespace actsearch::search::distributed
