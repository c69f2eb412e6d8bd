#include "search/distributed/src/wire.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <type_traits>

#include "common/hash.hpp"
#include "trainer/task_fields.hpp"

namespace actsearch::search::wire {
namespace {

// Every field of these structs travels; a new field must be added to the writer and reader below (and
// kProtocolVersion bumped), or workers would train with its default. The sizes catch a field added
// without that. (The task's fields travel as the rows of trainer/task_fields.hpp say.)
static_assert(sizeof(trainer::TrainJob) == 48, "TrainJob changed: update search/distributed/src/wire.cpp");
static_assert(sizeof(trainer::TrainResult) == 152, "TrainResult changed: update search/distributed/src/wire.cpp");
static_assert(sizeof(trainer::EpochMetrics) == 40, "EpochMetrics changed: update search/distributed/src/wire.cpp");

// Nesting beyond this is refused when reading (a tree that deep is no activation function).
constexpr int kMaxExprDepth = 256;
// Counts beyond this are refused before anything is allocated.
constexpr std::uint64_t kMaxCount = 1u << 28;

class Writer {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v) { raw(v); }
  void u64(std::uint64_t v) { raw(v); }
  void i64(std::int64_t v) { raw(static_cast<std::uint64_t>(v)); }
  void i32(int v) { raw(static_cast<std::uint32_t>(v)); }
  void size(std::size_t v) { u64(v); }
  void f64(double v) { raw(std::bit_cast<std::uint64_t>(v)); }
  void boolean(bool v) { u8(v ? 1 : 0); }
  void str(std::string_view s) {
    u64(s.size());
    out_.append(s);
  }
  template <class E>
  void enumeration(E e) {
    u8(static_cast<std::uint8_t>(e));
  }
  std::string take() { return std::move(out_); }

 private:
  template <class T>
  void raw(T v) {
    static_assert(std::endian::native == std::endian::little, "the wire format is little-endian");
    char bytes[sizeof(T)];
    std::memcpy(bytes, &v, sizeof(T));
    out_.append(bytes, sizeof(T));
  }
  std::string out_;
};

// Reads what Writer wrote; the first problem sticks (later reads return zeros) and is reported once.
class Reader {
 public:
  Reader(std::string_view bytes, std::string_view what) : in_(bytes), what_(what) {}

  std::uint8_t u8() {
    std::uint8_t v = 0;
    raw(v);
    return v;
  }
  std::uint32_t u32() {
    std::uint32_t v = 0;
    raw(v);
    return v;
  }
  std::uint64_t u64() {
    std::uint64_t v = 0;
    raw(v);
    return v;
  }
  std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
  int i32() { return static_cast<int>(u32()); }
  std::size_t size() { return static_cast<std::size_t>(u64()); }
  double f64() { return std::bit_cast<double>(u64()); }
  bool boolean() {
    const std::uint8_t v = u8();
    if (v > 1) problem("a flag is neither 0 nor 1");
    return v == 1;
  }
  std::string str() {
    const std::uint64_t n = u64();
    if (!ok()) return {};
    if (n > in_.size() - at_) {
      problem("a string runs past the end");
      return {};
    }
    std::string s(in_.substr(at_, n));
    at_ += n;
    return s;
  }
  // A count of items that each take at least `min_bytes`: refused when the message cannot hold them.
  std::size_t count(std::size_t min_bytes) {
    const std::uint64_t n = u64();
    if (ok() && (n > kMaxCount || n * min_bytes > in_.size() - at_)) {
      problem("a count is larger than the message");
      return 0;
    }
    return static_cast<std::size_t>(n);
  }
  // An enumeration whose values are 0..last.
  template <class E>
  E enumeration(E last) {
    const std::uint8_t v = u8();
    if (v > static_cast<std::uint8_t>(last)) problem("an enumeration value is out of range");
    return static_cast<E>(v);
  }

  void problem(const std::string& what) {
    if (error_.empty()) error_ = what + " (at byte " + std::to_string(at_) + ")";
  }
  bool ok() const { return error_.empty(); }

  // The outcome: the value when every byte was used and nothing was wrong.
  template <class T>
  Expected<T> finish(T value) {
    if (ok() && at_ != in_.size()) problem(std::to_string(in_.size() - at_) + " trailing bytes");
    if (!ok()) return fail("malformed " + std::string(what_) + " message: " + error_);
    return value;
  }

 private:
  template <class T>
  void raw(T& v) {
    if (!ok()) return;
    if (sizeof(T) > in_.size() - at_) {
      problem("the message is truncated");
      return;
    }
    std::memcpy(&v, in_.data() + at_, sizeof(T));
    at_ += sizeof(T);
  }

  std::string_view in_;
  std::string_view what_;
  std::size_t at_ = 0;
  std::string error_;
};

// ---- expressions -----------------------------------------------------------------------------------

void write_expr(Writer& w, const expr::Expr& e) {
  w.enumeration(e.kind());
  switch (e.kind()) {
    case expr::NodeKind::Var: w.i32(e.node().var); break;
    case expr::NodeKind::Const: w.f64(e.value()); break;
    case expr::NodeKind::Param:
      w.str(e.name());
      w.f64(e.value());
      break;
    case expr::NodeKind::Call:
      w.str(e.primitive().name);
      w.u64(e.args().size());
      for (const expr::Expr& a : e.args()) write_expr(w, a);
      break;
  }
}

expr::Expr read_expr(Reader& r, int depth) {
  if (depth > kMaxExprDepth) {
    r.problem("an expression is nested too deeply");
    return {};
  }
  const auto kind = r.enumeration(expr::NodeKind::Call);
  if (!r.ok()) return {};
  switch (kind) {
    case expr::NodeKind::Var: {
      const int var = r.i32();
      if (var != 0) r.problem("a variable other than x");
      return expr::Expr::x();
    }
    case expr::NodeKind::Const: return expr::Expr::constant(r.f64());
    case expr::NodeKind::Param: {
      std::string name = r.str();
      const double initial = r.f64();
      return expr::Expr::param(std::move(name), initial);
    }
    case expr::NodeKind::Call: {
      const std::string name = r.str();
      const std::size_t n = r.count(1);
      std::vector<expr::Expr> args;
      for (std::size_t i = 0; i < n && r.ok(); ++i) args.push_back(read_expr(r, depth + 1));
      if (!r.ok()) return {};
      const auto prim = expr::find_primitive(name);
      if (!prim || expr::primitive(*prim).name != name) {
        r.problem("unknown primitive '" + name + "'");
        return {};
      }
      if (static_cast<int>(args.size()) != expr::primitive(*prim).arity) {
        r.problem("primitive '" + name + "' with " + std::to_string(args.size()) + " argument(s)");
        return {};
      }
      return expr::Expr::call(*prim, std::move(args));
    }
  }
  return {};
}

// ---- the task ----------------------------------------------------------------------------------------

// Every row of trainer/task_fields.hpp, in the rows' order; a change of the rows changes the set-up
// message, which tests/search/wire_test.cpp pins to kProtocolVersion.
template <class T>
void write_task_value(Writer& w, const T& v) {
  if constexpr (std::is_enum_v<T>) {
    w.enumeration(v);
  } else if constexpr (std::is_same_v<T, bool>) {
    w.boolean(v);
  } else if constexpr (std::is_same_v<T, int>) {
    w.i32(v);
  } else if constexpr (std::is_same_v<T, std::uint64_t> || std::is_same_v<T, std::size_t>) {
    w.u64(v);
  } else if constexpr (std::is_same_v<T, double>) {
    w.f64(v);
  } else if constexpr (std::is_same_v<T, std::string>) {
    w.str(v);
  } else if constexpr (std::is_same_v<T, std::filesystem::path>) {
    w.str(v.string());
  } else if constexpr (std::is_same_v<T, std::vector<int>>) {
    w.u64(v.size());
    for (int x : v) w.i32(x);
  } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    w.u64(v.size());
    for (const std::string& x : v) w.str(x);
  } else {
    static_assert(sizeof(T) == 0, "a task field of a type the protocol cannot send");
  }
}

template <class Field, class T>
void read_task_value(Reader& r, const Field& field, T& v) {
  if constexpr (std::is_enum_v<T>) {
    T last = field.names.front().value;
    for (const auto& named : field.names) last = std::max(last, named.value);
    v = r.enumeration(last);
  } else if constexpr (std::is_same_v<T, bool>) {
    v = r.boolean();
  } else if constexpr (std::is_same_v<T, int>) {
    v = r.i32();
  } else if constexpr (std::is_same_v<T, std::uint64_t> || std::is_same_v<T, std::size_t>) {
    v = static_cast<T>(r.u64());
  } else if constexpr (std::is_same_v<T, double>) {
    v = r.f64();
  } else if constexpr (std::is_same_v<T, std::string>) {
    v = r.str();
  } else if constexpr (std::is_same_v<T, std::filesystem::path>) {
    v = r.str();
  } else if constexpr (std::is_same_v<T, std::vector<int>>) {
    v.resize(r.count(4));
    for (int& x : v) x = r.i32();
  } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    v.resize(r.count(8));
    for (std::string& x : v) x = r.str();
  } else {
    static_assert(sizeof(T) == 0, "a task field of a type the protocol cannot receive");
  }
}

void write_task(Writer& w, const trainer::TaskSpec& t) {
  trainer::visit_task_fields(t, [&w](const auto&, const auto& value) { write_task_value(w, value); });
}

trainer::TaskSpec read_task(Reader& r) {
  trainer::TaskSpec t;
  trainer::visit_task_fields(t, [&r](const auto& field, auto& value) { read_task_value(r, field, value); });
  return t;
}

}  // namespace

std::string encode(const Setup& m) {
  Writer w;
  w.u32(m.protocol);
  write_task(w, m.task);
  w.str(m.dataset_hash);
  w.str(m.coordinator_host);
  w.enumeration(m.device);
  w.i32(m.workers);
  return w.take();
}

Expected<Setup> decode_setup(std::string_view bytes) {
  Reader r(bytes, "set-up");
  Setup m;
  m.protocol = r.u32();
  if (r.ok() && m.protocol != kProtocolVersion) {
    return fail("rank 0 speaks protocol version " + std::to_string(m.protocol) + ", this worker version " +
                std::to_string(kProtocolVersion) + ": every rank must run the same actsearch build");
  }
  m.task = read_task(r);
  m.dataset_hash = r.str();
  m.coordinator_host = r.str();
  m.device = r.enumeration(Device::Cuda);
  m.workers = r.i32();
  return r.finish(std::move(m));
}

std::string encode(const Ready& m) {
  Writer w;
  w.str(m.host);
  w.str(m.device);
  w.i32(m.slots);
  return w.take();
}

Expected<Ready> decode_ready(std::string_view bytes) {
  Reader r(bytes, "ready");
  Ready m;
  m.host = r.str();
  m.device = r.str();
  m.slots = r.i32();
  if (r.ok() && m.slots < 1) r.problem("a worker with no training slots");
  return r.finish(std::move(m));
}

std::string encode(const Failure& m) {
  Writer w;
  w.str(m.message);
  return w.take();
}

Expected<Failure> decode_failure(std::string_view bytes) {
  Reader r(bytes, "failure");
  Failure m;
  m.message = r.str();
  return r.finish(std::move(m));
}

std::string encode(const JobMessage& m) {
  Writer w;
  w.u64(m.id);
  write_expr(w, m.job.activation);
  w.u64(m.job.seed);
  w.i32(m.job.epochs);
  w.size(m.job.train_examples);
  w.boolean(m.job.evaluate_test);
  return w.take();
}

Expected<JobMessage> decode_job(std::string_view bytes) {
  Reader r(bytes, "job");
  JobMessage m;
  m.id = r.u64();
  m.job.activation = read_expr(r, 1);
  m.job.seed = r.u64();
  m.job.epochs = r.i32();
  m.job.train_examples = r.size();
  m.job.evaluate_test = r.boolean();
  return r.finish(std::move(m));
}

std::string encode(const ResultMessage& m) {
  const trainer::TrainResult& t = m.result;
  Writer w;
  w.u64(m.id);
  w.enumeration(t.status);
  w.str(t.message);
  w.u64(t.epochs.size());
  for (const trainer::EpochMetrics& e : t.epochs) {
    w.i32(e.epoch);
    w.f64(e.train_loss);
    w.f64(e.val_loss);
    w.f64(e.val_accuracy);
    w.f64(e.seconds);
  }
  w.f64(t.val_accuracy);
  w.f64(t.val_loss);
  w.f64(t.train_loss);
  w.f64(t.test_accuracy);
  w.f64(t.test_loss);
  w.f64(t.wall_seconds);
  w.f64(t.examples_per_second);
  w.i64(t.steps);
  w.u64(t.learned_params.size());
  for (const auto& layer : t.learned_params) {
    w.u64(layer.size());
    for (double v : layer) w.f64(v);
  }
  return w.take();
}

Expected<ResultMessage> decode_result(std::string_view bytes) {
  Reader r(bytes, "result");
  ResultMessage m;
  trainer::TrainResult& t = m.result;
  m.id = r.u64();
  t.status = r.enumeration(trainer::RunStatus::Failed);
  t.message = r.str();
  t.epochs.resize(r.count(36));
  for (trainer::EpochMetrics& e : t.epochs) {
    e.epoch = r.i32();
    e.train_loss = r.f64();
    e.val_loss = r.f64();
    e.val_accuracy = r.f64();
    e.seconds = r.f64();
  }
  t.val_accuracy = r.f64();
  t.val_loss = r.f64();
  t.train_loss = r.f64();
  t.test_accuracy = r.f64();
  t.test_loss = r.f64();
  t.wall_seconds = r.f64();
  t.examples_per_second = r.f64();
  t.steps = r.i64();
  t.learned_params.resize(r.count(8));
  for (auto& layer : t.learned_params) {
    layer.resize(r.count(8));
    for (double& v : layer) v = r.f64();
  }
  return r.finish(std::move(m));
}

std::string encode(const Shutdown& m) {
  Writer w;
  w.boolean(m.coordinator_failed);
  return w.take();
}

Expected<Shutdown> decode_shutdown(std::string_view bytes) {
  Reader r(bytes, "shutdown");
  Shutdown m;
  m.coordinator_failed = r.boolean();
  return r.finish(m);
}

std::string encode(const expr::Expr& e) {
  Writer w;
  write_expr(w, e);
  return w.take();
}

Expected<expr::Expr> decode_expr(std::string_view bytes) {
  Reader r(bytes, "expression");
  expr::Expr e = read_expr(r, 1);
  return r.finish(std::move(e));
}

std::string dataset_hash(const trainer::Dataset& data) { return trainer::fingerprint(data).whole; }

}  // namespace actsearch::search::wire
