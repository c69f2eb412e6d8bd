// The public header must not bring yaml-cpp along (only spaces/space_yaml.hpp does): included first,
// before anything that might include it indirectly.
#include "spaces/space.hpp"
#ifdef YAML_H_62B23520_7C8E_11DE_8A39_0800200C9A66
#error "spaces/space.hpp includes yaml-cpp"
#endif

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "spaces/space_yaml.hpp"
#include "spaces/src/registry.hpp"

namespace actsearch::spaces {
namespace {

TEST(SpaceKinds, EveryKindIsRegisteredByItsName) {
  std::vector<std::string> names;
  for (const auto& kind : detail::space_kinds()) names.emplace_back(kind.name);
  EXPECT_EQ(names, (std::vector<std::string>{"core_units", "schema", "tree"}));
  EXPECT_EQ(detail::space_kind_names(), "core_units, schema or tree");
  EXPECT_EQ(detail::find_space_kind("forest"), nullptr);
  const char* definitions[] = {"kind: core_units\n", "kind: schema\nschemas: [x]\n", "kind: tree\n"};
  for (const char* yaml : definitions) {
    auto s = Space::parse_text(yaml, "k.yaml");
    ASSERT_TRUE(s.has_value()) << s.error().describe();
    ASSERT_NE(detail::find_space_kind(s->kind()), nullptr);
    EXPECT_EQ(detail::find_space_kind(s->kind())->name, s->kind());
    EXPECT_EQ(s->describe().find(std::string(s->kind())), s->name().size() + 2) << s->describe();
  }
}

TEST(SpaceKinds, UnknownOrMalformedKindsAreLocated) {
  struct Case {
    const char* yaml;
    const char* message;
    int line, column;
    const char* field;
  };
  const Case cases[] = {
      {"name: x\nkind: forest\n", "unknown kind 'forest' (expected core_units, schema or tree)", 2, 7, "kind"},
      {"kind: Tree\n", "unknown kind 'Tree' (expected core_units, schema or tree)", 1, 7, "kind"},
      {"kind: [tree]\n", "expected a string, found a sequence", 1, 7, "kind"},
      {"name: x\n", "missing key 'kind' (core_units, schema or tree)", 1, 1, "kind"},
      // A key of another kind is unknown for this one, and the message lists this kind's keys.
      {"kind: tree\nunits: 2\n",
       "unknown key 'units' for kind tree (expected one of: kind, name, description, "
       "unary, binary, max_depth, max_size, constants, parameters)",
       2, 1, "units"},
      {"kind: schema\nschemas: [x]\nmax_depth: 2\n",
       "unknown key 'max_depth' for kind schema (expected one of: kind, name, description, unary, binary, schemas)", 3,
       1, "max_depth"},
      {"- kind: tree\n", "a space definition must be a mapping", 1, 1, ""},
  };
  for (const auto& c : cases) {
    auto s = Space::parse_text(c.yaml, "kinds.yaml");
    ASSERT_FALSE(s.has_value()) << c.yaml;
    const Error& e = s.error();
    EXPECT_EQ(e.message, c.message) << c.yaml;
    EXPECT_EQ(e.where.file, "kinds.yaml");
    EXPECT_EQ(e.where.line, c.line) << c.yaml << " -> " << e.describe();
    EXPECT_EQ(e.where.column, c.column) << c.yaml << " -> " << e.describe();
    EXPECT_EQ(e.where.field, c.field) << c.yaml << " -> " << e.describe();
  }
}

TEST(SpaceKinds, InlineDefinitionsAreLocatedInTheirDocument) {
  // A space inside another document (as in a campaign config): positions are the document's.
  const YAML::Node root = YAML::Load("name: campaign\nspace:\n  kind: tree\n  max_size: 99\n");
  auto bad = parse_space(root["space"], "campaign.yaml");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().where.file, "campaign.yaml");
  EXPECT_EQ(bad.error().where.line, 4);
  EXPECT_EQ(bad.error().where.column, 13);
  EXPECT_EQ(bad.error().where.field, "max_size");
  const YAML::Node good = YAML::Load("space:\n  kind: core_units\n  unary: [relu, tanh]\n  binary: [add]\n");
  auto s = parse_space(good["space"], "campaign.yaml");
  ASSERT_TRUE(s.has_value()) << s.error().describe();
  EXPECT_EQ(s->kind(), "core_units");
  EXPECT_EQ(s->name(), "campaign");  // the file's stem, as for a file of its own
  EXPECT_EQ(s->raw_size(), 4u);
}

TEST(SpaceKinds, SpacesAreValuesSharingOneDefinition) {
  std::optional<Space> kept;
  {
    auto s = Space::parse_text("kind: schema\nschemas: [unary(x)]\nunary: [relu, tanh]\n", "values.yaml");
    ASSERT_TRUE(s.has_value());
    const Space copy = *s;
    kept = copy;
    EXPECT_EQ(copy.unary().data(), s->unary().data());  // copies share the definition, not duplicate it
  }
  // Still valid after every other handle is gone.
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->raw_size(), 2u);
  std::vector<std::string> seen;
  kept->enumerate([&](const Genome& g) {
    seen.push_back(encode(g));
    return true;
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"s:0:0", "s:0:1"}));
  Space other = *Space::parse_text("kind: tree\nmax_depth: 1\n", "t.yaml");
  other = *kept;  // assignable
  EXPECT_EQ(other.kind(), "schema");
}

}  // namespace
}  // namespace actsearch::spaces
