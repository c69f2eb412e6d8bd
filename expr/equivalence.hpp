// Functions a network cannot tell apart. In an MLP whose weights start from a distribution symmetric
// about zero and whose biases start at zero, -phi(x) is undone by flipping the signs of the next layer's
// weights and phi(-x) by flipping the previous layer's weights and biases (trainer/symmetry.hpp), so the
// four reflections phi(x), -phi(x), phi(-x), -phi(-x) train identically. The equivalence key identifies
// that class: the fingerprint (expr/fingerprint.hpp) of the set {±phi(±x)}, constants at their initial
// values and moved as the fingerprint moves them. Only these exact symmetries merge: phi + c, a*phi and
// phi(c*x) with c != ±1 change the dynamics at initialisation and keep distinct keys.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "expr/expr.hpp"
#include "expr/program.hpp"

namespace actsearch::expr {

// psi in terms of phi.
enum class Reflection : std::uint8_t {
  None,    // psi(x) = phi(x)
  Output,  // psi(x) = -phi(x)
  Input,   // psi(x) = phi(-x)
  Both,    // psi(x) = -phi(-x)
};
inline constexpr std::array<Reflection, 4> kReflections = {Reflection::None, Reflection::Output, Reflection::Input,
                                                           Reflection::Both};
constexpr bool negates_output(Reflection r) { return r == Reflection::Output || r == Reflection::Both; }
constexpr bool negates_input(Reflection r) { return r == Reflection::Input || r == Reflection::Both; }
// "identity", "-phi(x)", "phi(-x)", "-phi(-x)"; and back (nullopt for anything else).
std::string_view to_string(Reflection r);
std::optional<Reflection> parse_reflection(std::string_view text);

// The reflected expression, as written (not simplified): -e, e with x replaced by -x, or both.
Expr reflect(const Expr& e, Reflection r);

// A set of reflections: those a task trains identically. It always holds None and is a subgroup
// ({None}, {None, r} or all four), since training alike is transitive; the intersection of two is one too.
class Reflections {
 public:
  constexpr Reflections() = default;  // all four
  static constexpr Reflections identity_only() { return Reflections(1u); }
  // {None} plus the reflections for which `keeps(r)` is true (which the caller has found to be a group).
  template <class Keeps>
  static constexpr Reflections where(Keeps keeps) {
    unsigned bits = 1;
    for (Reflection r : {Reflection::Output, Reflection::Input, Reflection::Both}) {
      if (keeps(r)) bits |= 1u << static_cast<unsigned>(r);
    }
    return Reflections(bits);
  }
  constexpr bool has(Reflection r) const { return (bits_ >> static_cast<unsigned>(r)) & 1u; }
  constexpr bool all() const { return bits_ == 0xF; }
  constexpr Reflections operator&(Reflections o) const { return Reflections(bits_ & o.bits_); }
  friend constexpr bool operator==(Reflections, Reflections) = default;

 private:
  constexpr explicit Reflections(unsigned bits) : bits_(static_cast<std::uint8_t>(bits | 1u)) {}
  std::uint8_t bits_ = 0xF;
};

struct EquivalenceKey {
  std::uint64_t hash = 0;
  std::string hex() const;  // 16 hex digits
  friend bool operator==(const EquivalenceKey&, const EquivalenceKey&) = default;
};

// sign_symmetric: whether the task trains the four reflections identically (trainer/symmetry.hpp). When
// it is not, the class is {phi} alone and the key is the fingerprint's hash.
EquivalenceKey equivalence_key(const Program& program, bool sign_symmetric = true);
// The class {reflect(phi, r) : r in kept}: the same key as above when kept is all four ({±phi(±x)}) or
// {None} (the fingerprint's hash); a key of its own for a two-member class.
EquivalenceKey equivalence_key(const Program& program, Reflections kept);
EquivalenceKey equivalence_key(const Expr& e, bool sign_symmetric = true);

// The reflection r with reflect(of, r) equal to `member` (by fingerprint), trying None first; nullopt
// when `member` is not in the class of `of`.
std::optional<Reflection> reflection_between(const Program& of, const Program& member);

}  // namespace actsearch::expr
