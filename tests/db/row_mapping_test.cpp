// The row mapping: columns are matched to fields by name when a statement is prepared, so a renamed,
// missing or duplicated column fails before any row is read, and column order does not matter.
#include "db/src/row_mapping.hpp"

#include <sqlite3.h>

#include <stdexcept>
#include <string>

#include "db/database.hpp"
#include "helpers.hpp"

namespace actsearch::db {
namespace {

struct Item {
  std::int64_t id = 0;
  std::string name;
  double weight = kNaN;
  std::uint64_t seed = 0;
  bool flag = false;
  CandidateStatus status = CandidateStatus::Proposed;
  std::string note;
};

constexpr auto kItems = rows::mapping<Item>(
    "items", rows::generated<&Item::id>("id"), rows::column<&Item::name>("name"), rows::column<&Item::weight>("weight"),
    rows::column<&Item::seed>("seed"), rows::column<&Item::flag>("flag"), rows::column<&Item::status>("status"),
    rows::nullable_text<&Item::note>("note"));

// A bare connection wrapped in the state the mapping works on, with a table of its own.
class RowMapping : public testing::TempDir {
 protected:
  void SetUp() override {
    TempDir::SetUp();
    impl_.path = file("rows.db");
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open_v2(impl_.path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr),
              SQLITE_OK);
    impl_.connection.reset(raw);
    ASSERT_TRUE(
        impl_.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, weight REAL, "
                      "seed INTEGER, flag INTEGER, status TEXT, note TEXT)",
                      "create"));
  }
  void TearDown() override {
    impl_.statements.clear();
    impl_.connection.reset();
    TempDir::TearDown();
  }

  Expected<void> insert(const Item& item) {
    auto stmt = impl_.prepare(kItems.insert());
    if (!stmt) return Unexpected{stmt.error()};
    sqlite::Cursor cursor(*stmt);
    kItems.bind_written(cursor, item);
    return run(impl_, cursor, "insert");
  }

  Database::Impl impl_;
};

TEST_F(RowMapping, TheColumnListBuildsTheStatementsAndReadsEveryFieldBack) {
  EXPECT_EQ(kItems.select("ORDER BY id"), "SELECT id, name, weight, seed, flag, status, note FROM items ORDER BY id");
  EXPECT_EQ(kItems.insert(),
            "INSERT INTO items (name, weight, seed, flag, status, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ");
  EXPECT_EQ(kItems.insert_child("parent_id", "ON CONFLICT DO NOTHING"),
            "INSERT INTO items (parent_id, name, weight, seed, flag, status, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
            "ON CONFLICT DO NOTHING");
  EXPECT_EQ(kItems.update_from_excluded({"name", "seed"}),
            "weight = excluded.weight, flag = excluded.flag, status = excluded.status, note = excluded.note");
  EXPECT_THROW((void)kItems.update_from_excluded({"nmae"}), std::logic_error);

  Item a;
  a.name = "a";
  a.weight = 0.25;
  a.seed = 0xfedcba9876543210ULL;  // above 2^63: stored bit for bit
  a.flag = true;
  a.status = CandidateStatus::Final;
  ASSERT_TRUE(insert(a));
  Item b;
  b.name = "b";
  b.note = "kept";
  ASSERT_TRUE(insert(b));

  auto items = rows::read_all(impl_, kItems, kItems.select("ORDER BY id"), "items");
  ASSERT_TRUE(items) << items.error().describe();
  ASSERT_EQ(items->size(), 2u);
  const Item& ra = (*items)[0];
  EXPECT_EQ(ra.id, 1);
  EXPECT_EQ(ra.name, "a");
  EXPECT_EQ(ra.weight, 0.25);
  EXPECT_EQ(ra.seed, 0xfedcba9876543210ULL);
  EXPECT_TRUE(ra.flag);
  EXPECT_EQ(ra.status, CandidateStatus::Final);
  EXPECT_EQ(ra.note, "");
  const Item& rb = (*items)[1];
  EXPECT_TRUE(std::isnan(rb.weight));  // NaN is stored as NULL and read back as NaN
  EXPECT_EQ(rb.note, "kept");
  EXPECT_EQ(rb.status, CandidateStatus::Proposed);

  // An empty nullable text, and a NaN, are NULL in the file.
  EXPECT_EQ(*query_integer(impl_, "SELECT count(*) FROM items WHERE note IS NULL AND name = 'a'", "count"), 1);
  EXPECT_EQ(*query_integer(impl_, "SELECT count(*) FROM items WHERE weight IS NULL AND name = 'b'", "count"), 1);
}

TEST_F(RowMapping, ColumnsAreFoundByNameWhateverTheirOrder) {
  Item a;
  a.name = "a";
  a.weight = 2;
  a.seed = 7;
  ASSERT_TRUE(insert(a));
  // A hand-written query, with the columns in another order, one of them computed under its own name, and
  // an extra column that no field reads.
  auto items = rows::read_all(
      impl_, kItems, "SELECT note, status, 'x' AS unused, flag, seed, weight * 2 AS weight, name, id FROM items",
      "items");
  ASSERT_TRUE(items) << items.error().describe();
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].name, "a");
  EXPECT_EQ((*items)[0].weight, 4.0);
  EXPECT_EQ((*items)[0].seed, 7u);
  EXPECT_EQ((*items)[0].id, 1);
}

TEST_F(RowMapping, ARenamedMissingOrRepeatedColumnFailsBeforeAnyRowIsRead) {
  ASSERT_TRUE(insert(Item{0, "a"}));
  bool bound = false;
  auto bind = [&](sqlite::Cursor&) { bound = true; };

  // Renamed in the query: every column is there but "weight" is called "mass".
  auto renamed = rows::read_all(impl_, kItems, "SELECT id, name, weight AS mass, seed, flag, status, note FROM items",
                                "items", bind);
  ASSERT_FALSE(renamed);
  EXPECT_NE(renamed.error().message.find("table 'items': column 'weight' is not in the result"), std::string::npos)
      << renamed.error().message;
  EXPECT_NE(renamed.error().describe().find(impl_.path.string()), std::string::npos);
  EXPECT_FALSE(bound);  // failed when prepared: nothing was bound or stepped

  auto missing = rows::read_all(impl_, kItems, "SELECT id, name, weight, seed, flag, note FROM items", "items", bind);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("column 'status'"), std::string::npos) << missing.error().message;

  auto twice = rows::read_all(impl_, kItems, "SELECT id, name, weight, seed, flag, status, note, name FROM items",
                              "items", bind);
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message.find("column 'name' appears twice"), std::string::npos) << twice.error().message;
  EXPECT_FALSE(bound);

  // A mapping that names a column the table does not have (renamed in the schema): SQLite refuses the
  // generated SELECT at prepare time.
  constexpr auto kMisspelt = rows::mapping<Item>("items", rows::column<&Item::name>("nmae"));
  auto misspelt = rows::read_all(impl_, kMisspelt, kMisspelt.select(""), "items", bind);
  ASSERT_FALSE(misspelt);
  EXPECT_NE(misspelt.error().message.find("nmae"), std::string::npos) << misspelt.error().message;
  EXPECT_FALSE(bound);
}

TEST_F(RowMapping, AnUnknownSpellingNamesTableColumnValueAndTheAcceptedOnes) {
  ASSERT_TRUE(impl_.execute("INSERT INTO items (name, status) VALUES ('a', 'winning')", "insert"));
  auto items = rows::read_all(impl_, kItems, kItems.select(""), "items");
  ASSERT_FALSE(items);
  EXPECT_NE(items.error().message.find("table 'items', column 'status': unknown value 'winning' (known: proposed, "
                                       "rejected, evaluated, eliminated, final)"),
            std::string::npos)
      << items.error().message;
}

using RenamedSchema = testing::TempDir;

// A file whose table lost a column the library reads (another program's change, or a broken migration):
// the read fails with a message naming the column, and nothing is written.
TEST_F(RenamedSchema, ReadingATableWithARenamedColumnFailsNamingIt) {
  const auto path = file("renamed.db");
  {
    auto db = Database::open(path);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->create_campaign("c", "cfg", "h", 1));
  }
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "ALTER TABLE campaigns RENAME COLUMN config_hash TO hash", nullptr, nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(raw);
  sqlite3_close(raw);

  auto db = Database::open(path);
  ASSERT_TRUE(db);
  auto all = db->campaigns();
  ASSERT_FALSE(all);
  EXPECT_NE(all.error().message.find("config_hash"), std::string::npos) << all.error().message;
  EXPECT_NE(all.error().describe().find(path.string()), std::string::npos);
}

}  // namespace
}  // namespace actsearch::db
