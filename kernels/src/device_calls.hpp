// Helpers for the driver and cuBLAS calls of the CUDA backend: errors as exceptions inside a batch,
// buffers, copies, launches, the cuBLAS handle. Only built with the toolkit.
#pragma once

#include <cublas_v2.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernels/src/driver.hpp"
#include "trainer/dataset.hpp"

namespace actsearch::kernels::gpu {

using Clock = std::chrono::steady_clock;
using cuda::Device;
using cuda::DeviceBuffer;

inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Inside a batch, device failures are exceptions; train() catches them and moves the batch's jobs
// to the CPU, so no job is lost and nothing escapes the backend.
inline void check(const Device& d, CUresult rc, const char* what) {
  if (rc != CUDA_SUCCESS) throw std::runtime_error(cuda::describe(*d.api, rc, what));
}
inline void check_blas(cublasStatus_t status, const char* what) {
  if (status != CUBLAS_STATUS_SUCCESS)
    throw std::runtime_error(std::string(what) + ": " + cublasGetStatusString(status));
}
template <class T>
T take(Expected<T> e) {
  if (!e) throw std::runtime_error(e.error().describe());
  return std::move(*e);
}

inline DeviceBuffer alloc(const Device& d, std::size_t bytes) {
  return take(DeviceBuffer::allocate(d, std::max<std::size_t>(bytes, 4)));
}

inline CUdeviceptr at(const DeviceBuffer& b, std::size_t element, std::size_t element_size = sizeof(float)) {
  return b.get() + element * element_size;
}
inline float* fptr(CUdeviceptr p) { return reinterpret_cast<float*>(static_cast<std::uintptr_t>(p)); }

template <class T>
inline void upload(const Device& d, const DeviceBuffer& dst, std::span<const T> src, std::size_t offset = 0) {
  if (src.empty()) return;
  check(d, d.api->cuMemcpyHtoD(dst.get() + offset * sizeof(T), src.data(), src.size_bytes()), "cuMemcpyHtoD");
}
template <class T>
std::vector<T> download(const Device& d, const DeviceBuffer& src, std::size_t count) {
  std::vector<T> out(count);
  if (count > 0) check(d, d.api->cuMemcpyDtoH(out.data(), src.get(), count * sizeof(T)), "cuMemcpyDtoH");
  return out;
}

inline unsigned blocks_for(std::size_t n, unsigned threads) {
  return static_cast<unsigned>(std::clamp<std::size_t>((n + threads - 1) / threads, 1, 65535));
}

// Kernel arguments are passed by address; every argument's type must match the kernel's parameter
// exactly (pointers as CUdeviceptr, 64-bit strides as long long).
template <class... Args>
inline void launch(const Device& d, CUfunction f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by,
                   Args... args) {
  void* params[] = {static_cast<void*>(&args)...};
  check(d, d.api->cuLaunchKernel(f, gx, gy, gz, bx, by, 1, 0, nullptr, params, nullptr), "cuLaunchKernel");
}

class BlasHandle {
 public:
  BlasHandle() {
    check_blas(cublasCreate(&handle_), "cublasCreate");
    // Plain IEEE float32 GEMMs: no TF32 or other reduced-precision shortcuts, like the CPU backend.
    check_blas(cublasSetMathMode(handle_, CUBLAS_PEDANTIC_MATH), "cublasSetMathMode");
  }
  ~BlasHandle() { cublasDestroy(handle_); }
  BlasHandle(const BlasHandle&) = delete;
  BlasHandle& operator=(const BlasHandle&) = delete;
  cublasHandle_t get() const { return handle_; }

 private:
  cublasHandle_t handle_ = nullptr;
};

inline std::string arch_of(const Device& d) { return "sm_" + std::to_string(d.major) + std::to_string(d.minor); }

// A split resident on the device.
struct DeviceSplit {
  DeviceBuffer features, labels;
  std::size_t size = 0;
};

inline DeviceSplit upload_split(const Device& d, const trainer::Split& split) {
  DeviceSplit out;
  out.size = split.size;
  out.features = alloc(d, split.features.size() * sizeof(float));
  out.labels = alloc(d, split.labels.size() * sizeof(std::int32_t));
  upload(d, out.features, std::span<const float>(split.features));
  upload(d, out.labels, std::span<const std::int32_t>(split.labels));
  return out;
}

}  // namespace actsearch::kernels::gpu
