// A campaign's fully resolved configuration as data: every value of task, model, optimiser, data set,
// space, probe bounds, ladder, strategy, regularisers and baselines, with defaults filled in, as a JSON
// object (keys in the campaign file's order). A campaign stores it when it is created, with the
// fingerprint of the data it loaded; the views read it instead of the YAML text, and a resumed campaign
// compares its file's values with it: meaning, not text, decides.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "search/config/campaign_config.hpp"
#include "trainer/dataset.hpp"

namespace actsearch::search {

using ResolvedConfig = nlohmann::ordered_json;

ResolvedConfig resolved_config(const CampaignConfig& config);

// The configuration a stored resolution describes, read by this release's campaign reader: keys added
// since it was stored take their defaults. `what` names it in errors ("the stored configuration of
// campaign 'x'"). The data fingerprint, if any, is not part of it (data_fingerprint_of reads it).
Expected<CampaignConfig> config_from_resolved(const ResolvedConfig& resolved, const std::string& what);

// A resolution with the fingerprint of the data the campaign loaded (under "data").
ResolvedConfig with_data_fingerprint(ResolvedConfig resolved, const trainer::DataFingerprint& data);
// The stored fingerprint, if the resolution has one.
std::optional<trainer::DataFingerprint> data_fingerprint_of(const ResolvedConfig& resolved);

// Fields whose values differ in meaning, in the file's order, one line each:
// "strategy.budget: stored 240, file 300". Where a campaign's files live and how it runs (database,
// device, workers, the data set's folder, the data fingerprint) are left out: results do not depend on
// them, and the data is compared by its own fingerprint.
std::vector<std::string> meaning_differences(const ResolvedConfig& stored, const ResolvedConfig& file);

// The resolution with the fields meaning leaves out removed: what identifies a campaign's results.
ResolvedConfig meaning_of(const ResolvedConfig& resolved);

// Differences between two data fingerprints, one line per split: "validation: stored 500 examples
// 0123..., loaded 500 examples 4567...".
std::vector<std::string> data_differences(const trainer::DataFingerprint& stored,
                                          const trainer::DataFingerprint& loaded);

}  // namespace actsearch::search
