// NVRTC compilation of one source through the image cache.
#include "kernels/nvrtc.hpp"

#include <algorithm>
#include <chrono>
#include <memory>

#ifdef ACTSEARCH_HAVE_CUDA
#include <nvrtc.h>
#endif

namespace actsearch::kernels {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

#ifdef ACTSEARCH_HAVE_CUDA
// Owns an nvrtcProgram.
class NvrtcProgram {
 public:
  NvrtcProgram() = default;
  ~NvrtcProgram() {
    if (program_ != nullptr) nvrtcDestroyProgram(&program_);
  }
  NvrtcProgram(const NvrtcProgram&) = delete;
  NvrtcProgram& operator=(const NvrtcProgram&) = delete;
  nvrtcProgram* out() { return &program_; }
  nvrtcProgram get() const { return program_; }

 private:
  nvrtcProgram program_ = nullptr;
};

std::string program_log(nvrtcProgram program) {
  std::size_t size = 0;
  if (nvrtcGetProgramLogSize(program, &size) != NVRTC_SUCCESS || size <= 1) return {};
  std::string log(size, '\0');
  if (nvrtcGetProgramLog(program, log.data()) != NVRTC_SUCCESS) return {};
  log.resize(size - 1);  // drop the terminating NUL
  return log;
}

Expected<KernelImage> run_nvrtc(std::string_view source, std::string_view arch,
                                const std::vector<std::string>& options) {
  const std::string text(source);
  NvrtcProgram program;
  nvrtcResult rc = nvrtcCreateProgram(program.out(), text.c_str(), "actsearch_candidates.cu", 0, nullptr, nullptr);
  if (rc != NVRTC_SUCCESS) return fail(std::string("nvrtcCreateProgram: ") + nvrtcGetErrorString(rc));
  std::vector<const char*> argv;
  for (const std::string& o : options) argv.push_back(o.c_str());
  rc = nvrtcCompileProgram(program.get(), static_cast<int>(argv.size()), argv.data());
  KernelImage image;
  image.log = program_log(program.get());
  if (rc != NVRTC_SUCCESS) {
    return fail("NVRTC could not compile the kernels (" + std::string(nvrtcGetErrorString(rc)) + "):\n" + image.log);
  }
  image.cubin = arch.starts_with("sm_");
  std::size_t size = 0;
  if (image.cubin) {
    rc = nvrtcGetCUBINSize(program.get(), &size);
    if (rc == NVRTC_SUCCESS) {
      image.image.resize(size);
      rc = nvrtcGetCUBIN(program.get(), image.image.data());
    }
  } else {
    rc = nvrtcGetPTXSize(program.get(), &size);
    if (rc == NVRTC_SUCCESS) {
      image.image.resize(size);  // includes the terminating NUL cuModuleLoadData needs
      rc = nvrtcGetPTX(program.get(), image.image.data());
    }
  }
  if (rc != NVRTC_SUCCESS) return fail(std::string("NVRTC could not return the image: ") + nvrtcGetErrorString(rc));
  return image;
}
#endif

}  // namespace

bool nvrtc_available() {
#ifdef ACTSEARCH_HAVE_CUDA
  return true;
#else
  return false;
#endif
}

std::string nvrtc_version() {
#ifdef ACTSEARCH_HAVE_CUDA
  int major = 0, minor = 0;
  if (nvrtcVersion(&major, &minor) != NVRTC_SUCCESS) return {};
  return std::to_string(major) + "." + std::to_string(minor);
#else
  return {};
#endif
}

std::vector<std::string> nvrtc_options(std::string_view arch) {
  // -default-device: the kernels' generic lambdas (the per-candidate bodies) are device code.
  return {"--gpu-architecture=" + std::string(arch), "--std=c++17", "--fmad=false", "-default-device"};
}

Expected<KernelImage> compile_source(std::string_view source, std::string_view arch, const KernelCache* cache,
                                     std::span<const std::string> extra_options) {
  const auto start = std::chrono::steady_clock::now();
  if (!nvrtc_available())
    return fail("this build has no NVRTC (the CUDA toolkit was not found when it was configured)");
  if (!arch.starts_with("sm_") && !arch.starts_with("compute_")) {
    return fail("unknown GPU architecture '" + std::string(arch) + "' (expected sm_XY or compute_XY)");
  }
  std::vector<std::string> options = nvrtc_options(arch);
  options.insert(options.end(), extra_options.begin(), extra_options.end());
  const std::string key = cache_key(source, options, arch, nvrtc_version());
  if (cache != nullptr) {
    if (auto hit = cache->load(key)) {
      KernelImage image;
      image.image = std::move(*hit);
      image.cubin = arch.starts_with("sm_");
      image.from_cache = true;
      image.seconds = seconds_since(start);
      return image;
    }
  }
#ifdef ACTSEARCH_HAVE_CUDA
  auto image = run_nvrtc(source, arch, options);
  if (!image) return image;
  // A cache that cannot be written costs a recompile next time, nothing more.
  if (cache != nullptr) (void)cache->store(key, image->image);
  image->seconds = seconds_since(start);
  return image;
#else
  return fail("unreachable");
#endif
}

}  // namespace actsearch::kernels
