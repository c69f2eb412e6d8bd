// The vector kernels for SSE4.1 (x86-64-v2: 4 floats), SLEEF's sse4 functions. Compiled with
// -march=x86-64-v2 whatever the rest of the build uses; run only where the processor has it.
#include "expr/src/vector/kernels.hpp"

#if defined(__SSE4_1__)
#include <immintrin.h>
#include <sleef.h>

namespace actsearch::expr::vector {
namespace {
#include "expr/src/scalar_functions.h"

struct Isa {
  using V = __m128;
  using M = __m128;  // all-ones lanes where true
  static constexpr std::size_t kWidth = 4;
  static V load(const float* p) { return _mm_loadu_ps(p); }
  static void store(float* p, V v) { _mm_storeu_ps(p, v); }
  static V set1(float v) { return _mm_set1_ps(v); }
  static V abs_mask() { return _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff)); }
  static V add(V a, V b) { return _mm_add_ps(a, b); }
  static V sub(V a, V b) { return _mm_sub_ps(a, b); }
  static V mul(V a, V b) { return _mm_mul_ps(a, b); }
  static V div(V a, V b) { return _mm_div_ps(a, b); }
  static constexpr bool kFma = false;
  static V fma(V a, V b, V c) { return _mm_add_ps(_mm_mul_ps(a, b), c); }  // a b + c, rounded twice
  static V sqrt(V a) { return _mm_sqrt_ps(a); }
  static V bit_and(V a, V b) { return _mm_and_ps(a, b); }
  static V bit_xor(V a, V b) { return _mm_xor_ps(a, b); }
  static M lt(V a, V b) { return _mm_cmplt_ps(a, b); }
  static M le(V a, V b) { return _mm_cmple_ps(a, b); }
  static M gt(V a, V b) { return _mm_cmpgt_ps(a, b); }
  static M ge(V a, V b) { return _mm_cmpge_ps(a, b); }
  static M eq(V a, V b) { return _mm_cmpeq_ps(a, b); }
  static V select(M m, V t, V f) { return _mm_blendv_ps(f, t, m); }
  static V round_nearest(V a) { return _mm_round_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
  // a * 2^n for integral n, |n| <= 252: two factors 2^(n/2) built in the exponent field.
  static V scale2(V a, V n) {
    const __m128i k = _mm_cvtps_epi32(n);
    const __m128i half = _mm_srai_epi32(k, 1);
    const __m128i rest = _mm_sub_epi32(k, half);
    const auto power = [](__m128i e) {
      return _mm_castsi128_ps(_mm_slli_epi32(_mm_add_epi32(e, _mm_set1_epi32(127)), 23));
    };
    return _mm_mul_ps(_mm_mul_ps(a, power(half)), power(rest));
  }
  static V exp(V a) { return Sleef_expf4_u10sse4(a); }
  static V expm1(V a) { return Sleef_expm1f4_u10sse4(a); }
  static V log(V a) { return Sleef_logf4_u10sse4(a); }
  static V log1p(V a) { return Sleef_log1pf4_u10sse4(a); }
  static V sin(V a) { return Sleef_sinf4_u10sse4(a); }
  static V cos(V a) { return Sleef_cosf4_u10sse4(a); }
  static V sinh(V a) { return Sleef_sinhf4_u10sse4(a); }
  static V cosh(V a) { return Sleef_coshf4_u10sse4(a); }
  static V tanh(V a) { return Sleef_tanhf4_u10sse4(a); }
  static V asinh(V a) { return Sleef_asinhf4_u10sse4(a); }
  static V atan(V a) { return Sleef_atanf4_u10sse4(a); }
  static V erf(V a) { return Sleef_erff4_u10sse4(a); }
  static V pow(V a, V b) { return Sleef_powf4_u10sse4(a, b); }
};

#include "expr/src/vector/kernels.inc"

}  // namespace

const Kernel* kernels_sse4(std::size_t& count) {
  count = sizeof(kKernels) / sizeof(kKernels[0]);
  return kKernels;
}

}  // namespace actsearch::expr::vector
#else
const actsearch::expr::vector::Kernel* actsearch::expr::vector::kernels_sse4(std::size_t& count) {
  count = 0;
  return nullptr;
}
#endif
