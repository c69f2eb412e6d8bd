#include "report/html.hpp"

#include <fmt/chrono.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <stdexcept>

#include "report/src/assets.hpp"
#include "report/src/report_data.hpp"
#include "report/src/snapshot.hpp"

namespace actsearch::report {
namespace {

// JSON placed inside <script> must neither close it ("</script") nor open an HTML comment ("<!--"): every
// '<' (only ever inside JSON strings) becomes the escape \u003c, which JSON reads as the same character.
std::string script_safe_json(const std::string& json) {
  std::string out;
  out.reserve(json.size());
  for (char c : json) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
  return out;
}

// Fills the page's slots in order, each after the previous one, so that filled-in text that happens to
// contain a slot's name is never mistaken for the slot.
class PageFiller {
 public:
  explicit PageFiller(std::string page) : page_(std::move(page)) {}
  void fill(std::string_view slot, std::string_view content) {
    const std::size_t at = page_.find(slot, position_);
    if (at == std::string::npos) throw std::logic_error("report.html has no slot " + std::string(slot));
    page_.replace(at, slot.size(), content);
    position_ = at + content.size();
  }
  std::string take() { return std::move(page_); }

 private:
  std::string page_;
  std::size_t position_ = 0;
};

std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

Expected<std::string> render_report(db::Database& database, const ReportOptions& options) {
  auto snapshot = read_campaign_snapshot(database, options);
  if (!snapshot) return fail(snapshot.error());
  const CampaignSnapshot& s = *snapshot;
  const nlohmann::json data = {
      {"generated_at", fmt::format("{:%Y-%m-%d %H:%M:%S} UTC",
                                   std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()))},
      {"campaign", campaign_json(s)},
      {"leaderboard", leaderboard_json(s)},
      {"functions", functions_json(s, options.plotted_functions)},
      {"progress", progress_json(s)},
      {"ladder", ladder_json(s)},
      {"forest", forest_json(s, options.forest_finalists)},
      {"pareto", pareto_json(s)},
      {"curves", curves_json(s, options.plotted_functions)},
      {"details", details_json(s)}};
  // Invalid UTF-8 in stored text (never written by actsearch) is replaced rather than failing the report.
  const std::string json = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  PageFiller page{std::string(assets::report_html())};
  page.fill("@TITLE@", html_escape("actsearch: " + s.campaign.name));
  page.fill("@STYLE@", assets::report_css());
  page.fill("@CHARTJS@", assets::chart_js());
  page.fill("@DATA@", script_safe_json(json));
  // charts.js declares functions only; report.js defines what they use and calls them at its end.
  page.fill("@SCRIPT@", std::string(assets::charts_js()) + "\n" + std::string(assets::report_js()));
  return page.take();
}

Expected<void> write_report(db::Database& database, const ReportOptions& options, const std::filesystem::path& output) {
  auto page = render_report(database, options);
  if (!page) return fail(page.error());
  const std::filesystem::path partial = output.string() + fmt::format(".partial-{}", getpid());
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << *page;
    out.close();
    if (!out) {
      std::error_code ec;
      std::filesystem::remove(partial, ec);
      return fail("cannot write the report", Location{.file = output.string()});
    }
  }
  std::error_code ec;
  std::filesystem::rename(partial, output, ec);
  if (ec) {
    std::filesystem::remove(partial, ec);
    return fail("cannot write the report: " + ec.message(), Location{.file = output.string()});
  }
  return {};
}

std::filesystem::path default_report_path(const std::filesystem::path& database, const std::string& campaign) {
  std::string name;
  for (char c : campaign) {
    const bool plain =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    name += plain ? c : '_';
  }
  return database.parent_path() / (database.stem().string() + "." + name + ".html");
}

}  // namespace actsearch::report
