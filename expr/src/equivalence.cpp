#include "expr/equivalence.hpp"

#include <algorithm>
#include <vector>

#include "common/hash.hpp"
#include "expr/fingerprint.hpp"

namespace actsearch::expr {

std::string_view to_string(Reflection r) {
  switch (r) {
    case Reflection::None: return "identity";
    case Reflection::Output: return "-phi(x)";
    case Reflection::Input: return "phi(-x)";
    case Reflection::Both: return "-phi(-x)";
  }
  return "identity";
}

std::optional<Reflection> parse_reflection(std::string_view text) {
  for (Reflection r : kReflections) {
    if (to_string(r) == text) return r;
  }
  return std::nullopt;
}

Expr reflect(const Expr& e, Reflection r) {
  Expr out = negates_input(r) ? substitute_x(e, Expr::call("neg", {Expr::x()})) : e;
  return negates_output(r) ? Expr::call("neg", {out}) : out;
}

std::string EquivalenceKey::hex() const { return hash::hex16(hash); }

EquivalenceKey equivalence_key(const Program& program, bool sign_symmetric) {
  if (!sign_symmetric) return {fingerprint(program).hash};
  // The class's members' fingerprint texts, sorted: the same set, whichever member the program is.
  std::vector<std::uint64_t> members;
  for (Reflection r : kReflections) {
    members.push_back(
        hash::fnv1a(fingerprint_text(program, negates_input(r), negates_output(r)), hash::kFnv1aLegacyBasis));
  }
  std::sort(members.begin(), members.end());
  std::string text = "{±phi(±x)}";
  for (std::uint64_t m : members) text += ";" + hash::hex16(m);
  return {hash::fnv1a(text)};
}

EquivalenceKey equivalence_key(const Program& program, Reflections kept) {
  if (kept.all()) return equivalence_key(program, true);
  if (kept == Reflections::identity_only()) return equivalence_key(program, false);
  std::vector<std::uint64_t> members;
  Reflection other = Reflection::None;
  for (Reflection r : kReflections) {
    if (!kept.has(r)) continue;
    if (r != Reflection::None) other = r;
    members.push_back(
        hash::fnv1a(fingerprint_text(program, negates_input(r), negates_output(r)), hash::kFnv1aLegacyBasis));
  }
  std::sort(members.begin(), members.end());
  std::string text = "{phi, " + std::string(to_string(other)) + "}";
  for (std::uint64_t m : members) text += ";" + hash::hex16(m);
  return {hash::fnv1a(text)};
}

EquivalenceKey equivalence_key(const Expr& e, bool sign_symmetric) {
  return equivalence_key(Program::compile(e, ProgramOptions{.derivatives = false}), sign_symmetric);
}

std::optional<Reflection> reflection_between(const Program& of, const Program& member) {
  const std::string target = fingerprint_text(member, false, false);
  for (Reflection r : kReflections) {
    if (fingerprint_text(of, negates_input(r), negates_output(r)) == target) return r;
  }
  return std::nullopt;
}

}  // namespace actsearch::expr
