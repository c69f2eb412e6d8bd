#include "probes/likeness.hpp"

#include <cmath>
#include <limits>

#include "expr/known.hpp"
#include "expr/parse.hpp"
#include "expr/program.hpp"
#include "expr/simplify.hpp"
#include "probes/probes.hpp"

namespace actsearch::probes {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// g's values on the rule and its weighted mean and variance, prepared once per reference function.
struct Target {
  std::vector<double> centred;  // g(z_i) - E g
  double variance = 0;
  bool usable = false;
};

// theta empty: the program's initial values.
std::vector<double> values(const expr::Program& p, std::span<const double> x, std::span<const double> theta = {}) {
  std::vector<double> out(x.size());
  const std::vector<double> initial = p.initial_params();
  if (theta.empty()) theta = initial;
  double* outputs[] = {out.data()};
  p.evaluate(x, theta, outputs);
  return out;
}

Target prepare(const expr::Program& g, const QuadratureRule& rule) {
  Target t;
  const std::vector<double> v = values(g, rule.nodes);
  double mean = 0, mass = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    mean += rule.weights[i] * v[i];
    mass += rule.weights[i];
  }
  mean /= mass;
  t.centred.resize(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    t.centred[i] = v[i] - mean;
    t.variance += rule.weights[i] * t.centred[i] * t.centred[i];
  }
  t.variance /= mass;
  t.usable = std::isfinite(t.variance) && t.variance > 1e-300;
  return t;
}

// min over a, b of the normalised RMS of a f(c z) + b - g(z): the residual of the weighted least-squares
// fit of g on f(c z), in closed form. NaN when f is not finite on the scaled nodes.
double residual(const expr::Program& f, std::span<const double> theta, const Target& g, const QuadratureRule& rule,
                double c) {
  std::vector<double> scaled(rule.nodes.size());
  for (std::size_t i = 0; i < scaled.size(); ++i) scaled[i] = c * rule.nodes[i];
  std::vector<double> fv = values(f, scaled, theta);
  double mass = 0, mean = 0;
  for (std::size_t i = 0; i < fv.size(); ++i) {
    mass += rule.weights[i];
    mean += rule.weights[i] * fv[i];
  }
  mean /= mass;
  double var = 0, cov = 0;
  for (std::size_t i = 0; i < fv.size(); ++i) {
    fv[i] -= mean;
    var += rule.weights[i] * fv[i] * fv[i];
    cov += rule.weights[i] * fv[i] * g.centred[i];
  }
  if (!std::isfinite(var) || !std::isfinite(cov)) return kNaN;
  // A constant f explains nothing: the best fit is b = E g, residual = SD(g).
  const double a = var > 1e-300 ? cov / var : 0.0;
  double r = 0;
  for (std::size_t i = 0; i < fv.size(); ++i) {
    const double e = a * fv[i] - g.centred[i];
    r += rule.weights[i] * e * e;
  }
  return std::sqrt(r / mass / g.variance);
}

// Over c in [1/2, 2] (sign = 1) or in [-2, -1/2] (sign = -1).
double distance_at_sign(const expr::Program& f, std::span<const double> theta, const Target& g,
                        const QuadratureRule& rule, double sign) {
  const double lo = std::log(0.5), hi = std::log(2.0);
  constexpr int kGrid = 33;  // odd: c = 1 is a grid point
  double best = kNaN;
  int best_k = -1;
  auto t_of = [&](int k) { return k == kGrid / 2 ? 0.0 : lo + (hi - lo) * k / (kGrid - 1); };
  for (int k = 0; k < kGrid; ++k) {
    const double d = residual(f, theta, g, rule, sign * std::exp(t_of(k)));
    if (std::isfinite(d) && !(d >= best)) {
      best = d;
      best_k = k;
    }
  }
  if (best_k < 0) return kNaN;
  // Golden section on log c over the two grid intervals around the best grid point.
  double a = t_of(std::max(best_k - 1, 0)), b = t_of(std::min(best_k + 1, kGrid - 1));
  const double inv_phi = (std::sqrt(5.0) - 1.0) / 2.0;
  double x1 = b - inv_phi * (b - a), x2 = a + inv_phi * (b - a);
  auto eval = [&](double t) {
    const double d = residual(f, theta, g, rule, sign * std::exp(t));
    if (std::isfinite(d) && d < best) best = d;
    return std::isfinite(d) ? d : std::numeric_limits<double>::infinity();
  };
  double f1 = eval(x1), f2 = eval(x2);
  for (int iteration = 0; iteration < 40; ++iteration) {
    if (f1 < f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - inv_phi * (b - a);
      f1 = eval(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + inv_phi * (b - a);
      f2 = eval(x2);
    }
  }
  return best;
}

// The reflection f(-z) is searched like f(z); the smaller distance wins (NaN only when both are).
double distance(const expr::Program& f, std::span<const double> theta, const Target& g, const QuadratureRule& rule) {
  if (!g.usable) return kNaN;
  const double plain = distance_at_sign(f, theta, g, rule, 1.0);
  const double reflected = distance_at_sign(f, theta, g, rule, -1.0);
  if (std::isnan(plain)) return reflected;
  return std::isnan(reflected) || plain <= reflected ? plain : reflected;
}

}  // namespace

double likeness_distance(const expr::Expr& f, const expr::Expr& g) {
  const QuadratureRule rule = normal_rule();
  const expr::ProgramOptions no_derivatives{.derivatives = false};
  const expr::Program pf = expr::Program::compile(expr::simplify(f), no_derivatives);
  const expr::Program pg = expr::Program::compile(expr::simplify(g), no_derivatives);
  return distance(pf, {}, prepare(pg, rule), rule);
}

namespace {

// The known activations on the normal rule, compiled and prepared once per process (thread-safe
// static initialisation): every candidate of a campaign is compared with all of them.
struct KnownTarget {
  std::string_view name;
  Target target;
};

const std::vector<KnownTarget>& known_targets() {
  static const std::vector<KnownTarget> targets = [] {
    const QuadratureRule rule = normal_rule();
    std::vector<KnownTarget> out;
    for (const auto& known : expr::known_activations()) {
      const auto parsed = expr::parse(known.expression);
      if (!parsed) continue;  // the table is tested to parse
      const expr::Program pg = expr::Program::compile(expr::simplify(*parsed), {.derivatives = false});
      out.push_back({known.name, prepare(pg, rule)});
    }
    return out;
  }();
  return targets;
}

}  // namespace

Likeness likeness_to_known(const expr::Expr& f) {
  return likeness_to_known(expr::Program::compile(expr::simplify(f), {.derivatives = false}));
}

Likeness likeness_to_known(const expr::Program& pf, std::span<const double> theta) {
  static const QuadratureRule rule = normal_rule();
  Likeness out;
  out.distance = kNaN;
  for (const KnownTarget& known : known_targets()) {
    const double d = distance(pf, theta, known.target, rule);
    out.all.emplace_back(std::string(known.name), d);
    if (known.name != "identity" && std::isfinite(d) && (out.nearest.empty() || d < out.distance)) {
      out.nearest = std::string(known.name);
      out.distance = d;
    }
  }
  return out;
}

}  // namespace actsearch::probes
