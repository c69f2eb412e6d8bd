// Exporters. Every code target is generated from the compiled Program (the same tape the
// evaluator runs, common subexpressions shared) and the primitive table's spellings; names come
// from the AST and are sanitised, so no user text reaches the output verbatim.
#include "expr/export.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <stdexcept>

#include "expr/print.hpp"
#include "expr/program.hpp"
#include "expr/src/spelling.hpp"

namespace actsearch::expr {
namespace {

constexpr std::array<std::pair<Target, std::string_view>, 7> kTargets = {{{Target::NumPy, "numpy"},
                                                                          {Target::PyTorch, "pytorch"},
                                                                          {Target::JAX, "jax"},
                                                                          {Target::Cpp, "cpp"},
                                                                          {Target::Cuda, "cuda"},
                                                                          {Target::LaTeX, "latex"},
                                                                          {Target::SymPy, "sympy"}}};

// Identifiers that generated code defines or uses itself; a parameter with such a name is renamed.
const std::set<std::string, std::less<>>& reserved_names() {
  static const std::set<std::string, std::less<>> names = {
      // Python keywords and names of the generated modules
      "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
      "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
      "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "np", "sp", "jnp", "jsp", "torch", "nn",
      "sympy", "self", "EPS", "activation", "Activation", "initial_values", "phi", "dphi",
      // C++ and CUDA keywords and names
      "auto", "bool", "case", "char", "const", "default", "delete", "do", "double", "enum", "explicit", "extern",
      "float", "goto", "inline", "int", "long", "namespace", "new", "operator", "private", "protected", "public",
      "register", "short", "signed", "sizeof", "static", "struct", "switch", "template", "this", "throw", "typedef",
      "typename", "union", "unsigned", "using", "virtual", "void", "volatile", "T", "x", "activation_grad",
      "activation_and_grad", "y", "dy"};
  return names;
}

std::string sanitize(const std::string& name) {
  std::string out;
  for (char c : name) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "p_" + out;
  bool temporary = out.size() > 1 && out[0] == 't' && std::all_of(out.begin() + 1, out.end(), [](char c) {
                     return std::isdigit(static_cast<unsigned char>(c));
                   });
  if (reserved_names().count(out) || temporary || out.rfind("as_", 0) == 0) out += "_";
  return out;
}

// Replaces the module prefix `from` (as a whole word: "np." but not "jnp.") by `to`.
std::string replace_module(std::string_view text, std::string_view from, std::string_view to) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    bool word_start = i == 0 || !(std::isalnum(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '_');
    if (word_start && text.substr(i, from.size()) == from) {
      out += to;
      i += from.size();
    } else {
      out += text[i++];
    }
  }
  return out;
}

std::string jax_from_numpy(std::string_view numpy) {
  return replace_module(replace_module(numpy, "np.", "jnp."), "sp.", "jsp.");
}

std::string_view spelling(const Primitive& p, Target t, std::string& storage) {
  switch (t) {
    case Target::NumPy: return p.spell.numpy;
    case Target::PyTorch: return p.spell.torch;
    case Target::SymPy: return p.spell.sympy;
    case Target::JAX:
      if (!p.spell.jax.empty()) return p.spell.jax;
      storage = jax_from_numpy(p.spell.numpy);
      return storage;
    default: throw std::logic_error("no spelling column for this target");
  }
}

struct Tape {
  Program program;
  std::vector<std::string> param_names;  // sanitised, in Program order
};

Tape compile_for_export(const Expr& e, bool derivatives) {
  Tape t{Program::compile(e, ProgramOptions{.derivatives = derivatives}), {}};
  for (const ParamInfo& p : t.program.params()) t.param_names.push_back(sanitize(p.name));
  return t;
}

// The text naming the value of instruction i inside generated code.
std::string operand(const Tape& t, int i, Target target) {
  const Instruction& ins = t.program.instructions()[static_cast<std::size_t>(i)];
  switch (ins.op) {
    case OpCode::X: return "x";
    case OpCode::Param: return t.param_names[static_cast<std::size_t>(ins.param)];
    case OpCode::Const:
      if (target == Target::Cpp || target == Target::Cuda) return "T(" + format_number(ins.constant) + ")";
      if (target == Target::PyTorch) return "_const(" + format_number(ins.constant) + ", x)";
      return format_number(ins.constant);
    case OpCode::Call: return "t" + std::to_string(i);
  }
  return "?";
}

// One assignment per call instruction, in tape order.
std::vector<std::string> python_body(const Tape& t, Target target) {
  std::vector<std::string> lines;
  const auto code = t.program.instructions();
  for (std::size_t i = 0; i < code.size(); ++i) {
    const Instruction& ins = code[i];
    if (ins.op != OpCode::Call) continue;
    const Primitive& p = primitive(ins.prim);
    std::string storage;
    std::string a = operand(t, ins.a, target);
    std::string b = ins.b >= 0 ? operand(t, ins.b, target) : "";
    lines.push_back("t" + std::to_string(i) + " = " + fill_spelling(spelling(p, target, storage), a, b));
  }
  return lines;
}

std::string python_signature_params(const Tape& t) {
  std::string out;
  for (std::size_t k = 0; k < t.param_names.size(); ++k) {
    out += ", " + t.param_names[k] + "=" + format_number(t.program.params()[k].initial);
  }
  return out;
}

std::string header_comment(const Expr& e, std::string_view prefix) {
  return std::string(prefix) + " Activation function exported by actsearch.\n" + std::string(prefix) +
         " phi(x) = " + print(e) + "\n";
}

std::string export_numpy_like(const Expr& e, Target target) {
  const Tape t = compile_for_export(e, false);
  const bool jax = target == Target::JAX;
  const std::string np = jax ? "jnp" : "np";
  std::string out = header_comment(e, "#");
  out += jax ? "import jax.numpy as jnp\nimport jax.scipy.special as jsp\n"
             : "import numpy as np\nimport scipy.special as sp\n";
  out += "\nEPS = 1e-06\n\n\n";
  out += "def _protect(b):\n    \"\"\"Moves values closer to zero than EPS to +-EPS (zero to +EPS).\"\"\"\n";
  out += "    return " + np + ".where(" + np + ".abs(b) < EPS, " + np + ".where(b < 0, -EPS, EPS), b)\n\n\n";
  out += "def activation(x" + python_signature_params(t) + "):\n";
  out += "    x = " + np + ".asarray(x)\n";
  out += "    if not " + np + ".issubdtype(x.dtype, " + np + ".floating):\n";
  out += "        x = x.astype(" + np + ".float64)\n";
  for (const std::string& line : python_body(t, target)) out += "    " + line + "\n";
  std::string result = operand(t, t.program.outputs()[0], target);
  if (!depends_on_x(e)) result = np + ".full_like(x, " + result + ")";
  out += "    return " + result + "\n";
  return out;
}

std::string export_pytorch(const Expr& e) {
  const Tape t = compile_for_export(e, false);
  std::string out = header_comment(e, "#");
  out += "import torch\nfrom torch import nn\n\nEPS = 1e-06\n\n\n";
  out += "def _protect(b):\n    \"\"\"Moves values closer to zero than EPS to +-EPS (zero to +EPS).\"\"\"\n";
  out += "    return torch.where(b.abs() < EPS, EPS * (1 - 2 * (b < 0).to(b.dtype)), b)\n\n\n";
  out += "def _const(value, like):\n    return torch.as_tensor(value, dtype=like.dtype, device=like.device)\n\n\n";
  std::string params;
  for (const std::string& n : t.param_names) params += ", " + n;
  out += "def _phi(x" + params + "):\n";
  for (const std::string& line : python_body(t, Target::PyTorch)) out += "    " + line + "\n";
  std::string result = operand(t, t.program.outputs()[0], Target::PyTorch);
  out += "    return " + (depends_on_x(e) ? result : "torch.zeros_like(x) + " + result) + "\n\n\n";

  out += "def activation(x" + python_signature_params(t) + "):\n";
  out += "    x = torch.as_tensor(x)\n";
  out += "    if not torch.is_floating_point(x):\n        x = x.to(torch.get_default_dtype())\n";
  for (const std::string& n : t.param_names) out += "    " + n + " = _const(" + n + ", x)\n";
  out += "    return _phi(x" + params + ")\n\n\n";

  out += "class Activation(nn.Module):\n";
  out += "    \"\"\"phi(x) = " + print(e) + "; trainable constants are nn.Parameters.\"\"\"\n\n";
  out += "    def __init__(self" + python_signature_params(t) + "):\n";
  out += "        super().__init__()\n";
  for (const std::string& n : t.param_names) {
    out += "        self." + n + " = nn.Parameter(torch.tensor(float(" + n + ")))\n";
  }
  if (t.param_names.empty()) out += "        pass\n";
  out += "\n    def forward(self, x):\n";
  std::string self_params;
  for (const std::string& n : t.param_names) self_params += ", self." + n + ".to(x.dtype)";
  out += "        return _phi(x" + self_params + ")\n";
  return out;
}

std::string export_sympy(const Expr& e) {
  const Tape t = compile_for_export(e, false);
  std::string out = header_comment(e, "#");
  out += "# The protections of the numeric definitions (|b| < 1e-6 in division, log, ...) are left out:\n";
  out += "# this is the mathematical function.\nimport sympy\n\n";
  out += "x = sympy.Symbol(\"x\", real=True)\n";
  for (const std::string& n : t.param_names) out += n + " = sympy.Symbol(\"" + n + "\", real=True)\n";
  out += "initial_values = {";
  for (std::size_t k = 0; k < t.param_names.size(); ++k) {
    out += (k ? ", " : "") + t.param_names[k] + ": " + format_number(t.program.params()[k].initial);
  }
  out += "}\n\n\ndef _build():\n";
  for (const std::string& line : python_body(t, Target::SymPy)) out += "    " + line + "\n";
  out += "    return sympy.sympify(" + operand(t, t.program.outputs()[0], Target::SymPy) + ")\n\n\n";
  out += "phi = _build()\ndphi = sympy.diff(phi, x)\n\n\n";
  out += "def activation(x_value" + python_signature_params(t) + "):\n";
  out += "    values = {x: x_value";
  for (const std::string& n : t.param_names) out += ", " + n + ": " + n;
  out += "}\n    return phi.subs(values)\n";
  return out;
}

// C++ and CUDA: the scalar definitions verbatim, then the tape as straight-line code.
std::string export_c_like(const Expr& e, Target target) {
  const Tape t = compile_for_export(e, true);
  const bool cuda = target == Target::Cuda;
  std::string out = header_comment(e, "//");
  std::string qualifier = cuda ? "__device__ __forceinline__" : "inline";
  if (!cuda) {
    out += "#pragma once\n\n#include <cmath>\n\nnamespace actsearch_export {\n\n";
    for (const char* f : {"asinh", "atan", "cos", "cosh", "erf", "erfc", "exp", "expm1", "fabs", "fmax", "fmin", "log",
                          "log1p", "pow", "sin", "sinh", "sqrt", "tanh"}) {
      out += std::string("using std::") + f + ";\n";
    }
    out += "\n";
  }
  out += "#ifndef AS_FN\n#define AS_FN " + qualifier + "\n#endif\n";
  out += std::string(scalar_functions_source()) + "\n";

  std::string params_decl, params_pass;
  for (std::size_t k = 0; k < t.param_names.size(); ++k) {
    params_decl += ", T " + t.param_names[k] + " = T(" + format_number(t.program.params()[k].initial) + ")";
    params_pass += ", " + t.param_names[k];
  }
  out += "// phi(x) and phi'(x) in one pass (common subexpressions computed once).\n";
  out += "template <class T>\n" + qualifier + " void activation_and_grad(T x, T* y, T* dy" + params_decl + ") {\n";
  out += c_statements(t.program, {.name = [&](int i) { return operand(t, i, target); }, .declare = "const T "});
  out += "  *y = " + operand(t, t.program.outputs()[0], target) + ";\n";
  out += "  *dy = " + operand(t, t.program.outputs()[1], target) + ";\n";
  out += "  (void)x;\n}\n\n";
  out += "template <class T>\n" + qualifier + " T activation(T x" + params_decl + ") {\n";
  out += "  T y, dy;\n  activation_and_grad(x, &y, &dy" + params_pass + ");\n  return y;\n}\n\n";
  out += "template <class T>\n" + qualifier + " T activation_grad(T x" + params_decl + ") {\n";
  out += "  T y, dy;\n  activation_and_grad(x, &y, &dy" + params_pass + ");\n  return dy;\n}\n";
  if (!cuda) out += "\n}  // namespace actsearch_export\n";
  return out;
}

}  // namespace

std::string_view target_name(Target t) {
  for (const auto& [target, name] : kTargets) {
    if (target == t) return name;
  }
  return "?";
}

std::optional<Target> parse_target(std::string_view name) {
  if (name == "torch") return Target::PyTorch;
  if (name == "c++") return Target::Cpp;
  for (const auto& [target, n] : kTargets) {
    if (n == name) return target;
  }
  return std::nullopt;
}

std::string c_statements(const Program& program, const CStatementStyle& style) {
  std::string out;
  const auto code = program.instructions();
  for (std::size_t i = 0; i < code.size(); ++i) {
    const Instruction& ins = code[i];
    if (ins.op != OpCode::Call || (style.select && !style.select(static_cast<int>(i)))) continue;
    const Primitive& p = primitive(ins.prim);
    out += style.indent + style.declare + style.name(static_cast<int>(i)) + " = " + std::string(p.c_function) + "(" +
           style.name(ins.a);
    if (p.arity == 2) out += ", " + style.name(ins.b);
    out += ");\n";
  }
  return out;
}

std::string export_code(const Expr& e, Target target, const LearnedValues& learned) {
  std::string out = export_code(with_initial_values(e, learned.names, learned.defaults), target);
  const bool python =
      target == Target::NumPy || target == Target::JAX || target == Target::PyTorch || target == Target::SymPy;
  const std::string comment = python ? "#" : target == Target::LaTeX ? "%" : "//";
  out +=
      "\n" + comment + " Learned by training (" + learned.source + "); the defaults above are the mean over layers.\n";
  if (python) {
    if (target == Target::PyTorch) out += "# One module per hidden layer: Activation(**LEARNED_PER_LAYER[layer]).\n";
    out += "LEARNED_PER_LAYER = [\n";
    for (const auto& layer : learned.per_layer) {
      out += "    {";
      for (std::size_t k = 0; k < learned.names.size() && k < layer.size(); ++k) {
        out += (k ? ", " : "") + std::string("\"") + learned.names[k] + "\": " + format_number(layer[k]);
      }
      out += "},\n";
    }
    out += "]\n";
  } else {
    for (std::size_t l = 0; l < learned.per_layer.size(); ++l) {
      out += comment + " layer " + std::to_string(l + 1) + ":";
      for (std::size_t k = 0; k < learned.names.size() && k < learned.per_layer[l].size(); ++k) {
        out += " " + learned.names[k] + " = " + format_number(learned.per_layer[l][k]);
      }
      out += "\n";
    }
  }
  return out;
}

std::string export_code(const Expr& e, Target target) {
  switch (target) {
    case Target::NumPy:
    case Target::JAX: return export_numpy_like(e, target);
    case Target::PyTorch: return export_pytorch(e);
    case Target::SymPy: return export_sympy(e);
    case Target::Cpp:
    case Target::Cuda: return export_c_like(e, target);
    case Target::LaTeX: return print_latex(e) + "\n";
  }
  throw std::logic_error("unknown export target");
}

}  // namespace actsearch::expr
