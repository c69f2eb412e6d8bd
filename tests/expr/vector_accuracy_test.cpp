// The accuracy contract of the float32 vector kernels (primitives.hpp, VectorSpec): for every row
// and every instruction set this processor has, the value on more than 10^6 points (a dense grid,
// every binade from the smallest subnormal to FLT_MAX, random bit patterns, +-0, +-inf, NaN) against
// the float64 definition within the row's stated ULP bound; the derivative computed by the fused
// Program within its bound; non-finite results of the same kind as the scalar float32 path's; exact
// rows bit-identical to it. The measured maxima are printed, so the table's bounds can be checked.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <random>
#include <vector>

#include "expr/expr.hpp"
#include "expr/primitives.hpp"
#include "expr/program.hpp"
#include "expr/vector_isa.hpp"

namespace actsearch::expr {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

// Restores the instruction set the process started with.
class IsaGuard {
 public:
  IsaGuard() : saved_(active_vector_isa()) {}
  ~IsaGuard() { set_vector_isa(saved_); }
  IsaGuard(const IsaGuard&) = delete;
  IsaGuard& operator=(const IsaGuard&) = delete;

 private:
  VectorIsa saved_;
};

std::vector<VectorIsa> vector_isas() {
  std::vector<VectorIsa> out;
  for (int i = 1; i < kNumVectorIsas; ++i) {
    if (vector_isa_available(static_cast<VectorIsa>(i))) out.push_back(static_cast<VectorIsa>(i));
  }
  return out;
}

const std::vector<float>& float_points() {
  static const std::vector<float> p = [] {
    std::vector<float> v;
    for (float s : {0.0f, -0.0f, kInf, -kInf, std::numeric_limits<float>::quiet_NaN(), FLT_MAX, -FLT_MAX, FLT_MIN,
                    -FLT_MIN, std::numeric_limits<float>::denorm_min(), -std::numeric_limits<float>::denorm_min()})
      v.push_back(s);
    // Kinks and thresholds of the definitions, with their neighbours.
    for (float k : {1e-6f, 1.0f, 3.0f, 6.0f, 15.0f, 88.0f, 89.0f}) {
      for (float sign : {1.0f, -1.0f}) {
        const float at = sign * k;
        v.push_back(at);
        v.push_back(std::nextafter(at, kInf));
        v.push_back(std::nextafter(at, -kInf));
      }
    }
    for (int i = 0; i <= 400000; ++i) v.push_back(-20.0f + 40.0f * static_cast<float>(i) / 400000.0f);
    for (int i = 0; i <= 200000; ++i) v.push_back(-100.0f + 200.0f * static_cast<float>(i) / 200000.0f);
    // Every binade, both signs: magnitudes from 2^-149 to FLT_MAX, log-uniform.
    for (int i = 0; i < 200000; ++i) {
      const float m = static_cast<float>(std::exp2(-149.0 + 277.0 * i / 200000.0));
      v.push_back(i % 2 ? -m : m);
    }
    std::mt19937 rng(14);
    // Random bit patterns; NaNs made quiet (signalling NaNs arise from no arithmetic, and C's
    // pow(NaN, 0) = 1 does not hold for them in glibc).
    for (int i = 0; i < 250000; ++i) {
      auto bits = static_cast<std::uint32_t>(rng());
      if (std::isnan(std::bit_cast<float>(bits))) bits |= 0x00400000u;
      v.push_back(std::bit_cast<float>(bits));
    }
    return v;
  }();
  return p;
}

// Second operands of the binary rows: a permutation of the points, half replaced by moderate
// values (a random exponent in pow(a, b) would give 0 or inf almost everywhere).
std::vector<float> second_operands(std::string_view row) {
  const auto& a = float_points();
  std::vector<float> b(a.begin(), a.end());
  std::mt19937 rng(41);
  std::shuffle(b.begin(), b.end(), rng);
  std::uniform_real_distribution<float> moderate(-8.0f, 8.0f);
  for (std::size_t i = 0; i < b.size(); i += 2) {
    b[i] = row == "powi" ? std::round(moderate(rng)) : moderate(rng);
  }
  return b;
}

enum class Kind { Finite, PlusInf, MinusInf, NaN };
Kind kind(double v) {
  if (std::isnan(v)) return Kind::NaN;
  if (std::isinf(v)) return v > 0 ? Kind::PlusInf : Kind::MinusInf;
  return Kind::Finite;
}

// Floors of the magnitude at which ULPs are counted (VectorSpec): values below 2^-100, where
// sigmoid and its products pass through subnormal intermediates in any float32 path, and
// derivatives below 1, whose rules cancel near their zeros.
constexpr double kValueFloor = 0x1p-100;
constexpr double kDerivativeFloor = 1.0;

// A float32 ULP at magnitude |r|, with |r| floored at `floor`.
double ulp_at(double r, double floor) { return std::ldexp(1.0, std::ilogb(std::max(std::fabs(r), floor)) - 23); }

// Error of v against the float64 reference in ULPs; 0 when both are the same non-finite value and
// infinite when only one is finite (the kinds are asserted separately against the scalar path).
double ulp_error(float v, double ref, double floor) {
  const auto rounded = static_cast<float>(ref);
  if (std::isnan(v) || std::isnan(rounded)) return std::isnan(v) && std::isnan(rounded) ? 0 : HUGE_VAL;
  if (std::isinf(v) || std::isinf(rounded)) return v == rounded ? 0 : HUGE_VAL;
  return std::fabs(static_cast<double>(v) - ref) / ulp_at(ref, floor);
}

struct Worst {
  double ulp = 0;
  float a = 0, b = 0;
  float got = 0;
  double want = 0;
  std::size_t kind_mismatches = 0;
  float kind_a = 0;
};

void record(Worst& w, float v, double ref, float scalar, float a, float b, double floor) {
  if (kind(v) != kind(scalar)) {
    if (w.kind_mismatches++ == 0) w.kind_a = a;
  } else if (kind(v) != Kind::Finite) {
    return;  // float32 overflowed (or met inf - inf) in the definition itself, in both paths
  }
  const double e = ulp_error(v, ref, floor);
  if (e > w.ulp || (std::isnan(e) && !std::isnan(w.ulp))) w = {e, a, b, v, ref, w.kind_mismatches, w.kind_a};
}

TEST(VectorAccuracy, EnoughPointsIncludingTheSpecialValues) {
  const auto& p = float_points();
  EXPECT_GE(p.size(), 1000000u);
  std::size_t nan = 0, inf = 0, subnormal = 0;
  for (float v : p) {
    nan += std::isnan(v);
    inf += std::isinf(v);
    subnormal += std::fpclassify(v) == FP_SUBNORMAL;
  }
  EXPECT_GT(nan, 0u);
  EXPECT_GE(inf, 2u);
  EXPECT_GT(subnormal, 1000u);
}

TEST(VectorAccuracy, EveryVectorRowHasAKernelOnEveryAvailableSet) {
  for (const Primitive& p : primitives()) {
    for (VectorIsa isa : vector_isas()) {
      const bool vector_kernel = p.block<float>(isa) != p.block_f32;
      EXPECT_EQ(vector_kernel, p.vector.path != VectorPath::PerElement) << p.name << " on " << vector_isa_name(isa);
    }
    EXPECT_EQ(p.block<float>(VectorIsa::Scalar), p.block_f32) << p.name;
    EXPECT_EQ(p.vector.path == VectorPath::Sleef, !p.vector.sleef.empty()) << p.name;
  }
}

TEST(VectorAccuracy, ValuesWithinTheTableBounds) {
  const auto& a = float_points();
  const std::size_t n = a.size();
  std::vector<float> scalar(n), vec(n);
  std::printf("%-14s %-11s %-7s %12s %8s  worst at\n", "row", "path", "set", "max ULP", "bound");
  for (const Primitive& p : primitives()) {
    const std::vector<float> b = p.arity == 2 ? second_operands(p.name) : a;
    std::vector<double> ref(n);
    for (std::size_t i = 0; i < n; ++i) ref[i] = p.f64(a[i], b[i]);
    p.block_f32(a.data(), b.data(), scalar.data(), n);
    Worst scalar_worst;
    for (std::size_t i = 0; i < n; ++i) record(scalar_worst, scalar[i], ref[i], scalar[i], a[i], b[i], kValueFloor);
    std::printf("%-14s %-11s %-7s %12.3g %8s  a=%g b=%g\n", std::string(p.name).c_str(),
                std::string(vector_path_name(p.vector.path)).c_str(), "scalar", scalar_worst.ulp, "-", scalar_worst.a,
                scalar_worst.b);
    for (VectorIsa isa : vector_isas()) {
      p.block<float>(isa)(a.data(), b.data(), vec.data(), n);
      Worst w;
      std::size_t differ = 0;
      for (std::size_t i = 0; i < n; ++i) {
        record(w, vec[i], ref[i], scalar[i], a[i], b[i], kValueFloor);
        differ += std::bit_cast<std::uint32_t>(vec[i]) != std::bit_cast<std::uint32_t>(scalar[i]) &&
                  !(std::isnan(vec[i]) && std::isnan(scalar[i]));
      }
      std::printf("%-14s %-11s %-7s %12.3g %8g  a=%g b=%g got %g want %.9g\n", std::string(p.name).c_str(), "",
                  std::string(vector_isa_name(isa)).c_str(), w.ulp, p.vector.ulp, w.a, w.b, w.got, w.want);
      EXPECT_LE(w.ulp, p.vector.ulp) << p.name << " on " << vector_isa_name(isa) << " at a=" << w.a << " b=" << w.b
                                     << ": " << w.got << " vs " << w.want;
      EXPECT_EQ(w.kind_mismatches, 0u) << p.name << " on " << vector_isa_name(isa)
                                       << ": non-finite kind differs from the scalar path, first at a=" << w.kind_a;
      if (p.vector.path == VectorPath::Exact) {
        EXPECT_EQ(differ, 0u) << p.name << " on " << vector_isa_name(isa) << " is marked exact";
      }
    }
  }
}

// The programs whose d/dx exercises a row's derivative rule: p(x); binary rows with the other
// operand a constant on either side (powi with integer exponents).
std::vector<Expr> derivative_programs(PrimId id) {
  const Primitive& p = primitive(id);
  const Expr x = Expr::x();
  if (p.arity == 1) return {Expr::call(id, {x})};
  if (p.name == "powi") return {Expr::call(id, {x, Expr::constant(-3)}), Expr::call(id, {x, Expr::constant(5)})};
  return {Expr::call(id, {x, Expr::constant(1.5)}), Expr::call(id, {Expr::constant(1.5), x})};
}

TEST(VectorAccuracy, DerivativesWithinTheTableBounds) {
  IsaGuard guard;
  const auto& x = float_points();
  const std::size_t n = x.size();
  const std::vector<double> xd(x.begin(), x.end());
  std::vector<float> y(n), dy(n), y_scalar(n), dy_scalar(n);
  std::vector<double> yd(n), dyd(n);
  std::printf("%-14s %-7s %12s %8s  worst at\n", "d/dx of", "set", "max ULP", "bound");
  for (std::size_t id = 0; id < primitives().size(); ++id) {
    const Primitive& p = primitive(static_cast<PrimId>(id));
    for (const Expr& e : derivative_programs(static_cast<PrimId>(id))) {
      const Program prog = Program::compile(e);
      ASSERT_EQ(prog.num_params(), 0);
      double* od[] = {yd.data(), dyd.data()};
      prog.evaluate(xd, {}, od);
      ASSERT_TRUE(set_vector_isa(VectorIsa::Scalar));
      float* os[] = {y_scalar.data(), dy_scalar.data()};
      prog.evaluate(x, {}, os);
      for (VectorIsa isa : vector_isas()) {
        ASSERT_TRUE(set_vector_isa(isa));
        float* ov[] = {y.data(), dy.data()};
        prog.evaluate(x, {}, ov);
        Worst w;
        for (std::size_t i = 0; i < n; ++i) record(w, dy[i], dyd[i], dy_scalar[i], x[i], 0, kDerivativeFloor);
        std::printf("%-14s %-7s %12.3g %8g  x=%g got %g want %.9g\n", std::string(p.name).c_str(),
                    std::string(vector_isa_name(isa)).c_str(), w.ulp, p.vector.ulp_derivative, w.a, w.got, w.want);
        EXPECT_LE(w.ulp, p.vector.ulp_derivative) << "d/dx " << p.name << " on " << vector_isa_name(isa)
                                                  << " at x=" << w.a << ": " << w.got << " vs " << w.want;
        EXPECT_EQ(w.kind_mismatches, 0u) << "d/dx " << p.name << " on " << vector_isa_name(isa)
                                         << ": non-finite kind differs from the scalar path, first at x=" << w.kind_a;
      }
    }
  }
}

// Blocks, vector widths and tails: a long evaluation gives every element the bits that evaluating it
// alone gives, on every set.
TEST(VectorAccuracy, ResultsDoNotDependOnPositionOrLength) {
  IsaGuard guard;
  const PrimId mul = primitive_id("mul"), sigmoid = primitive_id("sigmoid"), sin = primitive_id("sin");
  const Expr x = Expr::x();
  const Expr e = Expr::call(primitive_id("add"), {Expr::call(mul, {x, Expr::call(sigmoid, {x})}),
                                                  Expr::call(mul, {Expr::constant(0.1), Expr::call(sin, {x})})});
  const Program prog = Program::compile(e);
  std::vector<float> in(1237);
  for (std::size_t i = 0; i < in.size(); ++i) in[i] = -9.0f + 0.0147f * static_cast<float>(i);
  for (VectorIsa isa : vector_isas()) {
    ASSERT_TRUE(set_vector_isa(isa));
    std::vector<float> y(in.size()), dy(in.size());
    float* all[] = {y.data(), dy.data()};
    prog.evaluate(in, {}, all);
    for (std::size_t i = 0; i < in.size(); i += 7) {
      float one = 0, done = 0;
      float* single[] = {&one, &done};
      prog.evaluate(std::span<const float>(&in[i], 1), {}, single);
      EXPECT_EQ(std::bit_cast<std::uint32_t>(one), std::bit_cast<std::uint32_t>(y[i]))
          << vector_isa_name(isa) << " " << i;
      EXPECT_EQ(std::bit_cast<std::uint32_t>(done), std::bit_cast<std::uint32_t>(dy[i]))
          << vector_isa_name(isa) << " " << i;
    }
  }
}

TEST(VectorIsa, NamesRoundTripAndScalarIsAlwaysAvailable) {
  for (int i = 0; i < kNumVectorIsas; ++i) {
    const auto isa = static_cast<VectorIsa>(i);
    EXPECT_EQ(parse_vector_isa(vector_isa_name(isa)), isa);
  }
  EXPECT_FALSE(parse_vector_isa("neon").has_value());
  EXPECT_TRUE(vector_isa_available(VectorIsa::Scalar));
  EXPECT_TRUE(vector_isa_available(best_vector_isa()));
  IsaGuard guard;
  EXPECT_TRUE(set_vector_isa(VectorIsa::Scalar));
  EXPECT_EQ(active_vector_isa(), VectorIsa::Scalar);
}

}  // namespace
}  // namespace actsearch::expr
