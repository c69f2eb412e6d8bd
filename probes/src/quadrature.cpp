// Gauss rules by Golub-Welsch: the nodes are the eigenvalues of the Jacobi matrix of the orthogonal
// polynomials and the weights mu0 * (first eigenvector component)^2. The eigenproblem is solved by the
// implicit QL method with Wilkinson shifts, tracking only the first row of the eigenvector matrix.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <stdexcept>

#include "probes/probes.hpp"

namespace actsearch::probes {
namespace {

// diag: the recurrence's diagonal (all zero for symmetric weights); off[i] couples i and i+1.
QuadratureRule golub_welsch(std::vector<double> diag, std::vector<double> off, double mu0) {
  const std::size_t n = diag.size();
  off.resize(n, 0.0);
  std::vector<double> z(n, 0.0);  // first row of the eigenvector matrix
  if (n > 0) z[0] = 1.0;
  for (std::size_t l = 0; l < n; ++l) {
    for (int iteration = 0;; ++iteration) {
      std::size_t m = l;
      for (; m + 1 < n; ++m) {
        const double dd = std::abs(diag[m]) + std::abs(diag[m + 1]);
        if (std::abs(off[m]) <= std::numeric_limits<double>::epsilon() * dd) break;
      }
      if (m == l) break;
      if (iteration == 200) throw std::runtime_error("Golub-Welsch: QL iteration did not converge");
      double g = (diag[l + 1] - diag[l]) / (2.0 * off[l]);
      double r = std::hypot(g, 1.0);
      g = diag[m] - diag[l] + off[l] / (g + std::copysign(r, g));
      double s = 1, c = 1, p = 0;
      bool underflow = false;
      for (std::size_t i = m; i-- > l;) {
        const double f = s * off[i];
        const double b = c * off[i];
        r = std::hypot(f, g);
        off[i + 1] = r;
        if (r == 0.0) {
          diag[i + 1] -= p;
          off[m] = 0.0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = diag[i + 1] - p;
        r = (diag[i] - g) * s + 2.0 * c * b;
        p = s * r;
        diag[i + 1] = g + p;
        g = c * r - b;
        const double zf = z[i + 1];
        z[i + 1] = s * z[i] + c * zf;
        z[i] = c * z[i] - s * zf;
      }
      if (underflow) continue;
      diag[l] -= p;
      off[l] = g;
      off[m] = 0.0;
    }
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return diag[a] < diag[b]; });
  QuadratureRule rule;
  for (auto i : order) {
    rule.nodes.push_back(diag[i]);
    rule.weights.push_back(mu0 * z[i] * z[i]);
  }
  // The rules here are symmetric; symmetrising removes the last-bit asymmetry of the eigensolver.
  for (std::size_t i = 0; i < n / 2; ++i) {
    const std::size_t j = n - 1 - i;
    const double x = 0.5 * (rule.nodes[j] - rule.nodes[i]);
    const double w = 0.5 * (rule.weights[i] + rule.weights[j]);
    rule.nodes[i] = -x;
    rule.nodes[j] = x;
    rule.weights[i] = rule.weights[j] = w;
  }
  if (n % 2 == 1) rule.nodes[n / 2] = 0.0;
  return rule;
}

}  // namespace

QuadratureRule gauss_hermite(int n) {
  // Monic probabilists' Hermite: He_{k+1} = z He_k - k He_{k-1}, so the Jacobi matrix has sqrt(k) off
  // the diagonal; mu0 = 1 for the normalised density.
  std::vector<double> off;
  for (int k = 1; k < n; ++k) off.push_back(std::sqrt(static_cast<double>(k)));
  return golub_welsch(std::vector<double>(static_cast<std::size_t>(std::max(n, 0)), 0.0), off, 1.0);
}

QuadratureRule gauss_legendre(int n) {
  std::vector<double> off;
  for (int k = 1; k < n; ++k) off.push_back(k / std::sqrt(4.0 * k * k - 1.0));
  return golub_welsch(std::vector<double>(static_cast<std::size_t>(std::max(n, 0)), 0.0), off, 2.0);
}

QuadratureRule normal_rule(const ProbeOptions& options) {
  const QuadratureRule base = gauss_legendre(options.quadrature_points);
  const double h = options.panel_width;
  const int half_panels = static_cast<int>(std::ceil(options.quadrature_range / h));
  const double inv_sqrt_2pi = 1.0 / std::sqrt(2.0 * std::numbers::pi);
  QuadratureRule rule;
  for (int p = -half_panels; p < half_panels; ++p) {
    const double centre = (p + 0.5) * h;
    for (std::size_t j = 0; j < base.nodes.size(); ++j) {
      const double z = centre + 0.5 * h * base.nodes[j];
      rule.nodes.push_back(z);
      rule.weights.push_back(0.5 * h * base.weights[j] * inv_sqrt_2pi * std::exp(-0.5 * z * z));
    }
  }
  return rule;
}

}  // namespace actsearch::probes
