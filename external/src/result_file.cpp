#include "external/result_file.hpp"

#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace actsearch::external {
namespace {

using Json = nlohmann::json;

// Python's json module writes NaN, Infinity and -Infinity, which JSON does not have: outside strings they
// become null (a missing, non-finite value).
std::string with_non_finite_as_null(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < text.size()) {
        out += text[++i];
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') in_string = true;
    bool replaced = false;
    for (std::string_view token : {"-Infinity", "Infinity", "NaN"}) {
      if (text.substr(i, token.size()) == token) {
        out += "null";
        i += token.size() - 1;
        replaced = true;
        break;
      }
    }
    if (!replaced) out += c;
  }
  return out;
}

struct Problem {
  std::string message;
};

// A number at `key` (NaN when null); nothing when the key is absent; an error for another type.
std::optional<double> number_at(const Json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end()) return std::nullopt;
  if (it->is_null()) return std::nan("");
  if (!it->is_number()) throw Problem{std::string("'") + key + "' is not a number"};
  return it->get<double>();
}

trainer::TrainResult failed(std::string message) {
  trainer::TrainResult r;
  r.status = trainer::RunStatus::Failed;
  r.message = std::move(message);
  return r;
}

}  // namespace

trainer::TrainResult read_result(std::string_view text, std::size_t parameters) {
  const Json root = Json::parse(with_non_finite_as_null(text), nullptr, false);
  if (root.is_discarded() || !root.is_object()) {
    std::string start(text.substr(0, 120));
    for (char& c : start) c = (c == '\n' || c == '\r') ? ' ' : c;
    return failed("the result is not a JSON object: '" + start + (text.size() > 120 ? "...'" : "'"));
  }
  trainer::TrainResult r;
  try {
    if (const auto it = root.find("epochs"); it != root.end()) {
      if (!it->is_array()) throw Problem{"'epochs' is not a list"};
      for (const Json& e : *it) {
        if (!e.is_object()) throw Problem{"an entry of 'epochs' is not an object"};
        trainer::EpochMetrics m;
        m.epoch = static_cast<int>(r.epochs.size()) + 1;
        if (auto v = number_at(e, "epoch")) m.epoch = static_cast<int>(*v);
        m.train_loss = number_at(e, "train_loss").value_or(trainer::kNotEvaluated);
        m.val_loss = number_at(e, "val_loss").value_or(trainer::kNotEvaluated);
        m.val_accuracy = number_at(e, "val_accuracy").value_or(trainer::kNotEvaluated);
        m.seconds = number_at(e, "seconds").value_or(0.0);
        r.epochs.push_back(m);
      }
    }
    if (const auto it = root.find("learned_params"); it != root.end()) {
      if (!it->is_array()) throw Problem{"'learned_params' is not a list (one list of numbers per layer)"};
      for (const Json& layer : *it) {
        if (!layer.is_array() || layer.size() != parameters) {
          throw Problem{"each entry of 'learned_params' must be a list of " + std::to_string(parameters) +
                        " number(s), one per trainable constant"};
        }
        std::vector<double> values;
        for (const Json& v : layer) {
          if (!v.is_number() && !v.is_null()) throw Problem{"'learned_params' holds something that is not a number"};
          values.push_back(v.is_null() ? std::nan("") : v.get<double>());
        }
        r.learned_params.push_back(std::move(values));
      }
    }
    if (auto steps = number_at(root, "steps"); steps && std::isfinite(*steps))
      r.steps = static_cast<std::int64_t>(*steps);
    const auto diverged = root.find("diverged");
    if (diverged != root.end() && !diverged->is_boolean()) throw Problem{"'diverged' is not true or false"};
    std::string message;
    if (const auto it = root.find("message"); it != root.end() && it->is_string()) message = it->get<std::string>();
    if (diverged != root.end() && diverged->get<bool>()) {
      r.status = trainer::RunStatus::Diverged;
      r.message = message.empty() ? "the script reported that training diverged" : "the script reported: " + message;
      return r;
    }
    const auto accuracy = number_at(root, "val_accuracy");
    const auto loss = number_at(root, "val_loss");
    if (!accuracy || !loss) throw Problem{"the result has no 'val_accuracy' and 'val_loss'"};
    if (!std::isfinite(*accuracy) || !std::isfinite(*loss)) {
      r.status = trainer::RunStatus::Diverged;
      r.message =
          "the script reported a non-finite " + std::string(std::isfinite(*accuracy) ? "val_loss" : "val_accuracy");
      return r;
    }
    if (*accuracy < 0 || *accuracy > 1) throw Problem{"'val_accuracy' is not a fraction in [0, 1]"};
    r.val_accuracy = *accuracy;
    r.val_loss = *loss;
    r.train_loss =
        number_at(root, "train_loss").value_or(r.epochs.empty() ? trainer::kNotEvaluated : r.epochs.back().train_loss);
    r.test_accuracy = number_at(root, "test_accuracy").value_or(trainer::kNotEvaluated);
    r.test_loss = number_at(root, "test_loss").value_or(trainer::kNotEvaluated);
    r.status = trainer::RunStatus::Ok;
  } catch (const Problem& p) {
    return failed("malformed result: " + p.message);
  }
  return r;
}

}  // namespace actsearch::external
