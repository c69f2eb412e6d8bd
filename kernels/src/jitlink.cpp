// nvJitLink through dlopen (see jitlink.hpp). Built only with the CUDA toolkit.
#include "kernels/src/jitlink.hpp"

#include <dlfcn.h>
#include <nvJitLink.h>

#include <cstring>
#include <mutex>
#include <vector>

#include "kernels/nvrtc.hpp"

namespace actsearch::kernels {
namespace {

#define ACTSEARCH_JITLINK_FUNCTIONS(X)                                                               \
  X(nvJitLinkCreate)                                                                                 \
  X(nvJitLinkDestroy)                                                                                \
  X(nvJitLinkAddData) X(nvJitLinkComplete) X(nvJitLinkGetLinkedCubinSize) X(nvJitLinkGetLinkedCubin) \
      X(nvJitLinkGetErrorLogSize) X(nvJitLinkGetErrorLog) X(nvJitLinkVersion)

struct JitLink {
#define ACTSEARCH_JITLINK_MEMBER(name) decltype(&::name) name = nullptr;
  ACTSEARCH_JITLINK_FUNCTIONS(ACTSEARCH_JITLINK_MEMBER)
#undef ACTSEARCH_JITLINK_MEMBER
};

// The library of the toolkit this was built with (its major version is its ABI), opened once and
// never closed.
Expected<const JitLink*> open_jitlink() {
  static std::once_flag once;
  static Expected<const JitLink*> opened = fail("not opened");
  std::call_once(once, [] {
    const std::string soname = "libnvJitLink.so." + std::to_string(ACTSEARCH_CUDA_MAJOR);
    void* library = ::dlopen(soname.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
      const char* err = ::dlerror();
      opened = fail("nvJitLink (" + soname + ") cannot be opened: " + (err ? err : "?"));
      return;
    }
    static JitLink api;
    std::string missing;
#define ACTSEARCH_JITLINK_RESOLVE(name)             \
  if (void* symbol = ::dlsym(library, #name)) {     \
    std::memcpy(&api.name, &symbol, sizeof symbol); \
  } else {                                          \
    missing += " " #name;                           \
  }
    ACTSEARCH_JITLINK_FUNCTIONS(ACTSEARCH_JITLINK_RESOLVE)
#undef ACTSEARCH_JITLINK_RESOLVE
    if (!missing.empty()) {
      opened = fail(soname + " lacks" + missing);
      return;
    }
    opened = &api;
  });
  return opened;
}

std::string error_log(const JitLink& api, nvJitLinkHandle handle) {
  std::size_t size = 0;
  if (api.nvJitLinkGetErrorLogSize(handle, &size) != NVJITLINK_SUCCESS || size <= 1) return {};
  std::string log(size, '\0');
  if (api.nvJitLinkGetErrorLog(handle, log.data()) != NVJITLINK_SUCCESS) return {};
  log.resize(size - 1);
  return log;
}

}  // namespace

bool nvjitlink_available(std::string* why) {
  auto api = open_jitlink();
  if (!api && why != nullptr) *why = api.error().describe();
  return api.has_value();
}

std::string nvjitlink_version() {
  auto api = open_jitlink();
  if (!api) return {};
  unsigned major = 0, minor = 0;
  if ((*api)->nvJitLinkVersion(&major, &minor) != NVJITLINK_SUCCESS) return {};
  return std::to_string(major) + "." + std::to_string(minor);
}

Expected<std::string> link_cubins(std::span<const std::string_view> cubins, std::string_view arch) {
  auto opened = open_jitlink();
  if (!opened) return fail(opened.error());
  const JitLink& api = **opened;
  const std::string arch_option = "-arch=" + std::string(arch);
  const char* options[] = {arch_option.c_str()};
  nvJitLinkHandle handle = nullptr;
  if (const auto rc = api.nvJitLinkCreate(&handle, 1, options); rc != NVJITLINK_SUCCESS) {
    return fail("nvJitLinkCreate failed (code " + std::to_string(static_cast<int>(rc)) + ")");
  }
  struct Destroy {
    const JitLink& api;
    nvJitLinkHandle& handle;
    ~Destroy() { api.nvJitLinkDestroy(&handle); }
  } destroy{api, handle};
  for (std::size_t i = 0; i < cubins.size(); ++i) {
    const std::string name = "part" + std::to_string(i) + ".cubin";
    if (api.nvJitLinkAddData(handle, NVJITLINK_INPUT_CUBIN, cubins[i].data(), cubins[i].size(), name.c_str()) !=
        NVJITLINK_SUCCESS) {
      return fail("nvJitLink could not add " + name + ":\n" + error_log(api, handle));
    }
  }
  if (api.nvJitLinkComplete(handle) != NVJITLINK_SUCCESS) {
    return fail("nvJitLink could not link the candidates:\n" + error_log(api, handle));
  }
  std::size_t size = 0;
  if (api.nvJitLinkGetLinkedCubinSize(handle, &size) != NVJITLINK_SUCCESS) return fail("nvJitLink: no cubin size");
  std::string cubin(size, '\0');
  if (api.nvJitLinkGetLinkedCubin(handle, cubin.data()) != NVJITLINK_SUCCESS) return fail("nvJitLink: no cubin");
  return cubin;
}

}  // namespace actsearch::kernels
