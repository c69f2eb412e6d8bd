// The campaign report: one self-contained HTML file (styles, scripts, Chart.js and the data inline)
// that opens offline. Everything in it is read in one read transaction, so a report written while a
// campaign runs is a consistent picture of one moment, and the run is never blocked.
#pragma once

#include <filesystem>
#include <string>

#include "common/expected.hpp"
#include "db/database.hpp"
#include "report/report_options.hpp"

namespace actsearch::report {

// The report's HTML.
Expected<std::string> render_report(db::Database& database, const ReportOptions& options = {});

// render_report into `output`: written beside it and renamed into place, so a browser that reloads
// meanwhile sees the previous report or the new one, never half of one.
Expected<void> write_report(db::Database& database, const ReportOptions& options, const std::filesystem::path& output);

// Where `run` and `report` put a campaign's report: beside the database, `<database stem>.<campaign>.html`
// (characters other than letters, digits, '-', '_' and '.' in the name become '_').
std::filesystem::path default_report_path(const std::filesystem::path& database, const std::string& campaign);

}  // namespace actsearch::report
