// Exporters: an expression as code in other languages. Generated text comes only from the AST and
// the primitive table's spellings, never from user strings.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expr/expr.hpp"

namespace actsearch::expr {

enum class Target { NumPy, PyTorch, JAX, Cpp, Cuda, LaTeX, SymPy };

std::string_view target_name(Target t);
std::optional<Target> parse_target(std::string_view name);  // "numpy", "pytorch", ...

// Python targets define `activation(x)`; PyTorch also `class Activation(nn.Module)` whose trainable
// constants are nn.Parameters. C++ defines inline `activation(x)` and `activation_grad(x)`; CUDA a
// __device__ function computing both.
std::string export_code(const Expr& e, Target target);

// What training made of the trainable constants, for exporting a trained candidate.
struct LearnedValues {
  std::string source;                          // where they come from: "campaign 'x', stage 2, mean of 3 runs"
  std::vector<std::string> names;              // the parameters, in expr::parameters() order
  std::vector<double> defaults;                // one per name: the mean over layers
  std::vector<std::vector<double>> per_layer;  // [hidden layer][name]
};

// export_code of e with the learned defaults as the constants' initial values, followed by the per-layer
// values: for the Python targets a LEARNED_PER_LAYER list of {name: value} (PyTorch: one
// Activation(**LEARNED_PER_LAYER[l]) per layer), for the others comment lines.
std::string export_code(const Expr& e, Target target, const LearnedValues& learned);

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
