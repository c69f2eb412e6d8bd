// Fused phi + phi' throughput of the Program block evaluator, one thread, float32, next to a
// hand-written C++ loop computing the same function and slope (compiled with the same flags).
// Target: the evaluator at >= 0.7x the hand-written speed.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <vector>

#include "common/timing.hpp"
#include "expr/parse.hpp"
#include "expr/program.hpp"
#include "expr/simplify.hpp"

namespace {

constexpr std::size_t kN = 1 << 20;
constexpr int kRepeats = 7;

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }
float softplus(float x) { return std::max(x, 0.0f) + std::log1p(std::exp(-std::abs(x))); }

using Loop = std::function<void(const float*, float*, float*, std::size_t)>;

struct Case {
  const char* name;
  const char* expression;
  Loop hand_written;
};

const std::vector<Case>& cases() {
  static const std::vector<Case> c = {
      {"swish", "x*sigmoid(x)",
       [](const float* x, float* y, float* dy, std::size_t n) {
         for (std::size_t i = 0; i < n; ++i) {
           const float s = sigmoid(x[i]);
           y[i] = x[i] * s;
           dy[i] = s + x[i] * s * (1.0f - s);
         }
       }},
      {"gelu", "gelu(x)",
       [](const float* x, float* y, float* dy, std::size_t n) {
         for (std::size_t i = 0; i < n; ++i) {
           const float e = std::erfc(-x[i] * 0.70710678f);
           y[i] = 0.5f * x[i] * e;
           dy[i] = 0.5f * e + 0.39894228f * x[i] * std::exp(-0.5f * x[i] * x[i]);
         }
       }},
      {"mish", "mish(x)",
       [](const float* x, float* y, float* dy, std::size_t n) {
         for (std::size_t i = 0; i < n; ++i) {
           const float t = std::tanh(softplus(x[i]));
           y[i] = x[i] * t;
           dy[i] = t + x[i] * (1.0f - t * t) * sigmoid(x[i]);
         }
       }},
      {"10-node", "atan(x)*sigmoid(x) - 0.1*sin(x)",
       [](const float* x, float* y, float* dy, std::size_t n) {
         for (std::size_t i = 0; i < n; ++i) {
           const float a = std::atan(x[i]), s = sigmoid(x[i]);
           y[i] = a * s - 0.1f * std::sin(x[i]);
           dy[i] = s / (1.0f + x[i] * x[i]) + a * s * (1.0f - s) - 0.1f * std::cos(x[i]);
         }
       }},
  };
  return c;
}

template <class Fn>
double best_seconds(Fn&& run) {
  double best = 1e30;
  for (int r = 0; r < kRepeats; ++r) {
    const actsearch::timing::Stopwatch clock;
    run();
    best = std::min(best, clock.seconds());
  }
  return best;
}

}  // namespace

int main() {
  using namespace actsearch;
  std::mt19937 rng(1);
  std::normal_distribution<float> normal(0.0f, 2.0f);
  std::vector<float> x(kN), y(kN), dy(kN), y_ref(kN), dy_ref(kN);
  for (float& v : x) v = normal(rng);

  fmt::print("fused phi+phi' over {} float32 values, 1 thread, best of {}\n\n", kN, kRepeats);
  fmt::print("{:<9} {:<34} {:>14} {:>14} {:>7} {:>10}\n", "function", "expression", "program Melem/s", "hand Melem/s",
             "ratio", "max |diff|");
  for (const Case& c : cases()) {
    const expr::Program program = expr::Program::compile(expr::simplify(*expr::parse(c.expression)));
    float* outputs[] = {y.data(), dy.data()};
    const double t_program = best_seconds([&] { program.evaluate(x, {}, outputs); });
    const double t_hand = best_seconds([&] { c.hand_written(x.data(), y_ref.data(), dy_ref.data(), kN); });
    float diff = 0;
    for (std::size_t i = 0; i < kN; ++i)
      diff = std::max({diff, std::abs(y[i] - y_ref[i]), std::abs(dy[i] - dy_ref[i])});
    fmt::print("{:<9} {:<34} {:>14.1f} {:>14.1f} {:>6.2f}x {:>10.2g}\n", c.name, c.expression, kN / t_program / 1e6,
               kN / t_hand / 1e6, t_hand / t_program, diff);
  }
}
