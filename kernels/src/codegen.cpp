// CUDA source generation. The scalar definitions and the optimiser rules are embedded verbatim
// (with AS_FN / AS_HD made device functions) so the GPU computes each primitive and each update
// with the very code the CPU compiles; the training kernels are the real file
// src/device/training_kernels.cu, embedded at build time. Only the tape walk is written here, once
// per candidate, as straight-line code (expr::c_statements, shared with the C++/CUDA exporters).
#include "kernels/codegen.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "expr/export.hpp"
#include "expr/primitives.hpp"
#include "expr/program.hpp"
#include "kernels/src/embedded.hpp"

namespace actsearch::kernels {
namespace {

// An exact float literal of the value the CPU evaluator uses (static_cast<float>(constant)):
// printed from the rounded float with enough digits to round-trip, or by bit pattern when it is
// not finite, so the device sees the identical constant.
std::string float_literal(double value) {
  const auto f = static_cast<float>(value);
  if (!std::isfinite(f)) {
    std::uint32_t bits = 0;
    std::memcpy(&bits, &f, sizeof bits);
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "__int_as_float(0x%08xu)", bits);
    return buffer;
  }
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.9ef", static_cast<double>(f));
  return buffer;
}

// How instruction i's value is spelt inside a candidate: x, a uniform value (u7: a member of the
// functor, or a local of the device function) or a per-element temporary (t7).
std::string operand(const expr::Program& program, int i) {
  const expr::Instruction& ins = program.instructions()[static_cast<std::size_t>(i)];
  if (ins.op == expr::OpCode::X) return "x";
  return (ins.uniform ? "u" : "t") + std::to_string(i);
}

// The value of a uniform leaf (a constant or a parameter).
std::string leaf_value(const expr::Instruction& ins) {
  return ins.op == expr::OpCode::Const ? float_literal(ins.constant) : "theta[" + std::to_string(ins.param) + "]";
}

bool is_leaf(const expr::Instruction& ins) { return ins.op == expr::OpCode::Const || ins.op == expr::OpCode::Param; }

std::string output_lines(const expr::Program& program, std::string_view phi, std::string_view slope) {
  const auto outputs = program.outputs();
  std::string out = "    " + std::string(phi) + " = " + operand(program, outputs[0]) + ";\n";
  out += "    " + std::string(slope) + " = " + operand(program, outputs[1]) + ";\n";
  for (int k = 0; k < program.num_params(); ++k) {
    out +=
        "    dtheta[" + std::to_string(k) + "] = " + operand(program, outputs[static_cast<std::size_t>(2 + k)]) + ";\n";
  }
  return out;
}

std::string functor_text(const expr::Program& program, const std::string& name) {
  const auto code = program.instructions();
  const auto named = [&](int i) { return operand(program, i); };
  const auto uniform = [&](int i) { return code[static_cast<std::size_t>(i)].uniform; };
  std::string members, init;
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (!code[i].uniform || code[i].op == expr::OpCode::X) continue;
    members += "  float u" + std::to_string(i) + ";\n";
    if (is_leaf(code[i])) init += "    u" + std::to_string(i) + " = " + leaf_value(code[i]) + ";\n";
  }
  // Leaves first, then the uniform calls in tape order (they depend only on leaves and each other).
  init += expr::c_statements(program, {.name = named, .indent = "    ", .select = uniform});
  std::string out = "struct " + name + " {\n";
  out += "  static constexpr int kParams = " + std::to_string(program.num_params()) + ";\n";
  out += members;
  out += "  __device__ explicit " + name + "(const float* theta) {\n";
  out += init;
  out += "    (void)theta;\n  }\n";
  out += "  __device__ __forceinline__ void operator()(float x, float& phi, float& slope, float* dtheta) const {\n";
  out += expr::c_statements(program, {.name = named, .declare = "const float ", .indent = "    ", .select = [&](int i) {
                                        return !uniform(i);
                                      }});
  out += output_lines(program, "phi", "slope");
  out += "    (void)x;\n    (void)dtheta;\n  }\n};\n\n";
  return out;
}

// The parameters of a candidate's device function (the table's entry type).
constexpr std::string_view kFunctionSignature =
    "(float x, const float* theta, float* phi, float* slope, float* dtheta)";

std::string function_text(const expr::Program& program, const std::string& name) {
  const auto code = program.instructions();
  std::string out = "extern \"C\" __device__ __noinline__ void " + name + std::string(kFunctionSignature) + " {\n";
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (is_leaf(code[i])) {
      out += "    const float " + operand(program, static_cast<int>(i)) + " = " + leaf_value(code[i]) + ";\n";
    }
  }
  out += expr::c_statements(
      program, {.name = [&](int i) { return operand(program, i); }, .declare = "const float ", .indent = "    "});
  out += output_lines(program, "*phi", "*slope");
  out += "    (void)x;\n    (void)theta;\n    (void)dtheta;\n}\n\n";
  return out;
}

std::string module_prelude(std::size_t candidates, std::string_view what) {
  std::string out = "// Generated by actsearch: " + std::to_string(candidates) + " " + std::string(what) + ".\n";
  out += "#define AS_FN __device__ __forceinline__\n";
  out += "#define AS_HD __device__ __forceinline__\n";
  out += "#define AS_BLOCK_THREADS " + std::to_string(kBlockThreads) + "\n";
  out += "#define AS_BACKWARD_ROWS " + std::to_string(kBackwardRows) + "\n\n";
  out += expr::scalar_functions_source();
  out += "\n\n";
  return out;
}

}  // namespace

std::string_view form_name(CandidateForm form) { return form == CandidateForm::Inlined ? "inlined" : "function"; }

std::optional<CandidateForm> parse_form(std::string_view name) {
  if (name == "inlined") return CandidateForm::Inlined;
  if (name == "function") return CandidateForm::DeviceFunction;
  return std::nullopt;
}

std::string candidate_name(int index, CandidateForm form) {
  return (form == CandidateForm::Inlined ? "Candidate" : "as_candidate_") + std::to_string(index);
}

int max_params(std::span<const expr::Program* const> programs) {
  int out = 0;
  for (const expr::Program* p : programs) out = std::max(out, p->num_params());
  return out;
}

Expected<std::string> generate_candidate(const expr::Program& program, const std::string& name, CandidateForm form) {
  if (!program.has_derivatives()) return fail(name + ": the program has no derivatives");
  std::string out = "// " + std::to_string(program.instructions().size()) + " instructions, " +
                    std::to_string(program.num_params()) + " parameter(s)\n";
  out += form == CandidateForm::Inlined ? functor_text(program, name) : function_text(program, name);
  return out;
}

Expected<std::string> generate_candidate(const expr::Program& program, int index, CandidateForm form) {
  auto text = generate_candidate(program, candidate_name(index, form), form);
  if (!text) return fail("candidate " + std::to_string(index) + ": the program has no derivatives");
  return text;
}

Expected<std::string> generate_module(std::span<const expr::Program* const> programs, CandidateForm form) {
  std::vector<CandidateSource> candidates;
  for (std::size_t i = 0; i < programs.size(); ++i) {
    auto text = generate_candidate(*programs[i], static_cast<int>(i), form);
    if (!text) return fail(text.error());
    candidates.push_back({candidate_name(static_cast<int>(i), form), std::move(*text), programs[i]->num_params()});
  }
  return assemble_module(candidates, form);
}

std::string assemble_module(std::span<const CandidateSource> candidates, CandidateForm form, bool declare_only) {
  std::string out = module_prelude(candidates.size(), "candidate activation(s) and the batched training kernels");
  out += optimizer_rules_source();
  out += "\n";
  out += divergence_rule_source();
  out += "\n";
  for (const CandidateSource& c : candidates) {
    if (declare_only) {
      out += "extern \"C\" __device__ void " + c.name + std::string(kFunctionSignature) + ";\n";
    } else {
      out += c.text;
    }
  }
  const std::string n = std::to_string(candidates.size());
  if (form == CandidateForm::Inlined) {
    // The candidate is the same for a whole block, so the switch costs one branch per block, and
    // each case is the candidate's own inlined straight-line code.
    out +=
        "template <class Op>\n__device__ __forceinline__ void as_dispatch(int candidate, const float* theta, Op& op) "
        "{\n";
    out += "  switch (candidate) {\n";
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      out += "    case " + std::to_string(i) + ": op(" + candidates[i].name + "(theta)); break;\n";
    }
    out += "    default: (void)theta; (void)op; break;\n  }\n}\n";
  } else {
    // One instantiation of each kernel's loop, calling the slot's candidate through the table.
    // Parameters past a candidate's count read as zero, as the inlined kernels write them.
    int width = 0;
    for (const CandidateSource& c : candidates) width = std::max(width, c.params);
    out += "\ntypedef void (*as_candidate_fn)" + std::string(kFunctionSignature) + ";\n";
    if (!candidates.empty()) {
      out += "__device__ as_candidate_fn const as_candidates[" + n + "] = {";
      for (std::size_t i = 0; i < candidates.size(); ++i) out += (i ? ", " : "") + candidates[i].name;
      out += "};\n";
    }
    out += "struct AsCandidateCall {\n  static constexpr int kParams = " + std::to_string(width) + ";\n";
    out += "  as_candidate_fn fn;\n  const float* theta;\n";
    out += "  __device__ __forceinline__ void operator()(float x, float& phi, float& slope, float* dtheta) const {\n";
    out += "    for (int p = 0; p < kParams; ++p) dtheta[p] = 0.0f;\n";
    out += "    fn(x, theta, &phi, &slope, dtheta);\n  }\n};\n";
    out +=
        "template <class Op>\n__device__ __forceinline__ void as_dispatch(int candidate, const float* theta, Op& op) "
        "{\n";
    if (candidates.empty()) {
      out += "  (void)candidate; (void)theta; (void)op;\n}\n";
    } else {
      out +=
          "  if (candidate >= 0 && candidate < " + n + ") op(AsCandidateCall{as_candidates[candidate], theta});\n}\n";
    }
  }
  out += "\n";
  out += training_kernels_source();
  return out;
}

std::string assemble_candidate_object(std::span<const CandidateSource> candidates) {
  std::string out = module_prelude(candidates.size(), "candidate activation(s), compiled apart for linking");
  for (const CandidateSource& c : candidates) out += c.text;
  return out;
}

}  // namespace actsearch::kernels
