// Space, the handle: every operation is its kind's (kind.hpp); what is common to all kinds lives here.
#include "spaces/space.hpp"

#include <stdexcept>

#include "spaces/src/kind.hpp"

namespace actsearch::spaces {

Space::Space(std::string name, std::shared_ptr<const detail::SpaceKind> kind)
    : name_(std::move(name)), kind_(std::move(kind)) {
  if (!kind_) throw std::logic_error("a space needs a kind");
}

std::string_view Space::kind() const { return kind_->kind_name(); }
std::span<const Space::Operator> Space::unary() const { return kind_->unary(); }
std::span<const Space::Operator> Space::binary() const { return kind_->binary(); }

std::string Space::describe() const {
  const auto raw = raw_size();
  return name_ + ": " + kind_->describe() + "; " + std::to_string(unary().size()) + " unary x " +
         std::to_string(binary().size()) + " binary; " +
         (raw ? std::to_string(*raw) + " raw members" : std::string("too many members to count"));
}

Genome Space::sample(Rng& rng) const { return kind_->sample(rng); }

Genome Space::mutate(const Genome& parent, Rng& rng) const {
  // Every operator changes the genome except where a space is too small to allow any change; a few
  // attempts cover operators that can return to the parent (none do today, the loop is a guard).
  for (int attempt = 0; attempt < 16; ++attempt) {
    Genome child = parent;
    if (!kind_->mutate_once(child, rng)) return parent;
    if (child != parent) return child;
  }
  return parent;
}

expr::Expr Space::expression(const Genome& g) const { return kind_->expression(g); }
bool Space::contains(const Genome& g) const { return kind_->contains(g); }

std::optional<std::uint64_t> Space::raw_size() const { return kind_->raw_size(); }

bool Space::enumerable() const {
  const auto raw = raw_size();
  return raw && *raw <= kEnumerationLimit;
}

void Space::enumerate(const std::function<bool(const Genome&)>& visit) const {
  if (!enumerable()) throw std::logic_error("space '" + name_ + "' is too large to enumerate");
  kind_->enumerate(visit);
}

}  // namespace actsearch::spaces
