// The project's one string hash: FNV-1a 64 (Fowler, Noll & Vo). Identifies texts (config texts,
// fingerprint value strings, names inside expression hashes); fast and stable, not a security boundary.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace actsearch::hash {

inline constexpr std::uint64_t kFnv1aPrime = 1099511628211ULL;
// The standard 64-bit offset basis.
inline constexpr std::uint64_t kFnv1aOffsetBasis = 14695981039346656037ULL;
// The standard basis with its last digit lost (1469598103934665603 instead of 14695981039346656037).
// Functional fingerprints (expr::fingerprint) and expression hashes were seeded with it from the first
// release, and fingerprints are stored in every campaign database and decide which candidates are
// aliases; changing it would make a resumed campaign see every stored candidate as new. So it stays,
// under a name that says it is not the standard value.
inline constexpr std::uint64_t kFnv1aLegacyBasis = 1469598103934665603ULL;

constexpr std::uint64_t fnv1a(std::string_view text, std::uint64_t basis = kFnv1aOffsetBasis) {
  std::uint64_t h = basis;
  for (const char c : text) h = (h ^ static_cast<unsigned char>(c)) * kFnv1aPrime;
  return h;
}

// 16 lower-case hex digits, zero-padded.
inline std::string hex16(std::uint64_t value) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
  return buffer;
}

// Standard FNV-1a 64 of `text` as 16 hex digits.
inline std::string fnv1a_hex(std::string_view text) { return hex16(fnv1a(text)); }

}  // namespace actsearch::hash
