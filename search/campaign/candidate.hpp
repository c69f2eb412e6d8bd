// A function as a campaign knows it: its canonical form, where it came from, whether it was rejected
// before training, and its fitness at each stage it was trained at.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "db/records.hpp"
#include "expr/equivalence.hpp"
#include "expr/expr.hpp"

namespace actsearch::search {

struct Candidate {
  std::int64_t id = 0;  // candidates.id in the database
  expr::Expr canonical;
  std::string text;  // canonical print
  db::CandidateOrigin origin = db::CandidateOrigin::Strategy;
  std::string baseline_name;
  std::int64_t proposal_index = 0;
  bool rejected = false;
  std::string reason;
  double penalty = 0;
  db::CandidateStatus status = db::CandidateStatus::Proposed;
  bool proposed = false;          // by the strategy or the list (a baseline may be too): it competes for promotion
  std::map<int, double> fitness;  // by stage (db/scoring.hpp)
  // A member of an already trained equivalence class (expr/equivalence.hpp): not trained; its results
  // are the representative's. representative(x) reflected by `reflection` is this function.
  Candidate* representative = nullptr;
  expr::Reflection reflection = expr::Reflection::None;
  bool is_baseline() const { return !baseline_name.empty(); }
};

}  // namespace actsearch::search
