// Run-time choice of the float32 vector kernels: the widest instruction set that is both compiled
// in (expr/src/vector/isa_*.cpp) and reported by the processor, unless ACTSEARCH_SIMD asks for less.
#include "expr/vector_isa.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "expr/src/vector/kernels.hpp"

namespace actsearch::expr {
namespace {

bool compiled(VectorIsa isa) {
  std::size_t count = 0;
  switch (isa) {
    case VectorIsa::Scalar: return true;
    case VectorIsa::Sse4: vector::kernels_sse4(count); break;
    case VectorIsa::Avx2: vector::kernels_avx2(count); break;
    case VectorIsa::Avx512: vector::kernels_avx512(count); break;
  }
  return count > 0;
}

// The -march levels the kernel files are compiled for (x86-64-v2/v3/v4), asked of the processor.
bool processor_has(VectorIsa isa) {
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
#if defined(__clang__)
  switch (isa) {
    case VectorIsa::Scalar: return true;
    case VectorIsa::Sse4: return __builtin_cpu_supports("sse4.2") && __builtin_cpu_supports("popcnt");
    case VectorIsa::Avx2:
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("bmi2");
    case VectorIsa::Avx512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
             __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
             __builtin_cpu_supports("avx512cd") && processor_has(VectorIsa::Avx2);
  }
#else
  switch (isa) {
    case VectorIsa::Scalar: return true;
    case VectorIsa::Sse4: return __builtin_cpu_supports("x86-64-v2");
    case VectorIsa::Avx2: return __builtin_cpu_supports("x86-64-v3");
    case VectorIsa::Avx512: return __builtin_cpu_supports("x86-64-v4");
  }
#endif
  return false;
#else
  return isa == VectorIsa::Scalar;
#endif
}

VectorIsa initial_isa() {
  VectorIsa isa = best_vector_isa();
  if (const char* wanted = std::getenv("ACTSEARCH_SIMD"); wanted != nullptr && *wanted != '\0') {
    const auto parsed = parse_vector_isa(wanted);
    if (!parsed) {
      std::fprintf(stderr, "actsearch: ACTSEARCH_SIMD=%s is not one of scalar, sse4, avx2, avx512; using %s\n", wanted,
                   std::string(vector_isa_name(isa)).c_str());
    } else if (!vector_isa_available(*parsed)) {
      std::fprintf(stderr, "actsearch: ACTSEARCH_SIMD=%s is not available on this processor or build; using %s\n",
                   wanted, std::string(vector_isa_name(isa)).c_str());
    } else {
      isa = *parsed;
    }
  }
  return isa;
}

std::atomic<VectorIsa>& active() {
  static std::atomic<VectorIsa> isa{initial_isa()};
  return isa;
}

}  // namespace

std::string_view vector_isa_name(VectorIsa isa) {
  switch (isa) {
    case VectorIsa::Scalar: return "scalar";
    case VectorIsa::Sse4: return "sse4";
    case VectorIsa::Avx2: return "avx2";
    case VectorIsa::Avx512: return "avx512";
  }
  return "?";
}

std::optional<VectorIsa> parse_vector_isa(std::string_view name) {
  for (int i = 0; i < kNumVectorIsas; ++i) {
    const auto isa = static_cast<VectorIsa>(i);
    if (vector_isa_name(isa) == name) return isa;
  }
  return std::nullopt;
}

bool vector_isa_available(VectorIsa isa) { return compiled(isa) && processor_has(isa); }

VectorIsa best_vector_isa() {
  static const VectorIsa best = [] {
    for (int i = kNumVectorIsas - 1; i > 0; --i) {
      if (vector_isa_available(static_cast<VectorIsa>(i))) return static_cast<VectorIsa>(i);
    }
    return VectorIsa::Scalar;
  }();
  return best;
}

VectorIsa active_vector_isa() { return active().load(std::memory_order_relaxed); }

bool set_vector_isa(VectorIsa isa) {
  if (!vector_isa_available(isa)) return false;
  active().store(isa, std::memory_order_relaxed);
  return true;
}

}  // namespace actsearch::expr
