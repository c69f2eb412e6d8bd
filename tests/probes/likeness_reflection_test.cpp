// The likeness distance allows reflections, c in ±[1/2, 2]: checked against an independent dense reference
// (composite Simpson over z in [-10, 10] weighted by the normal density, c on a fine grid of both signs and
// refined), whose own convergence in the number of panels is checked first: Gauss-Hermite with about 100
// nodes would be too coarse next to a kink such as ReLU's.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "expr/parse.hpp"
#include "expr/program.hpp"
#include "expr/simplify.hpp"
#include "probes/likeness.hpp"

namespace actsearch::probes {
namespace {

expr::Program compiled(std::string_view text) {
  auto parsed = expr::parse(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return expr::Program::compile(expr::simplify(*parsed), {.derivatives = false});
}

struct Reference {
  std::vector<double> z, w, g;  // nodes, Simpson weights times the normal density, g(z)
  double mean_g = 0, var_g = 0;
};

Reference reference_rule(const expr::Program& g, int intervals) {
  Reference r;
  const double lo = -10, hi = 10, h = (hi - lo) / intervals;
  for (int i = 0; i <= intervals; ++i) {
    const double z = lo + h * i;
    const double simpson = (i == 0 || i == intervals) ? 1 : (i % 2 == 1 ? 4 : 2);
    r.z.push_back(z);
    r.w.push_back(simpson * h / 3 * std::exp(-z * z / 2) / std::sqrt(2 * std::numbers::pi));
  }
  r.g.resize(r.z.size());
  double* out[] = {r.g.data()};
  g.evaluate(r.z, g.initial_params(), out);
  for (std::size_t i = 0; i < r.z.size(); ++i) r.mean_g += r.w[i] * r.g[i];
  for (std::size_t i = 0; i < r.z.size(); ++i) r.var_g += r.w[i] * (r.g[i] - r.mean_g) * (r.g[i] - r.mean_g);
  return r;
}

// min over a, b of sqrt(E (a f(cz) + b - g(z))^2 / Var g) = sqrt(1 - corr(f(cz), g(z))^2).
double residual(const expr::Program& f, const Reference& r, double c) {
  std::vector<double> x(r.z.size()), fv(r.z.size());
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = c * r.z[i];
  double* out[] = {fv.data()};
  f.evaluate(x, f.initial_params(), out);
  double mean = 0;
  for (std::size_t i = 0; i < x.size(); ++i) mean += r.w[i] * fv[i];
  double var = 0, cov = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    var += r.w[i] * (fv[i] - mean) * (fv[i] - mean);
    cov += r.w[i] * (fv[i] - mean) * (r.g[i] - r.mean_g);
  }
  const double rho2 = var > 0 ? cov * cov / (var * r.var_g) : 0;
  return std::sqrt(std::max(0.0, 1 - rho2));
}

double reference_distance(const expr::Program& f, const expr::Program& g, int intervals) {
  const Reference r = reference_rule(g, intervals);
  double best = INFINITY;
  for (double sign : {1.0, -1.0}) {
    // 201 points in log|c|, then ternary refinement around the best.
    const double lo = std::log(0.5), hi = std::log(2.0);
    int best_k = 0;
    double best_here = INFINITY;
    for (int k = 0; k <= 200; ++k) {
      const double d = residual(f, r, sign * std::exp(lo + (hi - lo) * k / 200));
      if (d < best_here) best_here = d, best_k = k;
    }
    double a = lo + (hi - lo) * std::max(best_k - 1, 0) / 200, b = lo + (hi - lo) * std::min(best_k + 1, 200) / 200;
    for (int it = 0; it < 60; ++it) {
      const double m1 = a + (b - a) / 3, m2 = b - (b - a) / 3;
      if (residual(f, r, sign * std::exp(m1)) < residual(f, r, sign * std::exp(m2))) {
        b = m2;
      } else {
        a = m1;
      }
    }
    best = std::min({best, best_here, residual(f, r, sign * std::exp((a + b) / 2))});
  }
  return best;
}

struct Pair {
  const char* f;
  const char* g;
};

constexpr Pair kPairs[] = {
    {"x*sigmoid(-x)", "silu(x)"},  // -swish(-x): exactly swish
    {"relu(-x)", "relu(x)"},       // a reflected kink
    {"-elu(-x)", "elu(x)"},        // both reflections
    {"softplus(-x)", "relu(x)"},   // reflected and smoothed
    {"gelu(-x)", "silu(x)"},       // a reflected neighbour
    {"relu(x)", "silu(x)"},        // no reflection needed
    {"tanh(x)", "relu(x)"},        // odd: both signs equal
    {"relu6(-2*x)", "relu(x)"},    // kinks at 0 and -3 (off the library's panel edges once scaled)
    {"x*sigmoid(-1.5*x)", "mish(x)"},
};

TEST(LikenessReflections, DenseReferenceConverges) {
  for (const Pair& p : kPairs) {
    const expr::Program f = compiled(p.f), g = compiled(p.g);
    const double coarse = reference_distance(f, g, 4000);
    const double fine = reference_distance(f, g, 8000);
    EXPECT_NEAR(coarse, fine, 2e-6) << p.f << " -> " << p.g;
  }
}

TEST(LikenessReflections, MatchesTheDenseReference) {
  for (const Pair& p : kPairs) {
    auto f = expr::parse(p.f), g = expr::parse(p.g);
    const double library = likeness_distance(*f, *g);
    const double reference = reference_distance(compiled(p.f), compiled(p.g), 8000);
    EXPECT_NEAR(library, reference, 2e-4) << p.f << " -> " << p.g;
  }
}

TEST(LikenessReflections, AReflectedFunctionIsAsLikeAsItself) {
  EXPECT_NEAR(likeness_distance(*expr::parse("x*sigmoid(-x)"), *expr::parse("silu(x)")), 0.0, 1e-7);
  EXPECT_NEAR(likeness_distance(*expr::parse("relu(-x)"), *expr::parse("relu(x)")), 0.0, 1e-7);
  for (const char* f : {"gelu(x)", "mish(x)", "softplus(x)", "elu(x)", "x*erf(x) + x"}) {
    auto plain = expr::parse(f);
    auto flipped = expr::substitute_x(*plain, expr::Expr::call("neg", {expr::Expr::x()}));
    for (const char* g : {"silu(x)", "relu(x)", "tanh(x)"}) {
      EXPECT_NEAR(likeness_distance(flipped, *expr::parse(g)), likeness_distance(*plain, *expr::parse(g)), 1e-9)
          << f << " -> " << g;
    }
  }
  // The nearest known activation of x*sigmoid(-x) is swish, at distance 0.
  const Likeness l = likeness_to_known(*expr::parse("x*sigmoid(-x)"));
  EXPECT_EQ(l.nearest, "swish");
  EXPECT_NEAR(l.distance, 0.0, 1e-7);
}

// At other constants: the same as the function with those values written in.
TEST(LikenessReflections, AtLearnedConstants) {
  const expr::Program f = compiled("x*sigmoid(x + beta=0)");
  EXPECT_EQ(likeness_to_known(f).nearest, "swish");
  EXPECT_NEAR(likeness_to_known(f).distance, 0.0, 1e-7);
  for (double beta : {0.8, -1.5}) {
    const std::vector<double> learned = {beta};
    const Likeness l = likeness_to_known(f, learned);
    const Likeness written = likeness_to_known(compiled("x*sigmoid(x + " + std::to_string(beta) + ")"));
    EXPECT_EQ(l.nearest, written.nearest);
    EXPECT_NEAR(l.distance, written.distance, 1e-12);
    EXPECT_GT(l.distance, 1e-3) << "beta " << beta << " is no longer swish";
  }
}

}  // namespace
}  // namespace actsearch::probes
