// Files embedded into the library at build time (report/CMakeLists.txt).
#pragma once

#include <string_view>

namespace actsearch::report::assets {

std::string_view chart_js();     // Debian's libjs-chart.js (chart.min.js)
std::string_view charts_js();    // report/assets/charts.js: the chart sections
std::string_view report_js();    // report/assets/report.js: builds the page from the data
std::string_view report_css();   // report/assets/report.css
std::string_view report_html();  // report/assets/report.html: the page, with slots for the above

}  // namespace actsearch::report::assets
