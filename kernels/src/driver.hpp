// The CUDA driver API, opened at run time: binaries must start on machines without a driver (CI,
// laptops), where linking libcuda.so.1 would stop them at load time. Only built with the toolkit.
#pragma once

#include <cuda.h>

#include <string>
#include <utility>

#include "common/expected.hpp"

namespace actsearch::kernels::cuda {

// X(name) for every entry point used. cuda.h maps some names to versioned symbols (cuMemAlloc ->
// cuMemAlloc_v2); the macros below expand those, so member names, types and the symbols looked up
// always agree with the header.
#define ACTSEARCH_DRIVER_FUNCTIONS(X)                                                                              \
  X(cuInit)                                                                                                        \
  X(cuDriverGetVersion)                                                                                            \
  X(cuDeviceGetCount) X(cuDeviceGet) X(cuDeviceGetAttribute) X(cuDeviceGetName) X(cuDevicePrimaryCtxRetain)        \
      X(cuDevicePrimaryCtxRelease) X(cuCtxSetCurrent) X(cuCtxSynchronize) X(cuModuleLoadData) X(cuModuleUnload)    \
          X(cuModuleGetFunction) X(cuLaunchKernel) X(cuMemAlloc) X(cuMemFree) X(cuMemcpyHtoD) X(cuMemcpyDtoH)      \
              X(cuMemcpyDtoD) X(cuMemsetD8) X(cuMemGetInfo) X(cuGetErrorString) X(cuGetErrorName) X(cuEventCreate) \
                  X(cuEventRecord) X(cuEventSynchronize) X(cuEventElapsedTime) X(cuEventDestroy)

struct Driver {
#define ACTSEARCH_DRIVER_MEMBER(name) decltype(&::name) name = nullptr;
  ACTSEARCH_DRIVER_FUNCTIONS(ACTSEARCH_DRIVER_MEMBER)
#undef ACTSEARCH_DRIVER_MEMBER
};

// The process's device 0 with its primary context (shared with cuBLAS's runtime), made current on
// the calling thread by every call of device().
struct Device {
  const Driver* api = nullptr;
  CUdevice device = 0;
  CUcontext context = nullptr;
  int major = 0, minor = 0;
  int driver_version = 0;
  std::string name;
};

// Loads the driver, initialises it and retains device 0's primary context once per process; later
// calls return the same Device (or the same Error) and make the context current on this thread.
Expected<const Device*> device();

// "what: CUDA_ERROR_NAME (description)" for a failed driver call.
std::string describe(const Driver& api, CUresult rc, const std::string& what);

// Owns a device allocation.
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  static Expected<DeviceBuffer> allocate(const Device& device, std::size_t bytes);
  ~DeviceBuffer() { reset(); }
  DeviceBuffer(DeviceBuffer&& other) noexcept
      : api_(other.api_), ptr_(std::exchange(other.ptr_, 0)), bytes_(std::exchange(other.bytes_, 0)) {}
  DeviceBuffer& operator=(DeviceBuffer&& other) noexcept {
    if (this != &other) {
      reset();
      api_ = other.api_;
      ptr_ = std::exchange(other.ptr_, 0);
      bytes_ = std::exchange(other.bytes_, 0);
    }
    return *this;
  }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;

  CUdeviceptr get() const { return ptr_; }
  std::size_t bytes() const { return bytes_; }
  template <class T>
  T* as() const {
    return reinterpret_cast<T*>(static_cast<std::uintptr_t>(ptr_));
  }
  void reset();

 private:
  const Driver* api_ = nullptr;
  CUdeviceptr ptr_ = 0;
  std::size_t bytes_ = 0;
};

// Owns a loaded module.
class Module {
 public:
  Module() = default;
  static Expected<Module> load(const Device& device, const std::string& image);
  ~Module() { reset(); }
  Module(Module&& other) noexcept : api_(other.api_), module_(std::exchange(other.module_, nullptr)) {}
  Module& operator=(Module&& other) noexcept {
    if (this != &other) {
      reset();
      api_ = other.api_;
      module_ = std::exchange(other.module_, nullptr);
    }
    return *this;
  }
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;
  Expected<CUfunction> function(std::string_view name) const;
  void reset();

 private:
  const Driver* api_ = nullptr;
  CUmodule module_ = nullptr;
};

}  // namespace actsearch::kernels::cuda
