#include "tests/faults/failing_allocators.hpp"

#include <sqlite3.h>

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace actsearch::testing {
namespace {

struct AllocationState {
  std::atomic<int> armed{-1};  // the Allocator counted, or -1
  std::atomic<std::int64_t> target{0};
  std::atomic<std::int64_t> count{0};
  std::atomic<int> paused{0};
  std::atomic<bool> fired{false};
};

// Constant-initialised, so that allocations made before main() (static constructors) find it ready.
constinit AllocationState allocation_state;

// True when this allocation of `which` is the one to fail.
bool should_fail(Allocator which) {
  if (allocation_state.armed.load(std::memory_order_relaxed) != static_cast<int>(which) ||
      allocation_state.paused.load(std::memory_order_relaxed) > 0) {
    return false;
  }
  if (++allocation_state.count != allocation_state.target.load()) return false;
  allocation_state.fired = true;
  return true;
}

sqlite3_mem_methods real_sqlite{};

void* sqlite_malloc(int n) { return should_fail(Allocator::Sqlite) ? nullptr : real_sqlite.xMalloc(n); }
void* sqlite_realloc(void* p, int n) { return should_fail(Allocator::Sqlite) ? nullptr : real_sqlite.xRealloc(p, n); }

// Before main(), so before anything in this binary can initialise SQLite.
const bool sqlite_wrapped = [] {
  if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_sqlite) != SQLITE_OK) return false;
  sqlite3_mem_methods wrapped = real_sqlite;
  wrapped.xMalloc = sqlite_malloc;
  wrapped.xRealloc = sqlite_realloc;
  return sqlite3_config(SQLITE_CONFIG_MALLOC, &wrapped) == SQLITE_OK;
}();

}  // namespace

bool FailingAllocators::sqlite_installed() { return sqlite_wrapped; }

void FailingAllocators::arm(Allocator which, std::int64_t k) {
  allocation_state.armed = -1;
  allocation_state.count = 0;
  allocation_state.fired = false;
  allocation_state.target = k;
  allocation_state.armed = static_cast<int>(which);
}

void FailingAllocators::disarm() { allocation_state.armed = -1; }
std::int64_t FailingAllocators::calls() { return allocation_state.count.load(); }
bool FailingAllocators::fired() { return allocation_state.fired.load(); }

void FailingAllocators::suspend() { ++allocation_state.paused; }
void FailingAllocators::resume() { --allocation_state.paused; }

// The C++ side, reached from the replaced operator new below.
void* cpp_allocate(std::size_t n, std::size_t alignment, bool nothrow) {
  if (should_fail(Allocator::Cpp)) {
    if (nothrow) return nullptr;
    throw std::bad_alloc();
  }
  if (n == 0) n = 1;
  void* p = nullptr;
  if (alignment <= alignof(std::max_align_t)) {
    p = std::malloc(n);
  } else {
    p = std::aligned_alloc(alignment, (n + alignment - 1) / alignment * alignment);
  }
  if (p == nullptr && !nothrow) throw std::bad_alloc();
  return p;
}

}  // namespace actsearch::testing

using actsearch::testing::cpp_allocate;

void* operator new(std::size_t n) { return cpp_allocate(n, 0, false); }
void* operator new[](std::size_t n) { return cpp_allocate(n, 0, false); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return cpp_allocate(n, 0, true); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return cpp_allocate(n, 0, true); }
void* operator new(std::size_t n, std::align_val_t a) { return cpp_allocate(n, static_cast<std::size_t>(a), false); }
void* operator new[](std::size_t n, std::align_val_t a) { return cpp_allocate(n, static_cast<std::size_t>(a), false); }
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return cpp_allocate(n, static_cast<std::size_t>(a), true);
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return cpp_allocate(n, static_cast<std::size_t>(a), true);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
