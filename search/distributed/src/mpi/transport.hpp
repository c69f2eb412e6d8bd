// The MPI side of a distributed campaign: the session's state, sending and receiving the byte strings
// of search/distributed/src/wire.hpp, and waiting without spinning (Open MPI's blocking calls poll at full speed,
// which on a machine with as many processes as cores takes the cores the trainers need).
#pragma once

#include <mpi.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include "common/expected.hpp"
#include "search/distributed/distributed.hpp"
#include "search/distributed/src/wire.hpp"

namespace actsearch::search::distributed {

struct Session::State {
  int rank = 0;
  int size = 1;
  std::string host;
  bool failed = false;
  // Rank 0 gave up on a worker that stopped answering: MPI_Finalize would wait for it forever, so the
  // session ends with MPI_Abort, which makes the launcher stop every process.
  bool worker_lost = false;
};

struct Message {
  int source = 0;
  wire::Tag tag = wire::Tag::Shutdown;
  std::string bytes;
};

// The text of an MPI error code.
std::string mpi_error(int code);

// Sends one message (blocking until MPI holds the bytes).
Expected<void> send(int rank, wire::Tag tag, const std::string& bytes);

// The next waiting message from `source` (MPI_ANY_SOURCE for any), or none; never blocks.
Expected<std::optional<Message>> poll(int source = MPI_ANY_SOURCE);

// Sleeps between polls that found nothing: from a few microseconds doubling to a millisecond, back to
// the start whenever something arrives.
class Backoff {
 public:
  void reset() { wait_ = std::chrono::microseconds(0); }
  std::chrono::microseconds next() {
    const auto now = wait_;
    wait_ = wait_.count() == 0 ? std::chrono::microseconds(5) : std::min(wait_ * 2, kLongest);
    return now;
  }
  void sleep() {
    const auto d = next();
    if (d.count() == 0) {
      std::this_thread::yield();
    } else {
      std::this_thread::sleep_for(d);
    }
  }

 private:
  static constexpr std::chrono::microseconds kLongest{1000};
  std::chrono::microseconds wait_{0};
};

}  // namespace actsearch::search::distributed
