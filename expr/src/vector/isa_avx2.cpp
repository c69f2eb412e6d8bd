// The vector kernels for AVX2 with FMA (x86-64-v3: 8 floats), SLEEF's avx2 functions. Compiled with
// -march=x86-64-v3 whatever the rest of the build uses; run only where the processor has it.
#include "expr/src/vector/kernels.hpp"

#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#include <sleef.h>

namespace actsearch::expr::vector {
namespace {
#include "expr/src/scalar_functions.h"

struct Isa {
  using V = __m256;
  using M = __m256;  // all-ones lanes where true
  static constexpr std::size_t kWidth = 8;
  static V load(const float* p) { return _mm256_loadu_ps(p); }
  static void store(float* p, V v) { _mm256_storeu_ps(p, v); }
  static V set1(float v) { return _mm256_set1_ps(v); }
  static V abs_mask() { return _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff)); }
  static V add(V a, V b) { return _mm256_add_ps(a, b); }
  static V sub(V a, V b) { return _mm256_sub_ps(a, b); }
  static V mul(V a, V b) { return _mm256_mul_ps(a, b); }
  static V div(V a, V b) { return _mm256_div_ps(a, b); }
  static constexpr bool kFma = true;
  static V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }  // a b + c, rounded once
  static V sqrt(V a) { return _mm256_sqrt_ps(a); }
  static V bit_and(V a, V b) { return _mm256_and_ps(a, b); }
  static V bit_xor(V a, V b) { return _mm256_xor_ps(a, b); }
  static M lt(V a, V b) { return _mm256_cmp_ps(a, b, _CMP_LT_OQ); }
  static M le(V a, V b) { return _mm256_cmp_ps(a, b, _CMP_LE_OQ); }
  static M gt(V a, V b) { return _mm256_cmp_ps(a, b, _CMP_GT_OQ); }
  static M ge(V a, V b) { return _mm256_cmp_ps(a, b, _CMP_GE_OQ); }
  static M eq(V a, V b) { return _mm256_cmp_ps(a, b, _CMP_EQ_OQ); }
  static V select(M m, V t, V f) { return _mm256_blendv_ps(f, t, m); }
  static V round_nearest(V a) { return _mm256_round_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
  // a * 2^n for integral n, |n| <= 252: two factors 2^(n/2) built in the exponent field.
  static V scale2(V a, V n) {
    const __m256i k = _mm256_cvtps_epi32(n);
    const __m256i half = _mm256_srai_epi32(k, 1);
    const __m256i rest = _mm256_sub_epi32(k, half);
    const auto power = [](__m256i e) {
      return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(e, _mm256_set1_epi32(127)), 23));
    };
    return _mm256_mul_ps(_mm256_mul_ps(a, power(half)), power(rest));
  }
  static V exp(V a) { return Sleef_expf8_u10avx2(a); }
  static V expm1(V a) { return Sleef_expm1f8_u10avx2(a); }
  static V log(V a) { return Sleef_logf8_u10avx2(a); }
  static V log1p(V a) { return Sleef_log1pf8_u10avx2(a); }
  static V sin(V a) { return Sleef_sinf8_u10avx2(a); }
  static V cos(V a) { return Sleef_cosf8_u10avx2(a); }
  static V sinh(V a) { return Sleef_sinhf8_u10avx2(a); }
  static V cosh(V a) { return Sleef_coshf8_u10avx2(a); }
  static V tanh(V a) { return Sleef_tanhf8_u10avx2(a); }
  static V asinh(V a) { return Sleef_asinhf8_u10avx2(a); }
  static V atan(V a) { return Sleef_atanf8_u10avx2(a); }
  static V erf(V a) { return Sleef_erff8_u10avx2(a); }
  static V pow(V a, V b) { return Sleef_powf8_u10avx2(a, b); }
};

#include "expr/src/vector/kernels.inc"

}  // namespace

const Kernel* kernels_avx2(std::size_t& count) {
  count = sizeof(kKernels) / sizeof(kKernels[0]);
  return kKernels;
}

}  // namespace actsearch::expr::vector
#else
const actsearch::expr::vector::Kernel* actsearch::expr::vector::kernels_avx2(std::size_t& count) {
  count = 0;
  return nullptr;
}
#endif
