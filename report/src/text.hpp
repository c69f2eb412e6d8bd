// Number and text formatting shared by the report's views.
#pragma once

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

namespace actsearch::report::text {

// JSON has no NaN or infinity: unknown values are null.
inline nlohmann::json number_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }

// For the report's page: 6 significant digits are more than any table or chart shows, and a third of the
// text of full precision (a 100k-evaluation campaign's report is megabytes of numbers).
inline nlohmann::json compact_number(double v) {
  if (!std::isfinite(v)) return nlohmann::json();
  if (v == 0) return nlohmann::json(0.0);
  const double scale = std::pow(10.0, 5 - static_cast<int>(std::floor(std::log10(std::abs(v)))));
  return nlohmann::json(std::round(v * scale) / scale);
}

inline std::string fixed(double v, int digits) { return std::isfinite(v) ? fmt::format("{:.{}f}", v, digits) : "-"; }
inline std::string signed_fixed(double v, int digits) {
  return std::isfinite(v) ? fmt::format("{:+.{}f}", v, digits) : "-";
}

inline std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace actsearch::report::text
