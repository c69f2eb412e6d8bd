// The series behind the report's charts. Fitness and rank are leaderboard()'s; what is computed here
// are plain summaries of stored runs (means of validation accuracy per stage, running maxima, per-epoch
// means) and the function values themselves.
#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include "expr/parse.hpp"
#include "expr/program.hpp"
#include "expr/simplify.hpp"
#include "report/function_display.hpp"
#include "report/src/learned.hpp"
#include "report/src/report_data.hpp"
#include "report/src/text.hpp"

namespace actsearch::report {
namespace {

using nlohmann::json;
using text::compact_number;

constexpr double kGridLow = -5, kGridHigh = 5;
constexpr int kGridPoints = 201;

std::string label_of(const db::LeaderboardRow& r) {
  return r.baseline ? r.baseline_name : "#" + std::to_string(r.candidate_id) + " " + display_function(r.expr).text;
}

json values_json(const std::vector<double>& values) {
  json out = json::array();
  for (double v : values) out.push_back(compact_number(v));
  return out;
}

// The stage of the final round as stored: the config's when it could be read, else the highest stage
// any row reached.
int last_stage(const CampaignSnapshot& s) {
  if (s.final_stage >= 0) return s.final_stage;
  int stage = -1;
  for (const auto& r : s.rows) stage = std::max(stage, r.stage);
  return stage;
}

// Mean validation accuracy of each candidate's done runs, per stage: stage -> candidate -> mean.
std::map<int, std::unordered_map<std::int64_t, double>> stage_means(const CampaignSnapshot& s) {
  std::map<int, std::unordered_map<std::int64_t, std::pair<double, int>>> sums;
  for (const auto& e : s.evaluations) {
    if (e.status != db::EvalStatus::Done || !std::isfinite(e.val_accuracy)) continue;
    auto& [sum, n] = sums[e.stage][e.candidate_id];
    sum += e.val_accuracy;
    ++n;
  }
  std::map<int, std::unordered_map<std::int64_t, double>> out;
  for (const auto& [stage, by_candidate] : sums) {
    for (const auto& [id, sn] : by_candidate) out[stage][id] = sn.first / sn.second;
  }
  return out;
}

}  // namespace

double kendall_tau(const std::map<std::string, double>& a, const std::map<std::string, double>& b) {
  std::vector<std::pair<double, double>> common;
  for (const auto& [key, value] : a) {
    if (const auto it = b.find(key); it != b.end()) common.emplace_back(value, it->second);
  }
  if (common.size() < 2) return db::kNaN;
  long concordant = 0, discordant = 0;
  for (std::size_t i = 0; i < common.size(); ++i) {
    for (std::size_t j = i + 1; j < common.size(); ++j) {
      const double sign = (common[i].first - common[j].first) * (common[i].second - common[j].second);
      concordant += sign > 0;
      discordant += sign < 0;
    }
  }
  const double pairs = 0.5 * static_cast<double>(common.size()) * static_cast<double>(common.size() - 1);
  return static_cast<double>(concordant - discordant) / pairs;
}

json functions_json(const CampaignSnapshot& s, int plotted) {
  std::vector<double> grid(kGridPoints);
  for (int i = 0; i < kGridPoints; ++i) grid[i] = kGridLow + (kGridHigh - kGridLow) * i / (kGridPoints - 1);
  json series = json::array();
  int top = 0;
  for (const auto& r : s.rows) {
    if (!r.baseline && (top >= plotted || !std::isfinite(r.fitness))) continue;
    auto parsed = expr::parse(r.expr);
    if (!parsed) continue;  // a stored text this build cannot read: listed, not drawn
    if (!r.baseline) ++top;
    const expr::Program program = expr::Program::compile(expr::simplify(*parsed));
    std::vector<double> phi(grid.size()), dphi(grid.size());
    std::vector<double*> outputs = {phi.data(), dphi.data()};
    const std::vector<double> initial = program.initial_params();
    program.evaluate(grid, initial, outputs);
    json item = {{"id", r.candidate_id}, {"label", label_of(r)},    {"baseline", r.baseline},
                 {"rank", r.rank},       {"phi", values_json(phi)}, {"dphi", values_json(dphi)}};
    if (program.num_params() > 0) {
      std::vector<double> learned = layer_mean(learned_constants(s.evaluations, r.candidate_id));
      if (static_cast<int>(learned.size()) == program.num_params() &&
          std::all_of(learned.begin(), learned.end(), [](double v) { return std::isfinite(v); })) {
        program.evaluate(grid, learned, outputs);
        item["phi_learned"] = values_json(phi);
        item["dphi_learned"] = values_json(dphi);
        item["learned"] = values_json(learned);
      }
    }
    series.push_back(std::move(item));
  }
  return {{"x", values_json(grid)}, {"series", series}};
}

json progress_json(const CampaignSnapshot& s) {
  // Per stage, in recording order: the best single-run validation accuracy after each training. (A
  // candidate's fitness needs all its seeds; one run's accuracy is what is known at that moment.)
  std::map<int, std::vector<std::pair<int, double>>> best;  // stage -> (trainings, best so far), at changes
  std::map<int, int> trainings;
  for (const auto& e : s.evaluations) {
    if (e.status != db::EvalStatus::Done && e.status != db::EvalStatus::Diverged &&
        e.status != db::EvalStatus::Failed) {
      continue;
    }
    const int n = ++trainings[e.stage];
    auto& points = best[e.stage];
    const double previous = points.empty() ? -INFINITY : points.back().second;
    if (std::isfinite(e.val_accuracy) && e.val_accuracy > previous) points.emplace_back(n, e.val_accuracy);
  }
  json out = json::array();
  for (const auto& [stage, points] : best) {
    json xs = json::array(), ys = json::array();
    for (const auto& [n, v] : points) xs.push_back(n), ys.push_back(v);
    if (!points.empty() && points.back().first != trainings[stage]) {
      xs.push_back(trainings[stage]);  // carry the best to the last training of the stage
      ys.push_back(points.back().second);
    }
    out.push_back({{"stage", stage}, {"final", stage == s.final_stage}, {"trainings", xs}, {"best", ys}});
  }
  return out;
}

json ladder_json(const CampaignSnapshot& s) {
  std::map<std::int64_t, std::string> baseline_of;
  for (const auto& r : s.rows) {
    if (r.baseline) baseline_of[r.candidate_id] = r.baseline_name;
  }
  std::map<int, std::map<std::string, double>> by_stage;
  std::map<int, std::pair<std::int64_t, int>> budget;  // stage -> (train examples, epochs)
  for (const auto& [stage, means] : stage_means(s)) {
    for (const auto& [id, mean] : means) {
      if (const auto it = baseline_of.find(id); it != baseline_of.end()) by_stage[stage][it->second] = mean;
    }
  }
  for (const auto& e : s.evaluations) {
    if (e.status == db::EvalStatus::Done) {
      auto& b = budget[e.stage];
      b = {std::max(b.first, e.train_examples), std::max(b.second, e.epochs)};
    }
  }
  json stages = json::array();
  if (by_stage.empty()) return {{"stages", stages}, {"reference_stage", nullptr}};
  const int reference = by_stage.rbegin()->first;
  for (const auto& [stage, means] : by_stage) {
    json m = json::object();
    for (const auto& [name, v] : means) m[name] = v;
    stages.push_back({{"stage", stage},
                      {"final", stage == s.final_stage},
                      {"train_examples", budget[stage].first},
                      {"epochs", budget[stage].second},
                      {"means", m},
                      {"tau", compact_number(kendall_tau(means, by_stage[reference]))}});
  }
  return {{"stages", stages}, {"reference_stage", reference}};
}

json forest_json(const CampaignSnapshot& s, int shown) {
  std::vector<std::string> references;
  for (const char* preferred : {"relu", "swish", "gelu"}) {
    if (s.deltas.count(preferred)) references.push_back(preferred);
  }
  for (const auto& b : s.baselines) {
    if (references.size() < 3 && std::find(references.begin(), references.end(), b) == references.end())
      references.push_back(b);
  }
  const int final_stage = last_stage(s);
  int finalists = 0;
  json items = json::array();
  for (const auto& r : s.rows) {
    if (r.stage != final_stage || r.baseline || !std::isfinite(r.fitness)) continue;
    if (++finalists > shown) continue;
    json deltas = json::object();
    for (const auto& ref : references) {
      const auto& by_candidate = s.deltas.at(ref);
      if (const auto it = by_candidate.find(r.candidate_id); it != by_candidate.end()) {
        deltas[ref] = {compact_number(it->second.delta), compact_number(it->second.low),
                       compact_number(it->second.high), it->second.pairs};
      }
    }
    items.push_back({{"id", r.candidate_id}, {"label", label_of(r)}, {"deltas", deltas}});
  }
  return {{"references", references}, {"stage", final_stage}, {"items", items}, {"finalists", finalists}};
}

json pareto_json(const CampaignSnapshot& s) {
  // At the first rung every candidate had the same training, so accuracies there compare like with like.
  const auto means = stage_means(s);
  json points = json::array(), front = json::array();
  if (means.empty()) return {{"stage", nullptr}, {"points", points}, {"front", front}};
  const auto& [stage, by_candidate] = *means.begin();
  struct Point {
    int complexity;
    double accuracy;
    std::int64_t id;
    const db::LeaderboardRow* row;
  };
  std::vector<Point> all;
  for (const auto& r : s.rows) {
    if (const auto it = by_candidate.find(r.candidate_id); it != by_candidate.end())
      all.push_back({r.complexity, it->second, r.candidate_id, &r});
  }
  std::sort(all.begin(), all.end(), [](const Point& a, const Point& b) {
    return a.complexity != b.complexity ? a.complexity < b.complexity
           : a.accuracy != b.accuracy   ? a.accuracy > b.accuracy
                                        : a.id < b.id;
  });
  double best = -INFINITY;
  for (const Point& p : all) {
    points.push_back(
        {p.complexity, compact_number(p.accuracy), p.id, p.row->baseline ? 1 : 0});  // [x, y, id, baseline]
    if (p.accuracy > best) {                                                         // nothing simpler is as accurate
      best = p.accuracy;
      front.push_back(
          {{"id", p.id}, {"x", p.complexity}, {"y", compact_number(p.accuracy)}, {"label", label_of(*p.row)}});
    }
  }
  return {{"stage", stage}, {"points", points}, {"front", front}};
}

json curves_json(const CampaignSnapshot& s, int finalists) {
  const int final_stage = last_stage(s);
  std::unordered_map<std::int64_t, const db::LeaderboardRow*> shown;
  int taken = 0;
  for (const auto& r : s.rows) {
    if (r.baseline || (r.stage == final_stage && taken++ < finalists)) shown[r.candidate_id] = &r;
  }
  // candidate -> epoch -> (sums of val accuracy, val loss, train loss; counts)
  struct Sums {
    double acc = 0, val_loss = 0, train_loss = 0;
    int n_acc = 0, n_val = 0, n_train = 0;
  };
  std::map<std::int64_t, std::map<int, Sums>> sums;
  for (const auto& e : s.evaluations) {
    if (e.stage != final_stage || e.status != db::EvalStatus::Done || !shown.count(e.candidate_id)) continue;
    const auto epochs = json::parse(e.epoch_metrics_json, nullptr, false);
    if (!epochs.is_array()) continue;
    for (const auto& m : epochs) {
      if (!m.is_object() || !m.contains("epoch") || !m["epoch"].is_number_integer()) continue;
      Sums& t = sums[e.candidate_id][m["epoch"].get<int>()];
      auto add = [&m](const char* key, double& sum, int& n) {
        if (m.contains(key) && m[key].is_number()) sum += m[key].get<double>(), ++n;
      };
      add("val_accuracy", t.acc, t.n_acc);
      add("val_loss", t.val_loss, t.n_val);
      add("train_loss", t.train_loss, t.n_train);
    }
  }
  json out = json::array();
  for (const auto& r : s.rows) {
    const auto it = sums.find(r.candidate_id);
    if (it == sums.end()) continue;
    json epochs = json::array(), acc = json::array(), val_loss = json::array(), train_loss = json::array();
    auto mean = [](double sum, int n) { return n > 0 ? json(sum / n) : json(); };
    for (const auto& [epoch, t] : it->second) {
      epochs.push_back(epoch);
      acc.push_back(mean(t.acc, t.n_acc));
      val_loss.push_back(mean(t.val_loss, t.n_val));
      train_loss.push_back(mean(t.train_loss, t.n_train));
    }
    out.push_back({{"id", r.candidate_id},
                   {"label", label_of(r)},
                   {"baseline", r.baseline},
                   {"epochs", epochs},
                   {"val_accuracy", acc},
                   {"val_loss", val_loss},
                   {"train_loss", train_loss}});
  }
  return {{"stage", final_stage}, {"series", out}};
}

}  // namespace actsearch::report
