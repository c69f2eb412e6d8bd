// core_units: Ramachandran, Zoph & Le (2017). A member is 1..16 core units b(u1(in1), u2(in2)), applied in
// order; unit k (0-based) reads x or the output of an earlier unit: inputs 0..k.
#include <stdexcept>
#include <utility>

#include "spaces/src/kind_support.hpp"
#include "spaces/src/registry.hpp"

namespace actsearch::spaces::detail {
namespace {

constexpr int kMaxUnits = 16;
constexpr std::string_view kKeys[] = {"units"};

class CoreUnitsKind final : public SpaceKind {
 public:
  CoreUnitsKind(OperatorSets operators, int min_units, int max_units)
      : SpaceKind(std::move(operators)), min_units_(min_units), max_units_(max_units) {
    std::uint64_t total = 0;
    bool overflow = false;
    for (int n = min_units_; n <= max_units_; ++n) overflow |= !checked_add(total, members_with_units(n, overflow));
    if (!overflow) raw_ = total;
  }

  std::string_view kind_name() const override { return "core_units"; }

  std::string describe() const override {
    return "core_units, " + std::to_string(min_units_) +
           (max_units_ != min_units_ ? ".." + std::to_string(max_units_) : std::string()) + " unit(s)";
  }

  std::optional<std::uint64_t> raw_size() const override { return raw_; }

  Genome sample(Rng& rng) const override {
    const std::size_t nu = unary().size(), nb = binary().size();
    std::vector<double> weights;
    for (int n = min_units_; n <= max_units_; ++n) {
      double w = 1;
      for (int k = 1; k <= n; ++k) w *= static_cast<double>(nb * nu * nu) * k * k;
      weights.push_back(w);
    }
    const int n = min_units_ + static_cast<int>(pick(weights, rng));
    Genome g;
    for (int k = 0; k < n; ++k) {
      UnitGene unit;
      unit.binary = static_cast<std::uint16_t>(rng.below(nb));
      unit.unary1 = static_cast<std::uint16_t>(rng.below(nu));
      unit.unary2 = static_cast<std::uint16_t>(rng.below(nu));
      unit.input1 = static_cast<std::uint16_t>(rng.below(k + 1));
      unit.input2 = static_cast<std::uint16_t>(rng.below(k + 1));
      g.units.push_back(unit);
    }
    return g;
  }

  bool mutate_once(Genome& g, Rng& rng) const override {
    const std::size_t nu = unary().size(), nb = binary().size();
    enum Op { ReplaceUnary, ReplaceBinary, Rewire, Add, Remove };
    std::vector<Op> ops;
    const int n = static_cast<int>(g.units.size());
    if (nu > 1) ops.push_back(ReplaceUnary);
    if (nb > 1) ops.push_back(ReplaceBinary);
    if (n >= 2) ops.push_back(Rewire);
    if (n < max_units_) ops.push_back(Add);
    if (n > min_units_) ops.push_back(Remove);
    if (ops.empty()) return false;
    const Op op = ops[rng.below(ops.size())];
    if (op == ReplaceUnary) {
      auto& u = g.units[rng.below(n)];
      auto& slot = rng.below(2) ? u.unary2 : u.unary1;
      slot = other(slot, nu, rng);
    } else if (op == ReplaceBinary) {
      auto& u = g.units[rng.below(n)];
      u.binary = other(u.binary, nb, rng);
    } else if (op == Rewire) {
      const std::size_t k = 1 + rng.below(n - 1);  // unit 1 reads only x
      auto& u = g.units[k];
      auto& input = rng.below(2) ? u.input2 : u.input1;
      input = other(input, k + 1, rng);
    } else if (op == Add) {
      // The new last unit reads the old output (so the parent's function feeds it) and one more input.
      UnitGene unit;
      unit.binary = static_cast<std::uint16_t>(rng.below(nb));
      unit.unary1 = static_cast<std::uint16_t>(rng.below(nu));
      unit.unary2 = static_cast<std::uint16_t>(rng.below(nu));
      unit.input1 = static_cast<std::uint16_t>(n);
      unit.input2 = static_cast<std::uint16_t>(rng.below(n + 1));
      if (rng.below(2)) std::swap(unit.input1, unit.input2);
      g.units.push_back(unit);
    } else {
      g.units.pop_back();
    }
    return true;
  }

  expr::Expr expression(const Genome& g) const override {
    ParameterNamer namer;
    auto apply = [&](const Space::Operator& op, std::vector<expr::Expr> args) {
      return expr::substitute(namer.instance(op.body), args);
    };
    std::vector<expr::Expr> outputs{expr::Expr::x()};
    for (const auto& u : g.units) {
      expr::Expr a = apply(unary()[checked(u.unary1, unary().size())], {outputs.at(u.input1)});
      expr::Expr b = apply(unary()[checked(u.unary2, unary().size())], {outputs.at(u.input2)});
      outputs.push_back(apply(binary()[checked(u.binary, binary().size())], {a, b}));
    }
    return outputs.back();
  }

  bool contains(const Genome& g) const override {
    if (!g.symbols.empty() || g.schema != 0) return false;
    const int n = static_cast<int>(g.units.size());
    if (n < min_units_ || n > max_units_) return false;
    for (int k = 0; k < n; ++k) {
      const auto& u = g.units[k];
      if (u.binary >= binary().size() || u.unary1 >= unary().size() || u.unary2 >= unary().size()) return false;
      if (u.input1 > k || u.input2 > k) return false;
    }
    return true;
  }

  void enumerate(const std::function<bool(const Genome&)>& visit) const override {
    for (int n = min_units_; n <= max_units_; ++n) {
      Genome g;
      g.units.assign(n, UnitGene{});
      // Odometer over (binary, unary1, unary2, input1, input2) of each unit, the last unit's input2 fastest.
      for (;;) {
        if (!visit(g)) return;
        int k = n - 1;
        for (; k >= 0; --k) {
          auto& u = g.units[k];
          const std::uint16_t inputs = static_cast<std::uint16_t>(k + 1);
          if (++u.input2 < inputs) break;
          u.input2 = 0;
          if (++u.input1 < inputs) break;
          u.input1 = 0;
          if (++u.unary2 < unary().size()) break;
          u.unary2 = 0;
          if (++u.unary1 < unary().size()) break;
          u.unary1 = 0;
          if (++u.binary < binary().size()) break;
          u.binary = 0;
        }
        if (k < 0) break;
      }
    }
  }

 private:
  // An operator index of a genome that may not belong to this space (the caller's error).
  static std::size_t checked(std::size_t index, std::size_t size) {
    if (index >= size) throw std::out_of_range("operator " + std::to_string(index) + " of " + std::to_string(size));
    return index;
  }

  std::uint64_t members_with_units(int n, bool& overflow) const {
    std::uint64_t total = 1;
    for (std::uint64_t k = 1; k <= static_cast<std::uint64_t>(n); ++k) {
      for (std::uint64_t f :
           {std::uint64_t(binary().size()), std::uint64_t(unary().size()), std::uint64_t(unary().size()), k, k})
        overflow |= !checked_mul(total, f);
    }
    return total;
  }

  int min_units_;
  int max_units_;
  std::optional<std::uint64_t> raw_;
};

// units: n, or {min, max} (max defaults to min); one unit when absent.
Expected<std::shared_ptr<const SpaceKind>> build(const Field& definition, OperatorSets operators) {
  int min_units = 1, max_units = 1;
  const Field units = definition["units"];
  if (units.present()) {
    if (units.is_scalar()) {
      auto n = units.integer(1, kMaxUnits);
      if (!n) return fail(n.error());
      min_units = max_units = *n;
    } else if (!units.is_map()) {
      return fail("expected {min, max} or an integer, found " + units.found(), units.where());
    } else {
      for (const Field& key : units.keys()) {
        if (key.scalar() != "min" && key.scalar() != "max") {
          return fail("unknown key '" + key.scalar() + "' (expected min, max)", key.where());
        }
      }
      const Field min = units["min"], max = units["max"];
      if (min.present()) {
        auto v = min.integer(1, kMaxUnits);
        if (!v) return fail(v.error());
        min_units = *v;
      }
      max_units = min_units;
      if (max.present()) {
        auto v = max.integer(1, kMaxUnits);
        if (!v) return fail(v.error());
        max_units = *v;
      }
      if (min_units > max_units) {
        return fail("min (" + std::to_string(min_units) + ") is larger than max (" + std::to_string(max_units) + ")",
                    (min.present() ? min : units).where("units.min"));
      }
    }
  }
  return std::shared_ptr<const SpaceKind>(std::make_shared<CoreUnitsKind>(std::move(operators), min_units, max_units));
}

}  // namespace

KindInfo core_units_kind() {
  return {.name = "core_units",
          .keys = kKeys,
          .default_unary = ramachandran_unary,
          .default_binary = ramachandran_binary,
          .build = build};
}

}  // namespace actsearch::spaces::detail
