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

// A function in the same equivalence class {±phi(±x)} that a campaign did not train (expr/equivalence.hpp).
struct EquivalentView {
  std::string campaign;
  db::EquivalentRecord record;
  std::string expr;  // the member's (or, for member_of, the representative's) canonical text
};

// The likeness at the learned constants in one campaign (search/learned.hpp).
struct LearnedLikenessView {
  std::string campaign;
  std::string nearest;  // the label: smallest median over layers
  double distance = db::kNaN;
  std::vector<db::LearnedLikenessRecord> layers;
};

struct CandidateView {
  db::CandidateRecord candidate;
  std::string derivative;  // simplified d/dx; "-" when the stored text does not parse
  std::vector<std::string> aliases;
  std::vector<std::pair<std::string, double>> probes;
  std::vector<std::pair<std::string, double>> likeness;  // nearest first
  std::vector<db::EvaluationRecord> evaluations;         // every campaign's, in recording order
  std::map<std::int64_t, std::string> campaign_names;
  std::vector<EquivalentView> members;    // untrained members of this candidate's class, per campaign
  std::vector<EquivalentView> member_of;  // campaigns where this candidate was not trained: its representative
  std::vector<LearnedLikenessView> learned_likeness;
};

// Read in one snapshot, so the parts agree with each other while a campaign writes.
Expected<CandidateView> read_candidate_view(db::Database& database, const std::string& id_or_expr);

std::string format_show_text(const CandidateView& view);
std::string format_show_json(const CandidateView& view);  // one JSON object; expressions in canonical text

}  // namespace actsearch::report
