// A SQLite VFS for tests that fails one chosen I/O call: SQLite's own way of proving that every failed
// write, sync, read or lock is survived (its "I/O error" tests). Registered as the default VFS over the
// one SQLite would use, it passes every call through, counts reads, writes, syncs and locks of every file
// (database, WAL, journal) from arm() on, and answers the k-th with an error instead of doing it.
#pragma once

#include <cstdint>
#include <string>

namespace actsearch::testing {

enum class IoCall { Read, Write, Sync, Lock };
std::string to_string(IoCall call);

// What the k-th call answers: xRead SQLITE_IOERR_READ, xSync SQLITE_IOERR_FSYNC, xLock SQLITE_IOERR_LOCK;
// xWrite SQLITE_IOERR_WRITE for odd k and SQLITE_FULL (the disk is full) for even k.
class FaultyVfs {
 public:
  // Registers the shim as the default VFS (once per process).
  static void install();
  // Counts calls from now on and fails the k-th (1-based); k = 0 counts without failing.
  static void arm(std::int64_t k);
  static void disarm();
  static std::int64_t calls();  // counted since the last arm()
  static bool fired();
  static IoCall fired_call();
  static int fired_code();  // the SQLite result code answered

  // Between suspend() and resume(), calls are neither counted nor failed (a test's own reads); nestable.
  static void suspend();
  static void resume();
};

}  // namespace actsearch::testing
