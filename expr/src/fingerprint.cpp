#include "expr/fingerprint.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

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

// Seven significant digits; magnitudes below 1e-12 count as zero (rounding noise of equal functions).
void append_rounded(std::string& out, double v) {
  char buf[40];
  if (std::isnan(v)) {
    out += "nan;";
  } else if (std::isinf(v)) {
    out += v > 0 ? "inf;" : "-inf;";
  } else if (std::abs(v) < 1e-12) {
    out += "0;";
  } else {
    std::snprintf(buf, sizeof buf, "%.6e;", v);
    out += buf;
  }
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

}  // namespace

std::span<const double> fingerprint_points() {
  static const std::vector<double> points = make_points();
  return points;
}

std::string Fingerprint::hex() const {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash));
  return buf;
}

Fingerprint fingerprint(const Expr& e) {
  const Program program = Program::compile(e, ProgramOptions{.derivatives = false});
  const auto points = fingerprint_points();
  std::vector<double> values(points.size());
  double* out[] = {values.data()};

  Fingerprint fp;
  std::string text;
  std::vector<double> theta = program.initial_params();
  program.evaluate(points, theta, out);
  std::string first_round;
  for (double v : values) {
    fp.finite = fp.finite && std::isfinite(v);
    append_rounded(text, v);
  }
  // Constant: every rounded value the same.
  {
    std::string one;
    append_rounded(one, values[0]);
    std::string repeated;
    for (std::size_t i = 0; i < values.size(); ++i) repeated += one;
    fp.constant = repeated == text;
  }
  // Parameters moved off their initial values: a trainable constant is part of the function.
  if (!theta.empty()) {
    for (std::size_t k = 0; k < theta.size(); ++k) theta[k] += 0.3 + 0.1 * static_cast<double>(k);
    program.evaluate(points, theta, out);
    text += "|";
    for (double v : values) append_rounded(text, v);
  }
  fp.hash = fnv1a(text);
  return fp;
}

}  // namespace actsearch::expr
