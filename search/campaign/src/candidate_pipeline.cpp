#include "search/campaign/src/candidate_pipeline.hpp"

#include <cmath>

#include "expr/equivalence.hpp"
#include "expr/fingerprint.hpp"
#include "expr/print.hpp"
#include "expr/program.hpp"
#include "expr/simplify.hpp"
#include "trainer/symmetry.hpp"

namespace actsearch::search {

AdmissionRules admission_rules(const CampaignConfig& config) {
  return {.probe_bounds = config.probe_bounds,
          .regularisers = config.regularisers,
          .kept_reflections = trainer::kept_reflections(config.task)};
}

CandidatePipeline::CandidatePipeline(AdmissionRules rules, Recorder& recorder)
    : rules_(std::move(rules)), recorder_(recorder) {}

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
    if (c->representative != nullptr) {
      // Another spelling of an untrained equivalent: stored with it, answered by its representative.
      if (auto ok = recorder_.add_alias(*c, text); !ok) return fail(ok.error());
      ++counts_.duplicates;
      return Admission{c->representative, false};
    }
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
    const auto reasons = probes::check_probes(probe_values, rules_.probe_bounds);
    for (const auto& r : reasons) c.reason += (c.reason.empty() ? "" : "; ") + r;
    c.rejected = !reasons.empty();
  }
  c.status = c.rejected ? db::CandidateStatus::Rejected : db::CandidateStatus::Proposed;
  c.penalty = penalty(canonical, probe_values);
  const probes::Likeness likeness = probes::likeness_to_known(program);
  // Stored: the key under sign symmetry, a property of the function alone. Deduplicated on: that key when
  // the task keeps all four reflections, the fingerprint when it keeps none (the class is the function
  // itself), else the key of the two-member class it keeps.
  const std::string class_key = expr::equivalence_key(program, true).hex();
  const expr::Reflections kept = rules_.kept_reflections;
  const std::string dedup_key = kept.all() ? class_key
                                : kept == expr::Reflections::identity_only()
                                    ? key
                                    : expr::equivalence_key(program, kept).hex();
  StoredFunction stored{.fingerprint = key,
                        .equivalence = class_key,
                        .latex = expr::print_latex(canonical),
                        .complexity = canonical.size(),
                        .finite = fp.finite,
                        .proposed_text = text,
                        .probes = probe_values,
                        .likeness = likeness};

  if (auto it = by_equivalence_.find(dedup_key); it != by_equivalence_.end() && !c.rejected && !c.is_baseline()) {
    Candidate* representative = it->second;
    const expr::Program of = expr::Program::compile(representative->canonical, {.derivatives = false});
    auto trained_before = recorder_.has_stored_runs(key);
    if (!trained_before) return fail(trained_before.error());
    if (const auto reflection = expr::reflection_between(of, program);
        reflection && *reflection != expr::Reflection::None && !*trained_before) {
      c.representative = representative;
      c.reflection = *reflection;
      if (auto ok = recorder_.store_equivalent(c, stored); !ok) return fail(ok.error());
      ++counts_.equivalents;
      by_fingerprint_[key] = owned.get();
      equivalents_.push_back(std::move(owned));
      representative->proposed = representative->proposed || origin != db::CandidateOrigin::Baseline;
      return Admission{representative, false};
    }
  }

  if (auto ok = recorder_.store_new(c, stored); !ok) return fail(ok.error());
  ++(c.rejected ? counts_.rejected : counts_.accepted);
  by_fingerprint_[key] = owned.get();
  if (!c.rejected) by_equivalence_.emplace(dedup_key, owned.get());
  candidates_.push_back(std::move(owned));
  return Admission{&c, true};
}

double CandidatePipeline::penalty(const expr::Expr& canonical, const probes::ProbeValues& probe_values) const {
  double p = rules_.regularisers.complexity * canonical.size();
  for (const auto& term : rules_.regularisers.probes) {
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
