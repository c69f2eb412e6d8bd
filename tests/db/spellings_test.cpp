// The enumerations stored as text: every table round-trips, matches the schema's CHECK lists and column
// defaults, and a stored spelling that no table knows is a clear error, never a silent substitute.
#include <sqlite3.h>

#include <map>
#include <regex>
#include <set>
#include <string>
#include <utility>

#include "db/database.hpp"
#include "helpers.hpp"

namespace actsearch::db {
namespace {

using testing::candidate;
using testing::done;
using Spellings = testing::TempDir;

template <Spelled E>
void expect_round_trip() {
  const auto table = spellings_of<E>();
  ASSERT_FALSE(table.empty());
  std::set<std::string_view> texts;
  for (std::size_t i = 0; i < table.size(); ++i) {
    // Every enumerator, once, in declaration order (the enumerations are contiguous from 0).
    EXPECT_EQ(static_cast<std::size_t>(table[i].value), i) << table[i].text;
    EXPECT_TRUE(texts.insert(table[i].text).second) << "spelled twice: " << table[i].text;
    EXPECT_EQ(to_string(table[i].value), table[i].text);
    EXPECT_EQ(from_string<E>(table[i].text), table[i].value);
  }
  EXPECT_EQ(from_string<E>(""), std::nullopt);
  EXPECT_EQ(from_string<E>("unknown"), std::nullopt);
  EXPECT_EQ(to_string(static_cast<E>(table.size())), "unknown");
}

TEST(SpellingTables, RoundTrip) {
  expect_round_trip<CampaignStatus>();
  expect_round_trip<CandidateOrigin>();
  expect_round_trip<CandidateStatus>();
  expect_round_trip<EvalStatus>();
  expect_round_trip<Reflection>();
  EXPECT_EQ(from_string<CandidateStatus>("Final"), std::nullopt);  // case matters
  EXPECT_EQ(to_string(CandidateOrigin::List), "list");
  EXPECT_EQ(known_spellings<CampaignStatus>(), "created, running, done");
  static_assert(to_string(EvalStatus::Diverged) == "diverged");  // usable at compile time
}

template <Spelled E>
std::set<std::string> spelled() {
  std::set<std::string> out;
  for (const auto& s : spellings_of<E>()) out.emplace(s.text);
  return out;
}

// The CREATE TABLE texts that a fresh database holds, by table name.
std::map<std::string, std::string> table_sql(const std::filesystem::path& path) {
  sqlite3* raw = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(raw, "SELECT name, sql FROM sqlite_master WHERE type = 'table'", -1, &stmt, nullptr),
            SQLITE_OK);
  std::map<std::string, std::string> out;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    out[reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))] =
        reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
  return out;
}

TEST_F(Spellings, TablesMatchTheSchemaCheckListsAndDefaults) {
  const auto path = file("schema.db");
  ASSERT_TRUE(Database::open(path));
  const auto tables = table_sql(path);

  const std::map<std::pair<std::string, std::string>, std::set<std::string>> expected{
      {{"campaign_candidates", "origin"}, spelled<CandidateOrigin>()},
      {{"campaign_candidates", "status"}, spelled<CandidateStatus>()},
      {{"evaluations", "status"}, spelled<EvalStatus>()},
      {{"equivalents", "reflection"}, spelled<Reflection>()},
  };
  // Every CHECK (column IN ('a', 'b', ...)) over text in the schema must be one of the tables above, so
  // that a list added to the schema without an enumeration is noticed too.
  const std::regex check(R"(CHECK\s*\(\s*(\w+)\s+IN\s*\(([^)]*)\)\s*\))");
  const std::regex quoted(R"('([^']*)')");
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& [table, sql] : tables) {
    for (std::sregex_iterator it(sql.begin(), sql.end(), check), end; it != end; ++it) {
      const std::string column = (*it)[1];
      const std::string list = (*it)[2];
      std::set<std::string> values;
      for (std::sregex_iterator q(list.begin(), list.end(), quoted); q != end; ++q) values.insert((*q)[1]);
      if (values.empty()) continue;  // a numeric list such as finite IN (0, 1)
      const auto key = std::pair{table, column};
      ASSERT_TRUE(expected.count(key)) << table << "." << column << " has a CHECK list but no enumeration";
      EXPECT_EQ(values, expected.at(key)) << table << "." << column;
      seen.insert(key);
    }
  }
  EXPECT_EQ(seen.size(), expected.size());

  // The columns' defaults are spellings, and the same values the records start with.
  const std::regex text_default(R"((\w+)\s+TEXT\s+NOT NULL\s+DEFAULT\s+'(\w+)')");
  auto default_of = [&](const std::string& table, const std::string& column) -> std::string {
    const std::string& sql = tables.at(table);
    for (std::sregex_iterator it(sql.begin(), sql.end(), text_default), end; it != end; ++it) {
      if ((*it)[1] == column) return (*it)[2];
    }
    return "";
  };
  EXPECT_EQ(from_string<CampaignStatus>(default_of("campaigns", "status")), CampaignRecord{}.status);
  EXPECT_EQ(from_string<CandidateStatus>(default_of("campaign_candidates", "status")), CampaignCandidate{}.status);
  EXPECT_EQ(from_string<EvalStatus>(default_of("evaluations", "status")), EvaluationRecord{}.status);
  // campaigns.status has no CHECK list: CampaignStatus's table is the only guard, applied when read.
  EXPECT_EQ(tables.at("campaigns").find("CHECK"), std::string::npos);
}

// Writes SQL through a connection of its own, as another program (or an older or newer actsearch) might.
void poke(const std::filesystem::path& path, const std::string& sql) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  char* message = nullptr;
  EXPECT_EQ(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK) << (message ? message : "");
  sqlite3_free(message);
  sqlite3_close(raw);
}

void expect_names(const Error& error, const std::filesystem::path& path, const std::string& table,
                  const std::string& value) {
  const std::string text = error.describe();
  EXPECT_NE(text.find(path.string()), std::string::npos) << text;
  EXPECT_NE(text.find("'" + table + "'"), std::string::npos) << text;
  EXPECT_NE(text.find("'" + value + "'"), std::string::npos) << text;
}

TEST_F(Spellings, AnUnknownStoredSpellingIsAnErrorNamingFileTableAndValue) {
  const auto path = file("odd.db");
  auto db = Database::open(path);
  ASSERT_TRUE(db);
  const auto campaign = db->create_campaign("c", "", "", 1)->id;
  const auto a = db->upsert_candidate(candidate("a"))->id;
  ASSERT_TRUE(db->upsert_campaign_candidate({campaign, a, CandidateOrigin::Strategy, "", 1}));
  ASSERT_TRUE(db->record_evaluation(done(campaign, a, 0, 1, 0.5)));
  ASSERT_TRUE(db->leaderboard(campaign));

  poke(path, "UPDATE campaigns SET status = 'paused'");  // no CHECK guards this column
  auto found = db->find_campaign("c");
  ASSERT_FALSE(found);
  expect_names(found.error(), path, "campaigns", "paused");
  EXPECT_NE(found.error().message.find("created, running, done"), std::string::npos) << found.error().message;
  EXPECT_FALSE(db->campaigns());

  // The CHECK lists stop these unless a program switches them off.
  poke(path, "PRAGMA ignore_check_constraints = ON; UPDATE campaign_candidates SET origin = 'guess'");
  auto links = db->campaign_candidates(campaign);
  ASSERT_FALSE(links);
  expect_names(links.error(), path, "campaign_candidates", "guess");

  poke(path,
       "PRAGMA ignore_check_constraints = ON; UPDATE campaign_candidates SET origin = 'strategy', status = 'winning'");
  auto board = db->leaderboard(campaign);
  ASSERT_FALSE(board);
  expect_names(board.error(), path, "campaign_candidates", "winning");

  // An evaluation status used to be read as "failed" when unknown; now the read fails.
  poke(path, "PRAGMA ignore_check_constraints = ON; UPDATE evaluations SET status = 'finished'");
  auto runs = db->evaluations(campaign);
  ASSERT_FALSE(runs);
  expect_names(runs.error(), path, "evaluations", "finished");
  EXPECT_FALSE(db->find_evaluation(campaign, a, 0, 1));
  EXPECT_FALSE(db->candidate_evaluations(a));

  // Nothing stored was lost: putting the spellings back makes every row readable again.
  poke(path,
       "UPDATE campaigns SET status = 'running'; UPDATE campaign_candidates SET status = 'evaluated'; "
       "UPDATE evaluations SET status = 'done'");
  ASSERT_TRUE(db->find_campaign("c"));
  EXPECT_EQ((*db->find_campaign("c"))->status, CampaignStatus::Running);
  ASSERT_TRUE(db->evaluations(campaign));
  EXPECT_EQ((*db->evaluations(campaign))[0].val_accuracy, 0.5);
  EXPECT_EQ(*db->integrity_check(), "ok");
}

}  // namespace
}  // namespace actsearch::db
