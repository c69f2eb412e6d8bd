// A batch of candidates to one image: generated into one module and compiled (failures isolated
// per candidate), or compiled one by one in parallel and linked (CompileOptions::link).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <thread>

#include "expr/program.hpp"
#include "kernels/codegen.hpp"
#include "kernels/nvrtc.hpp"
#include "kernels/src/jitlink.hpp"

namespace actsearch::kernels {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Runs task(i) for i in [0, n) on `threads` threads (0: one per hardware thread). Each i is done
// exactly once and writes only its own results, so the outcome never depends on the thread count.
template <class Task>
void parallel_for(std::size_t n, int threads, const Task& task) {
  std::size_t workers = threads > 0 ? static_cast<std::size_t>(threads) : std::thread::hardware_concurrency();
  workers = std::clamp<std::size_t>(workers, 1, std::max<std::size_t>(n, 1));
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < n; i = next++) task(i);
  };
  std::vector<std::thread> pool;
  for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
}

// One module for every candidate; when it fails, each candidate is compiled alone to find the
// culprits and the module is rebuilt without them.
Expected<CandidateModule> compile_one_module(std::span<const CandidateText> texts, std::span<const int> params,
                                             std::string_view arch, const KernelCache* cache,
                                             const CompileOptions& options) {
  const CandidateForm form = options.form;
  CandidateModule module;
  module.index_of.assign(texts.size(), -1);
  module.errors.assign(texts.size(), {});
  std::vector<std::size_t> kept;

  // Generates the module of a subset (candidate j of the module is texts[subset[j]]).
  auto build = [&](std::span<const std::size_t> subset) -> Expected<KernelImage> {
    std::vector<CandidateSource> parts;
    for (std::size_t j = 0; j < subset.size(); ++j) {
      std::string name = candidate_name(static_cast<int>(j), form);
      auto text = texts[subset[j]](name, form);
      if (!text) return fail(text.error());
      parts.push_back({std::move(name), std::move(*text), params[subset[j]]});
    }
    return compile_source(assemble_module(parts, form), arch, cache, options.extra_options);
  };

  // Code generation errors (a program without derivatives) are per candidate from the start.
  for (std::size_t i = 0; i < texts.size(); ++i) {
    auto text = texts[i](candidate_name(0, form), form);
    if (text) {
      kept.push_back(i);
    } else {
      module.errors[i] = text.error().describe();
    }
  }

  auto image = build(kept);
  if (!image && !kept.empty()) {
    // A candidate-free module failing means the kernels themselves (or NVRTC) are broken, which no
    // fallback per candidate can fix.
    auto empty = build({});
    if (!empty) return fail(empty.error());
    std::vector<std::size_t> good;
    for (std::size_t i : kept) {
      const std::size_t one[] = {i};
      auto alone = build(one);
      if (alone) {
        good.push_back(i);
      } else {
        module.errors[i] = alone.error().describe();
      }
    }
    kept = std::move(good);
    image = build(kept);
  }
  if (!image) return fail(image.error());
  module.image = std::move(*image);
  for (std::size_t j = 0; j < kept.size(); ++j) {
    module.index_of[kept[j]] = static_cast<int>(j);
    module.theta_width = std::max(module.theta_width, params[kept[j]]);
  }
  return module;
}

// Each distinct candidate compiled alone into relocatable code named after its text (so its cache
// entry serves every batch it appears in), the kernels compiled against a table of those names,
// and all of it linked into one cubin, itself cached under the whole batch's key.
Expected<CandidateModule> compile_linked(std::span<const CandidateText> texts, std::span<const int> params,
                                         std::string_view arch, const KernelCache* cache,
                                         const CompileOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  constexpr CandidateForm form = CandidateForm::DeviceFunction;
  CandidateModule module;
  module.index_of.assign(texts.size(), -1);
  module.errors.assign(texts.size(), {});

  // Distinct candidates in order of first appearance (a batch may train one function twice).
  std::vector<CandidateSource> parts;
  std::vector<int> part_of(texts.size(), -1);
  std::map<std::string, int> by_name;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    auto probe = texts[i]("as_candidate", form);
    if (!probe) {
      module.errors[i] = probe.error().describe();
      continue;
    }
    std::string name = "as_candidate_" + to_hex(sha256(*probe)).substr(0, 16);
    auto [at, inserted] = by_name.try_emplace(name, static_cast<int>(parts.size()));
    if (inserted) {
      auto text = texts[i](name, form);
      if (!text) return fail(text.error());
      parts.push_back({name, std::move(*text), params[i]});
    }
    part_of[i] = at->second;
  }

  std::vector<std::string> rdc = options.extra_options;
  rdc.emplace_back("--relocatable-device-code=true");

  // A batch seen before (every candidate compiled then) is one cache read, not one per candidate.
  // The objects differ only in their candidate's text (the prelude is the same), so that is what
  // the key covers.
  std::string batch_text = assemble_module(parts, form, /*declare_only=*/true);
  batch_text += assemble_candidate_object({});
  batch_text += "candidates per object: " + std::to_string(options.candidates_per_object) + "\n";
  for (const CandidateSource& part : parts) batch_text += part.text;
  std::vector<std::string> link_options = rdc;
  link_options.emplace_back("nvJitLink");
  const std::string batch_key = cache_key(batch_text, link_options, arch, nvrtc_version() + "+" + nvjitlink_version());
  if (cache != nullptr) {
    if (auto hit = cache->load(batch_key)) {
      for (std::size_t i = 0; i < texts.size(); ++i) {
        if (part_of[i] < 0) continue;
        module.index_of[i] = part_of[i];
        module.theta_width = std::max(module.theta_width, params[i]);
      }
      module.image.image = std::move(*hit);
      module.image.cubin = true;
      module.image.from_cache = true;
      module.image.seconds = seconds_since(start);
      return module;
    }
  }
  // Objects of `per` candidates each and, optimistically for every candidate, the kernels, all at
  // once; a failed object's candidates are then compiled one by one to find the culprits.
  const std::size_t per = static_cast<std::size_t>(std::max(options.candidates_per_object, 1));
  const std::size_t chunks = (parts.size() + per - 1) / per;
  auto chunk = [&](std::size_t c) { return std::span(parts).subspan(c * per, std::min(per, parts.size() - c * per)); };
  std::vector<std::optional<Expected<KernelImage>>> objects(chunks + 1);
  parallel_for(chunks + 1, options.threads, [&](std::size_t j) {
    objects[j].emplace(j == chunks
                           ? compile_source(assemble_module(parts, form, /*declare_only=*/true), arch, cache, rdc)
                           : compile_source(assemble_candidate_object(chunk(j)), arch, cache, rdc));
  });
  std::vector<std::size_t> retry;
  for (std::size_t c = 0; c < chunks; ++c) {
    if (*objects[c] || per == 1) continue;
    for (std::size_t j = c * per; j < c * per + chunk(c).size(); ++j) retry.push_back(j);
  }
  std::vector<std::optional<Expected<KernelImage>>> alone(retry.size());
  parallel_for(retry.size(), options.threads, [&](std::size_t r) {
    alone[r].emplace(
        compile_source(assemble_candidate_object(std::span(parts).subspan(retry[r], 1)), arch, cache, rdc));
  });
  // Which image holds part j (nullptr: it failed, with that error).
  std::vector<const Expected<KernelImage>*> holder(parts.size());
  for (std::size_t j = 0; j < parts.size(); ++j) holder[j] = &*objects[j / per];
  for (std::size_t r = 0; r < retry.size(); ++r) holder[retry[r]] = &*alone[r];

  // The table holds the candidates that compiled; index_of points into it.
  std::vector<CandidateSource> linked;
  std::vector<int> table_index(parts.size(), -1);
  std::vector<std::string_view> images;
  for (std::size_t j = 0; j < parts.size(); ++j) {
    if (!*holder[j]) continue;
    table_index[j] = static_cast<int>(linked.size());
    linked.push_back(parts[j]);
    // One image per object, added with its first candidate.
    const bool first_of_object = j == 0 || holder[j] != holder[j - 1];
    if (first_of_object) images.push_back((*holder[j])->image);
  }
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (part_of[i] < 0) continue;
    const auto j = static_cast<std::size_t>(part_of[i]);
    if (table_index[j] < 0) {
      module.errors[i] = holder[j]->error().describe();
    } else {
      module.index_of[i] = table_index[j];
      module.theta_width = std::max(module.theta_width, params[i]);
    }
  }
  std::optional<Expected<KernelImage>> kernels = std::move(objects[chunks]);
  if (linked.size() < parts.size()) {
    kernels.emplace(compile_source(assemble_module(linked, form, /*declare_only=*/true), arch, cache, rdc));
  }
  if (!*kernels) return fail(kernels->error());
  images.insert(images.begin(), (*kernels)->image);
  auto image = link_cubins(images, arch);
  if (!image) return fail(image.error());
  // Only a batch whose every candidate compiled matches the key looked up above.
  if (cache != nullptr && linked.size() == parts.size()) (void)cache->store(batch_key, *image);
  module.image.image = std::move(*image);
  module.image.cubin = true;
  module.image.from_cache = false;
  module.image.seconds = seconds_since(start);
  return module;
}

}  // namespace

int CandidateModule::failed() const {
  int n = 0;
  for (int i : index_of) n += i < 0 ? 1 : 0;
  return n;
}

Expected<CandidateModule> compile_candidates(std::span<const expr::Program* const> programs, std::string_view arch,
                                             const KernelCache* cache, const CompileOptions& options) {
  std::vector<CandidateText> texts;
  std::vector<int> params;
  for (const expr::Program* p : programs) {
    texts.emplace_back([p](const std::string& name, CandidateForm form) { return generate_candidate(*p, name, form); });
    params.push_back(p->num_params());
  }
  return compile_candidate_texts(texts, params, arch, cache, options);
}

Expected<CandidateModule> compile_candidate_texts(std::span<const CandidateText> texts, std::span<const int> params,
                                                  std::string_view arch, const KernelCache* cache,
                                                  const CompileOptions& options) {
  const bool link =
      options.link && options.form == CandidateForm::DeviceFunction && arch.starts_with("sm_") && nvjitlink_available();
  if (link) return compile_linked(texts, params, arch, cache, options);
  return compile_one_module(texts, params, arch, cache, options);
}

}  // namespace actsearch::kernels
