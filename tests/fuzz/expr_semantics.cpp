// Everything downstream of the parser on every expression it accepts: the simplifier keeps the function
// where it is finite and is idempotent, the compiled program's float32 and float64 paths run, and the
// symbolic derivatives (d/dx and d/dtheta) agree with Richardson-extrapolated central differences
// wherever the function is finite and smooth.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "expr/derivative.hpp"
#include "expr/parse.hpp"
#include "expr/print.hpp"
#include "expr/program.hpp"
#include "expr/simplify.hpp"
#include "tests/common/finite_difference.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

using namespace actsearch::expr;

// Larger expressions only make the derivative trees (and each input's cost) grow, not the coverage.
constexpr int kMaxNodes = 120;

std::vector<double> probe_points() {
  std::vector<double> xs;
  for (int i = 0; i < 17; ++i) xs.push_back(-4.0 + 0.5 * i + 0.0137);
  return xs;
}

// The largest magnitude any subexpression takes at each point, parameters at `theta` (the order of
// parameters(e)): where it is huge or non-finite, rounding dominates both the simplifier's algebra and
// finite differences, so such points are not compared.
std::vector<double> largest_intermediate(const Expr& e, const std::vector<double>& xs, std::span<const double> theta) {
  std::vector<double> largest(xs.size(), 0.0);
  const auto all = parameters(e);
  std::vector<Expr> pending = {e};
  while (!pending.empty()) {
    Expr sub = pending.back();
    pending.pop_back();
    if (!sub.is_call() && !sub.is_const() && !sub.is_param()) continue;
    for (const Expr& a : sub.args()) pending.push_back(a);
    const Program p = Program::compile(sub, ProgramOptions{.derivatives = false});
    std::vector<double> th;
    for (const ParamInfo& info : p.params()) {
      for (std::size_t k = 0; k < all.size(); ++k) {
        if (all[k].name == info.name) th.push_back(theta[k]);
      }
    }
    std::vector<double> v(xs.size());
    double* out[] = {v.data()};
    p.evaluate(xs, th, out);
    for (std::size_t j = 0; j < xs.size(); ++j) {
      largest[j] = std::isfinite(v[j]) ? std::max(largest[j], std::abs(v[j])) : HUGE_VAL;
    }
  }
  return largest;
}

bool close(double a, double b, double tol) { return std::abs(a - b) <= tol * (1 + std::abs(a) + std::abs(b)); }

void check_simplifier(const Expr& e, const Expr& s, const std::vector<double>& xs) {
  FUZZ_CHECK(simplify(s) == s, "simplify is not idempotent on " + print(s) + "\n  -> " + print(simplify(s)));
  // Parameters shared by name: compare at the initial values of e (s may have dropped some).
  const Program pe = Program::compile(e, ProgramOptions{.derivatives = false});
  const Program ps = Program::compile(s, ProgramOptions{.derivatives = false});
  const auto theta_e = pe.initial_params();
  std::vector<double> theta_s;
  for (const ParamInfo& info : ps.params()) {
    double value = info.initial;
    for (const ParamInfo& other : pe.params()) {
      if (other.name == info.name) value = other.initial;
    }
    theta_s.push_back(value);
  }
  const auto scale_e = largest_intermediate(e, xs, theta_e);
  const auto scale_s = largest_intermediate(s, xs, theta_s);
  for (std::size_t j = 0; j < xs.size(); ++j) {
    if (scale_e[j] > 1e4 || scale_s[j] > 1e4) continue;
    const double a = pe.evaluate_at(xs[j], theta_e)[0];
    const double b = ps.evaluate_at(xs[j], theta_s)[0];
    FUZZ_CHECK(close(a, b, 1e-7), "simplification changed the value of " + print(e) + "\n  simplified: " + print(s) +
                                      "\n  at x = " + std::to_string(xs[j]) + ": " + std::to_string(a) + " vs " +
                                      std::to_string(b));
  }
}

void check_derivatives(const Expr& s, const std::vector<double>& xs) {
  const Program p = Program::compile(s);
  const auto theta = p.initial_params();
  const auto scale = largest_intermediate(s, xs, theta);
  // The derivative trees themselves: huge intermediates there (1/x near 0) make the symbolic value
  // unresolvable in double too.
  const auto& d = p.derivative_expressions();
  std::vector<std::vector<double>> dscale;
  dscale.push_back(largest_intermediate(d.dx, xs, theta));
  for (const Expr& dp : d.dparams) dscale.push_back(largest_intermediate(dp, xs, theta));
  for (std::size_t j = 0; j < xs.size(); ++j) {
    const double x = xs[j];
    if (scale[j] > 1e3) continue;
    const auto v = p.evaluate_at(x, theta);
    for (std::size_t k = 0; k < 1 + theta.size(); ++k) {
      if (dscale[k][j] > 1e3) continue;
      auto f = [&](double t) {
        std::vector<double> th = theta;
        if (k == 0) return p.evaluate_at(t, th)[0];
        th[k - 1] = t;
        return p.evaluate_at(x, th)[0];
      };
      const auto reference = actsearch::testing::richardson_derivative(f, k == 0 ? x : theta[k - 1], 1e-4);
      if (!reference) continue;
      const double fd = *reference;
      const double symbolic = v[k == 0 ? 1 : 1 + k];
      FUZZ_CHECK(close(symbolic, fd, 1e-4),
                 print(s) + "\n  d/d" + (k == 0 ? std::string("x") : p.params()[k - 1].name) +
                     " at x = " + std::to_string(x) + ": symbolic " + std::to_string(symbolic) + ", FD " +
                     std::to_string(fd) + "\n  derivative: " + print(k == 0 ? d.dx : d.dparams[k - 1]));
    }
  }
  // The block evaluator over a whole array, both precisions, every output: must run cleanly (values are
  // compared with the one-point path above only through evaluate_at, which uses the same tape).
  std::vector<float> xf(xs.begin(), xs.end());
  std::vector<float> thf(theta.begin(), theta.end());
  std::vector<std::vector<float>> outf(static_cast<std::size_t>(p.num_outputs()), std::vector<float>(xs.size()));
  std::vector<float*> ptrf;
  for (auto& o : outf) ptrf.push_back(o.data());
  p.evaluate(xf, thf, ptrf);
  std::vector<std::vector<double>> outd(static_cast<std::size_t>(p.num_outputs()), std::vector<double>(xs.size()));
  std::vector<double*> ptrd;
  for (auto& o : outd) ptrd.push_back(o.data());
  p.evaluate(xs, theta, ptrd);
  for (std::size_t j = 0; j < xs.size(); ++j) {
    const auto v = p.evaluate_at(xs[j], theta);
    for (std::size_t k = 0; k < v.size(); ++k) {
      // The block path may use vectorised libm variants: equal to rounding, and non-finite together.
      const bool same = (!std::isfinite(v[k]) && !std::isfinite(outd[k][j])) || v[k] == outd[k][j] ||
                        (std::abs(v[k]) < 1e6 && close(v[k], outd[k][j], 1e-9));
      FUZZ_CHECK(same, "block and one-point evaluation differ for " + print(s) + " output " + std::to_string(k) +
                           " at x = " + std::to_string(xs[j]));
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = parse(text);
  if (!parsed || parsed->size() > kMaxNodes) return 0;
  const std::vector<double> xs = probe_points();
  const Expr s = simplify(*parsed);
  check_simplifier(*parsed, s, xs);
  if (s.size() <= kMaxNodes) check_derivatives(s, xs);
  (void)derivative_x(*parsed);
  return 0;
}
