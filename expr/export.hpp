// Exporters: an expression as code in other languages. Generated text comes only from the AST and
// the primitive table's spellings, never from user strings.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "expr/expr.hpp"

namespace actsearch::expr {

enum class Target { NumPy, PyTorch, JAX, Cpp, Cuda, LaTeX, SymPy };

std::string_view target_name(Target t);
std::optional<Target> parse_target(std::string_view name);  // "numpy", "pytorch", ...

// Python targets define `activation(x)`; PyTorch also `class Activation(nn.Module)` whose trainable
// constants are nn.Parameters. C++ defines inline `activation(x)` and `activation_grad(x)`; CUDA a
// __device__ function computing both.
std::string export_code(const Expr& e, Target target);

}  // namespace actsearch::expr
