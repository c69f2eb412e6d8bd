// The report's data: the snapshot turned into the JSON the page script draws from. Split by section so
// that each part stays one idea: what the campaign is (report_data.cpp), and the series of the charts
// (chart_data.cpp).
#pragma once

#include <nlohmann/json.hpp>

#include "report/src/snapshot.hpp"

namespace actsearch::report {

nlohmann::json campaign_json(const CampaignSnapshot& s);     // config, counts, wall time, backend
nlohmann::json leaderboard_json(const CampaignSnapshot& s);  // every row, in leaderboard() order
nlohmann::json details_json(const CampaignSnapshot& s);      // probes, likeness, aliases, constants, exports

nlohmann::json functions_json(const CampaignSnapshot& s, int plotted);  // phi and phi' on a grid
nlohmann::json progress_json(const CampaignSnapshot& s);                // best so far against trainings
nlohmann::json ladder_json(const CampaignSnapshot& s);                  // baselines per rung, Kendall tau
nlohmann::json forest_json(const CampaignSnapshot& s, int shown);       // finalists' paired differences
nlohmann::json pareto_json(const CampaignSnapshot& s);                  // accuracy against complexity
nlohmann::json curves_json(const CampaignSnapshot& s, int shown);       // per-epoch metrics

// Kendall's tau-a between two scorings over their common keys; NaN with fewer than two.
double kendall_tau(const std::map<std::string, double>& a, const std::map<std::string, double>& b);

}  // namespace actsearch::report
