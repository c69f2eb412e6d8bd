// Task files: YAML -> TaskSpec with precise error locations. Values are checked once, by
// validate_task (task_validate.cpp); the parser maps the failing field back to its line and column.
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "trainer/task.hpp"

namespace actsearch::trainer {
namespace {

template <class E>
struct Named {
  std::string_view name;
  E value;
};

constexpr Named<DatasetKind> kDatasetKinds[] = {{"fashion_mnist", DatasetKind::FashionMnist},
                                                {"mnist", DatasetKind::Mnist},
                                                {"two_spirals", DatasetKind::TwoSpirals},
                                                {"gaussian_blobs", DatasetKind::GaussianBlobs}};
constexpr Named<Standardization> kStandardizations[] = {
    {"none", Standardization::None}, {"global", Standardization::Global}, {"per_feature", Standardization::PerFeature}};
constexpr Named<Norm> kNorms[] = {{"none", Norm::None}, {"layer", Norm::Layer}};
constexpr Named<Init> kInits[] = {{"he", Init::He}, {"lecun", Init::LeCun}, {"xavier", Init::Xavier}};
constexpr Named<InitDistribution> kDistributions[] = {{"normal", InitDistribution::Normal},
                                                      {"uniform", InitDistribution::Uniform}};
constexpr Named<OptimizerKind> kOptimizers[] = {
    {"sgd", OptimizerKind::Sgd}, {"adam", OptimizerKind::Adam}, {"adamw", OptimizerKind::AdamW}};
constexpr Named<Schedule> kSchedules[] = {{"constant", Schedule::Constant}, {"cosine", Schedule::Cosine}};

template <class E, std::size_t N>
std::string_view name_of(const Named<E> (&table)[N], E value) {
  for (const auto& row : table) {
    if (row.value == value) return row.name;
  }
  return "?";
}

template <class E, std::size_t N>
std::string choices(const Named<E> (&table)[N]) {
  std::string out;
  for (const auto& row : table) out += (out.empty() ? "" : ", ") + std::string(row.name);
  return out;
}

std::string join(std::initializer_list<std::string_view> names) {
  std::string out;
  for (auto n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

// Reads fields of one document, keeping the first error and the position of every field it read.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  bool ok() const { return !error_; }
  const Error& error() const { return *error_; }
  const std::string& file() const { return file_; }

  Location where(const YAML::Node& node, std::string field) const {
    const YAML::Mark mark = node.Mark();
    Location at{.file = file_, .field = std::move(field)};
    if (!mark.is_null()) {
      at.line = mark.line + 1;
      at.column = mark.column + 1;
    }
    return at;
  }
  void report(std::string message, Location at) {
    if (!error_) error_ = Error{std::move(message), std::move(at)};
  }
  // The position of a field that was read, else of the closest enclosing section that was.
  Location position_of(const std::string& field) const {
    for (std::string path = field;;) {
      if (auto it = marks_.find(path); it != marks_.end()) return {file_, it->second.first, it->second.second, field};
      const auto dot = path.rfind('.');
      if (dot == std::string::npos) break;
      path.resize(dot);
    }
    const auto root = marks_.find("");
    if (root != marks_.end()) return {file_, root->second.first, root->second.second, field};
    return {.file = file_, .field = field};
  }

  // A mapping (or absent/null = all defaults); reports keys that are not in `allowed`.
  bool section(const YAML::Node& node, const std::string& path, std::initializer_list<std::string_view> allowed) {
    if (!ok()) return false;
    if (!node || node.IsNull()) return false;
    remember(node, path);
    if (!node.IsMap()) {
      report("expected a mapping", where(node, path));
      return false;
    }
    for (const auto& entry : node) {
      const auto key = entry.first.as<std::string>("");
      bool known = false;
      for (auto a : allowed) known = known || a == key;
      if (!known) {
        report("unknown key '" + key + "'" + (path.empty() ? "" : " in '" + path + "'") + " (expected one of: " +
                   join(allowed) + ")",
               where(entry.first, qualified(path, key)));
        return false;
      }
    }
    return true;
  }

  // Reports `key` of `map` if present: it does not apply in this context.
  void reject(const YAML::Node& map, const std::string& path, std::string_view key, const std::string& why) {
    if (ok() && map[std::string(key)]) {
      report("key '" + std::string(key) + "' does not apply " + why, where(map[std::string(key)], qualified(path, key)));
    }
  }

  template <class T>
  void read(const YAML::Node& map, const std::string& path, std::string_view key, T& out) {
    if (!ok() || !map.IsMap()) return;
    const YAML::Node node = map[std::string(key)];
    if (!node) return;
    const std::string field = qualified(path, key);
    remember(node, field);
    if (auto message = convert(node, out)) report(*message, where(node, field));
  }

  template <class E, std::size_t N>
  void read_enum(const YAML::Node& map, const std::string& path, std::string_view key, const Named<E> (&table)[N],
                 E& out) {
    std::string text;
    read(map, path, key, text);
    if (!ok() || !map[std::string(key)]) return;
    for (const auto& row : table) {
      if (row.name == text) {
        out = row.value;
        return;
      }
    }
    report("unknown value '" + text + "' (expected one of: " + choices(table) + ")",
           where(map[std::string(key)], qualified(path, key)));
  }

  void remember(const YAML::Node& node, const std::string& field) {
    const YAML::Mark mark = node.Mark();
    if (!mark.is_null()) marks_[field] = {mark.line + 1, mark.column + 1};
  }

 private:
  static std::string qualified(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }

  static std::optional<std::string> scalar(const YAML::Node& node, std::string_view expected, std::string& text) {
    if (!node.IsScalar()) return "expected " + std::string(expected) + ", found " + kind_name(node);
    text = node.Scalar();
    return std::nullopt;
  }
  static std::string kind_name(const YAML::Node& node) {
    if (node.IsMap()) return "a mapping";
    if (node.IsSequence()) return "a sequence";
    if (node.IsNull()) return "nothing (null)";
    return "'" + node.Scalar() + "'";
  }
  template <class I>
  static std::optional<std::string> parse_integer(const YAML::Node& node, I& out) {
    std::string text;
    if (auto bad = scalar(node, "an integer", text)) return bad;
    long long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return "expected an integer, found '" + text + "'";
    if constexpr (std::is_unsigned_v<I>) {
      if (value < 0) return "must not be negative, found " + text;
    }
    if (value < static_cast<long long>(std::numeric_limits<I>::min()) ||
        static_cast<unsigned long long>(value) > static_cast<unsigned long long>(std::numeric_limits<I>::max())) {
      return "integer out of range: " + text;
    }
    out = static_cast<I>(value);
    return std::nullopt;
  }

  static std::optional<std::string> convert(const YAML::Node& node, int& out) { return parse_integer(node, out); }
  template <class U>
    requires(std::is_unsigned_v<U> && !std::is_same_v<U, bool>)
  static std::optional<std::string> convert(const YAML::Node& node, U& out) {
    std::string text;
    if (auto bad = scalar(node, "an integer", text)) return bad;
    if (!text.empty() && text[0] == '-') return "must not be negative, found " + text;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec == std::errc::result_out_of_range) return "integer out of range: " + text;
    if (ec != std::errc() || end != text.data() + text.size()) return "expected an integer, found '" + text + "'";
    return std::nullopt;
  }
  static std::optional<std::string> convert(const YAML::Node& node, double& out) {
    std::string text;
    if (auto bad = scalar(node, "a number", text)) return bad;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(out)) {
      return "expected a finite number, found '" + text + "'";
    }
    return std::nullopt;
  }
  static std::optional<std::string> convert(const YAML::Node& node, bool& out) {
    std::string text;
    if (auto bad = scalar(node, "true or false", text)) return bad;
    if (!YAML::convert<bool>::decode(node, out)) return "expected true or false, found '" + text + "'";
    return std::nullopt;
  }
  static std::optional<std::string> convert(const YAML::Node& node, std::string& out) {
    if (auto bad = scalar(node, "a string", out)) return bad;
    return std::nullopt;
  }
  static std::optional<std::string> convert(const YAML::Node& node, std::filesystem::path& out) {
    std::string text;
    if (auto bad = scalar(node, "a path", text)) return bad;
    out = text;
    return std::nullopt;
  }
  static std::optional<std::string> convert(const YAML::Node& node, std::vector<int>& out) {
    if (!node.IsSequence()) return "expected a sequence of integers, found " + kind_name(node);
    out.clear();
    for (std::size_t i = 0; i < node.size(); ++i) {
      int value = 0;
      if (auto bad = parse_integer(node[i], value)) return "element " + std::to_string(i) + ": " + *bad;
      out.push_back(value);
    }
    return std::nullopt;
  }

  std::string file_;
  std::optional<Error> error_;
  std::map<std::string, std::pair<int, int>> marks_;
};

void read_dataset(Reader& in, const YAML::Node& node, DatasetSpec& out) {
  const std::string path = "dataset";
  if (!in.section(node, path,
                  {"kind", "dir", "validation_examples", "seed", "standardize", "examples", "test_examples", "classes",
                   "features", "noise", "turns", "separation"})) {
    return;
  }
  in.read_enum(node, path, "kind", kDatasetKinds, out.kind);
  const std::string why = "to dataset kind " + std::string(name_of(kDatasetKinds, out.kind));
  const bool idx = out.kind == DatasetKind::FashionMnist || out.kind == DatasetKind::Mnist;
  const bool blobs = out.kind == DatasetKind::GaussianBlobs;
  if (idx) {
    for (auto key : {"examples", "test_examples", "classes", "features", "noise", "turns", "separation"}) {
      in.reject(node, path, key, why);
    }
  } else {
    in.reject(node, path, "dir", why);
    for (auto key : {"classes", "features", "separation"}) {
      if (!blobs) in.reject(node, path, key, why);
    }
    if (blobs) in.reject(node, path, "turns", why);
  }
  in.read(node, path, "dir", out.dir);
  in.read(node, path, "validation_examples", out.validation_examples);
  in.read(node, path, "seed", out.seed);
  in.read_enum(node, path, "standardize", kStandardizations, out.standardize);
  in.read(node, path, "examples", out.examples);
  in.read(node, path, "test_examples", out.test_examples);
  in.read(node, path, "classes", out.classes);
  in.read(node, path, "features", out.features);
  in.read(node, path, "noise", out.noise);
  in.read(node, path, "turns", out.turns);
  in.read(node, path, "separation", out.separation);
  // A relative directory is relative to the file that names it.
  if (in.ok() && idx && node["dir"] && out.dir.is_relative() && !in.file().empty()) {
    out.dir = std::filesystem::path(in.file()).parent_path() / out.dir;
  }
}

void read_model(Reader& in, const YAML::Node& node, ModelSpec& out) {
  const std::string path = "model";
  if (!in.section(node, path, {"hidden", "residual", "norm", "init", "init_distribution"})) return;
  in.read(node, path, "hidden", out.hidden);
  in.read(node, path, "residual", out.residual);
  in.read_enum(node, path, "norm", kNorms, out.norm);
  in.read_enum(node, path, "init", kInits, out.init);
  in.read_enum(node, path, "init_distribution", kDistributions, out.init_distribution);
}

void read_optimizer(Reader& in, const YAML::Node& node, OptimizerSpec& out) {
  const std::string path = "optimizer";
  if (!in.section(node, path,
                  {"kind", "lr", "momentum", "nesterov", "weight_decay", "beta1", "beta2", "eps", "schedule",
                   "warmup_epochs", "min_lr"})) {
    return;
  }
  in.read_enum(node, path, "kind", kOptimizers, out.kind);
  const std::string why = "to optimizer kind " + std::string(name_of(kOptimizers, out.kind));
  if (out.kind == OptimizerKind::Sgd) {
    for (auto key : {"beta1", "beta2", "eps"}) in.reject(node, path, key, why);
  } else {
    for (auto key : {"momentum", "nesterov"}) in.reject(node, path, key, why);
  }
  in.read(node, path, "lr", out.lr);
  in.read(node, path, "momentum", out.momentum);
  in.read(node, path, "nesterov", out.nesterov);
  in.read(node, path, "weight_decay", out.weight_decay);
  in.read(node, path, "beta1", out.beta1);
  in.read(node, path, "beta2", out.beta2);
  in.read(node, path, "eps", out.eps);
  in.read_enum(node, path, "schedule", kSchedules, out.schedule);
  in.read(node, path, "warmup_epochs", out.warmup_epochs);
  in.read(node, path, "min_lr", out.min_lr);
}

void read_training(Reader& in, const YAML::Node& node, TrainingSpec& out) {
  const std::string path = "training";
  if (!in.section(node, path, {"epochs", "batch_size", "train_examples", "divergence_factor"})) return;
  in.read(node, path, "epochs", out.epochs);
  in.read(node, path, "batch_size", out.batch_size);
  in.read(node, path, "train_examples", out.train_examples);
  in.read(node, path, "divergence_factor", out.divergence_factor);
}

}  // namespace

Expected<TaskSpec> parse_task(const YAML::Node& node, const std::string& file) {
  Reader in(file);
  TaskSpec task;
  if (!node || node.IsNull()) {
    in.report("empty task: expected a mapping", in.where(node, ""));
    return fail(in.error());
  }
  in.remember(node, "");
  if (in.section(node, "", {"name", "dataset", "model", "optimizer", "training"})) {
    in.read(node, "", "name", task.name);
    read_dataset(in, node["dataset"], task.dataset);
    read_model(in, node["model"], task.model);
    read_optimizer(in, node["optimizer"], task.optimizer);
    read_training(in, node["training"], task.training);
  }
  if (!in.ok()) return fail(in.error());
  if (auto valid = validate_task(task); !valid) {
    Error e = valid.error();
    e.where = in.position_of(e.where.field);
    return fail(std::move(e));
  }
  return task;
}

Expected<TaskSpec> parse_task_text(std::string_view yaml, const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    Location at{.file = file};
    if (!e.mark.is_null()) {
      at.line = e.mark.line + 1;
      at.column = e.mark.column + 1;
    }
    return fail("YAML syntax error: " + e.msg, std::move(at));
  }
  return parse_task(root, file);
}

Expected<TaskSpec> load_task(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return fail("cannot read task file", {.file = file.string()});
  std::stringstream text;
  text << in.rdbuf();
  return parse_task_text(text.str(), file.string());
}

std::string_view to_string(DatasetKind kind) { return name_of(kDatasetKinds, kind); }
std::string_view to_string(Norm norm) { return name_of(kNorms, norm); }
std::string_view to_string(Init init) { return name_of(kInits, init); }
std::string_view to_string(OptimizerKind kind) { return name_of(kOptimizers, kind); }

}  // namespace actsearch::trainer
