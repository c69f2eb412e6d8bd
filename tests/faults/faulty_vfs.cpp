#include "tests/faults/faulty_vfs.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <mutex>

namespace actsearch::testing {
namespace {

struct VfsState {
  std::atomic<bool> armed{false};
  std::atomic<std::int64_t> target{0};
  std::atomic<std::int64_t> count{0};
  std::atomic<int> paused{0};
  std::atomic<bool> fired{false};
  std::atomic<int> fired_call{0};
  std::atomic<int> fired_code{0};
};

VfsState& vfs_state() {
  static VfsState s;
  return s;
}

sqlite3_vfs* real_vfs = nullptr;

// Each open file of the shim holds the real VFS's file right after it (szOsFile covers both).
struct File {
  sqlite3_file base;
  sqlite3_file* real;
};

sqlite3_file* real(sqlite3_file* f) { return reinterpret_cast<File*>(f)->real; }

// SQLITE_OK to pass the call through; else the error that the k-th counted call answers.
int inject(IoCall call, int error) {
  VfsState& s = vfs_state();
  if (!s.armed.load() || s.paused.load() > 0) return SQLITE_OK;
  const std::int64_t n = ++s.count;
  if (n != s.target.load()) return SQLITE_OK;
  s.fired_call = static_cast<int>(call);
  s.fired_code = error;
  s.fired = true;
  return error;
}

int x_close(sqlite3_file* f) { return real(f)->pMethods->xClose(real(f)); }
int x_read(sqlite3_file* f, void* buffer, int amount, sqlite3_int64 offset) {
  if (const int rc = inject(IoCall::Read, SQLITE_IOERR_READ)) return rc;
  return real(f)->pMethods->xRead(real(f), buffer, amount, offset);
}
int x_write(sqlite3_file* f, const void* buffer, int amount, sqlite3_int64 offset) {
  const int error = vfs_state().target.load() % 2 == 0 ? SQLITE_FULL : SQLITE_IOERR_WRITE;
  if (const int rc = inject(IoCall::Write, error)) return rc;
  return real(f)->pMethods->xWrite(real(f), buffer, amount, offset);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 size) { return real(f)->pMethods->xTruncate(real(f), size); }
int x_sync(sqlite3_file* f, int flags) {
  if (const int rc = inject(IoCall::Sync, SQLITE_IOERR_FSYNC)) return rc;
  return real(f)->pMethods->xSync(real(f), flags);
}
int x_file_size(sqlite3_file* f, sqlite3_int64* size) { return real(f)->pMethods->xFileSize(real(f), size); }
int x_lock(sqlite3_file* f, int level) {
  if (const int rc = inject(IoCall::Lock, SQLITE_IOERR_LOCK)) return rc;
  return real(f)->pMethods->xLock(real(f), level);
}
int x_unlock(sqlite3_file* f, int level) { return real(f)->pMethods->xUnlock(real(f), level); }
int x_check_reserved_lock(sqlite3_file* f, int* out) { return real(f)->pMethods->xCheckReservedLock(real(f), out); }
int x_file_control(sqlite3_file* f, int op, void* arg) { return real(f)->pMethods->xFileControl(real(f), op, arg); }
int x_sector_size(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
int x_device_characteristics(sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); }
int x_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return real(f)->pMethods->xShmMap(real(f), region, size, extend, out);
}
int x_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
}
void x_shm_barrier(sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); }
int x_shm_unmap(sqlite3_file* f, int remove) { return real(f)->pMethods->xShmUnmap(real(f), remove); }
int x_fetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
  return real(f)->pMethods->xFetch(real(f), offset, amount, out);
}
int x_unfetch(sqlite3_file* f, sqlite3_int64 offset, void* p) {
  return real(f)->pMethods->xUnfetch(real(f), offset, p);
}

// One method table per version, so that a file offers exactly what the real one does (SQLite uses WAL
// only where xShmMap exists).
constexpr sqlite3_io_methods methods_of_version(int version) {
  return {version,
          x_close,
          x_read,
          x_write,
          x_truncate,
          x_sync,
          x_file_size,
          x_lock,
          x_unlock,
          x_check_reserved_lock,
          x_file_control,
          x_sector_size,
          x_device_characteristics,
          x_shm_map,
          x_shm_lock,
          x_shm_barrier,
          x_shm_unmap,
          x_fetch,
          x_unfetch};
}
constexpr sqlite3_io_methods kMethods[] = {methods_of_version(1), methods_of_version(2), methods_of_version(3)};

int x_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  auto* file = reinterpret_cast<File*>(f);
  file->real = reinterpret_cast<sqlite3_file*>(file + 1);
  file->base.pMethods = nullptr;
  const int rc = real_vfs->xOpen(real_vfs, name, file->real, flags, out_flags);
  // SQLite closes a file whose pMethods is set, even after a failed open.
  if (file->real->pMethods != nullptr) {
    file->base.pMethods = &kMethods[std::clamp(file->real->pMethods->iVersion, 1, 3) - 1];
  }
  return rc;
}
int x_delete(sqlite3_vfs*, const char* name, int sync_dir) { return real_vfs->xDelete(real_vfs, name, sync_dir); }
int x_access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return real_vfs->xAccess(real_vfs, name, flags, out);
}
int x_full_pathname(sqlite3_vfs*, const char* name, int n, char* out) {
  return real_vfs->xFullPathname(real_vfs, name, n, out);
}
void* x_dl_open(sqlite3_vfs*, const char* name) { return real_vfs->xDlOpen(real_vfs, name); }
void x_dl_error(sqlite3_vfs*, int n, char* out) { real_vfs->xDlError(real_vfs, n, out); }
void (*x_dl_sym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
  return real_vfs->xDlSym(real_vfs, handle, symbol);
}
void x_dl_close(sqlite3_vfs*, void* handle) { real_vfs->xDlClose(real_vfs, handle); }
int x_randomness(sqlite3_vfs*, int n, char* out) { return real_vfs->xRandomness(real_vfs, n, out); }
int x_sleep(sqlite3_vfs*, int microseconds) { return real_vfs->xSleep(real_vfs, microseconds); }
int x_current_time(sqlite3_vfs*, double* out) { return real_vfs->xCurrentTime(real_vfs, out); }
int x_get_last_error(sqlite3_vfs*, int n, char* out) { return real_vfs->xGetLastError(real_vfs, n, out); }
int x_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) { return real_vfs->xCurrentTimeInt64(real_vfs, out); }

sqlite3_vfs shim{};

}  // namespace

std::string to_string(IoCall call) {
  switch (call) {
    case IoCall::Read: return "read";
    case IoCall::Write: return "write";
    case IoCall::Sync: return "sync";
    case IoCall::Lock: return "lock";
  }
  return "?";
}

void FaultyVfs::install() {
  static std::once_flag once;
  std::call_once(once, [] {
    real_vfs = sqlite3_vfs_find(nullptr);
    shim.iVersion = 2;
    shim.szOsFile = static_cast<int>(sizeof(File)) + real_vfs->szOsFile;
    shim.mxPathname = real_vfs->mxPathname;
    shim.zName = "actsearch-faulty";
    shim.xOpen = x_open;
    shim.xDelete = x_delete;
    shim.xAccess = x_access;
    shim.xFullPathname = x_full_pathname;
    shim.xDlOpen = x_dl_open;
    shim.xDlError = x_dl_error;
    shim.xDlSym = x_dl_sym;
    shim.xDlClose = x_dl_close;
    shim.xRandomness = x_randomness;
    shim.xSleep = x_sleep;
    shim.xCurrentTime = x_current_time;
    shim.xGetLastError = x_get_last_error;
    shim.xCurrentTimeInt64 = x_current_time_int64;
    sqlite3_vfs_register(&shim, 1);
  });
}

void FaultyVfs::arm(std::int64_t k) {
  VfsState& s = vfs_state();
  s.armed = false;
  s.count = 0;
  s.fired = false;
  s.target = k;
  s.armed = true;
}

void FaultyVfs::disarm() { vfs_state().armed = false; }
std::int64_t FaultyVfs::calls() { return vfs_state().count.load(); }
bool FaultyVfs::fired() { return vfs_state().fired.load(); }
IoCall FaultyVfs::fired_call() { return static_cast<IoCall>(vfs_state().fired_call.load()); }
int FaultyVfs::fired_code() { return vfs_state().fired_code.load(); }

void FaultyVfs::suspend() { ++vfs_state().paused; }
void FaultyVfs::resume() { --vfs_state().paused; }

}  // namespace actsearch::testing
