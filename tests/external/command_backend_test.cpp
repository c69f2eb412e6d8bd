// The backend against scripts that train (a fake that checks what it is given), crash, hang, print
// garbage, write no result or report NaN: every job gets a result that says what happened.
#include "external/command_backend.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <mutex>
#include <set>

#include "expr/parse.hpp"
#include "expr/simplify.hpp"
#include "tests/external/python_env.hpp"

namespace actsearch::external {
namespace {

namespace fs = std::filesystem;
using external_testing::python;
using external_testing::write_file;

expr::Expr parsed(const std::string& text) { return expr::simplify(*expr::parse(text)); }

// Checks its arguments and the module's text (without importing torch), then writes a result whose
// accuracy encodes the seed, the epochs and the examples it was given.
constexpr const char* kCheckingScript = R"py(import argparse, json, os, sys
p = argparse.ArgumentParser()
for name in ("module", "result"): p.add_argument("--" + name, required=True)
for name in ("seed", "epochs", "examples", "batch", "test", "threads"): p.add_argument("--" + name, type=int)
a = p.parse_args()
text = open(a.module).read()
assert "def make_activation():" in text and "class Activation(nn.Module)" in text, text
assert os.environ["OMP_NUM_THREADS"] == str(a.threads), os.environ["OMP_NUM_THREADS"]
assert len(os.sched_getaffinity(0)) == a.threads, (os.sched_getaffinity(0), a.threads)
assert os.environ["ACTSEARCH_WORKER_SLOT"] in ("0", "1")
assert os.path.dirname(a.module) == os.path.dirname(a.result)
json.dump({"val_accuracy": (a.seed % 1000) / 1000, "val_loss": a.epochs + a.examples / 1e6, "steps": a.batch,
           "test_accuracy": 0.5 if a.test else None, "learned_params": [[1.5], [2.5]],
           "epochs": [{
    "epoch" : e + 1, "val_loss" : 1.0, "val_accuracy" : 0.5} for e in range(a.epochs)]},
          open(a.result, "w"))
)py";

trainer::TaskSpec task_running(const fs::path& dir, const std::string& arguments, double timeout_s = 20) {
  trainer::TaskSpec task;
  task.name = "external-test";
  task.external.framework = trainer::ExternalFramework::PyTorch;
  task.external.dir = dir;
  task.external.command = "'" + python() + "' " + arguments;
  task.external.timeout_s = timeout_s;
  task.training.epochs = 3;
  task.training.batch_size = 32;
  return task;
}

TEST(ExternalBackend, PassesTheBudgetSeedAndPathsAndReadsTheResult) {
  const fs::path dir = external_testing::fresh_folder("backend-ok");
  write_file(dir / "train.py", kCheckingScript);
  const trainer::TaskSpec task =
      task_running(dir,
                   "train.py --module {module} --result {result} --seed {seed} --epochs {epochs} --examples {examples} "
                   "--batch {batch_size} --test {test} --threads {threads}");
  ASSERT_TRUE(trainer::validate_task(task).has_value());
  const std::vector<trainer::TrainJob> jobs = {
      {.activation = parsed("x*sigmoid(beta*x)"), .seed = 123, .epochs = 2, .train_examples = 500},
      {.activation = parsed("x*sigmoid(beta*x)"), .seed = 456, .evaluate_test = true}};
  CommandBackend backend(2);
  std::mutex mutex;
  std::set<std::size_t> done;
  const auto results = backend.train(task, trainer::Dataset{}, jobs, [&](std::size_t i, const trainer::TrainResult&) {
    std::lock_guard lock(mutex);
    EXPECT_TRUE(done.insert(i).second);
  });
  EXPECT_EQ(done, (std::set<std::size_t>{0, 1}));
  ASSERT_EQ(results.size(), 2u);
  ASSERT_EQ(results[0].status, trainer::RunStatus::Ok) << results[0].message;
  EXPECT_DOUBLE_EQ(results[0].val_accuracy, 0.123);
  EXPECT_DOUBLE_EQ(results[0].val_loss, 2 + 500 / 1e6);
  EXPECT_EQ(results[0].epochs.size(), 2u);
  EXPECT_EQ(results[0].steps, 32);
  EXPECT_TRUE(std::isnan(results[0].test_accuracy));
  EXPECT_EQ(results[0].learned_params, (std::vector<std::vector<double>>{{1.5}, {2.5}}));
  EXPECT_GT(results[0].wall_seconds, 0);
  ASSERT_EQ(results[1].status, trainer::RunStatus::Ok) << results[1].message;
  EXPECT_DOUBLE_EQ(results[1].val_loss, 3);  // the task's epochs, all examples (0)
  EXPECT_DOUBLE_EQ(results[1].test_accuracy, 0.5);
  fs::remove_all(dir);
}

struct BadScript {
  const char* name;
  const char* source;
  trainer::RunStatus status;
  const char* message;  // a part of the message
};

TEST(ExternalBackend, BadScriptsAreFailedOrDivergedJobsThatSayWhy) {
  const BadScript scripts[] = {
      {"crash", "import sys\nprint('boom: out of memory', file=sys.stderr)\nsys.exit(3)\n", trainer::RunStatus::Failed,
       "exit code 3\nstderr:\nboom: out of memory"},
      {"hang", "import time\ntime.sleep(60)\n", trainer::RunStatus::Failed, "killed after the time limit of 1 s"},
      {"garbage", "import sys\nopen(sys.argv[2], 'w').write('loss went down, yay')\n", trainer::RunStatus::Failed,
       "not a JSON object: 'loss went down, yay'"},
      {"silent", "print('done')\n", trainer::RunStatus::Failed, "wrote no result at"},
      {"elsewhere", "import json\njson.dump({'val_accuracy': 0.5, 'val_loss': 1}, open('result.json', 'w'))\n",
       trainer::RunStatus::Failed, "wrote no result at"},
      {"nan", "import json, sys\njson.dump({'val_accuracy': 0.1, 'val_loss': float('nan')}, open(sys.argv[2], 'w'))\n",
       trainer::RunStatus::Diverged, "non-finite val_loss"},
      {"segfault", "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n", trainer::RunStatus::Failed,
       "killed by signal 11"},
  };
  const fs::path dir = external_testing::fresh_folder("backend-bad");
  std::vector<trainer::TrainJob> jobs;
  for (const auto& s : scripts) write_file(dir / (std::string(s.name) + ".py"), s.source);
  // One task per script, each job on its own: a campaign's batch shares one task.
  for (const auto& s : scripts) {
    const trainer::TaskSpec task = task_running(dir, std::string(s.name) + ".py {module} {result}", 1.0);
    CommandBackend backend(1);
    const trainer::TrainJob job{.activation = parsed("max(x, 0)"), .seed = 1};
    const auto result = backend.train(task, trainer::Dataset{}, std::span(&job, 1)).front();
    EXPECT_EQ(result.status, s.status) << s.name << ": " << result.message;
    EXPECT_NE(result.message.find(s.message), std::string::npos) << s.name << ": " << result.message;
    EXPECT_TRUE(std::isnan(result.val_accuracy)) << s.name;
  }
  EXPECT_FALSE(fs::exists(dir / "result.json.missing"));
  fs::remove_all(dir);
}

TEST(ExternalBackend, AnExceptionFromTheCallbackStopsTheBatchAndPropagates) {
  const fs::path dir = external_testing::fresh_folder("backend-throw");
  write_file(dir / "ok.py",
             "import json, sys\njson.dump({'val_accuracy': 0.5, 'val_loss': 1}, open(sys.argv[2], 'w'))\n");
  const trainer::TaskSpec task = task_running(dir, "ok.py {module} {result}");
  std::vector<trainer::TrainJob> jobs(6, trainer::TrainJob{.activation = parsed("x"), .seed = 1});
  CommandBackend backend(1);
  std::atomic<int> calls{0};
  EXPECT_THROW(backend.train(task, trainer::Dataset{}, jobs,
                             [&](std::size_t, const trainer::TrainResult&) {
                               ++calls;
                               throw std::runtime_error("storage failed");
                             }),
               std::runtime_error);
  EXPECT_EQ(calls.load(), 1);
  fs::remove_all(dir);
}

// The module the engine writes, imported by PyTorch: one Activation per use, its constants trainable
// parameters, its values those of the closed form.
TEST(ExternalBackend, TheCandidateModuleImportsUnderPyTorch) {
  ASSERT_TRUE(external_testing::python_imports("torch")) << python() << " cannot import torch (scripts/setup.sh)";
  const fs::path dir = external_testing::fresh_folder("module-torch");
  write_file(dir / "candidate.py", candidate_module(parsed("x*sigmoid(beta*x)"), trainer::ExternalFramework::PyTorch));
  write_file(dir / "check.py", R"py(import importlib.util, torch
spec = importlib.util.spec_from_file_location("candidate", "candidate.py")
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
assert m.PARAMETERS == {"beta": 1.0}, m.PARAMETERS
a, b = m.make_activation(), m.make_activation()
assert a is not b and [p.item() for p in a.parameters()] == [1.0]
x = torch.linspace(-4, 4, 41, dtype=torch.float64)
with torch.no_grad(): a.beta.fill_(1.5)
assert torch.allclose(a(x), x * torch.sigmoid(1.5 * x)), a(x)
assert torch.allclose(b(x), x * torch.sigmoid(x))
a(x).sum().backward()
assert a.beta.grad is not None and a.beta.grad.item() != 0
print("ok")
)py");
  const std::string command = "cd '" + dir.string() + "' && '" + python() + "' check.py";
  EXPECT_EQ(std::system(command.c_str()), 0);
  fs::remove_all(dir);
}

TEST(ExternalBackend, TheCandidateModuleImportsUnderJax) {
  if (!external_testing::python_imports("jax")) {
    const char* ci = std::getenv("CI");
    ASSERT_FALSE(ci && std::string(ci) == "true") << python() << " cannot import jax (scripts/setup.sh makes .venv)";
    GTEST_SKIP() << python() << " cannot import jax (ACTSEARCH_PYTHON picks the interpreter)";
  }
  const fs::path dir = external_testing::fresh_folder("module-jax");
  write_file(dir / "candidate.py", candidate_module(parsed("x*sigmoid(beta*x)"), trainer::ExternalFramework::Jax));
  write_file(dir / "check.py", R"py(import importlib.util, jax, jax.numpy as jnp
spec = importlib.util.spec_from_file_location("candidate", "candidate.py")
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
params = m.init_params()
assert params == {"beta": 1.0} and params is not m.PARAMETERS
x = jnp.linspace(-4, 4, 41)
assert jnp.allclose(m.activation(x, beta=1.5), x * jax.nn.sigmoid(1.5 * x), atol=1e-6)
g = jax.grad(lambda p: m.activation(x, **p).sum())(params)
assert g["beta"] != 0
print("ok")
)py");
  const std::string command = "cd '" + dir.string() + "' && '" + python() + "' check.py";
  EXPECT_EQ(std::system(command.c_str()), 0);
  fs::remove_all(dir);
}

TEST(ExternalBackend, TheFingerprintFollowsTheCommandAndTheScript) {
  const fs::path dir = external_testing::fresh_folder("fingerprint");
  write_file(dir / "train.py", "print(1)\n");
  trainer::ExternalSpec spec{
      .framework = trainer::ExternalFramework::PyTorch, .dir = dir, .command = "python3 train.py {module} {result}"};
  const auto first = command_fingerprint(spec);
  EXPECT_EQ(command_fingerprint(spec), first);
  write_file(dir / "train.py", "print(2)\n");
  const auto edited = command_fingerprint(spec);
  EXPECT_NE(edited.whole, first.whole);
  EXPECT_EQ(edited.splits[0], first.splits[0]);  // the command is the same
  EXPECT_NE(edited.splits[1].hash, first.splits[1].hash);
  spec.command += " --seed {seed}";
  EXPECT_NE(command_fingerprint(spec).splits[0].hash, edited.splits[0].hash);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace actsearch::external
