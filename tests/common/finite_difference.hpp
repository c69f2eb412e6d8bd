// The finite-difference reference the derivative tests compare symbolic derivatives with: a
// Richardson-extrapolated central difference, or nothing where the reference cannot be trusted.
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>

namespace actsearch::testing {

// d f / d t at `at`. Nothing when a difference is not finite or huge, when the two central step sizes
// disagree by more than `step_agreement` (relative: they straddle a kink or a pole), or when the one-sided
// differences disagree (a kink exactly at the point: a tie in max, relu at 0).
template <class F>
std::optional<double> richardson_derivative(F&& f, double at, double step_agreement) {
  const double h = 1e-3 * std::max(0.1, std::abs(at));
  const double d1 = (f(at + h) - f(at - h)) / (2 * h);
  const double d2 = (f(at + h / 2) - f(at - h / 2)) / h;
  if (!std::isfinite(d1) || !std::isfinite(d2) || std::abs(d1) > 1e5) return std::nullopt;
  if (std::abs(d1 - d2) > step_agreement * (1 + std::abs(d2))) return std::nullopt;
  const double forward = (f(at + h) - f(at)) / h, backward = (f(at) - f(at - h)) / h;
  // Relative to the one-sided slopes themselves: at a kink between small slopes (0.014 and 0.024) an
  // absolute floor of 1 would let the averaged difference through as a reference.
  if (std::abs(forward - backward) > 1e-2 * (std::abs(forward) + std::abs(backward)) + 1e-9) return std::nullopt;
  return (4 * d2 - d1) / 3;
}

}  // namespace actsearch::testing
