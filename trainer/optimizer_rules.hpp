// The optimisers' per-element update rules (torch.optim.SGD, Adam, AdamW), written once. The CPU
// optimiser (trainer/src/optimizer.cpp) compiles this file; the CUDA backend embeds its text in
// every generated module (kernels/CMakeLists.txt) with AS_HD defined as __device__, so both
// backends compute each update with the same operations in the same order (and, with contraction
// off on both sides, the same rounding).
// Rules for this file, as for expr/src/scalar_functions.h: templates over T (float or double),
// unqualified math calls (sqrt, pow; the includer brings std's into scope), no includes, no
// standard-library types, no statics.
#ifndef AS_HD
#define AS_HD inline
#endif

// SGD without momentum: p - lr (g + wd p).
template <class T>
AS_HD T as_sgd(T p, T g, T lr, T wd) {
  return p - lr * (g + wd * p);
}

// SGD with momentum mu: v = mu v + (g + wd p) (v starts at 0), then p - lr v, or with Nesterov
// p - lr ((g + wd p) + mu v). Updates the velocity v in place.
template <class T>
AS_HD T as_sgd_momentum(T p, T g, T& v, T lr, T mu, T wd, bool nesterov) {
  const T gi = g + wd * p;
  v = mu * v + gi;
  return nesterov ? p - lr * (gi + mu * v) : p - lr * v;
}

// Adam's bias corrections after t steps, in double precision as PyTorch computes them:
// step_size = lr / (1 - b1^t), inv_sqrt_bc2 = 1 / sqrt(1 - b2^t).
template <class T>
AS_HD void as_adam_corrections(double lr, double b1, double b2, double t, T* step_size, T* inv_sqrt_bc2) {
  *step_size = static_cast<T>(lr / (1.0 - pow(b1, t)));
  *inv_sqrt_bc2 = static_cast<T>(1.0 / sqrt(1.0 - pow(b2, t)));
}

// Adam (decoupled = false: g += wd p) or AdamW (decoupled: p *= 1 - lr wd); then
// m = b1 m + (1 - b1) g, s = b2 s + (1 - b2) g^2 (updated in place) and
// p - step_size m / (sqrt(s) inv_sqrt_bc2 + eps).
template <class T>
AS_HD T as_adam(T p, T g, T& m, T& s, T lr, T b1, T b2, T step_size, T inv_sqrt_bc2, T eps, T wd, bool decoupled) {
  const T gi = g + (decoupled ? T(0) : wd) * p;
  p *= decoupled ? T(1) - lr * wd : T(1);
  m = b1 * m + (T(1) - b1) * gi;
  s = b2 * s + (T(1) - b2) * gi * gi;
  return p - step_size * m / (sqrt(s) * inv_sqrt_bc2 + eps);
}
