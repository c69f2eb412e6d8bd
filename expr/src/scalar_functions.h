// The value of every primitive-table row, written once in a portable C++ subset. The CPU evaluator
// compiles this file; the C++ exporter and the CUDA code generator embed its text verbatim (with
// AS_FN defined as `__device__ __forceinline__` for CUDA), so all three compute the same function.
// Rules for this file: templates over T (float or double), unqualified math calls (exp, log, ...),
// no standard-library types, no statics. NaN inputs propagate to NaN outputs.
#ifndef AS_FN
#define AS_FN inline
#endif
#define AS_EPS 1e-6

// Inputs closer to zero than AS_EPS are moved to +-AS_EPS (exact zero goes to +AS_EPS).
template <class T> AS_FN T as_protect(T b) { return fabs(b) < T(AS_EPS) ? (b < T(0) ? T(-AS_EPS) : T(AS_EPS)) : b; }

template <class T> AS_FN T as_add(T a, T b) { return a + b; }
template <class T> AS_FN T as_sub(T a, T b) { return a - b; }
template <class T> AS_FN T as_mul(T a, T b) { return a * b; }
template <class T> AS_FN T as_div(T a, T b) { return a / as_protect(b); }
template <class T> AS_FN T as_neg(T a) { return -a; }
template <class T> AS_FN T as_at_least_eps(T a) { return fabs(a) < T(AS_EPS) ? T(AS_EPS) : fabs(a); }  // |a|, NaN kept
template <class T> AS_FN T as_pow(T a, T b) { return pow(as_at_least_eps(a), b); }
// Integer exponent n (a literal): the signed power; small exponents by multiplication.
template <class T> AS_FN T as_powi(T a, T n) {
  if (n == T(2)) return a * a;
  if (n == T(3)) return a * a * a;
  if (n == T(1)) return a;
  if (n == T(-1)) return T(1) / as_protect(a);
  return pow(n < T(0) ? as_protect(a) : a, n);
}
// max/min return NaN when either input is NaN (fmax/fmin would hide it).
template <class T> AS_FN T as_max(T a, T b) { return a > b ? a : (b >= a ? b : a + b); }
template <class T> AS_FN T as_min(T a, T b) { return a < b ? a : (b <= a ? b : a + b); }

template <class T> AS_FN T as_abs(T a) { return fabs(a); }
template <class T> AS_FN T as_sign(T a) { return a > T(0) ? T(1) : (a < T(0) ? T(-1) : a * T(0)); }
template <class T> AS_FN T as_step(T a) { return a > T(0) ? T(1) : (a <= T(0) ? T(0) : a); }
template <class T> AS_FN T as_sqrt(T a) { return a < T(0) ? T(0) : sqrt(a); }
template <class T> AS_FN T as_log(T a) { return log(as_at_least_eps(a)); }
template <class T> AS_FN T as_reciprocal(T a) { return T(1) / as_protect(a); }
template <class T> AS_FN T as_exp(T a) { return exp(a); }
template <class T> AS_FN T as_expm1(T a) { return expm1(a); }
template <class T> AS_FN T as_sin(T a) { return sin(a); }
template <class T> AS_FN T as_cos(T a) { return cos(a); }
template <class T> AS_FN T as_sinh(T a) { return sinh(a); }
template <class T> AS_FN T as_cosh(T a) { return cosh(a); }
template <class T> AS_FN T as_tanh(T a) { return tanh(a); }
template <class T> AS_FN T as_asinh(T a) { return asinh(a); }
template <class T> AS_FN T as_atan(T a) { return atan(a); }
template <class T> AS_FN T as_sinc(T a) { return a == T(0) ? T(1) : sin(a) / a; }
template <class T> AS_FN T as_erf(T a) { return erf(a); }
template <class T> AS_FN T as_erfc(T a) { return erfc(a); }

template <class T> AS_FN T as_sigmoid(T a) { return T(1) / (T(1) + exp(-a)); }
template <class T> AS_FN T as_relu(T a) { return a < T(0) ? T(0) : a; }
template <class T> AS_FN T as_softplus(T a) { return as_relu(a) + log1p(exp(-fabs(a))); }
template <class T> AS_FN T as_log_sigmoid(T a) { return -as_softplus(-a); }
template <class T> AS_FN T as_softsign(T a) { return a / (T(1) + fabs(a)); }
template <class T> AS_FN T as_leaky_relu(T a) { return a < T(0) ? T(0.01) * a : a; }
template <class T> AS_FN T as_elu(T a) { return a > T(0) ? a : expm1(a); }
template <class T> AS_FN T as_selu(T a) {
  return T(1.0507009873554804934) * (a > T(0) ? a : T(1.6732632423543772848) * expm1(a));
}
// The standard normal distribution function Phi(a) = erfc(-a / sqrt 2) / 2 and density
// phi(a) = e^(-a^2 / 2) / sqrt(2 pi): gelu is a Phi(a), its slope Phi(a) + a phi(a).
template <class T> AS_FN T as_normal_cdf(T a) { return T(0.5) * erfc(T(-0.70710678118654752440) * a); }
template <class T> AS_FN T as_normal_pdf(T a) { return T(0.39894228040143267794) * exp(T(-0.5) * (a * a)); }
template <class T> AS_FN T as_gelu(T a) { return a * as_normal_cdf(a); }
// 0.5 a (1 + tanh(y)) written as a sigmoid(2y): the same function without the cancellation of
// 1 + tanh(y) for a < -3 (float32 lost every digit there).
template <class T> AS_FN T as_gelu_tanh(T a) {
  return a * as_sigmoid(T(1.5957691216057307) * (a + T(0.044715) * (a * a * a)));
}
template <class T> AS_FN T as_silu(T a) { return a * as_sigmoid(a); }
// mish and its slope from one exponential e = e^a: t = tanh(softplus(a)) = m / q with m = e (e + 2),
// q = m + 2; 1 - t^2 = 4 (m + 1) / q^2 (no cancellation as t -> 1) and sigmoid(a) = e / (1 + e), so
// mish' = t + a (1 - t^2) sigmoid(a) without a tanh or a log1p. t is 1 beyond 40 to double precision
// (m would overflow float from 44).
template <class T> AS_FN T as_mish(T a) {
  if (a > T(40)) return a;
  T e = exp(a), m = e * (e + T(2));
  return a * (m / (m + T(2)));
}
template <class T> AS_FN T as_mish_slope(T a) {
  if (a > T(40)) return T(1);
  T e = exp(a), m = e * (e + T(2)), q = m + T(2);
  return m / q + T(4) * (m + T(1)) / q / q * (a * e) / (T(1) + e);
}
// (a + 3) / 6 rather than a / 6 + 1/2: exact next to -3, where the latter cancels.
template <class T> AS_FN T as_hard_sigmoid(T a) { return a <= T(-3) ? T(0) : (a >= T(3) ? T(1) : (a + T(3)) / T(6)); }
template <class T> AS_FN T as_hard_swish(T a) { return a * as_hard_sigmoid(a); }
template <class T> AS_FN T as_relu6(T a) { return a < T(0) ? T(0) : (a > T(6) ? T(6) : a); }
template <class T> AS_FN T as_squared_relu(T a) { return a < T(0) ? T(0) : a * a; }
template <class T> AS_FN T as_elish(T a) { return (a < T(0) ? expm1(a) : a) * as_sigmoid(a); }

// Exponentially scaled modified Bessel functions e^{-|x|} I0(x), e^{-|x|} I1(x) and e^{-|x|} I1(x)/x:
// the power series below |x| = 15, the large-argument expansion above it.
template <class T> AS_FN T as_bessel_series(T x, int order) {  // e^{-|x|} I_order(x) / x^order * 2^order
  T q = x * x * T(0.25), term = T(1), sum = T(1);
  for (int k = 1; k < 200; ++k) {
    term *= q / (T(k) * T(k + order));
    sum += term;
    if (term < sum * T(1e-17)) break;
  }
  return sum * exp(-fabs(x));
}
template <class T> AS_FN T as_bessel_asymptotic(T x, int order) {  // e^{-x} I_order(x), x > 15
  T mu = T(4 * order * order), term = T(1), sum = T(1), eight_x = T(8) * x;
  for (int k = 1; k < 30; ++k) {
    T odd = T(2 * k - 1);
    T next = term * -(mu - odd * odd) / (T(k) * eight_x);
    if (fabs(next) >= fabs(term)) break;
    term = next;
    sum += term;
  }
  return sum / (T(2.50662827463100050242) * sqrt(x));  // sqrt(2 pi x) without overflowing 2 pi x
}
template <class T> AS_FN T as_bessel_i0e(T a) {
  T x = fabs(a);
  return x > T(15) ? as_bessel_asymptotic(x, 0) : as_bessel_series(x, 0);
}
template <class T> AS_FN T as_bessel_i1e_x(T a) {
  T x = fabs(a);
  return x > T(15) ? as_bessel_asymptotic(x, 1) / x : T(0.5) * as_bessel_series(x, 1);
}
// Above 15 directly: a * (I1e(a) / a) underflows once I1e(a) / a does (|a| > 1e29 in float32).
template <class T> AS_FN T as_bessel_i1e(T a) {
  return fabs(a) > T(15) ? (a < T(0) ? -as_bessel_asymptotic(-a, 1) : as_bessel_asymptotic(a, 1)) : a * as_bessel_i1e_x(a);
}
