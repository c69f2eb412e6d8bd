// Admission of a proposed function: canonicalise, deduplicate by functional fingerprint, probe, deduplicate
// by equivalence class, and store. Each new function is compiled once here; the fingerprint, the key, the
// probes and the likeness all read that one Program.
//
// Equivalence: when the task is sign-symmetric (trainer/symmetry.hpp), a function that passes the probes
// and whose class {±phi(±x)} already has an admitted member is stored, recorded as an equivalent of that
// member (with the reflection) and not trained: the proposal's fitness is the representative's. The
// representative is the first member the campaign admits (baselines first, then in proposal order), so
// it is fixed by the campaign seed. Probes judge each member's own shape, so a member the bounds reject
// stays rejected and never represents its class.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/expected.hpp"
#include "expr/equivalence.hpp"
#include "expr/expr.hpp"
#include "search/campaign/candidate.hpp"
#include "search/campaign/recorder.hpp"
#include "search/config/campaign_config.hpp"

namespace actsearch::search {

struct Admission {
  Candidate* candidate = nullptr;  // the new candidate, or the one the proposal is an alias of
  bool is_new = false;
};

struct AdmissionCounts {
  int accepted = 0;  // distinct functions accepted for training (baselines included)
  int rejected = 0;
  int duplicates = 0;
  int equivalents = 0;  // distinct functions not trained because their class was (expr/equivalence.hpp)
};

// The slice of the campaign that decides admission and the fitness penalty.
struct AdmissionRules {
  probes::ProbeBounds probe_bounds;
  RegulariserSpec regularisers;
  // The reflections of phi the task trains alike (trainer/symmetry.hpp kept_reflections): all four for
  // most tasks, fewer for networks with max pooling or identity shortcuts.
  expr::Reflections kept_reflections;
};
AdmissionRules admission_rules(const CampaignConfig& config);

class CandidatePipeline {
 public:
  CandidatePipeline(AdmissionRules rules, Recorder& recorder);

  // baseline_name: the known activation's name for baselines.
  Expected<Admission> admit(const expr::Expr& proposed, const std::string& text, db::CandidateOrigin origin,
                            const std::string& baseline_name);

  // Admitted functions (trained or rejected), not the equivalents.
  const std::vector<std::unique_ptr<Candidate>>& candidates() const { return candidates_; }
  const std::vector<std::unique_ptr<Candidate>>& equivalents() const { return equivalents_; }
  bool sign_symmetric() const { return rules_.kept_reflections.all(); }
  const AdmissionCounts& counts() const { return counts_; }

 private:
  double penalty(const expr::Expr& canonical, const probes::ProbeValues& probe_values) const;

  AdmissionRules rules_;
  Recorder& recorder_;
  std::int64_t next_proposal_index_ = 0;
  std::vector<std::unique_ptr<Candidate>> candidates_;
  std::vector<std::unique_ptr<Candidate>> equivalents_;
  std::map<std::string, Candidate*> by_fingerprint_;
  std::map<std::string, Candidate*> by_equivalence_;  // admitted, not rejected
  AdmissionCounts counts_;
};

}  // namespace actsearch::search
