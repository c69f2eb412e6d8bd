#include "trainer/result_json.hpp"

#include <cmath>
#include <limits>

namespace actsearch::trainer {
namespace {

using nlohmann::json;

json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

double number_or_nan(const json& v) {
  return v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN();
}

Expected<json> parse_array(std::string_view text, std::string_view what) {
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return fail(std::string(what) + " is not valid JSON");
  if (!parsed.is_array()) return fail(std::string(what) + " is not a JSON array");
  return parsed;
}

}  // namespace

json epochs_to_json(const std::vector<EpochMetrics>& epochs) {
  json out = json::array();
  for (const auto& m : epochs) {
    out.push_back({{"epoch", m.epoch},
                   {"train_loss", number_or_null(m.train_loss)},
                   {"val_loss", number_or_null(m.val_loss)},
                   {"val_accuracy", number_or_null(m.val_accuracy)},
                   {"seconds", number_or_null(m.seconds)}});
  }
  return out;
}

json learned_params_to_json(const std::vector<std::vector<double>>& layers) {
  json out = json::array();
  for (const auto& layer : layers) {
    json values = json::array();
    for (double v : layer) values.push_back(number_or_null(v));
    out.push_back(std::move(values));
  }
  return out;
}

json result_to_json(const TrainResult& r) {
  return {{"status", std::string(to_string(r.status))},
          {"message", r.message},
          {"val_accuracy", number_or_null(r.val_accuracy)},
          {"val_loss", number_or_null(r.val_loss)},
          {"train_loss", number_or_null(r.train_loss)},
          {"test_accuracy", number_or_null(r.test_accuracy)},
          {"test_loss", number_or_null(r.test_loss)},
          {"wall_seconds", number_or_null(r.wall_seconds)},
          {"examples_per_second", number_or_null(r.examples_per_second)},
          {"steps", r.steps},
          {"epochs", epochs_to_json(r.epochs)},
          {"learned_params", learned_params_to_json(r.learned_params)}};
}

Expected<std::vector<EpochMetrics>> epochs_from_json(std::string_view text) {
  auto parsed = parse_array(text, "epoch metrics");
  if (!parsed) return fail(parsed.error());
  std::vector<EpochMetrics> out;
  for (const json& item : *parsed) {
    if (!item.is_object() || !item.contains("epoch") || !item["epoch"].is_number_integer()) {
      return fail("epoch metrics: every entry must be an object with an integer 'epoch'");
    }
    EpochMetrics m;
    m.epoch = item["epoch"].get<int>();
    m.train_loss = number_or_nan(item.value("train_loss", json()));
    m.val_loss = number_or_nan(item.value("val_loss", json()));
    m.val_accuracy = number_or_nan(item.value("val_accuracy", json()));
    m.seconds = number_or_nan(item.value("seconds", json()));
    out.push_back(m);
  }
  return out;
}

Expected<std::vector<std::vector<double>>> learned_params_from_json(std::string_view text) {
  auto parsed = parse_array(text, "learned parameters");
  if (!parsed) return fail(parsed.error());
  std::vector<std::vector<double>> out;
  for (const json& layer : *parsed) {
    if (!layer.is_array()) return fail("learned parameters: every layer must be an array of numbers");
    std::vector<double> values;
    for (const json& v : layer) {
      if (!v.is_number() && !v.is_null()) return fail("learned parameters: every value must be a number or null");
      values.push_back(number_or_nan(v));
    }
    out.push_back(std::move(values));
  }
  return out;
}

}  // namespace actsearch::trainer
