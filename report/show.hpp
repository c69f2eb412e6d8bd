// `actsearch show`: everything the database knows about one candidate.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/expected.hpp"
#include "db/database.hpp"

namespace actsearch::report {

// A candidate by id (digits only) or by an expression equal to it (same fingerprint after simplifying).
Expected<db::CandidateRecord> find_candidate(db::Database& database, const std::string& id_or_expr);

struct CandidateView {
  db::CandidateRecord candidate;
  std::string derivative;  // simplified d/dx; "-" when the stored text does not parse
  std::vector<std::string> aliases;
  std::vector<std::pair<std::string, double>> probes;
  std::vector<std::pair<std::string, double>> likeness;  // nearest first
  std::vector<db::EvaluationRecord> evaluations;         // every campaign's, in recording order
  std::map<std::int64_t, std::string> campaign_names;
};

// Read in one snapshot, so the parts agree with each other while a campaign writes.
Expected<CandidateView> read_candidate_view(db::Database& database, const std::string& id_or_expr);

std::string format_show_text(const CandidateView& view);
std::string format_show_json(const CandidateView& view);  // one JSON object; expressions in canonical text

}  // namespace actsearch::report
