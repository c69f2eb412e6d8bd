// Shared helpers of the campaign tests: temporary directories and small campaigns on the synthetic
// spirals task that train in seconds.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace actsearch::search::testing {

inline std::filesystem::path source_dir() { return ACTSEARCH_SOURCE_DIR; }

class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("actsearch-search-" + std::string(info->name()) + "-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name) << text;
    return path_ / name;
  }

 private:
  std::filesystem::path path_;
};

// A campaign on the spirals task: `body` supplies strategy/fidelity keys.
inline std::string spirals_campaign(const std::string& name, const std::string& body) {
  const auto task = (source_dir() / "configs" / "tasks" / "spirals-small.yaml").string();
  return "name: " + name + "\nseed: 3\nworkers: 2\ntask: " + task + "\n" + body;
}

}  // namespace actsearch::search::testing
