// Allocators for tests that fail one chosen allocation: SQLite's (sqlite3_config(SQLITE_CONFIG_MALLOC),
// which must be set before SQLite initialises, so this binary sets it while it starts) and C++'s (this
// binary replaces operator new). Both pass every call through until armed; armed, they count the
// allocations of every thread and fail the k-th: SQLite's returns null, operator new throws std::bad_alloc
// (its nothrow forms return null).
#pragma once

#include <cstdint>

namespace actsearch::testing {

enum class Allocator { Sqlite, Cpp };

class FailingAllocators {
 public:
  // Whether SQLite took the wrapped allocator (it refuses once initialised).
  static bool sqlite_installed();
  // Counts `which`'s allocations from now on and fails the k-th (1-based); k = 0 counts without failing.
  static void arm(Allocator which, std::int64_t k);
  static void disarm();
  static std::int64_t calls();
  static bool fired();

  // Between suspend() and resume(), allocations are neither counted nor failed (a test's own checks); nestable.
  static void suspend();
  static void resume();
};

}  // namespace actsearch::testing
