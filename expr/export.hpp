// Exporters: an expression as code in other languages. Generated text comes only from the AST and
// the primitive table's spellings, never from user strings.
#pragma once

#include <functional>
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

class Program;

// A compiled program as straight-line C over the scalar definitions (scalar_functions.h): for each
// call instruction i that `select` accepts (all when it is empty), in tape order, the line
//   <indent><declare><name(i)> = <its c_function>(<name(a)>[, <name(b)>]);
// The C++/CUDA exporters and the CUDA code generator (kernels/) all write their tapes with it; each
// keeps its own spelling of values through name() (x, a parameter, a literal, a temporary).
struct CStatementStyle {
  std::function<std::string(int)> name;
  std::string declare;  // before each assigned name: "const T ", or "" to assign declared variables
  std::string indent = "  ";
  std::function<bool(int)> select;
};
std::string c_statements(const Program& program, const CStatementStyle& style);

}  // namespace actsearch::expr
