// Compilation to an SSA tape with common subexpressions shared, and the CPU block evaluator.
//
// The evaluator walks the tape once per block of kBlock elements, so every intermediate lives in a
// small buffer that stays in L1 cache; each instruction is one kernel call over the block: for
// float32 the row's SIMD kernel for the processor (SLEEF for the transcendental rows), for float64
// the row's inlined scalar function in a loop. Instructions that do not depend on x (constants, parameters
// and anything computed only from them) are computed once per call.
#include "expr/program.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <unordered_map>

#include "expr/print.hpp"
#include "expr/src/row_templates.hpp"

namespace actsearch::expr {
namespace {

constexpr std::size_t kBlock = 256;

class TapeBuilder {
 public:
  TapeBuilder(std::vector<Instruction>& code, std::span<const ParamInfo> params) : code_(code), params_(params) {}

  int emit(const Expr& e) {
    if (auto it = index_.find(e); it != index_.end()) return it->second;
    // Squares and cubes as multiplications (the values as_powi computes): they vectorise.
    static const PrimId powi = primitive_id("powi"), mul = primitive_id("mul");
    if (e.is_call(powi) && (e.arg(1).is_const(2) || e.arg(1).is_const(3))) {
      const Expr square = Expr::call(mul, {e.arg(0), e.arg(0)});
      const int id = emit(e.arg(1).is_const(2) ? square : Expr::call(mul, {square, e.arg(0)}));
      index_.emplace(e, id);
      return id;
    }
    Instruction ins;
    switch (e.kind()) {
      case NodeKind::Var:
        if (e.node().var != 0) throw std::logic_error("cannot compile an expression with template placeholders");
        ins.op = OpCode::X;
        break;
      case NodeKind::Const:
        ins.op = OpCode::Const;
        ins.constant = e.value();
        ins.uniform = true;
        break;
      case NodeKind::Param:
        ins.op = OpCode::Param;
        ins.param = param_index(e.name());
        ins.uniform = true;
        break;
      case NodeKind::Call: {
        ins.op = OpCode::Call;
        ins.prim = e.prim();
        ins.a = emit(e.arg(0));
        ins.b = e.args().size() > 1 ? emit(e.arg(1)) : -1;
        ins.uniform = code_[static_cast<std::size_t>(ins.a)].uniform &&
                      (ins.b < 0 || code_[static_cast<std::size_t>(ins.b)].uniform);
        break;
      }
    }
    code_.push_back(ins);
    int id = static_cast<int>(code_.size()) - 1;
    index_.emplace(e, id);
    return id;
  }

 private:
  int param_index(const std::string& name) const {
    for (std::size_t i = 0; i < params_.size(); ++i) {
      if (params_[i].name == name) return static_cast<int>(i);
    }
    throw std::logic_error("unknown parameter " + name);
  }
  std::vector<Instruction>& code_;
  std::span<const ParamInfo> params_;
  std::unordered_map<Expr, int, ExprHash> index_;
};

// Rows with an expansion, written out (bit-identical values), so that the derivative shares their
// inner work with the value.
Expr expand_compositions(const Expr& e) {
  static const std::vector<Expr> templates = [] {
    std::vector<Expr> out;
    for (const Primitive& p : primitives())
      out.push_back(p.expansion.empty() ? Expr() : parse_row_template(p.name, p.expansion));
    return out;
  }();
  if (!e.is_call()) return e;
  std::vector<Expr> args;
  for (const Expr& a : e.args()) args.push_back(expand_compositions(a));
  if (!e.primitive().expansion.empty()) return instantiate_row_template(templates[e.prim()], args);
  return Expr::call(e.prim(), std::move(args));
}

template <class T>
std::vector<T>& scratch() {
  thread_local std::vector<T> buffer;
  return buffer;
}

template <class Step>
std::vector<Step>& scratch_steps() {
  thread_local std::vector<Step> steps;
  return steps;
}
template <class T>
std::vector<T*>& scratch_direct() {
  thread_local std::vector<T*> pointers;
  return pointers;
}
template <class T>
std::vector<const T*>& scratch_where() {
  thread_local std::vector<const T*> pointers;
  return pointers;
}

template <class T>
T scalar_call(const Primitive& p, T a, T b) {
  if constexpr (sizeof(T) == sizeof(double))
    return p.f64(a, b);
  else
    return p.f32(a, b);
}

}  // namespace

Program Program::compile(const Expr& e, const ProgramOptions& options) {
  Program prog;
  prog.expression_ = e;
  prog.params_ = parameters(e);
  prog.has_derivatives_ = options.derivatives;
  std::vector<Expr> outs = {e};
  if (options.derivatives) {
    outs[0] = expand_compositions(e);
    prog.derivatives_ = derivatives(outs[0]);
    outs.push_back(prog.derivatives_.dx);
    for (const Expr& d : prog.derivatives_.dparams) outs.push_back(d);
  }
  TapeBuilder builder(prog.code_, prog.params_);
  for (const Expr& o : outs) prog.outputs_.push_back(builder.emit(o));

  // Buffer assignment: uniform operands of per-element instructions get a permanent broadcast
  // buffer; per-element results share buffers once their last reader has run. x needs none.
  const std::size_t n = prog.code_.size();
  std::vector<int> last_use(n, -1);
  for (std::size_t i = 0; i < n; ++i) {
    for (int operand : {prog.code_[i].a, prog.code_[i].b}) {
      if (operand >= 0) last_use[static_cast<std::size_t>(operand)] = static_cast<int>(i);
    }
  }
  for (int o : prog.outputs_) last_use[static_cast<std::size_t>(o)] = static_cast<int>(n);
  prog.slot_of_.assign(n, -1);
  int slots = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const Instruction& ins = prog.code_[i];
    if (ins.op != OpCode::Call || ins.uniform) continue;
    for (int operand : {ins.a, ins.b}) {
      if (operand >= 0 && prog.code_[static_cast<std::size_t>(operand)].uniform &&
          prog.slot_of_[static_cast<std::size_t>(operand)] < 0) {
        prog.slot_of_[static_cast<std::size_t>(operand)] = slots++;
      }
    }
  }
  std::vector<int> free_slots;
  std::vector<std::vector<int>> release_after(n + 1);
  for (std::size_t i = 0; i < n; ++i) {
    const Instruction& ins = prog.code_[i];
    if (ins.op == OpCode::Call && !ins.uniform) {
      int slot;
      if (!free_slots.empty()) {
        slot = free_slots.back();
        free_slots.pop_back();
      } else {
        slot = slots++;
      }
      prog.slot_of_[i] = slot;
      release_after[static_cast<std::size_t>(std::max(last_use[i], static_cast<int>(i)))].push_back(slot);
    }
    for (int s : release_after[i]) free_slots.push_back(s);
  }
  prog.slots_ = slots;
  return prog;
}

std::vector<double> Program::initial_params() const {
  std::vector<double> out;
  for (const ParamInfo& p : params_) out.push_back(p.initial);
  return out;
}

template <class T>
void Program::run(std::span<const T> x, std::span<const T> theta, std::span<T* const> outputs) const {
  if (theta.size() < params_.size()) throw std::logic_error("Program::evaluate: too few parameter values");
  if (outputs.size() > outputs_.size()) throw std::logic_error("Program::evaluate: more outputs than the program has");
  const std::size_t n_code = code_.size();
  const std::size_t count = x.size();

  std::vector<T>& buffer = scratch<T>();
  buffer.resize(static_cast<std::size_t>(slots_) * kBlock + n_code);
  T* blocks = buffer.data();
  T* uniform = buffer.data() + static_cast<std::size_t>(slots_) * kBlock;

  for (std::size_t i = 0; i < n_code; ++i) {
    const Instruction& ins = code_[i];
    if (!ins.uniform) continue;
    switch (ins.op) {
      case OpCode::Const: uniform[i] = static_cast<T>(ins.constant); break;
      case OpCode::Param: uniform[i] = theta[static_cast<std::size_t>(ins.param)]; break;
      case OpCode::Call: {
        T a = uniform[ins.a];
        T b = ins.b >= 0 ? uniform[ins.b] : a;
        uniform[i] = scalar_call<T>(primitive(ins.prim), a, b);
        break;
      }
      case OpCode::X: break;
    }
    if (slot_of_[i] >= 0) std::fill_n(blocks + static_cast<std::size_t>(slot_of_[i]) * kBlock, kBlock, uniform[i]);
  }
  for (std::size_t k = 0; k < outputs.size(); ++k) {
    const Instruction& ins = code_[static_cast<std::size_t>(outputs_[k])];
    if (outputs[k] && ins.uniform) std::fill_n(outputs[k], count, uniform[outputs_[k]]);
  }

  // Per call: each per-element instruction's kernel (float32: for the active instruction set) and
  // where its result lives. A result that is also a requested output is written straight into the
  // caller's array, so no copy is needed for it.
  struct Step {
    BlockFn<T> kernel;
    int a, b, self;
  };
  const VectorIsa isa = active_vector_isa();
  std::vector<Step>& steps = scratch_steps<Step>();
  steps.clear();
  std::vector<T*>& direct = scratch_direct<T>();
  direct.assign(n_code, nullptr);
  for (std::size_t k = 0; k < outputs.size(); ++k) {
    const auto o = static_cast<std::size_t>(outputs_[k]);
    if (outputs[k] && code_[o].op == OpCode::Call && !code_[o].uniform && direct[o] == nullptr) direct[o] = outputs[k];
  }
  for (std::size_t i = 0; i < n_code; ++i) {
    const Instruction& ins = code_[i];
    if (ins.uniform || ins.op != OpCode::Call) continue;
    steps.push_back(
        {primitive(ins.prim).template block<T>(isa), ins.a, ins.b >= 0 ? ins.b : ins.a, static_cast<int>(i)});
  }

  std::vector<const T*>& where = scratch_where<T>();
  where.assign(n_code, nullptr);
  for (std::size_t start = 0; start < count; start += kBlock) {
    const std::size_t m = std::min(kBlock, count - start);
    for (std::size_t i = 0; i < n_code; ++i) {
      if (code_[i].op == OpCode::X) {
        where[i] = x.data() + start;
      } else if (slot_of_[i] >= 0 && direct[i] == nullptr) {
        where[i] = blocks + static_cast<std::size_t>(slot_of_[i]) * kBlock;  // includes uniform broadcasts
      }
    }
    for (const Step& st : steps) {
      const auto self = static_cast<std::size_t>(st.self);
      T* out =
          direct[self] != nullptr ? direct[self] + start : blocks + static_cast<std::size_t>(slot_of_[self]) * kBlock;
      st.kernel(where[static_cast<std::size_t>(st.a)], where[static_cast<std::size_t>(st.b)], out, m);
      where[self] = out;
    }
    for (std::size_t k = 0; k < outputs.size(); ++k) {
      const auto o = static_cast<std::size_t>(outputs_[k]);
      if (!outputs[k] || code_[o].uniform || where[o] == outputs[k] + start) continue;
      std::memcpy(outputs[k] + start, where[o], m * sizeof(T));
    }
  }
}

void Program::evaluate(std::span<const float> x, std::span<const float> theta, std::span<float* const> outputs) const {
  run<float>(x, theta, outputs);
}

void Program::evaluate(std::span<const double> x, std::span<const double> theta,
                       std::span<double* const> outputs) const {
  run<double>(x, theta, outputs);
}

std::vector<double> Program::evaluate_at(double x, std::span<const double> theta) const {
  std::vector<double> th = theta.empty() ? initial_params() : std::vector<double>(theta.begin(), theta.end());
  std::vector<double> values(outputs_.size());
  std::vector<double*> ptrs;
  for (double& v : values) ptrs.push_back(&v);
  run<double>(std::span<const double>(&x, 1), th, ptrs);
  return values;
}

std::string Program::disassemble() const {
  std::string out;
  for (std::size_t i = 0; i < code_.size(); ++i) {
    const Instruction& ins = code_[i];
    out += "%" + std::to_string(i) + " = ";
    switch (ins.op) {
      case OpCode::X: out += "x"; break;
      case OpCode::Const: out += "const " + format_number(ins.constant); break;
      case OpCode::Param: out += "param " + params_[static_cast<std::size_t>(ins.param)].name; break;
      case OpCode::Call:
        out += std::string(primitive(ins.prim).name) + " %" + std::to_string(ins.a);
        if (ins.b >= 0) out += ", %" + std::to_string(ins.b);
        break;
    }
    if (ins.uniform) out += "  (uniform)";
    out += "\n";
  }
  out += "outputs:";
  for (int o : outputs_) out += " %" + std::to_string(o);
  return out + "\n";
}

}  // namespace actsearch::expr
