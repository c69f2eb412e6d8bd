// A compiled expression: the function and its derivatives as one flat SSA tape with common
// subexpressions shared (sigmoid(x) computed once for Swish's value and slope). The CPU block
// evaluator runs it over float32 or float64 arrays; the CUDA code generator reads the same tape.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "expr/derivative.hpp"
#include "expr/expr.hpp"

namespace actsearch::expr {

enum class OpCode : std::uint8_t {
  X,      // the input
  Const,  // a numeric constant (Instruction::constant)
  Param,  // trainable parameter number Instruction::param
  Call,   // primitive-table row Instruction::prim applied to values a (and b)
};

struct Instruction {
  OpCode op = OpCode::Const;
  PrimId prim = 0;
  int a = -1;  // operand: index of an earlier instruction
  int b = -1;
  double constant = 0;
  int param = -1;
  bool uniform = false;  // does not depend on x: computed once per evaluation, not per element
};

struct ProgramOptions {
  bool derivatives = true;  // also compute d/dx and d/d(theta_k)
};

class Program {
 public:
  Program() = default;
  // `e` should already be simplified (the canonical form); derivatives are taken and simplified here.
  static Program compile(const Expr& e, const ProgramOptions& options = {});

  // Output 0 is phi; with derivatives, output 1 is dphi/dx and output 2+k is dphi/dtheta_k.
  int num_outputs() const { return static_cast<int>(outputs_.size()); }
  int num_params() const { return static_cast<int>(params_.size()); }
  bool has_derivatives() const { return has_derivatives_; }
  std::span<const ParamInfo> params() const { return params_; }
  std::vector<double> initial_params() const;
  std::span<const Instruction> instructions() const { return code_; }
  std::span<const int> outputs() const { return outputs_; }  // instruction index of each output
  const Expr& expression() const { return expression_; }
  const Derivatives& derivative_expressions() const { return derivatives_; }
  int slots_needed() const { return slots_; }  // block buffers the evaluator uses

  // Evaluate at n = x.size() points. theta holds num_params() values. outputs[k] points to n
  // values for output k (outputs.size() <= num_outputs(); a null pointer skips that output); the
  // outputs must not overlap x. float32 runs each instruction with the vector kernels of the active
  // instruction set (expr/vector_isa.hpp; accuracy per row in primitives.hpp), float64 with the
  // scalar definitions. Thread-safe: scratch memory is per thread.
  void evaluate(std::span<const float> x, std::span<const float> theta, std::span<float* const> outputs) const;
  void evaluate(std::span<const double> x, std::span<const double> theta, std::span<double* const> outputs) const;

  // One point, float64: {phi, dphi/dx, dphi/dtheta_0, ...}. theta empty = initial values.
  std::vector<double> evaluate_at(double x, std::span<const double> theta = {}) const;

  // A readable listing of the tape, one instruction per line.
  std::string disassemble() const;

 private:
  template <class T>
  void run(std::span<const T> x, std::span<const T> theta, std::span<T* const> outputs) const;

  Expr expression_;
  Derivatives derivatives_;
  std::vector<ParamInfo> params_;
  std::vector<Instruction> code_;
  std::vector<int> outputs_;
  std::vector<int> slot_of_;  // block buffer of each non-uniform instruction
  int slots_ = 0;
  bool has_derivatives_ = false;
};

}  // namespace actsearch::expr
