// The vector kernels for AVX-512 (x86-64-v4: 16 floats), SLEEF's avx512f functions. Compiled with
// -march=x86-64-v4 whatever the rest of the build uses; run only where the processor has it.
#include "expr/src/vector/kernels.hpp"

#if defined(__AVX512F__) && defined(__AVX512DQ__)
#include <immintrin.h>
#include <sleef.h>

namespace actsearch::expr::vector {
namespace {
#include "expr/src/scalar_functions.h"

struct Isa {
  using V = __m512;
  using M = __mmask16;
  static constexpr std::size_t kWidth = 16;
  static V load(const float* p) { return _mm512_loadu_ps(p); }
  static void store(float* p, V v) { _mm512_storeu_ps(p, v); }
  static V set1(float v) { return _mm512_set1_ps(v); }
  static V abs_mask() { return _mm512_castsi512_ps(_mm512_set1_epi32(0x7fffffff)); }
  static V add(V a, V b) { return _mm512_add_ps(a, b); }
  static V sub(V a, V b) { return _mm512_sub_ps(a, b); }
  static V mul(V a, V b) { return _mm512_mul_ps(a, b); }
  static V div(V a, V b) { return _mm512_div_ps(a, b); }
  static constexpr bool kFma = true;
  static V fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }  // a b + c, rounded once
  static V sqrt(V a) { return _mm512_sqrt_ps(a); }
  static V bit_and(V a, V b) { return _mm512_and_ps(a, b); }
  static V bit_xor(V a, V b) { return _mm512_xor_ps(a, b); }
  static M lt(V a, V b) { return _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ); }
  static M le(V a, V b) { return _mm512_cmp_ps_mask(a, b, _CMP_LE_OQ); }
  static M gt(V a, V b) { return _mm512_cmp_ps_mask(a, b, _CMP_GT_OQ); }
  static M ge(V a, V b) { return _mm512_cmp_ps_mask(a, b, _CMP_GE_OQ); }
  static M eq(V a, V b) { return _mm512_cmp_ps_mask(a, b, _CMP_EQ_OQ); }
  static V select(M m, V t, V f) { return _mm512_mask_blend_ps(m, f, t); }
  static V round_nearest(V a) { return _mm512_roundscale_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
  // a * 2^n for integral n, |n| <= 254, with IEEE rounding into the subnormals.
  static V scale2(V a, V n) { return _mm512_scalef_ps(a, n); }
  static V exp(V a) { return Sleef_expf16_u10avx512f(a); }
  static V expm1(V a) { return Sleef_expm1f16_u10avx512f(a); }
  static V log(V a) { return Sleef_logf16_u10avx512f(a); }
  static V log1p(V a) { return Sleef_log1pf16_u10avx512f(a); }
  static V sin(V a) { return Sleef_sinf16_u10avx512f(a); }
  static V cos(V a) { return Sleef_cosf16_u10avx512f(a); }
  static V sinh(V a) { return Sleef_sinhf16_u10avx512f(a); }
  static V cosh(V a) { return Sleef_coshf16_u10avx512f(a); }
  static V tanh(V a) { return Sleef_tanhf16_u10avx512f(a); }
  static V asinh(V a) { return Sleef_asinhf16_u10avx512f(a); }
  static V atan(V a) { return Sleef_atanf16_u10avx512f(a); }
  static V erf(V a) { return Sleef_erff16_u10avx512f(a); }
  static V pow(V a, V b) { return Sleef_powf16_u10avx512f(a, b); }
};

#include "expr/src/vector/kernels.inc"

}  // namespace

const Kernel* kernels_avx512(std::size_t& count) {
  count = sizeof(kKernels) / sizeof(kKernels[0]);
  return kKernels;
}

}  // namespace actsearch::expr::vector
#else
const actsearch::expr::vector::Kernel* actsearch::expr::vector::kernels_avx512(std::size_t& count) {
  count = 0;
  return nullptr;
}
#endif
