#include "spaces/genome.hpp"

#include <charconv>
#include <string>

namespace actsearch::spaces {
namespace {

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
  return h * 0xFF51AFD7ED558CCDULL;
}

// Reads dot-separated numbers into `out` until the end of `text`.
bool numbers(std::string_view text, char sep, std::vector<std::uint16_t>& out) {
  if (text.empty()) return true;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = std::min(text.find(sep, start), text.size());
    std::uint16_t v = 0;
    const auto [p, ec] = std::from_chars(text.data() + start, text.data() + end, v);
    if (ec != std::errc() || p != text.data() + end) return false;
    out.push_back(v);
    if (end == text.size()) return true;
    start = end + 1;
  }
}

}  // namespace

std::uint64_t hash(const Genome& g) {
  std::uint64_t h = mix(0x51ED270B27D0A3C1ULL, g.units.size());
  for (const auto& u : g.units) {
    for (std::uint64_t v : {u.binary, u.unary1, u.unary2, u.input1, u.input2}) h = mix(h, v);
  }
  h = mix(h, g.schema);
  h = mix(h, g.symbols.size());
  for (auto s : g.symbols) h = mix(h, s);
  return h;
}

std::string encode(const Genome& g) {
  auto join = [](const std::vector<std::uint16_t>& v) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "." : "") + std::to_string(v[i]);
    return out;
  };
  if (!g.units.empty()) {
    std::string out = "u:";
    for (std::size_t i = 0; i < g.units.size(); ++i) {
      const auto& u = g.units[i];
      out += (i ? "/" : "") + join({u.binary, u.unary1, u.unary2, u.input1, u.input2});
    }
    return out;
  }
  if (g.schema != 0 || !g.symbols.empty()) {
    // A schema genome and a tree genome differ only in meaning; the prefix keeps the text unambiguous
    // for a reader. Schema 0 with slots and a tree both have symbols: the encoder cannot tell them
    // apart, so both use "s:" and decode yields the same Genome either way.
    return "s:" + std::to_string(g.schema) + ":" + join(g.symbols);
  }
  return "s:0:";
}

Expected<Genome> decode(std::string_view text) {
  Genome g;
  auto bad = [&] { return fail("not a genome encoding: '" + std::string(text) + "'"); };
  if (text.starts_with("u:")) {
    std::string_view rest = text.substr(2);
    while (!rest.empty()) {
      const std::size_t end = std::min(rest.find('/'), rest.size());
      std::vector<std::uint16_t> v;
      if (!numbers(rest.substr(0, end), '.', v) || v.size() != 5) return bad();
      g.units.push_back({v[0], v[1], v[2], v[3], v[4]});
      rest = end == rest.size() ? std::string_view{} : rest.substr(end + 1);
    }
    if (g.units.empty()) return bad();
    return g;
  }
  if (text.starts_with("s:")) {
    std::string_view rest = text.substr(2);
    const std::size_t colon = rest.find(':');
    if (colon == std::string_view::npos) return bad();
    std::vector<std::uint16_t> schema;
    if (!numbers(rest.substr(0, colon), '.', schema) || schema.size() != 1) return bad();
    g.schema = schema[0];
    if (!numbers(rest.substr(colon + 1), '.', g.symbols)) return bad();
    return g;
  }
  return bad();
}

}  // namespace actsearch::spaces
