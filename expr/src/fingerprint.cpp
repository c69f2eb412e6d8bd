#include "expr/fingerprint.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "common/hash.hpp"
#include "expr/program.hpp"

namespace actsearch::expr {
namespace {

// 97 evenly spaced points on [-5, 5], shifted off zero and the integers (where conventions at
// kinks differ between equal functions), plus a few wide points that tell apart functions equal on
// [-5, 5] (relu and relu6).
std::vector<double> make_points() {
  std::vector<double> p;
  for (int i = 0; i < 97; ++i) p.push_back(-5.0 + 10.0 * (i + 0.5) / 97.0 + 0.0123);
  for (double w : {6.5, 8.25, 12.5, 20.5, 50.25}) {
    p.push_back(w);
    p.push_back(-w);
  }
  std::sort(p.begin(), p.end());
  return p;
}

// Seven significant digits, but no finer than 1e-9 absolute: equal functions computed by different
// formulas differ by cancellation noise of that size near zero (gelu by erfc or by 1 + erf).
void append_rounded(std::string& out, double v) {
  char buf[40];
  if (std::isnan(v)) {
    out += "nan;";
  } else if (std::isinf(v)) {
    out += v > 0 ? "inf;" : "-inf;";
  } else {
    const int exponent = v == 0 ? -1000 : static_cast<int>(std::floor(std::log10(std::abs(v))));
    const int digits = std::min(7, exponent + 10);
    if (digits <= 0) {
      out += "0;";
    } else {
      std::snprintf(buf, sizeof buf, "%.*e;", digits - 1, v);
      out += buf;
    }
  }
}

}  // namespace

std::span<const double> fingerprint_points() {
  static const std::vector<double> points = make_points();
  return points;
}

std::string Fingerprint::hex() const { return actsearch::hash::hex16(hash); }

Fingerprint fingerprint(const Expr& e) {
  return fingerprint(Program::compile(e, ProgramOptions{.derivatives = false}));
}

Fingerprint fingerprint(const Program& program) {
  const auto points = fingerprint_points();
  std::vector<double> values(points.size());
  double* out[] = {values.data()};
  const std::vector<double> theta = program.initial_params();
  program.evaluate(points, theta, out);
  Fingerprint fp;
  for (double v : values) fp.finite = fp.finite && std::isfinite(v);
  const std::string text = fingerprint_text(program, false, false);
  // Constant: every rounded value the same.
  {
    std::string one;
    append_rounded(one, values[0]);
    std::string repeated;
    for (std::size_t i = 0; i < values.size(); ++i) repeated += one;
    fp.constant = text.compare(0, repeated.size(), repeated) == 0 &&
                  (text.size() == repeated.size() || text[repeated.size()] == '|');
  }
  // The legacy basis: stored fingerprints were made with it (see common/hash.hpp).
  fp.hash = hash::fnv1a(text, hash::kFnv1aLegacyBasis);
  return fp;
}

std::string fingerprint_text(const Program& program, bool negate_input, bool negate_output) {
  const auto fixed = fingerprint_points();
  std::vector<double> points(fixed.begin(), fixed.end());
  if (negate_input) {
    for (double& p : points) p = -p;
  }
  std::vector<double> values(points.size());
  double* out[] = {values.data()};
  // Negation is exact and the rounding below is symmetric about zero, so the text of -phi is the text
  // of phi with every sign flipped.
  auto append_all = [&](std::string& text) {
    for (double v : values) append_rounded(text, negate_output ? -v : v);
  };

  std::string text;
  std::vector<double> theta = program.initial_params();
  program.evaluate(points, theta, out);
  append_all(text);
  // Parameters moved off their initial values: a trainable constant is part of the function. Each
  // parameter alone, then all together; the per-parameter results are sorted so that neither the
  // names nor the order of the parameters matter (min(beta, gamma) = min(gamma, beta)).
  if (!theta.empty()) {
    const std::vector<double> initial = theta;
    std::vector<std::string> moved;
    for (std::size_t k = 0; k <= initial.size(); ++k) {
      theta = initial;
      for (std::size_t j = 0; j < theta.size(); ++j) {
        if (j == k || k == initial.size()) theta[j] += 0.3;
      }
      program.evaluate(points, theta, out);
      std::string part;
      append_all(part);
      moved.push_back(std::move(part));
    }
    std::sort(moved.begin(), moved.end() - 1);
    for (const std::string& part : moved) text += "|" + part;
  }
  return text;
}

}  // namespace actsearch::expr
