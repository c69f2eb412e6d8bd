// NVRTC compilation of generated modules, through the on-disk cache. NVRTC needs no GPU, so all of
// this runs (and is tested) on build machines; only loading the image needs a device.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"
#include "kernels/cache.hpp"
#include "kernels/codegen.hpp"

namespace actsearch::expr {
class Program;
}

namespace actsearch::kernels {

// Whether this build has NVRTC (the CUDA toolkit was found at configure time).
bool nvrtc_available();

// "major.minor" of the NVRTC library, or "" without it. Part of every cache key.
std::string nvrtc_version();

// The NVRTC options used for `arch`: "sm_90" compiles to a cubin for that GPU, "compute_90" to PTX
// (loadable by any newer GPU through the driver's JIT). --fmad=false keeps a*b+c unfused, as the
// CPU build does (-ffp-contract=off), so the two backends round the same way.
std::vector<std::string> nvrtc_options(std::string_view arch);

struct KernelImage {
  std::string image;  // cubin (ELF) or NUL-terminated PTX, as cuModuleLoadData takes it
  bool cubin = false;
  std::string log;  // NVRTC's log (warnings); empty on a cache hit
  bool from_cache = false;
  double seconds = 0;  // wall time of compile or cache load
};

// Compiles `source` for `arch` with nvrtc_options(arch) then `extra_options`, or loads it from
// `cache` (nullptr: no cache). A compile error (or a build without NVRTC) is an Error whose message
// holds NVRTC's log.
Expected<KernelImage> compile_source(std::string_view source, std::string_view arch, const KernelCache* cache,
                                     std::span<const std::string> extra_options = {});

// Whether this build can link separately compiled candidates (nvJitLink, opened at run time); when
// false, *why says why.
bool nvjitlink_available(std::string* why = nullptr);

// How a batch of candidates becomes one image. Every choice computes the same values (the same
// operations in the same order); they differ in compile time, which bench/kernels_vs_pytorch.sh
// measures (its header has the figures), and in kernel speed, which only a GPU can tell, so the
// choice stays open. The defaults follow the compile times: device functions compile several times
// faster than inlined candidates (ptxas is most of the work), and candidates compiled apart are
// cached one by one and compile in parallel, at a fixed cost per NVRTC run, hence several per
// object. So: device functions, linked, 8 per object, compiled on every core.
struct CompileOptions {
  CandidateForm form = CandidateForm::DeviceFunction;
  // Appended to nvrtc_options(arch) (so part of the cache key), e.g. "--maxrregcount=64" or
  // "-Xptxas=-O1"; --fmad and anything else that changes values must not be given.
  std::vector<std::string> extra_options;
  // With the DeviceFunction form: compile each distinct candidate alone as relocatable code
  // (cached per candidate, so a batch compiles only candidates no earlier batch had), in `threads`
  // threads (0: one per hardware thread), and link them with the kernels by nvJitLink. Where
  // nvJitLink cannot be opened or `arch` is PTX (compute_XY), the batch is one module instead.
  bool link = true;
  int threads = 0;
  // Candidates per separately compiled object when linking: 1 caches each candidate on its own;
  // more means fewer NVRTC runs (each has a fixed cost) but an object serves only batches that
  // have all of its candidates.
  int candidates_per_object = 8;
};

// A module for a batch of candidates. Candidates whose code NVRTC rejects are left out and
// reported, so the caller can train them on the CPU instead.
struct CandidateModule {
  KernelImage image;
  // Per input program: its candidate index inside the module (the value for candidate_of), or -1
  // when it failed; errors[i] then holds the reason with NVRTC's log.
  std::vector<int> index_of;
  std::vector<std::string> errors;
  int theta_width = 0;  // max_params over the compiled candidates
  int failed() const;
};

// Generates and compiles one module for all `programs`. When the whole module fails, each
// candidate is compiled alone to find the culprits, and the module is rebuilt without them.
// Fails only when even the candidate-free kernels do not compile.
Expected<CandidateModule> compile_candidates(std::span<const expr::Program* const> programs, std::string_view arch,
                                             const KernelCache* cache, const CompileOptions& options = {});

// The same over candidates given as code generators: texts[j](name, form) returns candidate j's
// code defining `name` in `form` (generate_candidate does this for a Program); params[j] is its
// parameter count. For callers with their own generators, and for tests.
using CandidateText = std::function<Expected<std::string>(const std::string& name, CandidateForm form)>;
Expected<CandidateModule> compile_candidate_texts(std::span<const CandidateText> texts, std::span<const int> params,
                                                  std::string_view arch, const KernelCache* cache,
                                                  const CompileOptions& options = {});

}  // namespace actsearch::kernels
