// Internal: the float32 vector kernels, one translation unit per instruction set (isa_*.cpp, each
// compiled with that set's -march level), found by the primitive table through the name of the
// scalar function they vectorise (Primitive::c_function). The table decides which rows must have
// one (Primitive::vector); the kernel files only provide them.
#pragma once

#include <cstddef>

namespace actsearch::expr::vector {

struct Kernel {
  const char* c_function;  // e.g. "as_exp": the scalar_functions.h function computed
  // The same signature as BlockFn<float> (primitives.hpp, not included here: see below).
  void (*f32)(const float* a, const float* b, float* out, std::size_t n);
};

// Kernels compiled for each set; count is 0 where the set is not compiled for this target.
// Plain pointers rather than std::span: nothing from a standard header may be instantiated in the
// ISA translation units (its out-of-line copies could be linked into code run on any processor).
const Kernel* kernels_sse4(std::size_t& count);
const Kernel* kernels_avx2(std::size_t& count);
const Kernel* kernels_avx512(std::size_t& count);

}  // namespace actsearch::expr::vector
