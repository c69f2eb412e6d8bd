#include "search/src/candidate_pipeline.hpp"

#include <cmath>

#include "expr/fingerprint.hpp"
#include "expr/print.hpp"
#include "expr/program.hpp"
#include "expr/simplify.hpp"

namespace actsearch::search {

Expected<Admission> CandidatePipeline::admit(const expr::Expr& proposed, const std::string& text,
                                             db::CandidateOrigin origin, const std::string& baseline_name) {
  const expr::Expr canonical = expr::simplify(proposed);
  // Compiled once, with derivatives (the probes need the slope); the fingerprint and the likeness
  // read only its value output.
  const expr::Program program = expr::Program::compile(canonical);
  const expr::Fingerprint fp = expr::fingerprint(program);
  const std::string key = fp.hex();
  if (auto it = by_fingerprint_.find(key); it != by_fingerprint_.end()) {
    Candidate* c = it->second;
    c->proposed = c->proposed || origin != db::CandidateOrigin::Baseline;
    if (auto ok = recorder_.add_alias(*c, text); !ok) return fail(ok.error());
    if (!baseline_name.empty() && c->baseline_name.empty()) {
      // A baseline that the strategy had already proposed: it keeps its rank, now marked.
      c->baseline_name = baseline_name;
      c->origin = origin;
      if (auto ok = recorder_.store_link(*c); !ok) return fail(ok.error());
    }
    ++counts_.duplicates;
    return Admission{c, false};
  }

  auto owned = std::make_unique<Candidate>();
  Candidate& c = *owned;
  c.canonical = canonical;
  c.text = expr::print(canonical);
  c.origin = origin;
  c.baseline_name = baseline_name;
  c.proposal_index = next_proposal_index_++;
  c.proposed = origin != db::CandidateOrigin::Baseline;

  const probes::ProbeValues probe_values = probes::compute_probes(program);
  if (!fp.finite) {
    c.rejected = true;
    c.reason = "non_finite: not finite at every fingerprint point";
  } else if (fp.constant) {
    c.rejected = true;
    c.reason = "constant: the same value everywhere";
  } else if (baseline_name.empty()) {
    const auto reasons = probes::check_probes(probe_values, config_.probe_bounds);
    for (const auto& r : reasons) c.reason += (c.reason.empty() ? "" : "; ") + r;
    c.rejected = !reasons.empty();
  }
  c.status = c.rejected ? db::CandidateStatus::Rejected : db::CandidateStatus::Proposed;
  c.penalty = penalty(canonical, probe_values);
  const probes::Likeness likeness = probes::likeness_to_known(program);

  if (auto ok = recorder_.store_new(c, key, expr::print_latex(canonical), canonical.size(), fp.finite, text,
                                    probe_values, likeness);
      !ok) {
    return fail(ok.error());
  }
  ++(c.rejected ? counts_.rejected : counts_.accepted);
  by_fingerprint_[key] = owned.get();
  candidates_.push_back(std::move(owned));
  return Admission{&c, true};
}

double CandidatePipeline::penalty(const expr::Expr& canonical, const probes::ProbeValues& probe_values) const {
  double p = config_.regularisers.complexity * canonical.size();
  for (const auto& term : config_.regularisers.probes) {
    for (const auto& [name, value] : probe_values) {
      if (name != term.probe) continue;
      // A non-finite probe value costs the whole weight times a large distance, never NaN.
      const double distance = std::isfinite(value) ? std::abs(value - term.target) : 1e6;
      p += term.weight * distance;
    }
  }
  return p;
}

}  // namespace actsearch::search
