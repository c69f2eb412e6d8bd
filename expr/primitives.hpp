// The primitive table: one row per scalar function, the single source of truth that the parser,
// printer, evaluator, simplifier, derivative rules, code generators and exporters all read.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "expr/vector_isa.hpp"

namespace actsearch::expr {

using PrimId = std::uint16_t;

// Protection threshold of the total definitions (division, reciprocal, log, pow): inputs with
// magnitude below it are treated as ±kEpsilon, so every primitive is finite wherever its inputs are.
inline constexpr double kEpsilon = 1e-6;

enum class Group : std::uint8_t {
  Arithmetic,  // + - * / ^ and negation
  Elementary,  // abs, exp, log, trigonometric, hyperbolic, erf, ...
  Activation,  // named activation functions (relu, silu, gelu, ...)
  Special,     // special functions (Bessel, ...)
  Helper,      // step/sign and the like: used by derivative rules, also usable directly
};
std::string_view group_name(Group g);

// How the printer shows a row: as a call `name(a, b)` or with an operator.
enum class Notation : std::uint8_t { Call, InfixAdd, InfixSub, InfixMul, InfixDiv, InfixPow, PrefixNeg };

// Code templates per export target; `{0}` and `{1}` stand for the (already named) arguments.
struct Spellings {
  std::string_view numpy;  // uses `np` (NumPy), `sp` (scipy.special) and the helpers of the prelude
  std::string_view torch;  // uses `torch`
  std::string_view jax;    // uses `jnp` (jax.numpy), `jsp` (jax.scipy.special)
  std::string_view sympy;  // uses `sympy`
  std::string_view latex;  // LaTeX math
};

template <class T>
using BlockFn = void (*)(const T* a, const T* b, T* out, std::size_t n);

// How the float32 block evaluator runs a row on the vector units (expr/vector_isa.hpp); float64
// always runs the scalar definitions, which makes it the reference the float32 paths are held to.
enum class VectorPath : std::uint8_t {
  Exact,       // IEEE arithmetic, comparisons and selects in the scalar definition's order:
               // bit-identical to the scalar float32 path
  Sleef,       // built from SLEEF's vector functions (VectorSpec::sleef) and exact arithmetic
  PerElement,  // no vector form: the scalar function element by element
};
std::string_view vector_path_name(VectorPath p);

// The accuracy contract of a row's float32 vector path, asserted for every available instruction
// set by tests/expr/vector_accuracy_test.cpp on more than 10^6 points (extremes, subnormals, +-inf,
// NaN included; non-finite results must be of the same kind as the scalar path's).
struct VectorSpec {
  VectorPath path = VectorPath::PerElement;
  std::string_view sleef;  // the SLEEF functions used (their documented error: u10 = 1.0 ULP)
  // The most float32 ULPs by which the value may differ from the float64 definition; below the
  // smallest normal float the unit is 2^-126 (both paths flush e.g. sigmoid(-89) to 0).
  double ulp = 0;
  // The same for d/dx computed by the fused Program of the row alone, in ULPs of max(|phi'|, 1):
  // derivative rules such as sinc's (cos(a) - sinc(a)) / a cancel near 0 in any float32 path.
  double ulp_derivative = 0;
};

struct Primitive {
  std::string_view name;
  std::string_view alias;  // a second accepted spelling ("swish" for silu), may be empty
  int arity = 1;           // 1 or 2
  Group group = Group::Elementary;
  Notation notation = Notation::Call;
  std::string_view definition;  // the exact definition on all of R
  std::string_view convention;  // derivative convention at kinks and ties ("" when smooth)
  // d/d(argument i) as expression text over the arguments `a` and `b`; parsed once at start-up.
  std::array<std::string_view, 2> derivative;
  // The same function written with other rows, computing bit-identical values. A Program that also
  // computes derivatives expands the row, so value and slope share work (gelu's erfc, mish's
  // tanh(softplus)). Empty for rows that are not such compositions.
  std::string_view expansion;
  double cost = 1;  // relative evaluation cost (add = 1)
  Spellings spell;
  std::string_view c_function;  // the function of scalar_functions.h that defines the value
  double (*f64)(double a, double b) = nullptr;
  float (*f32)(float a, float b) = nullptr;
  BlockFn<double> block_f64 = nullptr;
  BlockFn<float> block_f32 = nullptr;  // the scalar definition element by element
  VectorSpec vector;
  // The float32 kernel per instruction set (index: VectorIsa): the scalar loop where the set is not
  // available or the row has no vector form.
  std::array<BlockFn<float>, kNumVectorIsas> block_f32_isa{};

  // The kernel the block evaluator uses: float64 scalar; float32 for the instruction set `isa`.
  template <class T>
  BlockFn<T> block(VectorIsa isa) const {
    if constexpr (sizeof(T) == sizeof(double))
      return block_f64;
    else
      return block_f32_isa[static_cast<std::size_t>(isa)];
  }
};

std::span<const Primitive> primitives();
const Primitive& primitive(PrimId id);
std::optional<PrimId> find_primitive(std::string_view name_or_alias);
// For code that names a row it knows exists; throws std::logic_error otherwise.
PrimId primitive_id(std::string_view name);

// Text of the scalar definitions (scalar_functions.h) for code generators: C++ and CUDA compile the
// very same functions the CPU evaluator runs.
std::string_view scalar_functions_source();

}  // namespace actsearch::expr
