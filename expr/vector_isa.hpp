// Which instruction set the float32 block evaluator runs its vector kernels with. Chosen at start-up
// for the processor it runs on (the widest one compiled in and supported: AVX-512, AVX2 with FMA,
// SSE4.1, else scalar loops), whatever -march the build used; the environment variable
// ACTSEARCH_SIMD=scalar|sse4|avx2|avx512 asks for a narrower one. Values can differ in the last bit
// between sets (SLEEF's kernels round differently with and without FMA), never between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace actsearch::expr {

enum class VectorIsa : std::uint8_t { Scalar, Sse4, Avx2, Avx512 };
inline constexpr int kNumVectorIsas = 4;

std::string_view vector_isa_name(VectorIsa isa);
std::optional<VectorIsa> parse_vector_isa(std::string_view name);

// Compiled into this build and supported by this processor (Scalar always is).
bool vector_isa_available(VectorIsa isa);
// The widest available set.
VectorIsa best_vector_isa();

// The set Program::evaluate uses for float32 now.
VectorIsa active_vector_isa();
// Switches every later float32 evaluation to `isa` (for tests and benchmarks: not while another
// thread evaluates). Returns false, changing nothing, when `isa` is not available.
bool set_vector_isa(VectorIsa isa);

}  // namespace actsearch::expr
