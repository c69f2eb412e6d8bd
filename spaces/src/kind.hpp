// The interface every kind of space implements, and what the kinds share. A Space is a handle to one
// immutable SpaceKind; the kinds are registered by name in registry.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "expr/expr.hpp"
#include "spaces/genome.hpp"
#include "spaces/random.hpp"
#include "spaces/space.hpp"

namespace actsearch::spaces::detail {

struct OperatorSets {
  std::vector<Space::Operator> unary;
  std::vector<Space::Operator> binary;
};

// The operations of Space (see space.hpp for their contracts) for one kind of genome.
class SpaceKind {
 public:
  explicit SpaceKind(OperatorSets operators) : operators_(std::move(operators)) {}
  virtual ~SpaceKind() = default;
  SpaceKind(const SpaceKind&) = delete;
  SpaceKind& operator=(const SpaceKind&) = delete;

  // The kind's name in a definition's `kind` key.
  virtual std::string_view kind_name() const = 0;
  // The kind's part of Space::describe(), e.g. "core_units, 1..2 unit(s)".
  virtual std::string describe() const = 0;
  // Raw members; nullopt when the count does not fit 64 bits.
  virtual std::optional<std::uint64_t> raw_size() const = 0;
  virtual Genome sample(Rng& rng) const = 0;
  // Applies one mutation operator chosen uniformly among those that apply; false when none applies
  // (g is then unchanged).
  virtual bool mutate_once(Genome& g, Rng& rng) const = 0;
  virtual expr::Expr expression(const Genome& g) const = 0;
  virtual bool contains(const Genome& g) const = 0;
  // Every raw member in the kind's fixed order until visit returns false; the space is enumerable.
  virtual void enumerate(const std::function<bool(const Genome&)>& visit) const = 0;

  std::span<const Space::Operator> unary() const { return operators_.unary; }
  std::span<const Space::Operator> binary() const { return operators_.binary; }

 protected:
  OperatorSets operators_;
};

}  // namespace actsearch::spaces::detail
