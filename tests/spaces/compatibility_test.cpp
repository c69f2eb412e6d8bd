// Members drawn, mutated and enumerated for a given seed are stored in campaign databases (as genome
// encodings) and must never change. The expected values here were printed by the build before the
// spaces were split into one class per kind, for every shipped definition and three inline ones
// covering each kind's options, four seeds each.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/hash.hpp"
#include "expr/fingerprint.hpp"
#include "expr/parse.hpp"
#include "expr/print.hpp"
#include "spaces/space.hpp"

namespace actsearch::spaces {
namespace {

struct SeedCase {
  std::uint64_t seed;
  // Four samples in a row from Rng(seed), then four mutations in a row from the first sample (same Rng).
  std::vector<std::string> samples;
  std::vector<std::string> mutations;
  std::string first_expression;  // expr::print of the first sample's expression
};

struct SpaceCase {
  const char* name;  // a file in spaces/definitions/ when yaml is null
  const char* yaml;
  std::optional<std::uint64_t> raw;
  std::vector<SeedCase> seeds;
  // The first `enumerated` members (all of them when fewer): FNV-1a of their encodings, each followed by '|'.
  std::uint64_t enumerated;
  std::uint64_t digest;
  std::vector<std::pair<std::uint64_t, std::string>> members_at;
};

const std::vector<SpaceCase>& cases() {
  static const std::vector<SpaceCase> all = {
      {"ramachandran-1unit",
       nullptr,
       6250ULL,
       {
           {0,
            {"u:2.18.7.0.0", "u:8.19.3.0.0", "u:7.19.18.0.0", "u:9.5.3.0.0"},
            {"u:2.21.7.0.0", "u:8.21.7.0.0", "u:8.23.7.0.0", "u:8.23.9.0.0"},
            "relu(x) - (x + beta)"},
           {1,
            {"u:2.0.8.0.0", "u:2.11.4.0.0", "u:8.16.10.0.0", "u:3.16.24.0.0"},
            {"u:6.0.8.0.0", "u:6.0.10.0.0", "u:3.0.10.0.0", "u:3.13.10.0.0"},
            "x - log(x)"},
           {42,
            {"u:2.9.18.0.0", "u:4.4.7.0.0", "u:5.24.18.0.0", "u:2.18.20.0.0"},
            {"u:7.9.18.0.0", "u:8.9.18.0.0", "u:4.9.18.0.0", "u:2.9.18.0.0"},
            "exp(x) - relu(x)"},
           {2026,
            {"u:2.18.11.0.0", "u:6.22.14.0.0", "u:3.4.1.0.0", "u:6.14.4.0.0"},
            {"u:1.18.11.0.0", "u:5.18.11.0.0", "u:5.16.11.0.0", "u:5.21.11.0.0"},
            "relu(x) - cos(x)"},
       },
       6250,
       0x772d45ad7d456a78ULL,
       {{0, "u:0.0.0.0.0"},
        {1, "u:0.0.1.0.0"},
        {2, "u:0.0.2.0.0"},
        {997, "u:1.14.22.0.0"},
        {1994, "u:3.4.19.0.0"},
        {2991, "u:4.19.16.0.0"},
        {3988, "u:6.9.13.0.0"},
        {4985, "u:7.24.10.0.0"}}},
      {"ramachandran-2unit",
       nullptr,
       156250000ULL,
       {
           {0,
            {"u:2.18.7.0.0/7.23.19.1.1", "u:4.18.8.0.0/9.5.3.0.0", "u:7.13.9.0.0/4.18.6.1.0", "u:3.22.7.0.0/7.4.8.0.1"},
            {"u:2.18.7.0.0/7.23.19.0.1", "u:2.18.7.0.0/3.23.19.0.1", "u:2.18.7.0.0/3.23.19.0.0",
             "u:2.18.7.0.0/3.23.19.0.1"},
            "exp(-beta2*(erf(relu(x) - (x + beta)) - min(relu(x) - (x + beta), 0))^2)"},
           {1,
            {"u:2.0.8.0.0/1.12.11.1.1", "u:1.10.1.0.0/3.16.24.1.1", "u:7.0.2.0.0/7.5.24.0.1",
             "u:5.9.24.0.0/6.11.9.0.0"},
            {"u:2.0.18.0.0/1.12.11.1.1", "u:2.0.18.0.0/1.12.11.1.0", "u:2.0.18.0.0/1.12.11.1.1",
             "u:2.0.18.0.0/1.12.11.1.0"},
            "sinh(x - log(x))*cos(x - log(x))"},
           {42,
            {"u:2.9.18.0.0/6.9.4.1.0", "u:9.18.10.0.0/2.18.20.1.0", "u:8.24.20.0.0/9.15.12.0.0",
             "u:2.10.16.0.0/2.3.4.0.0"},
            {"u:2.9.18.0.0/6.3.4.1.0", "u:2.9.18.0.0/6.3.4.1.1", "u:2.9.18.0.0/6.3.4.0.1", "u:2.9.18.0.0/6.3.4.0.0"},
            "sigmoid(exp(exp(x) - relu(x)))*x^3"},
           {2026,
            {"u:2.18.11.0.0/4.11.22.1.1", "u:9.1.18.0.0/6.14.4.1.1", "u:9.19.17.0.0/0.2.8.0.1",
             "u:0.11.23.0.0/6.19.21.1.1"},
            {"u:2.18.11.0.0/4.11.22.1.0", "u:2.18.11.0.0/4.11.22.1.1", "u:2.18.16.0.0/4.11.22.1.1",
             "u:2.18.17.0.0/4.11.22.1.1"},
            "max(cos(relu(x) - cos(x)), exp(-(relu(x) - cos(x))^2))"},
       },
       100000,
       0xc031d9d867bd95f5ULL,
       {{0, "u:0.0.0.0.0/0.0.0.0.0"},
        {1, "u:0.0.0.0.0/0.0.0.0.1"},
        {2, "u:0.0.0.0.0/0.0.0.1.0"},
        {997, "u:0.0.0.0.0/0.9.24.0.1"},
        {1994, "u:0.0.0.0.0/0.19.23.1.0"},
        {2991, "u:0.0.0.0.0/1.4.22.1.1"},
        {3988, "u:0.0.0.0.0/1.14.22.0.0"},
        {4985, "u:0.0.0.0.0/1.24.21.0.1"}}},
      {"aquasurf",
       nullptr,
       5832ULL,
       {
           {0,
            {"s:1:5.4.25", "s:1:4.17.13", "s:1:0.4.21", "s:0:17.17"},
            {"s:1:4.4.25", "s:0:8.24", "s:0:23.24", "s:0:3.24"},
            "min(abs(x), bessel_i0e(x))"},
           {1,
            {"s:1:6.14.26", "s:1:6.14.21", "s:1:0.1.16", "s:1:5.9.22"},
            {"s:0:5.22", "s:1:4.7.3", "s:0:7.18", "s:1:1.19.20"},
            "softplus(x)^bessel_i1e(x)"},
           {42,
            {"s:0:9.20", "s:1:4.9.4", "s:1:5.26.19", "s:1:2.13.7"},
            {"s:0:9.12", "s:1:6.1.4", "s:1:6.1.5", "s:1:6.15.5"},
            "log(relu(x))"},
           {2026,
            {"s:1:3.21.21", "s:1:3.14.8", "s:1:4.18.24", "s:1:6.25.25"},
            {"s:1:1.21.21", "s:1:1.21.14", "s:0:10.4", "s:0:26.4"},
            "elu(x)/elu(x)"},
       },
       5832,
       0x6260e299b86f82c5ULL,
       {{0, "s:0:0.0"},
        {1, "s:0:0.1"},
        {2, "s:0:0.2"},
        {997, "s:1:0.9.25"},
        {1994, "s:1:1.19.23"},
        {2991, "s:1:3.2.21"},
        {3988, "s:1:4.12.19"},
        {4985, "s:1:5.22.17"}}},
      {"aquasurf-unary-unary",
       nullptr,
       729ULL,
       {
           {0,
            {"s:0:26.4", "s:0:21.26", "s:0:13.13", "s:0:4.21"},
            {"s:0:13.4", "s:0:17.4", "s:0:16.4", "s:0:18.4"},
            "bessel_i1e(abs(x))"},
           {1,
            {"s:0:10.14", "s:0:11.25", "s:0:21.19", "s:0:1.16"},
            {"s:0:10.24", "s:0:10.11", "s:0:10.7", "s:0:12.7"},
            "sin(softplus(x))"},
           {42,
            {"s:0:9.20", "s:0:1.9", "s:0:24.13", "s:0:19.4"},
            {"s:0:4.20", "s:0:4.2", "s:0:4.13", "s:0:4.10"},
            "log(relu(x))"},
           {2026,
            {"s:0:25.21", "s:0:18.1", "s:0:8.24", "s:0:18.24"},
            {"s:0:12.21", "s:0:12.7", "s:0:12.14", "s:0:12.7"},
            "bessel_i0e(elu(x))"},
       },
       729,
       0x1ae42c2661c65524ULL,
       {{0, "s:0:0.0"}, {1, "s:0:0.1"}, {2, "s:0:0.2"}}},
      {"aquasurf-binary-unary-unary",
       nullptr,
       5103ULL,
       {
           {0,
            {"s:0:5.4.25", "s:0:4.17.13", "s:0:0.4.21", "s:0:3.17.16"},
            {"s:0:5.13.25", "s:0:4.13.25", "s:0:4.2.25", "s:0:4.2.20"},
            "min(abs(x), bessel_i0e(x))"},
           {1,
            {"s:0:6.14.26", "s:0:6.14.21", "s:0:0.1.16", "s:0:5.9.22"},
            {"s:0:5.14.26", "s:0:5.14.17", "s:0:3.14.17", "s:0:3.6.17"},
            "softplus(x)^bessel_i1e(x)"},
           {42,
            {"s:0:1.20.14", "s:0:1.4.24", "s:0:5.19.4", "s:0:5.7.4"},
            {"s:0:0.20.14", "s:0:5.20.14", "s:0:1.20.14", "s:0:6.20.14"},
            "relu(x) - softplus(x)"},
           {2026,
            {"s:0:3.21.21", "s:0:3.14.8", "s:0:4.18.24", "s:0:6.25.25"},
            {"s:0:1.21.21", "s:0:2.21.21", "s:0:2.8.21", "s:0:2.13.21"},
            "elu(x)/elu(x)"},
       },
       5103,
       0x3e121df76436b7ddULL,
       {{0, "s:0:0.0.0"},
        {1, "s:0:0.0.1"},
        {2, "s:0:0.0.2"},
        {997, "s:0:1.9.25"},
        {1994, "s:0:2.19.23"},
        {2991, "s:0:4.2.21"},
        {3988, "s:0:5.12.19"},
        {4985, "s:0:6.22.17"}}},
      {"tree-small",
       nullptr,
       6528ULL,
       {
           {0,
            {"s:0:12.3.16.4.15", "s:0:12.15.9.15.15", "s:0:11.15.1.15", "s:0:10.3.14.2.14"},
            {"s:0:11.3.16.4.15", "s:0:11.3.16.15", "s:0:11.3.16.4.15", "s:0:12.3.16.4.15"},
            "max(exp(1), tanh(beta))"},
           {1,
            {"s:0:9.2.15.3.15", "s:0:9.12.14.15.16", "s:0:11.14.11.16.15", "s:0:12.15.3.14"},
            {"s:0:13.2.15.3.15", "s:0:13.5.15.3.15", "s:0:13.5.15.3.16", "s:0:13.5.15.0.16"},
            "beta^2 + exp(beta2)"},
           {42,
            {"s:0:13.16.0.15", "s:0:9.4.15.7.15", "s:0:9.1.15.2.14", "s:0:13.4.14.5.15"},
            {"s:0:9.16.0.15", "s:0:9.16.0.14", "s:0:11.16.0.14", "s:0:11.16.0.15"},
            "min(1, -beta)"},
           {2026,
            {"s:0:12.0.15.8.14", "s:0:10.10.15.15.15", "s:0:13.8.15.15", "s:0:13.14.10.14.15"},
            {"s:0:12.6.15.8.14", "s:0:9.6.15.8.14", "s:0:9.6.15.14", "s:0:9.1.15.14"},
            "max(-beta, sin(x))"},
       },
       6528,
       0x481fbe8bf05f2e84ULL,
       {{0, "s:0:14"},
        {1, "s:0:15"},
        {2, "s:0:16"},
        {997, "s:0:10.3.15.15"},
        {1994, "s:0:9.4.14.0.16"},
        {2991, "s:0:10.4.14.0.14"},
        {3988, "s:0:11.3.16.8.15"},
        {4985, "s:0:12.3.16.7.16"}}},
      {"inline-core-1-3",
       "kind: core_units\nunits: {min: 1, max: 3}\nunary: [identity, scale, tanh, square]\nbinary: [add, mul, max]\n",
       3990576ULL,
       {
           {0,
            {"u:2.0.0.0.0/0.2.0.1.1/1.0.1.1.2", "u:1.0.0.0.0/2.1.0.0.0/1.2.3.2.1", "u:0.3.3.0.0/0.1.2.1.1/0.2.1.0.2",
             "u:2.3.2.0.0/2.2.0.0.0/0.2.0.2.0"},
            {"u:2.0.2.0.0/0.2.0.1.1/1.0.1.1.2", "u:2.0.3.0.0/0.2.0.1.1/1.0.1.1.2", "u:2.0.3.0.0/0.2.0.1.1",
             "u:2.0.2.0.0/0.2.0.1.1"},
            "max(x, x)*(beta*(tanh(max(x, x)) + max(x, x)))"},
           {1,
            {"u:1.0.3.0.0/2.2.2.1.1/1.1.2.0.2", "u:1.3.3.0.0/1.3.1.1.1/2.2.0.2.0", "u:2.1.0.0.0/1.3.0.0.0/1.3.1.2.1",
             "u:1.1.3.0.0/0.3.2.1.1/0.3.3.2.1"},
            {"u:1.0.3.0.0/2.2.2.1.1", "u:1.0.3.0.0/2.0.2.1.1", "u:1.0.3.0.0/2.2.2.1.1", "u:1.0.3.0.0/2.2.2.0.1"},
            "beta*x*tanh(max(tanh(x*x^2), tanh(x*x^2)))"},
           {42,
            {"u:0.1.1.0.0/1.0.2.1.0/2.1.1.1.1", "u:1.1.0.0.0/0.2.1.1.1/2.0.0.1.2", "u:1.1.2.0.0/2.2.2.0.1/2.2.3.2.0",
             "u:0.3.1.0.0/0.3.1.1.1/2.0.0.2.1"},
            {"u:0.1.1.0.0/1.0.2.1.0", "u:0.1.1.0.0/1.2.2.1.0", "u:0.1.1.0.0", "u:0.2.1.0.0"},
            "max(beta3*(beta*x + beta2*x), beta4*(beta*x + beta2*x))"},
           {2026,
            {"u:1.2.2.0.0/0.0.0.1.1/0.3.0.1.2", "u:1.1.3.0.0/0.3.0.0.0/1.0.0.2.0", "u:2.3.0.0.0/2.2.1.1.0/2.3.1.0.0",
             "u:0.2.0.0.0/1.0.3.1.0/0.0.3.2.0"},
            {"u:1.2.2.0.0/0.0.0.1.1/0.2.0.1.2", "u:1.2.2.0.0/0.0.0.1.1/0.0.0.1.2", "u:1.2.2.0.0/0.0.0.1.1",
             "u:2.2.2.0.0/0.0.0.1.1"},
            "(tanh(x)*tanh(x))^2 + (tanh(x)*tanh(x) + tanh(x)*tanh(x))"},
       },
       100000,
       0x61f59367bec8484fULL,
       {{0, "u:0.0.0.0.0"},
        {1, "u:0.0.1.0.0"},
        {2, "u:0.0.2.0.0"},
        {997, "u:0.1.0.0.0/2.3.1.0.1"},
        {1994, "u:0.2.2.0.0/0.1.2.1.0"},
        {2991, "u:0.3.3.0.0/0.3.3.1.1"},
        {3988, "u:1.1.0.0.0/1.2.1.0.0"},
        {4985, "u:1.2.1.0.0/2.0.2.0.1"}}},
      {"inline-tree-params",
       "kind: tree\nmax_depth: 4\nmax_size: 9\nunary: [neg, exp, tanh, shift]\nbinary: [add, mul, "
       "interpolate]\nconstants: [-1, 0.5, 2, 3]\nparameters: true\n",
       19197402ULL,
       {
           {0,
            {"s:0:5.4.0.8.1.11.0.0.11", "s:0:6.0.0.11.5.5.10.10.10", "s:0:4.4.4.11.10.7.4.12.10",
             "s:0:5.5.9.7.4.4.11.7.8"},
            {"s:0:5.4.0.8.1.11.0.0.10", "s:0:5.4.0.8.1.11.0.0.8", "s:0:5.4.0.8.1.11.1.0.8", "s:0:5.4.0.8.1.8.1.0.8"},
            "(-beta + exp(2))*-(-(2))"},
           {1,
            {"s:0:6.6.11.1.8.5.11.1.10", "s:0:6.3.10.4.2.7.4.8.12", "s:0:5.6.0.11.1.9.8", "s:0:6.4.8.1.8.5.12.2.8"},
            {"s:0:6.6.11.1.8.5.11.0.10", "s:0:6.6.11.1.8.5.11.0.11", "s:0:6.6.11.1.8.5.11.0.9",
             "s:0:6.6.11.8.5.11.0.9"},
            "beta*(beta2*2 + (1 - beta2)*exp(beta3)) + (1 - beta)*(2*exp(0.5))"},
           {42,
            {"s:0:6.5.7.11.5.1.8.11", "s:0:5.4.2.8.1.12.0.0.9", "s:0:6.5.0.10.12.4.12.1.7", "s:0:4.4.10.8.6.11.5.12.9"},
            {"s:0:4.5.7.11.5.1.8.11", "s:0:4.5.2.7.11.5.1.8.11", "s:0:4.5.2.7.11.4.1.8.11", "s:0:4.5.2.7.11.6.1.8.11"},
            "beta*(x*2) + (1 - beta)*(exp(beta2)*2)"},
           {2026,
            {"s:0:4.4.11.9.4.4.7.11.9", "s:0:5.4.8.6.11.11.6.12.10", "s:0:4.6.11.8.6.12.4.10.7",
             "s:0:4.5.11.5.7.7.5.12.7"},
            {"s:0:4.4.11.9.4.5.7.11.9", "s:0:4.4.12.9.4.5.7.11.9", "s:0:4.4.12.9.4.11.9", "s:0:4.4.12.9.4.7.9"},
            "2 + -1 + (x + 2 + -1)"},
       },
       100000,
       0xc1c42505d943cf46ULL,
       {{0, "s:0:7"},
        {1, "s:0:8"},
        {2, "s:0:9"},
        {997, "s:0:3.5.10.8"},
        {1994, "s:0:0.0.6.8.9"},
        {2991, "s:0:0.6.9.3.10"},
        {3988, "s:0:1.5.9.1.11"},
        {4985, "s:0:2.4.8.3.12"}}},
      {"inline-schema-3",
       "kind: schema\nschemas: [x, unary(x), \"binary(unary(x), binary(x, unary(x)))\"]\nunary: [relu, tanh, "
       "scale]\nbinary: [add, mul, sigmoid_gate]\n",
       85ULL,
       {
           {0,
            {"s:2:2.1.1.0", "s:2:2.1.1.1", "s:2:0.1.2.2", "s:2:1.2.2.0"},
            {"s:2:0.1.1.0", "s:2:2.1.1.0", "s:1:0", "s:2:2.0.0.0"},
            "sigmoid(tanh(x))*(x*relu(x))"},
           {1,
            {"s:2:1.2.2.2", "s:2:2.0.1.1", "s:2:1.0.2.0", "s:2:2.2.1.1"},
            {"s:2:1.2.2.1", "s:0:", "s:1:2", "s:1:1"},
            "beta*x*(sigmoid(x)*(beta2*x))"},
           {42,
            {"s:2:0.2.2.1", "s:2:1.0.1.2", "s:2:1.1.1.1", "s:2:0.0.0.1"},
            {"s:2:0.2.1.1", "s:0:", "s:1:1", "s:1:0"},
            "beta*x + sigmoid(x)*tanh(x)"},
           {2026,
            {"s:2:1.0.0.0", "s:2:2.2.0.0", "s:2:0.1.2.1", "s:2:1.1.0.1"},
            {"s:0:", "s:1:1", "s:1:0", "s:2:2.2.0.1"},
            "relu(x)*(x + relu(x))"},
       },
       85,
       0xda6c085fb58d5958ULL,
       {{0, "s:0:"}, {1, "s:1:0"}, {2, "s:1:1"}}},
  };
  return all;
}

Space load(const SpaceCase& c) {
  auto s = c.yaml ? Space::parse_text(c.yaml, std::string(c.name) + ".yaml")
                  : Space::load(std::string(ACTSEARCH_SOURCE_DIR) + "/spaces/definitions/" + c.name + ".yaml");
  if (!s) throw std::runtime_error(s.error().describe());
  return *s;
}

TEST(StoredMembers, SamplesAndMutationsForASeedAreUnchanged) {
  for (const SpaceCase& c : cases()) {
    SCOPED_TRACE(c.name);
    const Space s = load(c);
    EXPECT_EQ(s.raw_size(), c.raw);
    for (const SeedCase& seed : c.seeds) {
      SCOPED_TRACE(seed.seed);
      Rng rng(seed.seed);
      std::vector<std::string> samples, mutations;
      std::optional<Genome> first;
      for (std::size_t i = 0; i < seed.samples.size(); ++i) {
        const Genome g = s.sample(rng);
        if (!first) first = g;
        samples.push_back(encode(g));
      }
      Genome g = *first;
      for (std::size_t i = 0; i < seed.mutations.size(); ++i) {
        g = s.mutate(g, rng);
        mutations.push_back(encode(g));
      }
      EXPECT_EQ(samples, seed.samples);
      EXPECT_EQ(mutations, seed.mutations);
      EXPECT_EQ(expr::print(s.expression(*first)), seed.first_expression);
    }
  }
}

TEST(StoredMembers, EnumerationOrderIsUnchanged) {
  for (const SpaceCase& c : cases()) {
    SCOPED_TRACE(c.name);
    const Space s = load(c);
    ASSERT_TRUE(s.enumerable());
    std::uint64_t n = 0, digest = hash::kFnv1aOffsetBasis;
    std::vector<std::pair<std::uint64_t, std::string>> at;
    s.enumerate([&](const Genome& g) {
      const std::string e = encode(g);
      for (const char ch : e + "|") digest = (digest ^ static_cast<unsigned char>(ch)) * hash::kFnv1aPrime;
      for (const auto& [index, expected] : c.members_at) {
        if (index == n) at.emplace_back(n, e);
      }
      return ++n < c.enumerated;
    });
    EXPECT_EQ(n, c.enumerated);
    EXPECT_EQ(digest, c.digest);
    EXPECT_EQ(at, c.members_at);
  }
}

TEST(StoredMembers, FingerprintsAreUnchanged) {
  // Fingerprints identify candidates in stored campaigns (alias detection on resume).
  const std::pair<const char*, const char*> pinned[] = {
      {"relu(x)", "c967178dc0ced7a2"},       {"tanh(x)", "69f68e41cd6bcfcd"},
      {"x*sigmoid(x)", "426a97d232ba51f7"},  {"x*sigmoid(beta*x)", "e78162fa7be8c2af"},
      {"max(x, 0.5*x)", "655d6f203b9610a0"},
  };
  for (const auto& [text, hex] : pinned) EXPECT_EQ(expr::fingerprint(*expr::parse(text)).hex(), hex) << text;
}

}  // namespace
}  // namespace actsearch::spaces
