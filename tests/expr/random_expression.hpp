// Random expressions over the whole primitive table, for property tests.
#pragma once

#include <random>

#include "expr/expr.hpp"
#include "expr/primitives.hpp"

namespace actsearch::expr::testing {

class RandomExpressions {
 public:
  explicit RandomExpressions(std::uint64_t seed) : rng_(seed) {}

  Expr next(int max_depth = 4) { return make(max_depth); }

 private:
  Expr leaf() {
    std::uniform_int_distribution<int> kind(0, 9);
    int k = kind(rng_);
    if (k < 6) return Expr::x();
    if (k < 9) {
      static const double constants[] = {0.5, 1, 2, 3, -1, 1.5, -0.25, 0.1};
      return Expr::constant(constants[std::uniform_int_distribution<int>(0, 7)(rng_)]);
    }
    return std::uniform_int_distribution<int>(0, 1)(rng_) ? Expr::param("beta", 1.0) : Expr::param("gamma", 0.5);
  }

  Expr make(int depth) {
    if (depth <= 1 || std::uniform_int_distribution<int>(0, 3)(rng_) == 0) return leaf();
    const auto rows = primitives();
    const auto id = static_cast<PrimId>(std::uniform_int_distribution<std::size_t>(0, rows.size() - 1)(rng_));
    const Primitive& p = rows[id];
    if (p.name == "powi") {
      static const double exponents[] = {2, 3, -1, 4};
      return Expr::call(id,
                        {make(depth - 1), Expr::constant(exponents[std::uniform_int_distribution<int>(0, 3)(rng_)])});
    }
    std::vector<Expr> args;
    for (int i = 0; i < p.arity; ++i) args.push_back(make(depth - 1));
    return Expr::call(id, std::move(args));
  }

  std::mt19937_64 rng_;
};

}  // namespace actsearch::expr::testing
