// Fused phi + phi' throughput of the Program block evaluator, one thread, float32, next to the same
// tape on the scalar loops, a hand-written C++ loop computing the same function and slope (compiled
// with the same flags), and PyTorch's CPU kernels doing forward plus autograd backward on the same
// values (expr_eval_torch.py, a child process, one thread). Usage: expr_eval_bench [--no-torch]
// Targets: >= 2x the hand-written loop for every row and >= 1x PyTorch.
//
// Measured on the 2-core build host (AVX-512; shared, load average 7-9, so each side had 40-75% of
// a core and wall medians swing with the scheduler: the per-CPU-second columns are the steadier),
// PyTorch 1.13, each figure the median of 35 runs. Ours / PyTorch in Melem/s, wall then per CPU s:
//   before erfc's FMAs and gelu's normal_cdf/normal_pdf rows (load 7.8-8.3):
//     swish 552/357 1.55x, 608/356 1.71x; gelu 129/191 0.67x, 266/335 0.79x;
//     mish 79/26 3.02x, 194/65 3.00x; 10-node 81/25 3.23x, 197/59 3.34x
//   after, two runs (load 9.6-8.8, then 8.2-7.2):
//     swish 499/162 3.08x, 525/335 1.57x | 567/430 1.32x, 621/446 1.39x
//     gelu  423/461 0.92x, 617/482 1.28x | 422/305 1.38x, 439/309 1.42x
//     mish  113/32 3.58x, 217/65 3.35x   | 121/45 2.68x, 219/63 3.45x
//     10-node 108/28 3.92x, 194/50 3.85x | 120/34 3.51x, 219/59 3.69x
//   against the hand-written loop: swish 4.5x/2.5x, gelu 18.5x/14.8x, mish 11.7x/9.3x, 10-node
//   5.3x/5.0x. PyTorch's own per-CPU-second gelu rate ranged 305-482 Melem/s over four runs.
//   mish from one exponential (the rows mish and mish_slope: two passes, no softplus, tanh or
//   sigmoid in the tape), ours scalar-tp PyTorch wall (vs PyTorch), then ours PyTorch per CPU s:
//     before (load 5.1-4.7): mish 220.6 29.7 71.7 (3.08x), 224.8 72.4 (3.10x)
//     vector rows only, the scalar ones still on tanh(softplus) (load 1.5-1.3):
//       mish 868.9 10.6 66.4 (13.08x), 867.3 66.4 (13.07x)
//     scalar mish_slope on the identity too (load 1.1): mish 821.8 19.4 66.0 (12.46x), 819.8 66.1
//     both scalar rows on it as committed (load 2.2-2.3, then 2.5-2.2): mish 755.4 76.1 44.2,
//       807.8 69.7 (11.59x) | 608.1 81.6 66.0 (9.22x), 606.8 66.2 (9.16x) (in that run the
//       10-node row fell from 221 to 178 and gelu from 675 to 483 too: the machine, not the rows)
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "common/timing.hpp"
#include "expr/parse.hpp"
#include "expr/program.hpp"
#include "expr/simplify.hpp"
#include "expr/vector_isa.hpp"

namespace {

constexpr std::size_t kN = 1 << 20;
constexpr int kRepeats = 5;
constexpr int kRounds = 7;

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }
float softplus(float x) { return std::max(x, 0.0f) + std::log1p(std::exp(-std::abs(x))); }

using Loop = std::function<void(const float*, float*, float*, std::size_t)>;

struct Case {
  const char* name;
  const char* expression;
  Loop hand_written;
};

const std::vector<Case>& cases() {
  static const std::vector<Case> c = {
      {"swish", "x*sigmoid(x)",
       [](const float* x, float* y, float* dy, std::size_t n) {
         for (std::size_t i = 0; i < n; ++i) {
           const float s = sigmoid(x[i]);
           y[i] = x[i] * s;
           dy[i] = s + x[i] * s * (1.0f - s);
         }
       }},
      {"gelu", "gelu(x)",
       [](const float* x, float* y, float* dy, std::size_t n) {
         for (std::size_t i = 0; i < n; ++i) {
           const float e = std::erfc(-x[i] * 0.70710678f);
           y[i] = 0.5f * x[i] * e;
           dy[i] = 0.5f * e + 0.39894228f * x[i] * std::exp(-0.5f * x[i] * x[i]);
         }
       }},
      {"mish", "mish(x)",
       [](const float* x, float* y, float* dy, std::size_t n) {
         for (std::size_t i = 0; i < n; ++i) {
           const float t = std::tanh(softplus(x[i]));
           y[i] = x[i] * t;
           dy[i] = t + x[i] * (1.0f - t * t) * sigmoid(x[i]);
         }
       }},
      {"10-node", "atan(x)*sigmoid(x) - 0.1*sin(x)",
       [](const float* x, float* y, float* dy, std::size_t n) {
         for (std::size_t i = 0; i < n; ++i) {
           const float a = std::atan(x[i]), s = sigmoid(x[i]);
           y[i] = a * s - 0.1f * std::sin(x[i]);
           dy[i] = s / (1.0f + x[i] * x[i]) + a * s * (1.0f - s) - 0.1f * std::cos(x[i]);
         }
       }},
  };
  return c;
}

// Median seconds of `repeats` runs appended to `samples`; CPU time and wall time accumulated.
struct Timing {
  std::vector<double> samples, cpu_samples;  // wall and CPU seconds of each run
  double cpu = 0, wall = 0;
  static double median_of(std::vector<double> s) {
    std::sort(s.begin(), s.end());
    return s[s.size() / 2];
  }
  double median() const { return median_of(samples); }
  double cpu_median() const { return median_of(cpu_samples); }
  double utilisation() const { return cpu / wall; }
};

template <class Fn>
void time_runs(Timing& t, int repeats, Fn&& run) {
  const double cpu0 = actsearch::timing::process_cpu_seconds();
  const actsearch::timing::Stopwatch wall;
  for (int r = 0; r < repeats; ++r) {
    const actsearch::timing::Stopwatch one;
    const double start_cpu = actsearch::timing::process_cpu_seconds();
    run();
    t.samples.push_back(one.seconds());
    t.cpu_samples.push_back(actsearch::timing::process_cpu_seconds() - start_cpu);
  }
  t.cpu += actsearch::timing::process_cpu_seconds() - cpu0;
  t.wall += wall.seconds();
}

// The PyTorch peer (expr_eval_torch.py) as a child process answering one line per request, so its
// runs interleave with ours. One thread: torch.set_num_threads(1) and its OpenMP/BLAS pools pinned.
class TorchPeer {
 public:
  explicit TorchPeer(const std::string& values_file) {
    int to_child[2], from_child[2];
    if (pipe(to_child) != 0 || pipe(from_child) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(to_child[0], STDIN_FILENO);
      dup2(from_child[1], STDOUT_FILENO);
      close(to_child[1]);
      close(from_child[0]);
      setenv("OMP_NUM_THREADS", "1", 1);
      setenv("OPENBLAS_NUM_THREADS", "1", 1);
      setenv("MKL_NUM_THREADS", "1", 1);
      execl("/usr/bin/python3", "python3", ACTSEARCH_EXPR_EVAL_TORCH, "--values", values_file.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    close(to_child[0]);
    close(from_child[1]);
    in_ = fdopen(to_child[1], "w");
    out_ = fdopen(from_child[0], "r");
    char line[256];
    if (pid_ > 0 && out_ && std::fgets(line, sizeof line, out_) && std::string_view(line).starts_with("ready")) {
      banner_ = std::string(line + 6);
      while (!banner_.empty() && banner_.back() == '\n') banner_.pop_back();
    } else {
      close_all();
    }
  }
  ~TorchPeer() { close_all(); }
  TorchPeer(const TorchPeer&) = delete;
  TorchPeer& operator=(const TorchPeer&) = delete;

  bool ok() const { return in_ != nullptr; }
  const std::string& banner() const { return banner_; }  // "<torch version> <threads>"

  // Runs `repeats` forward+backward passes of case `name`; appends the median and its CPU use.
  bool run(const char* name, int repeats, Timing& t) {
    if (!ok()) return false;
    std::fprintf(in_, "%s %d\n", name, repeats);
    std::fflush(in_);
    char line[256];
    double median = 0, utilisation = 0, cpu_median = 0;
    if (!std::fgets(line, sizeof line, out_) ||
        std::sscanf(line, "%lf %lf %lf", &median, &utilisation, &cpu_median) != 3)
      return false;
    for (int r = 0; r < repeats; ++r) {
      t.samples.push_back(median);
      t.cpu_samples.push_back(cpu_median);
    }
    t.cpu += utilisation * median * repeats;
    t.wall += median * repeats;
    return true;
  }

 private:
  void close_all() {
    if (in_) std::fclose(in_);
    if (out_) std::fclose(out_);
    in_ = out_ = nullptr;
    if (pid_ > 0) waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  pid_t pid_ = -1;
  std::FILE* in_ = nullptr;
  std::FILE* out_ = nullptr;
  std::string banner_;
};

std::vector<float> read_floats(const std::string& path, std::size_t n) {
  std::vector<float> v(n, std::nanf(""));
  if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
    if (std::fread(v.data(), sizeof(float), n, f) != n) v.assign(n, std::nanf(""));
    std::fclose(f);
  }
  return v;
}

float max_abs_diff(const std::vector<float>& a, const std::vector<float>& b) {
  float d = 0;
  for (std::size_t i = 0; i < a.size(); ++i) d = std::max(d, std::abs(a[i] - b[i]));
  return d;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace actsearch;
  const bool with_torch = !(argc > 1 && std::string_view(argv[1]) == "--no-torch");
  std::mt19937 rng(1);
  std::normal_distribution<float> normal(0.0f, 2.0f);
  std::vector<float> x(kN), y(kN), dy(kN), y_ref(kN), dy_ref(kN);
  for (float& v : x) v = normal(rng);

  char values_file[] = "/tmp/expr_eval_values.XXXXXX";
  const int fd = mkstemp(values_file);
  if (fd < 0 || write(fd, x.data(), kN * sizeof(float)) != static_cast<ssize_t>(kN * sizeof(float))) {
    std::fprintf(stderr, "expr_eval_bench: cannot write %s\n", values_file);
    return 1;
  }
  close(fd);
  std::unique_ptr<TorchPeer> torch;
  if (with_torch) {
    torch = std::make_unique<TorchPeer>(values_file);
    if (!torch->ok()) fmt::print(stderr, "expr_eval_bench: the PyTorch peer did not start; its columns stay empty\n");
  }

  const expr::VectorIsa isa = expr::active_vector_isa();
  fmt::print("fused phi+phi' over {} float32 values x ~ N(0, 2^2), 1 thread; vector set: {}; PyTorch {}\n", kN,
             expr::vector_isa_name(isa), torch && torch->ok() ? torch->banner() + " threads" : "(not run)");
  fmt::print("PyTorch: y = f(x); y.backward(ones), OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=1, torch.set_num_threads(1)\n");
  fmt::print(
      "Melem/s: median of {} runs ({} rounds of {}, ours and the peers interleaved); cpu = (user+sys)/wall;\n"
      "per CPU s: Melem per second of the process's own CPU time (median), which a loaded machine disturbs less\n\n",
      kRounds * kRepeats, kRounds, kRepeats);
  fmt::print("{:<8} {:>8} {:>9} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9} | {:>8} {:>8} {:>9} {:>8} | {:>8} {:>9}\n",
             "function", "ours", "scalar-tp", "hand", "torch", "vs hand", "vs torch", "vs scal", "cpu ours",
             "cpu torch", "ours/cpu", "hand/cpu", "torch/cpu", "vs torch", "|d| hand", "|d| torch");
  for (const Case& c : cases()) {
    const expr::Program program = expr::Program::compile(expr::simplify(*expr::parse(c.expression)));
    float* outputs[] = {y.data(), dy.data()};
    Timing ours, scalar_tape, hand, peer;
    bool peer_ok = torch && torch->ok();
    for (int round = 0; round < kRounds; ++round) {
      time_runs(ours, kRepeats, [&] { program.evaluate(x, {}, outputs); });
      time_runs(hand, kRepeats, [&] { c.hand_written(x.data(), y_ref.data(), dy_ref.data(), kN); });
      if (peer_ok) peer_ok = torch->run(c.name, kRepeats, peer);
      expr::set_vector_isa(expr::VectorIsa::Scalar);
      time_runs(scalar_tape, kRepeats, [&] { program.evaluate(x, {}, outputs); });
      expr::set_vector_isa(isa);
    }
    program.evaluate(x, {}, outputs);
    const float diff_hand = std::max(max_abs_diff(y, y_ref), max_abs_diff(dy, dy_ref));
    std::string torch_rate = "-", vs_torch = "-", torch_cpu = "-", diff_torch = "-", torch_per_cpu = "-",
                vs_torch_cpu = "-";
    if (peer_ok) {
      const float d = std::max(max_abs_diff(y, read_floats(std::string(values_file) + ".y", kN)),
                               max_abs_diff(dy, read_floats(std::string(values_file) + ".dy", kN)));
      torch_rate = fmt::format("{:.1f}", kN / peer.median() / 1e6);
      vs_torch = fmt::format("{:.2f}x", peer.median() / ours.median());
      torch_cpu = fmt::format("{:.0f}%", 100 * peer.utilisation());
      diff_torch = fmt::format("{:.2g}", d);
      torch_per_cpu = fmt::format("{:.1f}", kN / peer.cpu_median() / 1e6);
      vs_torch_cpu = fmt::format("{:.2f}x", peer.cpu_median() / ours.cpu_median());
    }
    fmt::print(
        "{:<8} {:>8.1f} {:>9.1f} {:>8.1f} {:>8} {:>7.2f}x {:>8} {:>7.2f}x {:>7.0f}% {:>9} | {:>8.1f} {:>8.1f} {:>9} "
        "{:>8} "
        "| {:>8.2g} {:>9}\n",
        c.name, kN / ours.median() / 1e6, kN / scalar_tape.median() / 1e6, kN / hand.median() / 1e6, torch_rate,
        hand.median() / ours.median(), vs_torch, scalar_tape.median() / ours.median(), 100 * ours.utilisation(),
        torch_cpu, kN / ours.cpu_median() / 1e6, kN / hand.cpu_median() / 1e6, torch_per_cpu, vs_torch_cpu, diff_hand,
        diff_torch);
    std::fflush(stdout);
  }
  fmt::print(
      "\nours: Program::evaluate with the {} kernels; scalar-tp: the same tape on the scalar loops; hand: the\n"
      "hand-written scalar loop below; ratios are speed-ups of ours; |d|: max |difference| in phi or phi'.\n"
      "Expressions: ",
      expr::vector_isa_name(isa));
  for (const Case& c : cases()) fmt::print("{} = {}; ", c.name, c.expression);
  fmt::print("\n");
  torch.reset();
  for (const char* suffix : {"", ".y", ".dy"}) std::remove((std::string(values_file) + suffix).c_str());
  return 0;
}
