#include "probes/learned.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

namespace actsearch::probes {

LearnedConstants learned_constants(std::span<const db::EvaluationRecord> evaluations, std::int64_t candidate_id) {
  LearnedConstants out;
  std::vector<std::vector<double>> sums;
  std::vector<std::vector<int>> counts;
  for (const auto& e : evaluations) {
    if (e.candidate_id != candidate_id || e.status != db::EvalStatus::Done || e.stage < out.stage) continue;
    const auto parsed = nlohmann::json::parse(e.learned_params_json, nullptr, false);
    if (!parsed.is_array() || parsed.empty() || !parsed[0].is_array() || parsed[0].empty()) continue;
    if (e.stage > out.stage) {  // a higher stage replaces what lower ones gave
      out.stage = e.stage;
      out.seeds = 0;
      sums.clear();
      counts.clear();
    }
    ++out.seeds;
    for (std::size_t layer = 0; layer < parsed.size(); ++layer) {
      if (!parsed[layer].is_array()) continue;
      if (sums.size() <= layer) sums.resize(layer + 1), counts.resize(layer + 1);
      const auto& values = parsed[layer];
      if (sums[layer].size() < values.size()) sums[layer].resize(values.size()), counts[layer].resize(values.size());
      for (std::size_t k = 0; k < values.size(); ++k) {
        if (!values[k].is_number()) continue;  // null: not finite in that run
        sums[layer][k] += values[k].get<double>();
        ++counts[layer][k];
      }
    }
  }
  for (std::size_t layer = 0; layer < sums.size(); ++layer) {
    std::vector<double> means(sums[layer].size(), NAN);
    for (std::size_t k = 0; k < means.size(); ++k) {
      if (counts[layer][k] > 0) means[k] = sums[layer][k] / counts[layer][k];
    }
    out.per_layer.push_back(std::move(means));
  }
  return out;
}

std::vector<double> layer_mean(const LearnedConstants& learned) {
  std::vector<double> sum, n;
  for (const auto& layer : learned.per_layer) {
    if (sum.size() < layer.size()) sum.resize(layer.size()), n.resize(layer.size());
    for (std::size_t k = 0; k < layer.size(); ++k) {
      if (std::isfinite(layer[k])) sum[k] += layer[k], n[k] += 1;
    }
  }
  for (std::size_t k = 0; k < sum.size(); ++k) sum[k] = n[k] > 0 ? sum[k] / n[k] : NAN;
  return sum;
}

LearnedLikeness learned_likeness(const expr::Program& program, const LearnedConstants& learned) {
  LearnedLikeness out;
  std::map<std::string, std::vector<double>> by_known;  // finite distances over layers
  std::vector<std::string> order;                       // known activations in table order
  for (const auto& theta : learned.per_layer) {
    const bool usable = static_cast<int>(theta.size()) == program.num_params() &&
                        std::all_of(theta.begin(), theta.end(), [](double v) { return std::isfinite(v); });
    if (!usable) {
      out.per_layer.push_back(probes::Likeness{.nearest = "", .distance = db::kNaN, .all = {}});
      continue;
    }
    probes::Likeness l = probes::likeness_to_known(program, theta);
    for (const auto& [name, d] : l.all) {
      if (!by_known.count(name)) order.push_back(name);
      auto& ds = by_known[name];
      if (std::isfinite(d)) ds.push_back(d);
    }
    out.per_layer.push_back(std::move(l));
  }
  for (const std::string& name : order) {
    std::vector<double>& ds = by_known[name];
    if (ds.empty()) continue;
    std::sort(ds.begin(), ds.end());
    const std::size_t n = ds.size();
    const double median = n % 2 == 1 ? ds[n / 2] : (ds[n / 2 - 1] + ds[n / 2]) / 2;
    out.medians.push_back(db::KnownDistance{name, median});
    if (name == "identity") continue;  // never a label (probes/likeness.hpp)
    if (out.nearest.empty() || median < out.distance) {
      out.nearest = name;
      out.distance = median;
    }
  }
  return out;
}

}  // namespace actsearch::probes
