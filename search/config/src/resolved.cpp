// The resolution is written from the structs (typed), except the task and the space, whose YAML
// mappings (every task field from trainer/task_fields.hpp; the space as defined) are converted with
// their scalars typed. It is read back by printing it as JSON, which is YAML, for the campaign reader:
// one reader, so a stored resolution cannot mean anything a campaign file could not.
#include "search/config/resolved.hpp"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "common/yaml_reader.hpp"

namespace actsearch::search {
namespace {

using Json = ResolvedConfig;

// A YAML scalar as the JSON value it reads as: integers and finite numbers as numbers, true/false
// as booleans, null as null; anything quoted or otherwise as a string.
Json scalar_value(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  if (node.Tag() == "!") return text;  // quoted: a string whatever it spells
  if (text == "null" || text == "~" || text.empty()) return nullptr;
  if (text == "true") return true;
  if (text == "false") return false;
  long long integer = 0;
  if (auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), integer);
      ec == std::errc() && end == text.data() + text.size()) {
    return integer;
  }
  double number = 0;
  if (auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
      ec == std::errc() && end == text.data() + text.size() && std::isfinite(number)) {
    return number;
  }
  return text;
}

Json from_yaml(const YAML::Node& node) {
  if (node.IsMap()) {
    Json out = Json::object();
    for (const auto& item : node) out[item.first.Scalar()] = from_yaml(item.second);
    return out;
  }
  if (node.IsSequence()) {
    Json out = Json::array();
    for (const auto& item : node) out.push_back(from_yaml(item));
    return out;
  }
  if (node.IsScalar()) return scalar_value(node);
  return nullptr;
}

Json strategy_json(const StrategySpec& s) {
  Json out = {{"kind", s.kind}, {"budget", s.budget}, {"batch", s.batch}};
  for (const auto& [key, value] : s.options.values()) {
    std::visit([&out, &k = key](const auto& v) { out[k] = v; }, value);
  }
  return out;
}

Json fidelity_json(const FidelitySpec& f) {
  Json rungs = Json::array();
  for (const auto& r : f.rungs) {
    rungs.push_back({{"train_examples", r.train_examples}, {"epochs", r.epochs}, {"seeds", r.seeds}, {"keep", r.keep}});
  }
  const auto& x = f.final;
  return {{"rungs", rungs},
          {"final",
           {{"top", x.top},
            {"seeds", x.seeds},
            {"train_examples", x.train_examples},
            {"epochs", x.epochs},
            {"test", x.test}}}};
}

// Every bound, the unbounded ones too ({}): read back, they replace the defaults one for one.
Json probes_json(const probes::ProbeBounds& bounds) {
  Json out = Json::object();
  for (const auto& b : bounds.bounds) {
    Json limits = Json::object();
    if (std::isfinite(b.min)) limits["min"] = b.min;
    if (std::isfinite(b.max)) limits["max"] = b.max;
    out[b.probe] = limits;
  }
  return out;
}

Json regularisers_json(const RegulariserSpec& r) {
  Json probes = Json::object();
  for (const auto& p : r.probes) probes[p.probe] = {{"target", p.target}, {"weight", p.weight}};
  return {{"complexity", r.complexity}, {"probes", probes}};
}

// Fields that say where a campaign runs, not what it computes.
const std::set<std::string> kNotMeaning = {
    "database", "device", "workers", "task.dataset.dir", "task.external.dir", "task.external.workers", "data"};

void flatten(const Json& value, const std::string& path, std::vector<std::pair<std::string, std::string>>& out) {
  if (kNotMeaning.count(path)) return;
  if (value.is_object() && !value.empty()) {
    for (const auto& [key, item] : value.items()) flatten(item, path.empty() ? key : path + "." + key, out);
    return;
  }
  out.emplace_back(path, value.dump());
}

}  // namespace

ResolvedConfig resolved_config(const CampaignConfig& c) {
  Json out;
  out["name"] = c.name;
  out["database"] = c.database.string();
  out["seed"] = c.seed;
  out["device"] = std::string(to_string(c.device));
  out["workers"] = c.workers;
  out["task"] = from_yaml(YAML::Load(trainer::task_to_yaml(c.task)));
  // The data set's folder as an absolute path: the stored configuration reads back from any working
  // directory (where the data lives is not meaning, but the reader checks that the folder exists).
  for (const char* section : {"dataset", "external"}) {
    if (auto& s = out["task"][section]; s.contains("dir") && s["dir"].is_string()) {
      std::error_code ec;
      const auto absolute = std::filesystem::absolute(s["dir"].get<std::string>(), ec);
      if (!ec) s["dir"] = absolute.lexically_normal().string();
    }
  }
  if (c.space) out["space"] = from_yaml(YAML::Load(c.space_definition));
  out["strategy"] = strategy_json(c.strategy);
  out["fidelity"] = fidelity_json(c.fidelity);
  out["probes"] = probes_json(c.probe_bounds);
  out["regularisers"] = regularisers_json(c.regularisers);
  out["baselines"] = c.baselines;
  return out;
}

Expected<CampaignConfig> config_from_resolved(const ResolvedConfig& resolved, const std::string& what) {
  if (!resolved.is_object()) return fail(what + " is not a JSON object");
  Json campaign = resolved;
  campaign.erase("data");
  auto config = parse_campaign_config(campaign.dump(2), what);
  if (!config) return fail(config.error());
  return config;
}

ResolvedConfig with_data_fingerprint(ResolvedConfig resolved, const trainer::DataFingerprint& data) {
  Json splits = Json::object();
  for (const auto& s : data.splits) splits[s.split] = {{"examples", s.examples}, {"hash", s.hash}};
  resolved["data"] = {{"features", data.features}, {"classes", data.classes}, {"splits", splits}, {"hash", data.whole}};
  return resolved;
}

std::optional<trainer::DataFingerprint> data_fingerprint_of(const ResolvedConfig& resolved) {
  if (!resolved.is_object() || !resolved.contains("data")) return std::nullopt;
  const Json& d = resolved["data"];
  try {
    trainer::DataFingerprint out{.features = d.at("features").get<std::size_t>(),
                                 .classes = d.at("classes").get<int>()};
    for (const auto& [name, s] : d.at("splits").items()) {
      out.splits.push_back(
          {.split = name, .examples = s.at("examples").get<std::size_t>(), .hash = s.at("hash").get<std::string>()});
    }
    out.whole = d.at("hash").get<std::string>();
    return out;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;  // not a fingerprint this release wrote: nothing to compare
  }
}

ResolvedConfig meaning_of(const ResolvedConfig& resolved) {
  Json out = resolved;
  for (const auto& key : kNotMeaning) {
    if (key.find('.') == std::string::npos) out.erase(key);
  }
  if (out.contains("task") && out["task"].contains("dataset")) out["task"]["dataset"].erase("dir");
  if (out.contains("task") && out["task"].contains("external")) {
    out["task"]["external"].erase("dir");
    out["task"]["external"].erase("workers");
  }
  return out;
}

std::vector<std::string> meaning_differences(const ResolvedConfig& stored, const ResolvedConfig& file) {
  std::vector<std::pair<std::string, std::string>> a, b;
  flatten(stored, "", a);
  flatten(file, "", b);
  const std::map<std::string, std::string> in_stored(a.begin(), a.end());
  const std::map<std::string, std::string> in_file(b.begin(), b.end());
  std::vector<std::string> out;
  for (const auto& [path, value] : b) {
    const auto it = in_stored.find(path);
    if (it == in_stored.end()) {
      out.push_back(path + ": not stored, file " + value);
    } else if (it->second != value) {
      out.push_back(path + ": stored " + it->second + ", file " + value);
    }
  }
  for (const auto& [path, value] : a) {
    if (!in_file.count(path)) out.push_back(path + ": stored " + value + ", not in the file");
  }
  return out;
}

std::vector<std::string> data_differences(const trainer::DataFingerprint& stored,
                                          const trainer::DataFingerprint& loaded) {
  std::vector<std::string> out;
  if (stored.features != loaded.features || stored.classes != loaded.classes) {
    out.push_back("shape: stored " + std::to_string(stored.features) + " features, " + std::to_string(stored.classes) +
                  " classes; loaded " + std::to_string(loaded.features) + " features, " +
                  std::to_string(loaded.classes) + " classes");
  }
  for (const auto& s : stored.splits) {
    for (const auto& l : loaded.splits) {
      if (l.split != s.split || l == s) continue;
      out.push_back(s.split + ": stored " + std::to_string(s.examples) + " examples " + s.hash + ", loaded " +
                    std::to_string(l.examples) + " examples " + l.hash);
    }
  }
  return out;
}

}  // namespace actsearch::search
