// The structural description of one member of a space: which operators sit where and how they are
// wired. It means something only together with the Space that produced it (operator numbers index the
// space's unary and binary lists). A value type: comparable, hashable, printable.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"

namespace actsearch::spaces {

// One Ramachandran core unit b(u1(in1), u2(in2)). Inputs: 0 is x, j >= 1 is the output of unit j
// (1-based), which must come before this unit.
struct UnitGene {
  std::uint16_t binary = 0;
  std::uint16_t unary1 = 0;
  std::uint16_t unary2 = 0;
  std::uint16_t input1 = 0;
  std::uint16_t input2 = 0;
  friend auto operator<=>(const UnitGene&, const UnitGene&) = default;
};

struct Genome {
  // core_units: the units in order; the last unit's output is the function.
  std::vector<UnitGene> units;
  // schema: which schema of the space.
  std::uint16_t schema = 0;
  // schema: the operator of each unary/binary slot, in prefix order of the schema.
  // tree: the tree in prefix order, one token per node (see Space for the token layout).
  std::vector<std::uint16_t> symbols;
  friend auto operator<=>(const Genome&, const Genome&) = default;
};

std::uint64_t hash(const Genome& g);
struct GenomeHash {
  std::size_t operator()(const Genome& g) const { return static_cast<std::size_t>(hash(g)); }
};

// Compact text, e.g. "u:3.0.12.0.0/4.1.1.0.1" (units: binary.unary1.unary2.input1.input2) or
// "s:1:4.7.2" (schema 1 with its slot operators; trees use schema 0 and their tokens). decode(encode(g)) == g.
std::string encode(const Genome& g);
Expected<Genome> decode(std::string_view text);

}  // namespace actsearch::spaces
