// Shared helpers of the campaign tests: temporary directories and small campaigns on the synthetic
// spirals task that train in seconds.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>

#include "search/config/campaign_config.hpp"
#include "tests/common/temp_dir.hpp"

namespace actsearch::search::testing {

inline std::filesystem::path source_dir() { return ACTSEARCH_SOURCE_DIR; }

using ::actsearch::testing::TempDir;

// A campaign on the spirals task: `body` supplies strategy/fidelity keys.
inline std::string spirals_campaign(const std::string& name, const std::string& body) {
  const auto task = (source_dir() / "configs" / "tasks" / "spirals-small.yaml").string();
  return "name: " + name + "\nseed: 3\nworkers: 2\ntask: " + task + "\n" + body;
}

// A campaign config the test expects to be valid (a failed expectation names the error).
inline CampaignConfig config_of(const std::string& text) {
  auto config = parse_campaign_config(text, "");
  EXPECT_TRUE(config.has_value()) << (config ? "" : config.error().describe());
  return config ? std::move(*config) : CampaignConfig{};
}

// The strategy a campaign would use (it reads config.space, so the config outlives it).
inline std::unique_ptr<strategies::Strategy> strategy_of(const CampaignConfig& config) {
  return strategies::make_strategy(config.strategy.entry(), config.strategy_settings(), config.seed);
}

}  // namespace actsearch::search::testing
