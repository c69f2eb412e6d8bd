// Campaign files: YAML -> CampaignConfig, every problem reported with file, line, column and field.
#include "search/config/campaign_config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <type_traits>

#include "common/yaml_reader.hpp"
#include "expr/known.hpp"
#include "expr/parse.hpp"
#include "search/config/src/probe_bounds_yaml.hpp"
#include "spaces/space_yaml.hpp"

namespace actsearch::search {
namespace {

using yaml::Named;

constexpr Named<Device> kDevices[] = {{"auto", Device::Auto}, {"cpu", Device::Cpu}, {"cuda", Device::Cuda}};

Expected<std::string> read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail("cannot read '" + file.string() + "': no such file or not readable");
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::filesystem::path resolve(const std::string& file, const std::string& relative) {
  std::filesystem::path p(relative);
  if (p.is_absolute() || file.empty()) return p;
  return std::filesystem::path(file).parent_path() / p;
}

class CampaignReader {
 public:
  CampaignReader(const YAML::Node& root, std::string file) : root_(root), in_(std::move(file)) {}

  Expected<CampaignConfig> read(const std::string& text) {
    CampaignConfig c;
    c.text = text;
    c.file = in_.file();
    if (!root_.IsMap()) return fail("a campaign file must be a mapping", in_.where(root_, ""));
    if (!in_.section(root_, "",
                     {"name", "database", "seed", "device", "workers", "space", "task", "strategy", "fidelity",
                      "probes", "regularisers", "baselines"})) {
      return fail(in_.error());
    }
    in_.read(root_, "", "name", c.name);
    in_.read(root_, "", "database", c.database);
    in_.read(root_, "", "seed", c.seed);
    in_.read_enum(root_, "", "device", kDevices, c.device);
    in_.read(root_, "", "workers", c.workers);
    in_.read(root_, "", "baselines", c.baselines);
    read_strategy(c.strategy);
    read_fidelity(c.fidelity);
    read_regularisers(c.regularisers);
    if (!in_.ok()) return fail(in_.error());

    if (c.name.empty()) return fail("missing campaign name", in_.where(root_, "name"));
    if (c.workers < 0) return fail("must be 0 (one per core) or positive", in_.position_of("workers"));
    for (std::size_t i = 0; i < c.baselines.size(); ++i) {
      if (!expr::find_known(c.baselines[i])) {
        return fail("unknown known activation '" + c.baselines[i] + "' (see `actsearch probes` for the list)",
                    in_.where(root_["baselines"][i], "baselines[" + std::to_string(i) + "]"));
      }
    }
    if (auto ok = read_task(c); !ok) return fail(ok.error());
    if (auto ok = read_space(c); !ok) return fail(ok.error());
    if (auto ok = read_probe_bounds(c); !ok) return fail(ok.error());
    if (auto ok = check_values(c); !ok) return fail(ok.error());
    c.warnings = std::move(warnings_);
    return c;
  }

 private:
  // The kind first: it says which keys the section may have (search/strategies/registry.hpp).
  void read_strategy(StrategySpec& s) {
    const YAML::Node node = root_["strategy"];
    if (!node || node.IsNull()) return;
    if (!node.IsMap()) {
      in_.report("expected a mapping", in_.where(node, "strategy"));
      return;
    }
    std::string kind = s.kind;
    in_.read(node, "strategy", "kind", kind);
    if (!in_.ok()) return;
    const strategies::StrategyEntry* entry = strategies::find_strategy(kind);
    if (!entry) {
      in_.report("unknown value '" + kind + "' (expected one of: " + strategies::strategy_names() + ")",
                 in_.where(node["kind"], "strategy.kind"));
      return;
    }
    s = strategy_spec(kind);
    std::vector<std::string_view> allowed = {"kind", "budget", "batch"};
    for (const auto& o : entry->options) allowed.push_back(o.key);
    // A key of another kind does nothing here but is no mistake: one file can serve several kinds (the
    // rediscovery study switches the kind alone), and files written before each kind had keys of its own
    // listed them all. It is ignored, with a warning; anything else unknown is an error.
    std::vector<std::string> ignored;
    for (const auto& item : node) {
      const std::string key = item.first.as<std::string>("");
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      for (const auto* other : strategies::all_strategies()) {
        if (!other->has_option(key)) continue;
        warnings_.push_back(Error{"an option of the " + std::string(other->name) + " strategy; ignored by " + kind,
                                  in_.where(item.first, "strategy." + key)});
        ignored.push_back(key);
        break;
      }
    }
    for (const auto& key : ignored) allowed.push_back(key);
    if (!in_.section(node, "strategy", allowed)) return;
    in_.read(node, "strategy", "budget", s.budget);
    in_.read(node, "strategy", "batch", s.batch);
    for (const auto& o : entry->options) read_option(node, o, s.options);
  }

  void read_option(const YAML::Node& node, const strategies::OptionSpec& option, strategies::StrategyOptions& out) {
    const std::string key(option.key);
    if (!in_.ok() || !node[key]) return;
    const std::string field = "strategy." + key;
    std::visit(
        [&](auto value) {
          in_.read(node, "strategy", key, value);
          if (!in_.ok()) return;
          if constexpr (std::is_same_v<decltype(value), std::string>) {
            if (!option.choices.empty() &&
                std::find(option.choices.begin(), option.choices.end(), value) == option.choices.end()) {
              in_.report("unknown value '" + value + "' (expected one of: " + yaml::join(option.choices) + ")",
                         in_.where(node[key], field));
              return;
            }
          }
          if constexpr (std::is_same_v<decltype(value), std::vector<std::string>>) {
            // Each element has a position of its own, for checks that name one ("strategy.expressions[2]").
            for (std::size_t i = 0; i < node[key].size(); ++i) {
              in_.remember(node[key][i], field + "[" + std::to_string(i) + "]");
            }
          }
          out.set(key, std::move(value));
        },
        option.default_value);
  }

  void read_fidelity(FidelitySpec& f) {
    const YAML::Node node = root_["fidelity"];
    if (!in_.section(node, "fidelity", {"rungs", "final"})) return;
    if (const YAML::Node rungs = node["rungs"]) {
      if (!rungs.IsSequence() || rungs.size() == 0) {
        in_.report("expected a non-empty sequence of rungs", in_.where(rungs, "fidelity.rungs"));
        return;
      }
      f.rungs.clear();
      for (std::size_t i = 0; i < rungs.size(); ++i) {
        const std::string path = "fidelity.rungs[" + std::to_string(i) + "]";
        Rung r;
        if (in_.section(rungs[i], path, {"train_examples", "epochs", "seeds", "keep"})) {
          in_.read(rungs[i], path, "train_examples", r.train_examples);
          in_.read(rungs[i], path, "epochs", r.epochs);
          in_.read(rungs[i], path, "seeds", r.seeds);
          in_.read(rungs[i], path, "keep", r.keep);
        } else if (in_.ok()) {
          in_.report("expected a mapping with train_examples, epochs, seeds, keep", in_.where(rungs[i], path));
        }
        f.rungs.push_back(r);
      }
    }
    const YAML::Node fin = node["final"];
    if (!in_.section(fin, "fidelity.final", {"top", "seeds", "train_examples", "epochs", "test"})) return;
    in_.read(fin, "fidelity.final", "top", f.final.top);
    in_.read(fin, "fidelity.final", "seeds", f.final.seeds);
    in_.read(fin, "fidelity.final", "train_examples", f.final.train_examples);
    in_.read(fin, "fidelity.final", "epochs", f.final.epochs);
    in_.read(fin, "fidelity.final", "test", f.final.test);
  }

  void read_regularisers(RegulariserSpec& r) {
    const YAML::Node node = root_["regularisers"];
    if (!in_.section(node, "regularisers", {"complexity", "probes"})) return;
    in_.read(node, "regularisers", "complexity", r.complexity);
    const YAML::Node probes = node["probes"];
    if (!probes) return;
    if (!probes.IsMap()) {
      in_.report("expected a mapping from probe name to {target, weight}", in_.where(probes, "regularisers.probes"));
      return;
    }
    for (const auto& entry : probes) {
      ProbePenalty p;
      p.probe = entry.first.as<std::string>("");
      const std::string path = "regularisers.probes." + p.probe;
      bool known = false;
      for (auto name : probes::probe_names()) known = known || name == p.probe;
      if (!known) {
        in_.report("unknown probe '" + p.probe + "'", in_.where(entry.first, path));
        return;
      }
      if (!in_.section(entry.second, path, {"target", "weight"})) {
        if (in_.ok()) in_.report("expected a mapping {target, weight}", in_.where(entry.second, path));
        return;
      }
      in_.read(entry.second, path, "target", p.target);
      in_.read(entry.second, path, "weight", p.weight);
      r.probes.push_back(p);
    }
  }

  Expected<void> read_task(CampaignConfig& c) {
    const YAML::Node node = root_["task"];
    if (!node) return fail("missing 'task' (a task file path or an inline task mapping)", in_.where(root_, "task"));
    if (node.IsScalar()) {
      const auto path = resolve(in_.file(), node.Scalar());
      auto text = read_text(path);
      if (!text) return fail(text.error().message, in_.where(node, "task"));
      auto task = trainer::parse_task_text(*text, path.string());
      if (!task) return fail(task.error());
      c.task = *task;
      c.task_source = path.string();
      return {};
    }
    auto task = trainer::parse_task(node, in_.file());
    if (!task) return fail(task.error());
    c.task = *task;
    c.task_source = "inline";
    return {};
  }

  Expected<void> read_space(CampaignConfig& c) {
    const YAML::Node node = root_["space"];
    if (!node) {
      if (!c.strategy.entry().needs_space) return {};
      return fail("missing 'space' (needed by the " + c.strategy.kind + " strategy)", in_.where(root_, "space"));
    }
    if (node.IsScalar()) {
      const auto path = resolve(in_.file(), node.Scalar());
      auto text = read_text(path);
      if (!text) return fail(text.error().message, in_.where(node, "space"));
      auto space = spaces::Space::parse_text(*text, path.string());
      if (!space) return fail(space.error());
      c.space = std::move(*space);
      c.space_source = path.string();
      c.space_definition = *text;
      return {};
    }
    auto space = spaces::parse_space(node, in_.file());
    if (!space) return fail(space.error());
    c.space = std::move(*space);
    c.space_source = "inline";
    YAML::Emitter definition;
    definition << node;
    c.space_definition = definition.c_str();
    return {};
  }

  Expected<void> read_probe_bounds(CampaignConfig& c) {
    const YAML::Node node = root_["probes"];
    if (!node) return {};
    auto bounds = parse_probe_bounds(node, in_.file());
    if (!bounds) return fail(bounds.error());
    // Bounds named in the file replace the defaults for those probes; the other defaults stay.
    for (const auto& b : bounds->bounds) {
      bool replaced = false;
      for (auto& d : c.probe_bounds.bounds) {
        if (d.probe == b.probe) {
          d = b;
          replaced = true;
        }
      }
      if (!replaced) c.probe_bounds.bounds.push_back(b);
    }
    return {};
  }

  Expected<void> check_values(const CampaignConfig& c) {
    const auto& s = c.strategy;
    auto at = [&](const std::string& field) { return in_.position_of(field); };
    if (s.budget < 1) return fail("must be at least 1", at("strategy.budget"));
    if (s.batch < 1) return fail("must be at least 1", at("strategy.batch"));
    const auto& entry = s.entry();
    if (entry.check) {
      if (auto problem = entry.check(c.strategy_settings())) {
        return fail(problem->message, at("strategy." + problem->key));
      }
    }
    for (std::size_t i = 0; i < c.fidelity.rungs.size(); ++i) {
      const auto& r = c.fidelity.rungs[i];
      const std::string path = "fidelity.rungs[" + std::to_string(i) + "]";
      if (r.seeds < 1) return fail("must be at least 1", at(path + ".seeds"));
      if (r.epochs < 0) return fail("must not be negative", at(path + ".epochs"));
      if (i > 0 && !(r.keep > 0 && r.keep <= 1)) return fail("must be in (0, 1]", at(path + ".keep"));
      const std::size_t task_train = c.task.training.train_examples;
      if (task_train > 0 && r.train_examples > task_train) {
        return fail("exceeds the task's train_examples (" + std::to_string(task_train) + ")",
                    at(path + ".train_examples"));
      }
    }
    const auto& f = c.fidelity.final;
    if (f.top < 0) return fail("must not be negative", at("fidelity.final.top"));
    if (f.seeds < 2)
      return fail("must be at least 2 (a confidence interval needs two seeds; 5 or more advised)",
                  at("fidelity.final.seeds"));
    if (f.epochs < 0) return fail("must not be negative", at("fidelity.final.epochs"));
    for (const auto& p : c.regularisers.probes) {
      if (!(p.weight >= 0)) return fail("must not be negative", at("regularisers.probes." + p.probe + ".weight"));
    }
    if (c.regularisers.complexity < 0) return fail("must not be negative", at("regularisers.complexity"));
    return {};
  }

  YAML::Node root_;
  yaml::Reader in_;
  std::vector<Error> warnings_;
};

}  // namespace

Expected<CampaignConfig> parse_campaign_config(const std::string& text, const std::string& file) {
  auto root = yaml::load_text(text, file);
  if (!root) return fail(root.error());
  return CampaignReader(*root, file).read(text);
}

Expected<CampaignConfig> load_campaign_config(const std::filesystem::path& file) {
  auto text = read_text(file);
  if (!text) return fail(text.error());
  return parse_campaign_config(*text, file.string());
}

const strategies::StrategyEntry& StrategySpec::entry() const {
  const auto* e = strategies::find_strategy(kind);
  if (!e) throw std::logic_error("unregistered strategy kind '" + kind + "'");
  return *e;
}

StrategySpec strategy_spec(std::string_view kind) {
  StrategySpec s;
  s.kind = std::string(kind);
  s.options = s.entry().default_options();
  return s;
}

std::string_view to_string(Device device) { return yaml::name_of(kDevices, device); }

}  // namespace actsearch::search
