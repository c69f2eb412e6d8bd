// Shared helpers of the campaign tests: temporary directories and small campaigns on the synthetic
// spirals task that train in seconds.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "tests/common/temp_dir.hpp"

namespace actsearch::search::testing {

inline std::filesystem::path source_dir() { return ACTSEARCH_SOURCE_DIR; }

using ::actsearch::testing::TempDir;

// A campaign on the spirals task: `body` supplies strategy/fidelity keys.
inline std::string spirals_campaign(const std::string& name, const std::string& body) {
  const auto task = (source_dir() / "configs" / "tasks" / "spirals-small.yaml").string();
  return "name: " + name + "\nseed: 3\nworkers: 2\ntask: " + task + "\n" + body;
}

}  // namespace actsearch::search::testing
