// Small helpers of the end-to-end tests: a shell command's exit status and standard output, and the
// small list campaign on the spirals task that several tests run (seconds on 2 cores).
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace actsearch::testing {

struct Output {
  int status = -1;
  std::string out;
};

// A file's bytes as written (an empty string when it cannot be read).
inline std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline Output shell(const std::string& command) {
  Output result;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  char buffer[65536];
  std::size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// Seven listed functions and three baselines; one rung with `examples` x `epochs`, then the top three
// retrained with 3 seeds for `final_epochs`.
inline std::string spirals_list_campaign(const std::string& name, int seed, int examples, int epochs,
                                         int final_epochs) {
  const std::string task = (std::filesystem::path(ACTSEARCH_SOURCE_DIR) / "configs/tasks/spirals-small.yaml").string();
  return "name: " + name + "\ndatabase: " + name + ".db\nseed: " + std::to_string(seed) +
         "\nworkers: 2\ntask: " + task + R"(
strategy:
  kind: list
  batch: 2
  expressions: [tanh(x), 'max(x, sin(x))', x*sigmoid(beta*x), softsign(x), 'atan(x)^2 - x', elu(x), 'min(x, sin(x))']
fidelity:
  rungs:
    - {train_examples: )" +
         std::to_string(examples) + ", epochs: " + std::to_string(epochs) + R"(, seeds: 2}
  final: {top: 3, seeds: 3, epochs: )" +
         std::to_string(final_epochs) + R"(}
baselines: [relu, swish, gelu]
)";
}

}  // namespace actsearch::testing
