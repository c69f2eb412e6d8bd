// The campaign file's `probes:` section (search/config/src/probe_bounds_yaml.hpp).
#include "search/config/src/probe_bounds_yaml.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cmath>

namespace actsearch::search {
namespace {

using probes::check_probes;
using probes::ProbeValues;

TEST(ProbeBounds, ParseAndCheck) {
  const YAML::Node node = YAML::Load("dead_fraction: {max: 0.5}\nmean: {min: -1, max: .inf}\n");
  auto bounds = parse_probe_bounds(node, "c.yaml");
  ASSERT_TRUE(bounds.has_value()) << bounds.error().describe();
  ASSERT_EQ(bounds->bounds.size(), 2u);
  EXPECT_EQ(bounds->bounds[0].probe, "dead_fraction");
  EXPECT_EQ(bounds->bounds[0].max, 0.5);
  EXPECT_TRUE(std::isinf(bounds->bounds[1].max));
  const ProbeValues values = {{"dead_fraction", 0.97}, {"mean", std::nan("")}};
  const auto reasons = check_probes(values, *bounds);
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_EQ(reasons[0], "dead_fraction=0.97 > max 0.5");
  EXPECT_EQ(reasons[1], "mean=nan is not finite");
  EXPECT_EQ(check_probes({{"dead_fraction", 0.2}, {"mean", 0.0}}, *bounds).size(), 0u);
  // A bounded probe that was not computed fails.
  EXPECT_EQ(check_probes({}, *bounds).size(), 2u);
}

TEST(ProbeBounds, ErrorsAreLocated) {
  struct Case {
    const char* yaml;
    const char* part;
    int line, column;
    const char* field;
  };
  const Case cases[] = {
      {"mean: {max: 1}\ndeadness: {max: 1}\n", "unknown probe 'deadness'", 2, 1, "probes.deadness"},
      {"mean: {max: lots}\n", "expected a number, found 'lots'", 1, 13, "probes.mean.max"},
      {"mean: {min: 2, max: 1}\n", "is larger than max", 1, 7, "probes.mean"},
      {"mean: {maximum: 1}\n", "unknown key 'maximum'", 1, 8, "probes.mean.maximum"},
      {"mean: 3\n", "expected {min: ..., max: ...}", 1, 7, "probes.mean"},
  };
  for (const auto& c : cases) {
    auto b = parse_probe_bounds(YAML::Load(c.yaml), "c.yaml");
    ASSERT_FALSE(b.has_value()) << c.yaml;
    EXPECT_NE(b.error().message.find(c.part), std::string::npos) << b.error().describe();
    EXPECT_EQ(b.error().where.file, "c.yaml");
    EXPECT_EQ(b.error().where.line, c.line) << b.error().describe();
    EXPECT_EQ(b.error().where.column, c.column) << b.error().describe();
    EXPECT_EQ(b.error().where.field, c.field);
  }
}

}  // namespace
}  // namespace actsearch::search
