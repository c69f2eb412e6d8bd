// The strategies on real spaces: the order and membership of their proposals, determinism under the
// campaign seed, and regularised evolution's population rules.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "search/config/campaign_config.hpp"
#include "search/strategies/registry.hpp"
#include "spaces/space.hpp"
#include "tests/search/search_test_helpers.hpp"

namespace actsearch::search {
namespace {

using strategies::Strategy;
using testing::source_dir;
using testing::strategy_of;

spaces::Space space(const std::string& name) {
  auto s = spaces::Space::load(source_dir() / "spaces" / "definitions" / (name + ".yaml"));
  EXPECT_TRUE(s) << s.error().describe();
  return *s;
}

CampaignConfig config_with(const std::string& kind, const std::string& space_name, std::uint64_t seed = 4) {
  CampaignConfig c;
  c.seed = seed;
  c.strategy = strategy_spec(kind);
  c.space = space(space_name);
  return c;
}

std::vector<spaces::Genome> genomes(Strategy& s, int count) {
  std::vector<spaces::Genome> out;
  for (const auto& p : s.propose(count)) out.push_back(*p.genome);
  return out;
}

TEST(Strategy, ListProposesInOrderThenStops) {
  CampaignConfig c;
  c.strategy = strategy_spec("list");
  c.strategy.options.set("expressions", std::vector<std::string>{"relu(x)", "tanh(x)", "x*sigmoid(x)"});
  auto s = strategy_of(c);
  auto first = s->propose(2);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].text, "relu(x)");
  EXPECT_EQ(first[1].text, "tanh(x)");
  EXPECT_FALSE(first[0].genome.has_value());
  auto rest = s->propose(5);
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].text, "x*sigmoid(x)");
  EXPECT_TRUE(s->propose(3).empty());
}

// Past the 4096-member refill chunk the walk continues exactly where the enumeration is.
TEST(Strategy, ExhaustiveWalksTheEnumerationInOrder) {
  const auto c = config_with("exhaustive", "ramachandran-1unit");
  std::vector<spaces::Genome> expected;
  c.space->enumerate([&](const spaces::Genome& g) {
    expected.push_back(g);
    return true;
  });
  ASSERT_EQ(expected.size(), 6250u);
  auto s = strategy_of(c);
  std::vector<spaces::Genome> walked;
  while (true) {
    auto batch = s->propose(1000);
    if (batch.empty()) break;
    for (const auto& p : batch) walked.push_back(*p.genome);
  }
  EXPECT_EQ(walked, expected);
}

TEST(Strategy, RandomIsSeededAndStaysInTheSpace) {
  const auto c = config_with("random", "tree-small");
  auto a = strategy_of(c), b = strategy_of(c);
  const auto ga = genomes(*a, 200), gb = genomes(*b, 200);
  EXPECT_EQ(ga, gb);
  for (const auto& g : ga) EXPECT_TRUE(c.space->contains(g));
  const auto reseeded = config_with("random", "tree-small", 5);
  auto other = strategy_of(reseeded);
  EXPECT_NE(genomes(*other, 200), ga);
}

// Rejected children never join the population: while it is not full, evolution samples the space
// exactly as random search with the same seed does.
TEST(Strategy, EvolutionIgnoresRejectedProposals) {
  // A strategy reads the config's space, so the configs outlive them.
  const auto evolution_config = config_with("evolution", "ramachandran-1unit");
  const auto random_config = config_with("random", "ramachandran-1unit");
  auto evolution = strategy_of(evolution_config);
  auto random = strategy_of(random_config);
  for (int round = 0; round < 5; ++round) {
    auto batch = evolution->propose(8);
    std::vector<double> rejected(batch.size(), std::numeric_limits<double>::quiet_NaN());
    evolution->observe(batch, rejected);
    auto sampled = random->propose(8);
    ASSERT_EQ(batch.size(), sampled.size());
    for (std::size_t i = 0; i < batch.size(); ++i) EXPECT_EQ(*batch[i].genome, *sampled[i].genome);
  }
}

// With a population of one, every child is one mutation of that member: a member of the space that
// differs from it in one gene of its unit, or in the number of units.
TEST(Strategy, EvolutionChildrenAreMutationsOfThePopulation) {
  auto c = config_with("evolution", "ramachandran-2unit");
  c.strategy.options.set("population", 1);
  c.strategy.options.set("tournament", 1);
  auto s = strategy_of(c);
  auto first = s->propose(1);
  const spaces::Genome parent = *first[0].genome;
  s->observe(first, std::vector<double>{0.5});
  for (const auto& child : genomes(*s, 50)) {
    EXPECT_TRUE(c.space->contains(child));
    EXPECT_NE(child, parent);
    if (child.units.size() != parent.units.size()) continue;
    int changed = 0;
    for (std::size_t u = 0; u < child.units.size(); ++u) {
      const auto& x = child.units[u];
      const auto& y = parent.units[u];
      changed += (x.binary != y.binary) + (x.unary1 != y.unary1) + (x.unary2 != y.unary2) + (x.input1 != y.input1) +
                 (x.input2 != y.input2);
    }
    EXPECT_EQ(changed, 1);
  }
}

}  // namespace
}  // namespace actsearch::search
