// Opening a database file made of arbitrary bytes: Database::open never crashes in either mode. A
// read-only open never changes the file; a read-write open that refuses the file (not SQLite, not ours,
// newer than this program, corrupt) leaves it byte for byte as it was; whatever opens answers the
// campaign list, every leaderboard and the integrity check without crashing.
#include "db/database.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

#include "tests/fuzz/fuzz_support.hpp"

namespace {

using namespace actsearch;

void exercise(db::Database& database) {
  auto campaigns = database.campaigns();
  if (!campaigns) return;
  for (const auto& campaign : *campaigns) {
    (void)database.leaderboard(campaign.id);
    (void)database.evaluations(campaign.id);
  }
  (void)database.integrity_check();
}

bool is_refusal(const std::string& message) {
  for (const char* phrase : {"not an actsearch database", "newer than this program", "not a SQLite database"}) {
    if (message.find(phrase) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  fuzz::clear_scratch();
  const auto file = fuzz::scratch_dir() / "input.db";
  fuzz::write_bytes(file, bytes);

  {
    auto database = db::Database::open(file, db::OpenMode::ReadOnly);
    if (database) exercise(*database);
  }
  FUZZ_CHECK(fuzz::read_bytes(file) == bytes, "a read-only open changed the file");

  {
    auto database = db::Database::open(file, db::OpenMode::ReadWrite);
    if (database) {
      exercise(*database);
    } else if (is_refusal(database.error().message)) {
      FUZZ_CHECK(fuzz::read_bytes(file) == bytes, "a refused file was changed: " + database.error().describe());
    }
    if (!database) FUZZ_CHECK(database.error().where.file == file.string(), database.error().describe());
  }
  return 0;
}
