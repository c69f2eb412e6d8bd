// TrainResult <-> JSON: the one spelling of a training run's per-epoch metrics and learned constants,
// used by the campaign database (evaluations.epoch_metrics / learned_params), `actsearch eval --task`
// and every view that reads them back. Non-finite numbers are written as null and read back as NaN.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"
#include "trainer/backend.hpp"

namespace actsearch::trainer {

// [{"epoch": 1, "train_loss": ..., "val_loss": ..., "val_accuracy": ..., "seconds": ...}, ...]
nlohmann::json epochs_to_json(const std::vector<EpochMetrics>& epochs);
// [[theta_0, theta_1, ...] per hidden layer]
nlohmann::json learned_params_to_json(const std::vector<std::vector<double>>& layers);
// The whole result: status, message, final metrics, timing, epochs and learned_params.
nlohmann::json result_to_json(const TrainResult& result);

// The inverse of the first two; a text that is not of that shape is an error saying what is wrong.
Expected<std::vector<EpochMetrics>> epochs_from_json(std::string_view text);
Expected<std::vector<std::vector<double>>> learned_params_from_json(std::string_view text);

}  // namespace actsearch::trainer
