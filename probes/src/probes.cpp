#include "probes/probes.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <numbers>
#include <tuple>

#include "common/random.hpp"
#include "expr/program.hpp"

namespace actsearch::probes {
namespace {

constexpr std::string_view kNames[] = {
    "mean",
    "second_moment",
    "mean_slope",
    "slope_second_moment",
    "dead_fraction",
    "max_slope",
    "curvature_sign_changes",
    "non_finite",
    "near_linearity",
    "forward_variance_ratio",
    "gradient_norm_ratio",
};

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// phi and phi' (when the program has derivatives) at the given points, parameters at initial values.
void evaluate(const expr::Program& program, std::span<const double> x, std::vector<double>& value,
              std::vector<double>* slope) {
  value.assign(x.size(), 0.0);
  if (slope) slope->assign(x.size(), 0.0);
  const std::vector<double> theta = program.initial_params();
  std::vector<double*> outputs{value.data()};
  if (slope) outputs.push_back(slope->data());
  program.evaluate(x, theta, outputs);
}

// Standard normal weights of the random network (scaled per candidate): a fixed generator (SplitMix64
// and Box-Muller), so the network is the same on every platform and for every candidate; built once per
// (seed, width, layers).
class WeightCache {
 public:
  std::shared_ptr<const std::vector<double>> get(const ProbeOptions& o) {
    const auto key = std::make_tuple(o.propagation_seed, o.propagation_width, o.propagation_layers);
    std::lock_guard lock(mutex_);
    auto& slot = cache_[key];
    if (!slot) {
      const std::size_t w = static_cast<std::size_t>(o.propagation_width);
      auto weights = std::make_shared<std::vector<double>>(w * w * static_cast<std::size_t>(o.propagation_layers));
      random::SplitMix64 stream(o.propagation_seed);
      for (double& v : *weights) v = normal(stream);
      slot = weights;
    }
    return slot;
  }
  static double normal(random::SplitMix64& stream) { return stream.normal(random::LogForm::LogOfComplement); }

 private:
  std::mutex mutex_;
  std::map<std::tuple<std::uint64_t, int, int>, std::shared_ptr<const std::vector<double>>> cache_;
};

WeightCache& weight_cache() {
  static WeightCache cache;
  return cache;
}

bool all_finite(std::span<const double> v) {
  return std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
}

double mean_square(std::span<const double> v) {
  double s = 0;
  for (double x : v) s += x * x;
  return s / static_cast<double>(v.size());
}

// {forward_variance_ratio, gradient_norm_ratio}. second_moment = E[phi(z)^2] sets the default weight scale.
std::pair<double, double> propagate(const expr::Program& program, const ProbeOptions& o, double second_moment) {
  const std::size_t w = static_cast<std::size_t>(o.propagation_width);
  const std::size_t batch = static_cast<std::size_t>(o.propagation_batch);
  const int layers = o.propagation_layers;
  if (w == 0 || batch == 0 || layers < 1) return {kNaN, kNaN};
  const double variance = o.propagation_weight_variance > 0 ? o.propagation_weight_variance : 1.0 / second_moment;
  if (!std::isfinite(variance) || !(variance > 0)) return {kNaN, kNaN};  // phi = 0 or moments do not exist
  // Layer 1 maps the N(0, 1) inputs to N(0, 1) pre-activations; later layers use sigma_w^2 = variance.
  const double first_scale = std::sqrt(1.0 / static_cast<double>(w));
  const double scale = std::sqrt(variance / static_cast<double>(w));
  const auto weights = weight_cache().get(o);
  // Inputs and the backpropagated vector come from a stream separate from the weights'.
  random::SplitMix64 state(o.propagation_seed ^ 0xD1B54A32D192ED03ULL);
  // Layouts are unit-major with the batch innermost: [unit * batch + b].
  std::vector<double> input(w * batch);
  for (double& v : input) v = WeightCache::normal(state);
  std::vector<std::vector<double>> pre(static_cast<std::size_t>(layers));    // pre-activations h_l
  std::vector<std::vector<double>> slope(static_cast<std::size_t>(layers));  // phi'(h_l)
  std::vector<double> activation;
  auto matmul = [&](int layer, const std::vector<double>& in, std::vector<double>& out) {
    const double* m = weights->data() + static_cast<std::size_t>(layer) * w * w;
    const double s = layer == 0 ? first_scale : scale;
    out.assign(w * batch, 0.0);
    for (std::size_t r = 0; r < w; ++r) {
      double* o_row = out.data() + r * batch;
      for (std::size_t c = 0; c < w; ++c) {
        const double a = m[r * w + c];
        const double* i_row = in.data() + c * batch;
        for (std::size_t b = 0; b < batch; ++b) o_row[b] += a * i_row[b];
      }
    }
    for (double& v : out) v *= s;
  };
  matmul(0, input, pre[0]);
  for (int l = 0; l < layers; ++l) {
    if (l > 0) matmul(l, activation, pre[l]);
    if (!all_finite(pre[l])) return {kInf, kNaN};  // the forward signal overflowed
    evaluate(program, pre[l], activation, &slope[l]);
  }
  const double forward = mean_square(pre[layers - 1]) / mean_square(pre[0]);
  // delta_L ~ N(0, 1); delta_{l-1} = phi'(h_{l-1}) * (W_l^T delta_l).
  std::vector<double> delta(w * batch);
  for (double& v : delta) v = WeightCache::normal(state);
  const double top = mean_square(delta);
  std::vector<double> back;
  for (int l = layers - 1; l >= 1; --l) {
    const double* m = weights->data() + static_cast<std::size_t>(l) * w * w;
    back.assign(w * batch, 0.0);
    for (std::size_t r = 0; r < w; ++r) {
      const double* d_row = delta.data() + r * batch;
      for (std::size_t c = 0; c < w; ++c) {
        const double a = m[r * w + c];
        double* b_row = back.data() + c * batch;
        for (std::size_t b = 0; b < batch; ++b) b_row[b] += a * d_row[b];
      }
    }
    for (std::size_t i = 0; i < back.size(); ++i) back[i] *= scale * slope[l - 1][i];
    delta.swap(back);
    if (!all_finite(delta)) return {forward, kInf};
  }
  return {forward, mean_square(delta) / top};
}

}  // namespace

std::span<const std::string_view> probe_names() { return kNames; }

double probe_value(const ProbeValues& values, std::string_view name) {
  for (const auto& [n, v] : values) {
    if (n == name) return v;
  }
  return kNaN;
}

ProbeValues compute_probes(const expr::Expr& canonical, const ProbeOptions& options) {
  return compute_probes(expr::Program::compile(canonical), options);
}

ProbeValues compute_probes(const expr::Program& program, const ProbeOptions& options) {
  std::vector<double> value, slope;

  // Moments by the normal rule.
  const QuadratureRule rule = normal_rule(options);
  evaluate(program, rule.nodes, value, &slope);
  double m1 = 0, m2 = 0, s1 = 0, s2 = 0, zphi = 0;
  for (std::size_t i = 0; i < rule.nodes.size(); ++i) {
    const double wgt = rule.weights[i];
    m1 += wgt * value[i];
    m2 += wgt * value[i] * value[i];
    s1 += wgt * slope[i];
    s2 += wgt * slope[i] * slope[i];
    zphi += wgt * rule.nodes[i] * value[i];
  }
  // Near-linearity from the centred variance (not m2 - m1^2, which cancels for large means).
  double variance = 0;
  for (std::size_t i = 0; i < rule.nodes.size(); ++i) variance += rule.weights[i] * (value[i] - m1) * (value[i] - m1);
  double linearity = kNaN;
  if (std::isfinite(variance) && std::isfinite(zphi)) {
    // Relative to E[phi^2]: a constant leaves only rounding noise in the variance.
    linearity = variance <= 1e-24 * m2 ? 1.0 : std::min(1.0, zphi * zphi / variance);
  }

  // Dead fraction: cells of equal width on [-9, 9] with 0 as an edge; each weighted by its exact mass.
  double dead = 0;
  {
    const int cells = std::max(2, options.dead_cells / 2 * 2);
    const double h = 18.0 / cells;
    std::vector<double> mid(static_cast<std::size_t>(cells));
    for (int i = 0; i < cells; ++i) mid[i] = (i - cells / 2 + 0.5) * h;
    evaluate(program, mid, value, &slope);
    auto cdf = [](double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); };
    for (int i = 0; i < cells; ++i) {
      if (std::isfinite(slope[i]) && std::abs(slope[i]) < options.dead_threshold) {
        dead += cdf((i - cells / 2 + 1) * h) - cdf((i - cells / 2) * h);
      }
    }
  }

  // Wide grid: slopes and non-finite values on [-50, 50].
  double max_slope = 0;
  double non_finite = 0;
  {
    const int n = std::max(2, options.wide_grid_points);
    std::vector<double> grid(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) grid[i] = -50.0 + 100.0 * i / (n - 1);
    evaluate(program, grid, value, &slope);
    for (int i = 0; i < n; ++i) {
      if (!std::isfinite(value[i]) || !std::isfinite(slope[i])) ++non_finite;
      max_slope = std::isfinite(slope[i]) ? std::max(max_slope, std::abs(slope[i])) : kInf;
    }
  }

  // Curvature: phi'' is the slope of the program of phi'.
  double sign_changes = 0;
  {
    const expr::Program second = expr::Program::compile(program.derivative_expressions().dx);
    const int n = std::max(2, options.curvature_grid_points);
    std::vector<double> grid(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) grid[i] = -10.0 + 20.0 * i / (n - 1);
    evaluate(second, grid, value, &slope);
    double largest = 0;
    for (double v : slope) {
      if (std::isfinite(v)) largest = std::max(largest, std::abs(v));
    }
    const double zero = std::max(1e-8 * largest, 1e-300);
    int last = 0;
    for (double v : slope) {
      if (!std::isfinite(v) || std::abs(v) <= zero) continue;
      const int sign = v > 0 ? 1 : -1;
      if (last != 0 && sign != last) ++sign_changes;
      last = sign;
    }
  }

  const auto [forward, gradient] = propagate(program, options, m2);

  return {{"mean", m1},
          {"second_moment", m2},
          {"mean_slope", s1},
          {"slope_second_moment", s2},
          {"dead_fraction", dead},
          {"max_slope", max_slope},
          {"curvature_sign_changes", sign_changes},
          {"non_finite", non_finite},
          {"near_linearity", linearity},
          {"forward_variance_ratio", forward},
          {"gradient_norm_ratio", gradient}};
}

}  // namespace actsearch::probes
