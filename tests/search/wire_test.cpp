// The messages of a distributed campaign: every field survives the trip bit for bit (so a worker trains
// exactly the local run's job and rank 0 records exactly its result), and damaged messages are errors.
#include "search/distributed/src/wire.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>

#include "common/hash.hpp"
#include "expr/parse.hpp"
#include "tests/trainer/task_field_samples.hpp"
#include "trainer/task.hpp"
#include "trainer/task_fields.hpp"

namespace actsearch::search::wire {
namespace {

trainer::TaskSpec unusual_task() {
  trainer::TaskSpec t;
  t.name = "unusual";
  t.dataset.kind = trainer::DatasetKind::GaussianBlobs;
  t.dataset.dir = "/somewhere/else";
  t.dataset.validation_examples = 123;
  t.dataset.seed = 0xfedcba9876543210ULL;
  t.dataset.standardize = trainer::Standardization::PerFeature;
  t.dataset.examples = 4567;
  t.dataset.test_examples = 89;
  t.dataset.classes = 7;
  t.dataset.features = 5;
  t.dataset.noise = 0.1 + 1e-17;
  t.dataset.turns = 2.25;
  t.dataset.separation = 3.5;
  t.model.kind = trainer::ModelKind::Network;
  t.model.hidden = {7, 11, 13};
  t.model.residual = true;
  t.model.norm = trainer::Norm::Layer;
  t.model.layers = {"conv 8 3x3 s2", "bn", "act", "gap"};
  t.model.init = trainer::Init::Xavier;
  t.model.init_distribution = trainer::InitDistribution::Uniform;
  t.model.bias_init = 0.125;
  t.optimizer.kind = trainer::OptimizerKind::AdamW;
  t.optimizer.lr = 0.0031;
  t.optimizer.momentum = 0.5;
  t.optimizer.nesterov = true;
  t.optimizer.weight_decay = 1e-4;
  t.optimizer.beta1 = 0.8;
  t.optimizer.beta2 = 0.99;
  t.optimizer.eps = 1e-7;
  t.optimizer.schedule = trainer::Schedule::Cosine;
  t.optimizer.warmup_epochs = 0.5;
  t.optimizer.min_lr = 1e-5;
  t.training.epochs = 9;
  t.training.batch_size = 33;
  t.training.train_examples = 777;
  t.training.divergence_factor = 4.5;
  t.external.framework = trainer::ExternalFramework::Jax;
  t.external.dir = "/scripts";
  t.external.command = "python3 'my train.py' {module} {result}";
  t.external.timeout_s = 12.5;
  t.external.workers = 4;
  t.external.sign_symmetric = true;
  return t;
}

TEST(Wire, SetupCarriesEveryFieldOfTheTask) {
  wire::Setup setup;
  setup.task = unusual_task();
  setup.dataset_hash = "0123456789abcdef";
  setup.coordinator_host = "head-node";
  setup.device = Device::Cpu;
  setup.workers = 3;
  const std::string bytes = encode(setup);
  auto back = decode_setup(bytes);
  ASSERT_TRUE(back.has_value()) << back.error().describe();
  const trainer::TaskSpec& t = back->task;
  const trainer::TaskSpec u = unusual_task();
  EXPECT_EQ(t.name, u.name);
  EXPECT_EQ(t.dataset.kind, u.dataset.kind);
  EXPECT_EQ(t.dataset.dir, u.dataset.dir);
  EXPECT_EQ(t.dataset.validation_examples, u.dataset.validation_examples);
  EXPECT_EQ(t.dataset.seed, u.dataset.seed);
  EXPECT_EQ(t.dataset.standardize, u.dataset.standardize);
  EXPECT_EQ(t.dataset.examples, u.dataset.examples);
  EXPECT_EQ(t.dataset.test_examples, u.dataset.test_examples);
  EXPECT_EQ(t.dataset.classes, u.dataset.classes);
  EXPECT_EQ(t.dataset.features, u.dataset.features);
  EXPECT_EQ(std::bit_cast<std::uint64_t>(t.dataset.noise), std::bit_cast<std::uint64_t>(u.dataset.noise));
  EXPECT_EQ(t.dataset.turns, u.dataset.turns);
  EXPECT_EQ(t.dataset.separation, u.dataset.separation);
  EXPECT_EQ(t.model.hidden, u.model.hidden);
  EXPECT_EQ(t.model.residual, u.model.residual);
  EXPECT_EQ(t.model.norm, u.model.norm);
  EXPECT_EQ(t.model.init, u.model.init);
  EXPECT_EQ(t.model.init_distribution, u.model.init_distribution);
  EXPECT_EQ(t.model.bias_init, u.model.bias_init);
  EXPECT_EQ(t.optimizer.kind, u.optimizer.kind);
  EXPECT_EQ(t.optimizer.lr, u.optimizer.lr);
  EXPECT_EQ(t.optimizer.momentum, u.optimizer.momentum);
  EXPECT_EQ(t.optimizer.nesterov, u.optimizer.nesterov);
  EXPECT_EQ(t.optimizer.weight_decay, u.optimizer.weight_decay);
  EXPECT_EQ(t.optimizer.beta1, u.optimizer.beta1);
  EXPECT_EQ(t.optimizer.beta2, u.optimizer.beta2);
  EXPECT_EQ(t.optimizer.eps, u.optimizer.eps);
  EXPECT_EQ(t.optimizer.schedule, u.optimizer.schedule);
  EXPECT_EQ(t.optimizer.warmup_epochs, u.optimizer.warmup_epochs);
  EXPECT_EQ(t.optimizer.min_lr, u.optimizer.min_lr);
  EXPECT_EQ(t.training.epochs, u.training.epochs);
  EXPECT_EQ(t.training.batch_size, u.training.batch_size);
  EXPECT_EQ(t.training.train_examples, u.training.train_examples);
  EXPECT_EQ(t.training.divergence_factor, u.training.divergence_factor);
  EXPECT_EQ(t.external.framework, u.external.framework);
  EXPECT_EQ(t.external.dir, u.external.dir);
  EXPECT_EQ(t.external.command, u.external.command);
  EXPECT_EQ(t.external.timeout_s, u.external.timeout_s);
  EXPECT_EQ(t.external.workers, u.external.workers);
  EXPECT_EQ(t.external.sign_symmetric, u.external.sign_symmetric);
  EXPECT_EQ(back->dataset_hash, setup.dataset_hash);
  EXPECT_EQ(back->coordinator_host, "head-node");
  EXPECT_EQ(back->device, Device::Cpu);
  EXPECT_EQ(back->workers, 3);
  EXPECT_EQ(encode(*back), bytes);
}

// Every row of trainer/task_fields.hpp travels: a task with every field changed comes back equal in
// every field, bit for bit, and so does every value of every enumeration.
TEST(Wire, SetupCarriesEveryRowOfTheTask) {
  using trainer::testing::Changed;
  const trainer::TaskSpec defaults;
  std::vector<trainer::TaskSpec> tasks = {trainer::testing::with_fields_changed(defaults, Changed::Every)};
  EXPECT_EQ(trainer::testing::differing_fields(defaults, tasks.front()),
            trainer::testing::fields_changed(defaults, Changed::Every));
  trainer::visit_task_fields(defaults, [&tasks](const auto& field, const auto&) {
    for (const auto& named : field.names) {
      trainer::TaskSpec task;
      field.of(task) = named.value;
      tasks.push_back(task);
    }
  });
  for (const trainer::TaskSpec& task : tasks) {
    wire::Setup setup;
    setup.task = task;
    auto back = decode_setup(encode(setup));
    ASSERT_TRUE(back.has_value()) << back.error().describe();
    EXPECT_EQ(trainer::testing::differing_fields(task, back->task), std::vector<std::string>{});
  }
}

// The set-up message's bytes are those of this protocol version: a change of the task's fields or of
// their order changes them, and then kProtocolVersion must be bumped (and this record with it) so that a
// worker built from other sources refuses the set-up instead of misreading the task.
TEST(Wire, SetupBytesAreThoseOfThisProtocolVersion) {
  wire::Setup setup;
  setup.task = unusual_task();
  setup.dataset_hash = "0123456789abcdef";
  setup.coordinator_host = "head-node";
  setup.device = Device::Cpu;
  setup.workers = 3;
  const std::string bytes = encode(setup);
  ASSERT_EQ(kProtocolVersion, 3u) << "record the set-up bytes of the new version below";
  EXPECT_EQ(bytes.size(), 416u);
  EXPECT_EQ(hash::fnv1a_hex(bytes), "b864e1ff224658bc") << "the set-up message changed: bump kProtocolVersion";
}

TEST(Wire, JobsCarryTheExpressionTreeUnchanged) {
  for (const char* text : {"x*sigmoid(beta*x)", "max(x, sin(x)) - 0.1*x", "atan(x)^2 - x", "gelu(x)",
                           "x*tanh(softplus(alpha*x + 0.30000000000000004))"}) {
    auto parsed = expr::parse(text);
    ASSERT_TRUE(parsed.has_value()) << text;
    JobMessage job{.id = 42, .job = {}};
    job.job.activation = *parsed;
    job.job.seed = (1ULL << 53) - 7;
    job.job.epochs = 3;
    job.job.train_examples = 800;
    job.job.evaluate_test = true;
    auto back = decode_job(encode(job));
    ASSERT_TRUE(back.has_value()) << back.error().describe();
    EXPECT_EQ(back->id, 42u);
    EXPECT_TRUE(back->job.activation == *parsed) << text;
    EXPECT_EQ(back->job.activation.hash(), parsed->hash()) << text;
    EXPECT_EQ(back->job.seed, job.job.seed);
    EXPECT_EQ(back->job.epochs, 3);
    EXPECT_EQ(back->job.train_examples, 800u);
    EXPECT_TRUE(back->job.evaluate_test);
  }
}

TEST(Wire, ResultsKeepEveryNumberBitForBit) {
  ResultMessage m;
  m.id = 7;
  trainer::TrainResult& r = m.result;
  r.status = trainer::RunStatus::Diverged;
  r.message = "loss not finite at step 12";
  r.epochs = {{1, 0.7, 0.6, 0.51, 0.25}, {2, std::numeric_limits<double>::infinity(), std::nan(""), 0.0, 0.5}};
  r.val_accuracy = std::nan("");
  r.val_loss = -0.0;
  r.train_loss = 1.0 / 3.0;
  r.test_accuracy = std::numeric_limits<double>::denorm_min();
  r.test_loss = -std::numeric_limits<double>::infinity();
  r.wall_seconds = 0.125;
  r.examples_per_second = 1e6 / 7;
  r.steps = 123456789012LL;
  r.learned_params = {{1.0, 0.25}, {}, {-3.5}};
  const std::string bytes = encode(m);
  auto back = decode_result(bytes);
  ASSERT_TRUE(back.has_value()) << back.error().describe();
  EXPECT_EQ(back->id, 7u);
  EXPECT_EQ(back->result.status, r.status);
  EXPECT_EQ(back->result.message, r.message);
  ASSERT_EQ(back->result.epochs.size(), 2u);
  EXPECT_TRUE(std::isnan(back->result.epochs[1].val_loss));
  EXPECT_TRUE(std::signbit(back->result.val_loss));
  EXPECT_EQ(back->result.test_accuracy, r.test_accuracy);
  EXPECT_EQ(back->result.steps, r.steps);
  EXPECT_EQ(back->result.learned_params, r.learned_params);
  EXPECT_EQ(encode(*back), bytes);
}

TEST(Wire, DamagedMessagesAreErrorsNotGuesses) {
  JobMessage job;
  job.job.activation = *expr::parse("x*sigmoid(beta*x)");
  const std::string bytes = encode(job);
  for (std::size_t cut : {std::size_t{0}, std::size_t{3}, bytes.size() / 2, bytes.size() - 1}) {
    auto back = decode_job(bytes.substr(0, cut));
    ASSERT_FALSE(back.has_value()) << cut;
    EXPECT_NE(back.error().message.find("malformed job message"), std::string::npos) << back.error().message;
  }
  auto trailing = decode_job(bytes + "x");
  ASSERT_FALSE(trailing.has_value());
  EXPECT_NE(trailing.error().message.find("trailing"), std::string::npos) << trailing.error().message;

  // A primitive this build does not know (another build's table) is named.
  std::string unknown = encode(*expr::parse("tanh(x)"));
  const auto at = unknown.find("tanh");
  ASSERT_NE(at, std::string::npos);
  unknown.replace(at, 4, "tanq");
  auto e = decode_expr(unknown);
  ASSERT_FALSE(e.has_value());
  EXPECT_NE(e.error().message.find("unknown primitive 'tanq'"), std::string::npos) << e.error().message;

  // An enumeration out of range, a count larger than the message.
  std::string bad_status = encode(ResultMessage{});
  bad_status[8] = 9;
  EXPECT_FALSE(decode_result(bad_status).has_value());
  std::string huge = encode(ResultMessage{});
  huge[9 + 8 + 7] = '\x7f';  // the high byte of the epoch count
  EXPECT_FALSE(decode_result(huge).has_value());

  // Another protocol version is refused with a message saying why.
  wire::Setup setup;
  setup.protocol = kProtocolVersion + 1;
  auto other = decode_setup(encode(setup));
  ASSERT_FALSE(other.has_value());
  EXPECT_NE(other.error().message.find("same actsearch build"), std::string::npos) << other.error().message;
}

TEST(Wire, ReadyFailureAndShutdownRoundTrip) {
  auto ready = decode_ready(encode(Ready{.host = "node-7", .device = "cpu(4 threads)", .slots = 3}));
  ASSERT_TRUE(ready.has_value()) << ready.error().describe();
  EXPECT_EQ(ready->host, "node-7");
  EXPECT_EQ(ready->device, "cpu(4 threads)");
  EXPECT_EQ(ready->slots, 3);
  auto failure = decode_failure(encode(Failure{.message = std::string("no GPU\0here", 11)}));
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->message, std::string("no GPU\0here", 11));
  for (bool failed : {false, true}) {
    auto shutdown = decode_shutdown(encode(Shutdown{.coordinator_failed = failed}));
    ASSERT_TRUE(shutdown.has_value());
    EXPECT_EQ(shutdown->coordinator_failed, failed);
  }
}

// Every message cut at every byte is refused, naming its kind: a worker never acts on half a message.
TEST(Wire, EveryTruncationOfEveryMessageIsRefused) {
  wire::Setup setup;
  setup.task = unusual_task();
  setup.dataset_hash = "0123456789abcdef";
  JobMessage job;
  job.job.activation = *expr::parse("max(x, sin(beta*x)) - 0.5");
  ResultMessage result;
  result.result.epochs.resize(2);
  result.result.learned_params = {{1.0, 2.0}, {3.0}};
  const auto check = [](const std::string& bytes, auto decode, const std::string& kind) {
    ASSERT_TRUE(decode(bytes).has_value()) << kind;
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
      auto back = decode(bytes.substr(0, cut));
      ASSERT_FALSE(back.has_value()) << kind << " cut at " << cut;
      EXPECT_NE(back.error().message.find("malformed " + kind + " message"), std::string::npos) << back.error().message;
    }
  };
  check(encode(setup), decode_setup, "set-up");
  check(encode(Ready{.host = "h", .device = "d", .slots = 1}), decode_ready, "ready");
  check(encode(Failure{.message = "m"}), decode_failure, "failure");
  check(encode(job), decode_job, "job");
  check(encode(result), decode_result, "result");
  check(encode(Shutdown{}), decode_shutdown, "shutdown");
  check(encode(job.job.activation), decode_expr, "expression");
}

TEST(Wire, ValuesNoMessageCanHoldAreRefused) {
  const auto message_of = [](const auto& decoded) { return decoded ? std::string() : decoded.error().message; };
  EXPECT_NE(message_of(decode_shutdown(std::string(1, '\2'))).find("neither 0 nor 1"), std::string::npos);
  EXPECT_NE(message_of(decode_ready(encode(Ready{.host = "h", .device = "d", .slots = 0}))).find("no training slots"),
            std::string::npos);

  // Expressions: a variable other than x, a primitive with the wrong number of arguments, a tree
  // nested deeper than any activation function.
  std::string other_variable = encode(expr::Expr::x());
  other_variable[1] = 1;
  EXPECT_NE(message_of(decode_expr(other_variable)).find("a variable other than x"), std::string::npos);
  std::string arity = encode(*expr::parse("tanh(x)"));
  const std::size_t count_at = 1 + 8 + 4;  // kind, the name's length and the name
  ASSERT_EQ(arity[count_at], 1);
  arity[count_at] = 2;
  arity += encode(expr::Expr::x());
  EXPECT_NE(message_of(decode_expr(arity)).find("primitive 'tanh' with 2 argument(s)"), std::string::npos);
  expr::Expr deep = expr::Expr::x();
  for (int i = 0; i < 300; ++i) deep = expr::Expr::call("tanh", {deep});
  EXPECT_NE(message_of(decode_expr(encode(deep))).find("nested too deeply"), std::string::npos);
  expr::Expr shallow = expr::Expr::x();
  for (int i = 0; i < 200; ++i) shallow = expr::Expr::call("tanh", {shallow});
  EXPECT_TRUE(decode_expr(encode(shallow)).has_value());
}

TEST(Wire, TheDatasetHashSeesOneChangedLabelOrPixel) {
  trainer::DatasetSpec spec;
  spec.kind = trainer::DatasetKind::TwoSpirals;
  spec.examples = 300;
  spec.validation_examples = 100;
  spec.test_examples = 50;
  auto data = trainer::load_dataset(spec);
  ASSERT_TRUE(data.has_value());
  const std::string h = dataset_hash(*data);
  EXPECT_EQ(h.size(), 16u);
  EXPECT_EQ(dataset_hash(*trainer::load_dataset(spec)), h);  // deterministic
  trainer::Dataset label = *data;
  label.test.labels.back() ^= 1;
  EXPECT_NE(dataset_hash(label), h);
  trainer::Dataset pixel = *data;
  pixel.train.features[17] = std::nextafter(pixel.train.features[17], 10.0f);
  EXPECT_NE(dataset_hash(pixel), h);
  spec.seed = 1;  // another split and other points
  EXPECT_NE(dataset_hash(*trainer::load_dataset(spec)), h);
}

}  // namespace
}  // namespace actsearch::search::wire
