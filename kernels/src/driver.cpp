// Run-time loading of the CUDA driver and the RAII wrappers of driver resources.
#include "kernels/src/driver.hpp"

#include <dlfcn.h>

#include <cstdint>
#include <cstring>
#include <mutex>

namespace actsearch::kernels::cuda {
namespace {

#define ACTSEARCH_STRINGIFY_EXPANDED(x) ACTSEARCH_STRINGIFY(x)
#define ACTSEARCH_STRINGIFY(x) #x

// The driver lives for the whole process: it is never dlclose'd and the primary context is never
// released, because CUDA objects may be destroyed during static destruction in any order.
Expected<const Device*> open_device() {
  void* library = ::dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* err = ::dlerror();
    return fail(std::string("the CUDA driver library libcuda.so.1 is not installed (") + (err ? err : "?") + ")");
  }
  static Driver api;
  bool missing = false;
  std::string missing_names;
#define ACTSEARCH_RESOLVE(name)                                               \
  {                                                                           \
    void* symbol = ::dlsym(library, ACTSEARCH_STRINGIFY_EXPANDED(name));      \
    if (symbol == nullptr) {                                                  \
      missing = true;                                                         \
      missing_names += std::string(" ") + ACTSEARCH_STRINGIFY_EXPANDED(name); \
    } else {                                                                  \
      static_assert(sizeof(api.name) == sizeof(symbol));                      \
      std::memcpy(&api.name, &symbol, sizeof symbol);                         \
    }                                                                         \
  }
  ACTSEARCH_DRIVER_FUNCTIONS(ACTSEARCH_RESOLVE)
#undef ACTSEARCH_RESOLVE
  if (missing) return fail("the CUDA driver is too old: it lacks" + missing_names);

  static Device device;
  device.api = &api;
  CUresult rc = api.cuInit(0);
  if (rc != CUDA_SUCCESS) return fail(describe(api, rc, "cuInit"));
  api.cuDriverGetVersion(&device.driver_version);
  int count = 0;
  rc = api.cuDeviceGetCount(&count);
  if (rc != CUDA_SUCCESS) return fail(describe(api, rc, "cuDeviceGetCount"));
  if (count < 1) return fail("the CUDA driver reports no device");
  rc = api.cuDeviceGet(&device.device, 0);
  if (rc != CUDA_SUCCESS) return fail(describe(api, rc, "cuDeviceGet"));
  api.cuDeviceGetAttribute(&device.major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device.device);
  api.cuDeviceGetAttribute(&device.minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device.device);
  char name[256] = {};
  api.cuDeviceGetName(name, sizeof name - 1, device.device);
  device.name = name;
  rc = api.cuDevicePrimaryCtxRetain(&device.context, device.device);
  if (rc != CUDA_SUCCESS) return fail(describe(api, rc, "cuDevicePrimaryCtxRetain"));
  return &device;
}

}  // namespace

std::string describe(const Driver& api, CUresult rc, const std::string& what) {
  const char* name = nullptr;
  const char* text = nullptr;
  if (api.cuGetErrorName != nullptr) api.cuGetErrorName(rc, &name);
  if (api.cuGetErrorString != nullptr) api.cuGetErrorString(rc, &text);
  return what + ": " + (name ? name : "CUDA error " + std::to_string(static_cast<int>(rc))) + " (" +
         (text ? text : "no description") + ")";
}

Expected<const Device*> device() {
  static std::once_flag once;
  static Expected<const Device*> opened = fail("not opened");
  std::call_once(once, [] { opened = open_device(); });
  if (!opened) return opened;
  const Device* d = *opened;
  if (const CUresult rc = d->api->cuCtxSetCurrent(d->context); rc != CUDA_SUCCESS) {
    return fail(describe(*d->api, rc, "cuCtxSetCurrent"));
  }
  return d;
}

Expected<DeviceBuffer> DeviceBuffer::allocate(const Device& device, std::size_t bytes) {
  DeviceBuffer buffer;
  buffer.api_ = device.api;
  if (bytes == 0) return buffer;
  if (const CUresult rc = device.api->cuMemAlloc(&buffer.ptr_, bytes); rc != CUDA_SUCCESS) {
    return fail(describe(*device.api, rc, "cuMemAlloc of " + std::to_string(bytes) + " bytes"));
  }
  buffer.bytes_ = bytes;
  return buffer;
}

void DeviceBuffer::reset() {
  if (ptr_ != 0 && api_ != nullptr) api_->cuMemFree(ptr_);
  ptr_ = 0;
  bytes_ = 0;
}

Expected<Module> Module::load(const Device& device, const std::string& image) {
  Module module;
  module.api_ = device.api;
  if (const CUresult rc = device.api->cuModuleLoadData(&module.module_, image.data()); rc != CUDA_SUCCESS) {
    return fail(describe(*device.api, rc, "cuModuleLoadData"));
  }
  return module;
}

Expected<CUfunction> Module::function(std::string_view name) const {
  CUfunction f = nullptr;
  const std::string n(name);
  if (const CUresult rc = api_->cuModuleGetFunction(&f, module_, n.c_str()); rc != CUDA_SUCCESS) {
    return fail(describe(*api_, rc, "cuModuleGetFunction(" + n + ")"));
  }
  return f;
}

void Module::reset() {
  if (module_ != nullptr && api_ != nullptr) api_->cuModuleUnload(module_);
  module_ = nullptr;
}

}  // namespace actsearch::kernels::cuda
