#include <string>
#include <unordered_set>

#include "common/timing.hpp"
#include "expr/fingerprint.hpp"
#include "expr/print.hpp"
#include "expr/simplify.hpp"
#include "spaces/space.hpp"

namespace actsearch::spaces {

SpaceCount count(const Space& space, const std::function<void(std::uint64_t done)>& progress) {
  return count(space, CountOptions{}, progress);
}

SpaceCount count(const Space& space, const CountOptions& options,
                 const std::function<void(std::uint64_t done)>& progress) {
  const timing::Stopwatch clock;
  SpaceCount result;
  // Canonical texts are kept whole (not hashed) so the structural count is exact.
  std::unordered_set<std::string> structural;
  std::unordered_set<std::uint64_t> functional;
  std::unordered_set<std::uint64_t> finite;
  space.enumerate([&](const Genome& g) {
    const expr::Expr canonical = expr::simplify(space.expression(g));
    if (structural.insert(expr::print(canonical)).second) {
      // Structurally equal members have equal fingerprints: only new canonical forms need one.
      const expr::Fingerprint fp = expr::fingerprint(canonical);
      functional.insert(fp.hash);
      if (fp.finite && !fp.constant) finite.insert(fp.hash);
    }
    ++result.raw;
    if (options.progress_every > 0 && result.raw % options.progress_every == 0 && progress) progress(result.raw);
    if (options.max_seconds > 0 && (result.raw & 255) == 0 && clock.seconds() > options.max_seconds) {
      result.complete = false;
      return false;
    }
    return true;
  });
  result.structural = structural.size();
  result.functional = functional.size();
  result.finite = finite.size();
  result.seconds = clock.seconds();
  return result;
}

}  // namespace actsearch::spaces
