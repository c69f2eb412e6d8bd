// Shared fixtures for the database tests: a private temporary directory and small file utilities.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace actsearch::db::testing {

// A fresh directory per test, removed afterwards (restoring write permission first).
class TempDir : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "actsearch_db_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_, ec)) {
      std::filesystem::permissions(entry.path(), std::filesystem::perms::owner_all, std::filesystem::perm_options::add,
                                   ec);
    }
    std::filesystem::remove_all(dir_, ec);
  }
  std::filesystem::path file(const std::string& name) const { return dir_ / name; }

  std::filesystem::path dir_;
};

inline std::vector<char> read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// Candidates with distinct fingerprints.
inline CandidateRecord candidate(const std::string& expr, int complexity = 3) {
  CandidateRecord c;
  c.fingerprint = "fp:" + expr;
  c.expr = expr;
  c.latex = "\\mathrm{" + expr + "}";
  c.complexity = complexity;
  return c;
}

inline EvaluationRecord done(std::int64_t campaign, std::int64_t cand, int stage, std::uint64_t seed, double val,
                             double test = kNaN) {
  EvaluationRecord e;
  e.campaign_id = campaign;
  e.candidate_id = cand;
  e.stage = stage;
  e.seed = seed;
  e.status = EvalStatus::Done;
  e.val_accuracy = val;
  e.test_accuracy = test;
  return e;
}

}  // namespace actsearch::db::testing
