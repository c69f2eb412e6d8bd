// The messages of a distributed campaign (search/distributed.hpp) as bytes: what rank 0 sends its
// workers (the task, the data set's hash, training jobs) and what they send back (their readiness,
// results). Plain C++, no MPI: the transport moves these byte strings and nothing else. Numbers travel
// bit for bit (doubles as their IEEE-754 bits, little-endian), so a worker's result is the very result a
// local run computes; expressions travel as their trees (primitive names, constants' bits), not as
// text that would have to be parsed and simplified again.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/expected.hpp"
#include "search/config/campaign_config.hpp"
#include "trainer/backend.hpp"
#include "trainer/dataset.hpp"
#include "trainer/task.hpp"

namespace actsearch::search::wire {

// Bumped whenever a message's layout changes; a worker built from other sources fails its set-up.
inline constexpr std::uint32_t kProtocolVersion = 3;

// MPI tags of the messages (one message type per tag).
enum class Tag : int {
  Setup = 1,      // rank 0 -> worker: Setup
  Ready = 2,      // worker -> rank 0: Ready
  Failed = 3,     // worker -> rank 0: Failure, at set-up or later (the worker then waits for Shutdown)
  Job = 4,        // rank 0 -> worker: JobMessage
  Result = 5,     // worker -> rank 0: ResultMessage
  Heartbeat = 6,  // worker -> rank 0: empty; sent while training so rank 0 can tell a silent worker
  Shutdown = 7,   // rank 0 -> worker: Shutdown
};

struct Setup {
  std::uint32_t protocol = kProtocolVersion;
  trainer::TaskSpec task;
  std::string dataset_hash;  // dataset_hash() of rank 0's copy of the task's data
  std::string coordinator_host;
  Device device = Device::Auto;
  int workers = 0;  // the config's `workers`: training threads per worker process (0 = its cores)
};

struct Ready {
  std::string host;
  std::string device;  // the backend's name, what the evaluations record
  int slots = 1;       // jobs it trains at the same time
};

struct Failure {
  std::string message;
};

struct JobMessage {
  std::uint64_t id = 0;
  trainer::TrainJob job;
};

struct ResultMessage {
  std::uint64_t id = 0;
  trainer::TrainResult result;
};

struct Shutdown {
  bool coordinator_failed = false;  // rank 0 stopped on an error (it reports it)
};

std::string encode(const Setup& m);
std::string encode(const Ready& m);
std::string encode(const Failure& m);
std::string encode(const JobMessage& m);
std::string encode(const ResultMessage& m);
std::string encode(const Shutdown& m);

// The inverses; a message that is truncated, too long or malformed is an error saying so.
Expected<Setup> decode_setup(std::string_view bytes);
Expected<Ready> decode_ready(std::string_view bytes);
Expected<Failure> decode_failure(std::string_view bytes);
Expected<JobMessage> decode_job(std::string_view bytes);
Expected<ResultMessage> decode_result(std::string_view bytes);
Expected<Shutdown> decode_shutdown(std::string_view bytes);

// Expressions alone (the part of a job that is a tree).
std::string encode(const expr::Expr& e);
Expected<expr::Expr> decode_expr(std::string_view bytes);

// FNV-1a 64 over a loaded data set: sizes, features and labels of the three splits after splitting and
// standardisation, so two copies that would train differently never hash alike. 16 hex digits.
std::string dataset_hash(const trainer::Dataset& data);

}  // namespace actsearch::search::wire
