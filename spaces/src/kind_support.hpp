// Small pieces the kinds share: weighted and "other value" draws, overflow-checked counting, and
// per-occurrence parameter names.
#pragma once

#include <cstddef>
#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "expr/expr.hpp"
#include "spaces/random.hpp"

namespace actsearch::spaces::detail {

// Multiplication and addition that report overflow instead of wrapping (false on overflow).
inline bool checked_mul(std::uint64_t& acc, std::uint64_t factor) { return !__builtin_mul_overflow(acc, factor, &acc); }
inline bool checked_add(std::uint64_t& acc, std::uint64_t term) { return !__builtin_add_overflow(acc, term, &acc); }

// Picks index i with probability weights[i] / sum (all weights finite and >= 0, sum > 0).
inline std::size_t pick(std::span<const double> weights, Rng& rng) {
  double total = 0;
  for (double w : weights) total += w;
  double u = rng.uniform() * total;
  std::size_t last = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] <= 0) continue;
    last = i;
    if (u < weights[i]) return i;
    u -= weights[i];
  }
  return last;  // rounding left u a hair above the last weight
}

// A different value in [0, n), n >= 2.
inline std::uint16_t other(std::uint16_t old, std::size_t n, Rng& rng) {
  auto v = static_cast<std::uint16_t>(rng.below(n - 1));
  return v >= old ? static_cast<std::uint16_t>(v + 1) : v;
}

// Gives each occurrence of a parametrised operator its own parameters: the first `beta` stays `beta`,
// later ones become beta2, beta3, ... (never reusing a name already handed out).
class ParameterNamer {
 public:
  expr::Expr instance(const expr::Expr& body) {
    const auto params = expr::parameters(body);
    if (params.empty()) return body;
    std::vector<std::string> from, to;
    for (const auto& p : params) {
      from.push_back(p.name);
      to.push_back(fresh(p.name));
    }
    return expr::rename_parameters(body, from, to);
  }
  std::string fresh(const std::string& base) {
    std::string name = base;
    for (int n = 2; assigned_.contains(name); ++n) name = base + std::to_string(n);
    assigned_.insert(name);
    return name;
  }

 private:
  std::set<std::string> assigned_;
};

}  // namespace actsearch::spaces::detail
