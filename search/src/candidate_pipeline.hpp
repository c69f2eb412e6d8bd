// Admission of a proposed function: canonicalise, deduplicate by functional fingerprint, probe, and
// store. Each new function is compiled once here; the fingerprint, the probes and the likeness all
// read that one Program.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/expected.hpp"
#include "expr/expr.hpp"
#include "search/campaign_config.hpp"
#include "search/src/candidate.hpp"
#include "search/src/recorder.hpp"

namespace actsearch::search {

struct Admission {
  Candidate* candidate = nullptr;  // the new candidate, or the one the proposal is an alias of
  bool is_new = false;
};

struct AdmissionCounts {
  int accepted = 0;  // distinct functions accepted for training (baselines included)
  int rejected = 0;
  int duplicates = 0;
};

class CandidatePipeline {
 public:
  CandidatePipeline(const CampaignConfig& config, Recorder& recorder) : config_(config), recorder_(recorder) {}

  // baseline_name: the known activation's name for baselines.
  Expected<Admission> admit(const expr::Expr& proposed, const std::string& text, db::CandidateOrigin origin,
                            const std::string& baseline_name);

  const std::vector<std::unique_ptr<Candidate>>& candidates() const { return candidates_; }
  const AdmissionCounts& counts() const { return counts_; }

 private:
  double penalty(const expr::Expr& canonical, const probes::ProbeValues& probe_values) const;

  const CampaignConfig& config_;
  Recorder& recorder_;
  std::int64_t next_proposal_index_ = 0;
  std::vector<std::unique_ptr<Candidate>> candidates_;
  std::map<std::string, Candidate*> by_fingerprint_;
  AdmissionCounts counts_;
};

}  // namespace actsearch::search
