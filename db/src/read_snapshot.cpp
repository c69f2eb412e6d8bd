// Database::read_snapshot: several queries over one consistent state (a deferred BEGIN; in WAL mode the
// snapshot is taken at the first read and the writer carries on committing).
#include "database_impl.hpp"

namespace actsearch::db {

Expected<void> Database::read_snapshot(const std::function<Expected<void>()>& fn) {
  return impl_->read_snapshot<void>([&] { return fn(); });
}

}  // namespace actsearch::db
