#include "db/records.hpp"

#include <array>
#include <utility>

namespace actsearch::db {
namespace {

constexpr std::array<std::pair<EvalStatus, std::string_view>, 6> kEvalStatusNames{{
    {EvalStatus::Queued, "queued"},
    {EvalStatus::Running, "running"},
    {EvalStatus::Done, "done"},
    {EvalStatus::Failed, "failed"},
    {EvalStatus::Diverged, "diverged"},
    {EvalStatus::Rejected, "rejected"},
}};

}  // namespace

std::string_view to_string(EvalStatus status) {
  for (const auto& [value, name] : kEvalStatusNames) {
    if (value == status) return name;
  }
  return "unknown";
}

std::optional<EvalStatus> parse_eval_status(std::string_view text) {
  for (const auto& [value, name] : kEvalStatusNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

}  // namespace actsearch::db
