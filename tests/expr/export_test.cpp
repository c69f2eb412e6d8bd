// Exports are executed: the NumPy, PyTorch and JAX modules (run by the Python that has them, see
// python()) and the C++ header (compiled by the system compiler) reproduce the engine's phi on 10,000
// points to 1e-6 relative. In CI (CI=true) a missing module or compiler fails these tests, since
// scripts/setup.sh installs them; elsewhere it skips them with what to install.
#include "expr/export.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <random>

#include "expr/known.hpp"
#include "expr/parse.hpp"
#include "expr/print.hpp"
#include "expr/program.hpp"
#include "expr/simplify.hpp"
#include "tests/common/temp_dir.hpp"
#include "tests/expr/random_expression.hpp"

namespace actsearch::expr {
namespace {

namespace fs = std::filesystem;

// $ACTSEARCH_PYTHON, else the environment scripts/setup.sh makes in .venv/ (Debian's python3 plus JAX,
// seeing Debian's numpy, scipy, torch and sympy), else Debian's /usr/bin/python3. Never the python3
// first on PATH: that may be another installation (pyenv) without any of them.
std::string python() {
  if (const char* env = std::getenv("ACTSEARCH_PYTHON")) return env;
  const fs::path venv = fs::path(ACTSEARCH_SOURCE_DIR) / ".venv" / "bin" / "python3";
  std::error_code ec;
  if (fs::exists(venv, ec)) return venv.string();
  return "/usr/bin/python3";
}

bool python_has(const std::string& module) {
  return std::system((python() + " -c 'import " + module + "' > /dev/null 2>&1").c_str()) == 0;
}

bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

// What is missing among `modules`, as a sentence; empty when python() imports them all.
std::string missing_modules(std::initializer_list<const char*> modules) {
  std::string missing;
  for (const char* m : modules) {
    if (!python_has(m)) missing += (missing.empty() ? "" : ", ") + std::string(m);
  }
  return missing.empty() ? missing
                         : python() + " cannot import " + missing + " (ACTSEARCH_PYTHON picks the interpreter)";
}

// Skips the test (fails it in CI) when `why` says something is missing.
#define REQUIRE_TOOLS(why_expression)                                                    \
  if (const std::string why = (why_expression); !why.empty()) {                          \
    if (in_ci()) FAIL() << why << " (CI=true: scripts/setup.sh must have installed it)"; \
    GTEST_SKIP() << why << " (scripts/setup.sh installs it)";                            \
  }

using ::actsearch::testing::TempDir;

std::vector<Expr> export_cases() {
  std::vector<Expr> out;
  for (const Primitive& p : primitives()) {
    if (p.name == "powi") {
      out.push_back(*parse("x^3"));
      out.push_back(*parse("x^-2"));
    } else if (p.arity == 1) {
      out.push_back(Expr::call(p.name, {Expr::x()}));
    } else {
      out.push_back(Expr::call(p.name, {Expr::x(), *parse("sin(x)")}));
      out.push_back(Expr::call(p.name, {*parse("cos(x)"), Expr::x()}));
    }
  }
  for (const KnownActivation& k : known_activations()) out.push_back(*parse(k.expression));
  out.push_back(*parse("max(x*sigmoid(beta=1.5*x), tanh(x)) + 0.1*sin(x)*exp(-x*x)"));
  testing::RandomExpressions gen(77);
  for (int i = 0; i < 60; ++i) out.push_back(gen.next(4));
  for (Expr& e : out) e = simplify(e);
  return out;
}

std::vector<double> points() {
  std::vector<double> x;
  for (int i = 0; i < 10000; ++i) x.push_back(-6.0 + 12.0 * i / 9999.0);
  x[5000] = 0.0;
  return x;
}

void write_doubles(const fs::path& file, const std::vector<double>& v) {
  std::ofstream out(file, std::ios::binary);
  out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(double)));
}

std::vector<double> read_doubles(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::vector<char> v((std::istreambuf_iterator<char>(in)), {});
  std::vector<double> out(v.size() / sizeof(double));
  std::memcpy(out.data(), v.data(), out.size() * sizeof(double));
  return out;
}

std::vector<double> engine_values(const Expr& e, const std::vector<double>& x, int output) {
  Program p = Program::compile(e);
  std::vector<double> y(x.size());
  std::vector<double*> outs(static_cast<std::size_t>(output) + 1, nullptr);
  outs.back() = y.data();
  p.evaluate(x, p.initial_params(), outs);
  return y;
}

// Compares where the engine's value is finite and moderate; returns the number of mismatches.
int compare(const Expr& e, const std::vector<double>& want, const std::vector<double>& got, const std::string& what) {
  int bad = 0;
  if (got.size() != want.size()) {
    ADD_FAILURE() << what << ": " << print(e) << " produced " << got.size() << " values";
    return 1;
  }
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (!std::isfinite(want[i]) || std::abs(want[i]) > 1e12) continue;
    const double tol = 1e-6 * std::max(std::abs(want[i]), std::abs(got[i])) + 1e-12;
    if (!(std::abs(got[i] - want[i]) <= tol) && bad++ < 3) {
      ADD_FAILURE() << what << ": " << print(e) << " at x = " << points()[i] << ": exported " << got[i] << ", engine "
                    << want[i];
    }
  }
  return bad;
}

// Writes every case as a module and evaluates them all in one Python process.
void check_python_target(Target target, const std::string& call, const std::string& prelude = "") {
  TempDir dir;
  const auto cases = export_cases();
  const auto x = points();
  write_doubles(dir.path() / "x.bin", x);
  std::ofstream driver(dir.path() / "driver.py");
  driver << prelude << "import importlib, sys\nimport numpy as np\nsys.path.insert(0, " << dir.path() << ")\n"
         << "x = np.fromfile('" << (dir.path() / "x.bin").string() << "', dtype=np.float64)\n";
  for (std::size_t i = 0; i < cases.size(); ++i) {
    std::ofstream module(dir.path() / ("case" + std::to_string(i) + ".py"));
    module << export_code(cases[i], target);
    driver << "m = importlib.import_module('case" << i << "')\n"
           << "np.asarray(" << call << ", dtype=np.float64).tofile('" << (dir.path() / std::to_string(i)).string()
           << ".bin')\n";
  }
  driver.close();
  const std::string cmd =
      python() + " " + (dir.path() / "driver.py").string() + " 2> " + (dir.path() / "stderr.txt").string();
  if (std::system(cmd.c_str()) != 0) {
    std::ifstream err(dir.path() / "stderr.txt");
    FAIL() << "python failed:\n" << std::string(std::istreambuf_iterator<char>(err), {});
  }
  int bad = 0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    bad += compare(cases[i], engine_values(cases[i], x, 0), read_doubles(dir.path() / (std::to_string(i) + ".bin")),
                   std::string(target_name(target)));
  }
  EXPECT_EQ(bad, 0);
}

TEST(Export, NumpyReproducesTheEngine) {
  REQUIRE_TOOLS(missing_modules({"numpy", "scipy"}));
  check_python_target(Target::NumPy, "m.activation(x)");
}

// JAX computes in float32 unless 64-bit mode is on; a user who wants the engine's values turns it on
// before tracing anything, as the driver does here.
constexpr const char* kJaxDouble = "import jax\njax.config.update('jax_enable_x64', True)\n";

TEST(Export, JaxReproducesTheEngine) {
  REQUIRE_TOOLS(missing_modules({"numpy", "jax"}));
  check_python_target(Target::JAX, "m.activation(x)", kJaxDouble);
}

TEST(Export, JaxDifferentiatesTheExportToTheEngineSlope) {
  // jax.grad through the exported code (with its protections) against the engine's fused derivative,
  // for smooth functions (at kinks the two conventions for a one-sided slope may differ).
  REQUIRE_TOOLS(missing_modules({"numpy", "jax"}));
  TempDir dir;
  const std::vector<Expr> cases = {simplify(*parse("x*sigmoid(beta=1.5*x)")), simplify(*parse("mish(x)")),
                                   simplify(*parse("gelu(x)")), simplify(*parse("tanh(x)*softplus(x) + erf(x)/2")),
                                   simplify(*parse("sin(x)*exp(-x*x) + log(1 + x*x)"))};
  std::vector<double> x;
  for (int i = 0; i < 201; ++i) x.push_back(-5.0 + 10.0 * (i + 0.37) / 201.0);
  write_doubles(dir.path() / "x.bin", x);
  std::ofstream driver(dir.path() / "driver.py");
  driver << kJaxDouble << "import importlib, sys\nimport numpy as np\nimport jax.numpy as jnp\n"
         << "sys.path.insert(0, " << dir.path() << ")\n"
         << "x = jnp.asarray(np.fromfile('" << (dir.path() / "x.bin").string() << "', dtype=np.float64))\n";
  for (std::size_t i = 0; i < cases.size(); ++i) {
    std::ofstream(dir.path() / ("grad" + std::to_string(i) + ".py")) << export_code(cases[i], Target::JAX);
    driver << "m = importlib.import_module('grad" << i << "')\n"
           << "np.asarray(jax.vmap(jax.grad(m.activation))(x), dtype=np.float64).tofile('"
           << (dir.path() / ("d" + std::to_string(i))).string() << ".bin')\n";
  }
  driver.close();
  const std::string cmd =
      python() + " " + (dir.path() / "driver.py").string() + " 2> " + (dir.path() / "stderr.txt").string();
  if (std::system(cmd.c_str()) != 0) {
    std::ifstream err(dir.path() / "stderr.txt");
    FAIL() << "python failed:\n" << std::string(std::istreambuf_iterator<char>(err), {});
  }
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto got = read_doubles(dir.path() / ("d" + std::to_string(i) + ".bin"));
    ASSERT_EQ(got.size(), x.size()) << print(cases[i]);
    const Program p = Program::compile(cases[i]);
    for (std::size_t k = 0; k < x.size(); ++k) {
      const double want = p.evaluate_at(x[k])[1];
      EXPECT_NEAR(got[k], want, 1e-9 * (1 + std::abs(want))) << "d/dx " << print(cases[i]) << " at " << x[k];
    }
  }
}

TEST(Export, PytorchFunctionAndModuleReproduceTheEngine) {
  REQUIRE_TOOLS(missing_modules({"numpy", "torch"}));
  check_python_target(Target::PyTorch, "m.activation(__import__('torch').from_numpy(x)).detach().numpy()");
  check_python_target(Target::PyTorch, "m.Activation()(__import__('torch').from_numpy(x)).detach().numpy()");
}

TEST(Export, PytorchModuleHoldsTrainableConstantsAsParameters) {
  REQUIRE_TOOLS(missing_modules({"torch"}));
  TempDir dir;
  std::ofstream(dir.path() / "act.py") << export_code(simplify(*parse("x*sigmoid(beta=1.5*x) + gamma")),
                                                      Target::PyTorch);
  std::ofstream(dir.path() / "check.py")
      << "import sys\nsys.path.insert(0, " << dir.path() << ")\nimport act, torch\n"
      << "m = act.Activation()\nnames = sorted(n for n, _ in m.named_parameters())\n"
      << "assert names == ['beta', 'gamma'], names\nassert abs(m.beta.item() - 1.5) < 1e-12\n"
      << "y = m(torch.linspace(-3, 3, 11)).sum()\ny.backward()\nassert m.beta.grad is not None and m.gamma.grad == "
         "11\n";
  EXPECT_EQ(std::system((python() + " " + (dir.path() / "check.py").string()).c_str()), 0);
}

TEST(Export, SympyExpressionMatchesTheEngine) {
  REQUIRE_TOOLS(missing_modules({"sympy"}));
  TempDir dir;
  const Expr e = simplify(*parse("x*sigmoid(beta=1.5*x) + gelu(x) - 0.5*softplus(x)"));
  std::ofstream(dir.path() / "act.py") << export_code(e, Target::SymPy);
  const Program p = Program::compile(e);
  std::ofstream check(dir.path() / "check.py");
  check.precision(17);
  check << "import sys\nsys.path.insert(0, " << dir.path() << ")\nimport act, sympy\n";
  for (double x : {-2.5, -0.3, 0.7, 3.1}) {
    auto v = p.evaluate_at(x);
    check << "v = float(act.phi.subs({act.x: " << x << ", act.beta: 1.5}).evalf(30))\n"
          << "d = float(act.dphi.subs({act.x: " << x << ", act.beta: 1.5}).evalf(30))\n"
          << "assert abs(v - " << v[0] << ") < 1e-9 * (1 + abs(v)), v\n"
          << "assert abs(d - " << v[1] << ") < 1e-9 * (1 + abs(d)), d\n";
  }
  check.close();
  EXPECT_EQ(std::system((python() + " " + (dir.path() / "check.py").string()).c_str()), 0);
}

TEST(Export, CppHeaderCompilesAndReproducesValueAndSlope) {
  const char* cxx = std::getenv("CXX");
  const std::string compiler = cxx ? cxx : "c++";
  REQUIRE_TOOLS(
      std::system((compiler + " --version > /dev/null 2>&1").c_str()) == 0 ? "" : "no C++ compiler '" + compiler + "'");
  TempDir dir;
  const std::vector<Expr> cases = {simplify(*parse("x*sigmoid(beta=1.5*x)")), simplify(*parse("mish(x)")),
                                   simplify(*parse("bessel_i1e(x) + elish(x)")),
                                   simplify(*parse("max(x*sigmoid(1.5*x), tanh(x)) + 0.1*sin(x)*exp(-x*x)"))};
  std::ofstream main(dir.path() / "main.cpp");
  main << "#include <cmath>\n#include <cstdio>\n";
  for (std::size_t i = 0; i < cases.size(); ++i) {
    std::ofstream(dir.path() / ("case" + std::to_string(i) + ".hpp")) << export_code(cases[i], Target::Cpp);
    main << "namespace case" << i << " {\n#include \"case" << i << ".hpp\"\n}\n";
  }
  main << "int main() {\n  for (int i = 0; i <= 400; ++i) {\n    double x = -6 + 0.03 * i;\n";
  for (std::size_t i = 0; i < cases.size(); ++i) {
    main << "    std::printf(\"%.17g %.17g\\n\", case" << i << "::actsearch_export::activation(x), case" << i
         << "::actsearch_export::activation_grad(x));\n";
  }
  main << "  }\n}\n";
  main.close();
  const fs::path exe = dir.path() / "main";
  const std::string build = compiler + " -std=c++17 -O1 -o " + exe.string() + " " + (dir.path() / "main.cpp").string();
  ASSERT_EQ(std::system(build.c_str()), 0) << build;
  ASSERT_EQ(std::system((exe.string() + " > " + (dir.path() / "out.txt").string()).c_str()), 0);
  std::ifstream out(dir.path() / "out.txt");
  for (int i = 0; i <= 400; ++i) {
    const double x = -6 + 0.03 * i;
    for (const Expr& e : cases) {
      double y = 0, dy = 0;
      out >> y >> dy;
      auto v = Program::compile(e).evaluate_at(x);
      EXPECT_NEAR(y, v[0], 1e-12 * (1 + std::abs(v[0]))) << print(e) << " at " << x;
      EXPECT_NEAR(dy, v[1], 1e-12 * (1 + std::abs(v[1]))) << "d/dx " << print(e) << " at " << x;
    }
  }
}

TEST(Export, TargetsByName) {
  EXPECT_EQ(parse_target("numpy"), Target::NumPy);
  EXPECT_EQ(parse_target("torch"), Target::PyTorch);
  EXPECT_EQ(parse_target("cuda"), Target::Cuda);
  EXPECT_FALSE(parse_target("fortran").has_value());
}

TEST(Export, OutputComesFromTheTreeNotFromUserText) {
  // A parameter named like a Python keyword or a generated name is renamed, not pasted.
  const std::string code = export_code(simplify(*parse("lambda*x + t1 + EPS")), Target::NumPy);
  EXPECT_NE(code.find("lambda_=1"), std::string::npos) << code;
  EXPECT_NE(code.find("t1_=1"), std::string::npos) << code;
  EXPECT_NE(code.find("EPS_=1"), std::string::npos) << code;
  const std::string cpp = export_code(simplify(*parse("int*x")), Target::Cpp);
  EXPECT_NE(cpp.find("T int_ = T(1)"), std::string::npos) << cpp;
  EXPECT_NE(export_code(simplify(*parse("sigmoid(x)")), Target::Cuda).find("__device__"), std::string::npos);
  EXPECT_EQ(export_code(simplify(*parse("x/2")), Target::LaTeX), "0.5 \\cdot x\n");
}

}  // namespace
}  // namespace actsearch::expr

namespace actsearch::expr {
namespace {

// A trained candidate exports with its learned constants as the defaults and the per-layer values after.
TEST(ExportLearned, DefaultsAndPerLayerValues) {
  const Expr e = simplify(*parse("x*sigmoid(beta=1*x)"));
  const LearnedValues learned{.source = "campaign 'c', stage 1, mean of 2 run(s)",
                              .names = {"beta"},
                              .defaults = {0.75},
                              .per_layer = {{0.5}, {1}}};
  const std::string torch = export_code(e, Target::PyTorch, learned);
  EXPECT_NE(torch.find("def __init__(self, beta=0.75):"), std::string::npos) << torch;
  EXPECT_NE(torch.find("LEARNED_PER_LAYER = [\n    {\"beta\": 0.5},\n    {\"beta\": 1},\n]"), std::string::npos)
      << torch;
  EXPECT_NE(torch.find("campaign 'c', stage 1"), std::string::npos);
  const std::string cpp = export_code(e, Target::Cpp, learned);
  EXPECT_NE(cpp.find("// layer 2: beta = 1\n"), std::string::npos) << cpp;
  // Without learned values: the expression's own.
  EXPECT_NE(export_code(e, Target::PyTorch).find("def __init__(self, beta=1):"), std::string::npos);
}

}  // namespace
}  // namespace actsearch::expr
