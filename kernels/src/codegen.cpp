// CUDA source generation. The scalar definitions are embedded verbatim (with AS_FN made a device
// function) so the GPU computes each primitive with the very code the CPU evaluator compiles; only
// the tape walk is written here, once per candidate, as straight-line code.
#include "kernels/codegen.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "expr/primitives.hpp"
#include "expr/program.hpp"

namespace actsearch::kernels {
namespace {

// An exact float literal of the value the CPU evaluator uses (static_cast<float>(constant)):
// printed from the rounded float with enough digits to round-trip, or by bit pattern when it is
// not finite, so the device sees the identical constant.
std::string float_literal(double value) {
  const auto f = static_cast<float>(value);
  if (!std::isfinite(f)) {
    std::uint32_t bits = 0;
    std::memcpy(&bits, &f, sizeof bits);
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "__int_as_float(0x%08xu)", bits);
    return buffer;
  }
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.9ef", static_cast<double>(f));
  return buffer;
}

std::string operand(const expr::Program& program, int i) {
  const expr::Instruction& ins = program.instructions()[static_cast<std::size_t>(i)];
  if (ins.op == expr::OpCode::X) return "x";
  return (ins.uniform ? "u" : "t") + std::to_string(i);
}

std::string call_text(const expr::Program& program, const expr::Instruction& ins) {
  const expr::Primitive& p = expr::primitive(ins.prim);
  std::string out = std::string(p.c_function) + "(" + operand(program, ins.a);
  if (p.arity == 2) out += ", " + operand(program, ins.b);
  return out + ")";
}

// Kernels over [K, ...] slots; the candidate-specific ones go through as_dispatch.
constexpr std::string_view kKernels = R"CUDA(
typedef long long as_i64;

extern "C" __global__ void bias_activation_forward(float* z, float* act, const float* residual, const float* params,
                                                   as_i64 param_stride, int bias_offset, int theta_offset, int rows,
                                                   int cols, as_i64 matrix_stride, const int* candidate_of) {
  const int k = blockIdx.z;
  const int n = rows * cols;
  float* zk = z + k * matrix_stride;
  float* ak = act + k * matrix_stride;
  const float* rk = residual != nullptr ? residual + k * matrix_stride : nullptr;
  const float* pk = params + k * param_stride;
  const float* bias = pk + bias_offset;
  auto body = [&](auto f) {
    constexpr int P = decltype(f)::kParams;
    for (int e = blockIdx.x * blockDim.x + threadIdx.x; e < n; e += gridDim.x * blockDim.x) {
      const float v = zk[e] + bias[e % rows];
      zk[e] = v;
      float phi, slope, dtheta[P > 0 ? P : 1];
      f(v, phi, slope, dtheta);
      ak[e] = rk != nullptr ? phi + rk[e] : phi;
    }
  };
  as_dispatch(candidate_of[k], pk + theta_offset, body);
}

// blockDim = (AS_BACKWARD_ROWS, lanes); gridDim.x = row tiles. Each block writes the bias gradient
// of its rows and one partial sum per activation parameter (theta_width of them, zeros past the
// candidate's count) to theta_partials[(k * tiles + tile) * theta_width + p].
extern "C" __global__ void activation_backward(const float* z, const float* grad_act, float* grad_pre,
                                               const float* params, float* grads, as_i64 param_stride,
                                               int bias_offset, int theta_offset, int rows, int cols,
                                               as_i64 matrix_stride, float* theta_partials, int theta_width,
                                               const int* candidate_of) {
  __shared__ float red[AS_BLOCK_THREADS];
  const int k = blockIdx.z, tile = blockIdx.x, tiles = gridDim.x;
  const int r = tile * blockDim.x + threadIdx.x;
  const int lanes = blockDim.y, threads = blockDim.x * blockDim.y;
  const int tid = threadIdx.y * blockDim.x + threadIdx.x;
  const float* zk = z + k * matrix_stride;
  const float* gk = grad_act + k * matrix_stride;
  float* gpk = grad_pre + k * matrix_stride;
  const float* pk = params + k * param_stride;
  float* partial = theta_partials + ((as_i64)k * tiles + tile) * theta_width;
  auto body = [&](auto f) {
    constexpr int P = decltype(f)::kParams;
    float acc[P > 0 ? P : 1];
    for (int p = 0; p < P; ++p) acc[p] = 0.0f;
    float bias_acc = 0.0f;
    if (r < rows) {
      for (int j = threadIdx.y; j < cols; j += lanes) {
        const int e = r + j * rows;
        float phi, slope, dtheta[P > 0 ? P : 1];
        f(zk[e], phi, slope, dtheta);
        const float g = gk[e];
        const float gp = g * slope;
        gpk[e] = gp;
        bias_acc += gp;
        for (int p = 0; p < P; ++p) acc[p] += g * dtheta[p];
      }
    }
    red[tid] = bias_acc;
    __syncthreads();
    if (threadIdx.y == 0 && r < rows) {
      float s = 0.0f;
      for (int y = 0; y < lanes; ++y) s += red[y * blockDim.x + threadIdx.x];
      grads[k * param_stride + bias_offset + r] = s;
    }
    __syncthreads();
    for (int p = 0; p < P; ++p) {
      red[tid] = acc[p];
      __syncthreads();
      for (int s = threads / 2; s > 0; s >>= 1) {
        if (tid < s) red[tid] += red[tid + s];
        __syncthreads();
      }
      if (tid == 0) partial[p] = red[0];
      __syncthreads();
    }
    if (tid == 0) {
      for (int p = P; p < theta_width; ++p) partial[p] = 0.0f;
    }
  };
  as_dispatch(candidate_of[k], pk + theta_offset, body);
}

// One thread per (slot, parameter): the tiles' partial sums in tile order.
extern "C" __global__ void reduce_theta_partials(const float* theta_partials, float* grads, as_i64 param_stride,
                                                 int theta_offset, int tiles, int theta_width, int slots) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= slots * theta_width) return;
  const int k = i / theta_width, p = i % theta_width;
  float s = 0.0f;
  for (int t = 0; t < tiles; ++t) s += theta_partials[((as_i64)k * tiles + t) * theta_width + p];
  grads[k * param_stride + theta_offset + p] = s;
}

// m += bias per row (the output layer, which has no activation).
extern "C" __global__ void add_bias(float* m, const float* params, as_i64 param_stride, int offset, int rows, int cols,
                                    as_i64 matrix_stride) {
  const int k = blockIdx.z;
  const int n = rows * cols;
  float* mk = m + k * matrix_stride;
  const float* bias = params + k * param_stride + offset;
  for (int e = blockIdx.x * blockDim.x + threadIdx.x; e < n; e += gridDim.x * blockDim.x) mk[e] += bias[e % rows];
}

// Row sums of a rows x cols matrix per slot (the output layer's bias gradient).
extern "C" __global__ void row_sum(const float* m, float* grads, as_i64 param_stride, int offset, int rows, int cols,
                                   as_i64 matrix_stride) {
  const int k = blockIdx.z;
  const int r = blockIdx.x * blockDim.x + threadIdx.x;
  if (r >= rows) return;
  const float* mk = m + k * matrix_stride;
  float s = 0.0f;
  for (int j = 0; j < cols; ++j) s += mk[r + (as_i64)j * rows];
  grads[k * param_stride + offset + r] = s;
}

// One thread per example. Training (train != 0): the logits become dL/dlogits of the mean loss,
// with the CPU backend's float arithmetic. Scoring: loss in double, argmax with ties to the lowest.
extern "C" __global__ void softmax_cross_entropy(float* logits, const int* labels, as_i64 label_stride, int classes,
                                                 int cols, as_i64 matrix_stride, int train, double* example_loss,
                                                 int* example_correct, as_i64 example_stride) {
  const int k = blockIdx.z;
  const int j = blockIdx.x * blockDim.x + threadIdx.x;
  if (j >= cols) return;
  float* zz = logits + k * matrix_stride + (as_i64)j * classes;
  const int y = labels[k * label_stride + j];
  float top = zz[0];
  int best = 0;
  for (int c = 1; c < classes; ++c) {
    if (top < zz[c]) {
      top = zz[c];
      best = c;
    }
  }
  double loss;
  if (train) {
    const float shifted_true = zz[y] - top;
    float sum = 0.0f;
    for (int c = 0; c < classes; ++c) {
      const float e = expf(zz[c] - top);
      zz[c] = e;
      sum += e;
    }
    loss = log((double)sum) - (double)shifted_true;
    const float inv_batch = 1.0f / (float)cols;
    const float scale = inv_batch / sum;
    for (int c = 0; c < classes; ++c) zz[c] *= scale;
    zz[y] -= inv_batch;
  } else {
    double sum = 0.0;
    for (int c = 0; c < classes; ++c) sum += exp((double)(zz[c] - top));
    loss = log(sum) - (double)(zz[y] - top);
  }
  example_loss[k * example_stride + j] = loss;
  example_correct[k * example_stride + j] = best == y ? 1 : 0;
}

// One block per slot: fixed-order sums of the per-example results (added to the totals when
// accumulate != 0, e.g. over validation chunks).
extern "C" __global__ void reduce_examples(const double* example_loss, const int* example_correct, as_i64 stride,
                                           int cols, double* loss_out, long long* correct_out, int accumulate) {
  __shared__ double loss_red[AS_BLOCK_THREADS];
  __shared__ long long correct_red[AS_BLOCK_THREADS];
  const int k = blockIdx.x, tid = threadIdx.x;
  double l = 0.0;
  long long c = 0;
  for (int j = tid; j < cols; j += blockDim.x) {
    l += example_loss[k * stride + j];
    c += example_correct[k * stride + j];
  }
  loss_red[tid] = l;
  correct_red[tid] = c;
  __syncthreads();
  for (int s = blockDim.x / 2; s > 0; s >>= 1) {
    if (tid < s) {
      loss_red[tid] += loss_red[tid + s];
      correct_red[tid] += correct_red[tid + s];
    }
    __syncthreads();
  }
  if (tid == 0) {
    loss_out[k] = accumulate ? loss_out[k] + loss_red[0] : loss_red[0];
    correct_out[k] = accumulate ? correct_out[k] + correct_red[0] : correct_red[0];
  }
}

// One block per slot: the sum of the gradient (only its finiteness matters).
extern "C" __global__ void gradient_sum(const float* grads, as_i64 param_stride, int count, float* out) {
  __shared__ float red[AS_BLOCK_THREADS];
  const int k = blockIdx.x, tid = threadIdx.x;
  float s = 0.0f;
  for (int i = tid; i < count; i += blockDim.x) s += grads[k * param_stride + i];
  red[tid] = s;
  __syncthreads();
  for (int h = blockDim.x / 2; h > 0; h >>= 1) {
    if (tid < h) red[tid] += red[tid + h];
    __syncthreads();
  }
  if (tid == 0) out[k] = red[0];
}

// One thread per slot, after each batch: the divergence rules of the CPU backend. A slot that
// diverges is marked inactive (its updates stop) and records why (1 non-finite loss, 2 loss
// exploded, 3 non-finite gradient), the loss and the step; the others are untouched.
extern "C" __global__ void step_status(const double* batch_loss_sum, const float* grad_sums, int count, double factor,
                                       long long step, int first_step, unsigned char* active, double* first_loss,
                                       double* epoch_loss, int* code, double* code_loss, long long* code_step,
                                       int slots) {
  const int k = blockIdx.x * blockDim.x + threadIdx.x;
  if (k >= slots || !active[k]) return;
  const double loss = batch_loss_sum[k] / (double)count;
  int why = 0;
  if (!isfinite(loss)) {
    why = 1;
  } else {
    if (first_step) first_loss[k] = loss;
    if (loss > factor * first_loss[k]) {
      why = 2;
    } else if (!isfinite(grad_sums[k])) {
      why = 3;
    }
  }
  if (why != 0) {
    active[k] = 0;
    code[k] = why;
    code_loss[k] = loss;
    code_step[k] = step;
  } else {
    epoch_loss[k] += loss * (double)count;
  }
}

// torch.optim.SGD, element by element as the CPU optimiser computes it; inactive slots are frozen.
extern "C" __global__ void sgd_update(float* params, const float* grads, float* velocity, const unsigned char* decay,
                                      const unsigned char* active, as_i64 param_stride, int count, float lr,
                                      float momentum, float weight_decay, int nesterov) {
  const int k = blockIdx.z;
  if (!active[k]) return;
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= count) return;
  const as_i64 at = k * param_stride + i;
  const float wd = decay[i] ? weight_decay : 0.0f;
  const float g = grads[at];
  float p = params[at];
  if (velocity == nullptr) {
    p -= lr * (g + wd * p);
  } else if (nesterov) {
    const float gi = g + wd * p;
    const float v = momentum * velocity[at] + gi;
    velocity[at] = v;
    p -= lr * (gi + momentum * v);
  } else {
    const float v = momentum * velocity[at] + (g + wd * p);
    velocity[at] = v;
    p -= lr * v;
  }
  params[at] = p;
}

// torch.optim.Adam / AdamW; step_size = lr / (1 - b1^t) and inv_sqrt_bc2 = 1 / sqrt(1 - b2^t) come
// from the host in double precision, as in the CPU optimiser.
extern "C" __global__ void adam_update(float* params, const float* grads, float* first, float* second,
                                       const unsigned char* decay, const unsigned char* active, as_i64 param_stride,
                                       int count, float lr, float beta1, float beta2, float step_size,
                                       float inv_sqrt_bc2, float eps, float weight_decay, int decoupled) {
  const int k = blockIdx.z;
  if (!active[k]) return;
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= count) return;
  const as_i64 at = k * param_stride + i;
  const float wd = decay[i] ? weight_decay : 0.0f;
  const float shrink = decoupled ? 1.0f - lr * wd : 1.0f;
  const float coupled_wd = decoupled ? 0.0f : wd;
  float p = params[at];
  const float gi = grads[at] + coupled_wd * p;
  p *= shrink;
  const float m = beta1 * first[at] + (1.0f - beta1) * gi;
  const float s = beta2 * second[at] + (1.0f - beta2) * gi * gi;
  first[at] = m;
  second[at] = s;
  p -= step_size * m / (sqrtf(s) * inv_sqrt_bc2 + eps);
  params[at] = p;
}

// Copies each slot's batch (positions [first, first + count) of its epoch order) from the
// device-resident train split into a features x count matrix and a label vector.
extern "C" __global__ void gather_batch(const float* features, const int* labels, const unsigned int* order,
                                        as_i64 order_stride, int first, int count, int num_features, float* x,
                                        as_i64 x_stride, int* batch_labels, as_i64 label_stride) {
  const int k = blockIdx.z;
  const int n = num_features * count;
  for (int e = blockIdx.x * blockDim.x + threadIdx.x; e < n; e += gridDim.x * blockDim.x) {
    const int j = e / num_features, f = e % num_features;
    const unsigned int example = order[k * order_stride + first + j];
    x[k * x_stride + e] = features[(as_i64)example * num_features + f];
    if (f == 0) batch_labels[k * label_stride + j] = labels[example];
  }
}

// phi, phi' and dphi/dtheta of each slot's candidate at n points: output o of slot k at
// out[(k * (2 + theta_width) + o) * n + i]; parameters past the candidate's count give zeros.
extern "C" __global__ void evaluate_candidates(const float* x, int n, const float* theta, int theta_width, float* out,
                                               const int* candidate_of) {
  const int k = blockIdx.z;
  const int outputs = 2 + theta_width;
  float* ok = out + (as_i64)k * outputs * n;
  auto body = [&](auto f) {
    constexpr int P = decltype(f)::kParams;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
      float phi, slope, dtheta[P > 0 ? P : 1];
      f(x[i], phi, slope, dtheta);
      ok[i] = phi;
      ok[n + i] = slope;
      for (int p = 0; p < theta_width; ++p) ok[(as_i64)(2 + p) * n + i] = p < P ? dtheta[p] : 0.0f;
    }
  };
  as_dispatch(candidate_of[k], theta + (as_i64)k * theta_width, body);
}
)CUDA";

}  // namespace

std::string candidate_name(int index) { return "Candidate" + std::to_string(index); }

int max_params(std::span<const expr::Program* const> programs) {
  int out = 0;
  for (const expr::Program* p : programs) out = std::max(out, p->num_params());
  return out;
}

Expected<std::string> generate_candidate(const expr::Program& program, int index) {
  if (!program.has_derivatives())
    return fail("candidate " + std::to_string(index) + ": the program has no derivatives");
  const auto code = program.instructions();
  const auto outputs = program.outputs();
  const std::string name = candidate_name(index);
  std::string members, init, body;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const expr::Instruction& ins = code[i];
    const std::string id = std::to_string(i);
    if (ins.uniform) {
      members += "  float u" + id + ";\n";
      switch (ins.op) {
        case expr::OpCode::Const: init += "    u" + id + " = " + float_literal(ins.constant) + ";\n"; break;
        case expr::OpCode::Param: init += "    u" + id + " = theta[" + std::to_string(ins.param) + "];\n"; break;
        case expr::OpCode::Call: init += "    u" + id + " = " + call_text(program, ins) + ";\n"; break;
        case expr::OpCode::X: break;
      }
    } else if (ins.op == expr::OpCode::Call) {
      body += "    const float t" + id + " = " + call_text(program, ins) + ";\n";
    }
  }
  std::string out = "// " + std::to_string(code.size()) + " instructions, " + std::to_string(program.num_params()) +
                    " parameter(s)\n";
  out += "struct " + name + " {\n";
  out += "  static constexpr int kParams = " + std::to_string(program.num_params()) + ";\n";
  out += members;
  out += "  __device__ explicit " + name + "(const float* theta) {\n";
  out += init;
  out += "    (void)theta;\n  }\n";
  out += "  __device__ __forceinline__ void operator()(float x, float& phi, float& slope, float* dtheta) const {\n";
  out += body;
  out += "    phi = " + operand(program, outputs[0]) + ";\n";
  out += "    slope = " + operand(program, outputs[1]) + ";\n";
  for (int k = 0; k < program.num_params(); ++k) {
    out +=
        "    dtheta[" + std::to_string(k) + "] = " + operand(program, outputs[static_cast<std::size_t>(2 + k)]) + ";\n";
  }
  out += "    (void)x;\n    (void)dtheta;\n  }\n};\n\n";
  return out;
}

Expected<std::string> generate_module(std::span<const expr::Program* const> programs) {
  std::vector<std::string> functors;
  for (std::size_t i = 0; i < programs.size(); ++i) {
    auto text = generate_candidate(*programs[i], static_cast<int>(i));
    if (!text) return fail(text.error());
    functors.push_back(std::move(*text));
  }
  return assemble_module(functors);
}

std::string assemble_module(std::span<const std::string> functors) {
  std::string out = "// Generated by actsearch: " + std::to_string(functors.size()) +
                    " candidate activation(s) and the batched "
                    "training kernels.\n";
  out += "#define AS_FN __device__ __forceinline__\n";
  out += "#define AS_BLOCK_THREADS " + std::to_string(kBlockThreads) + "\n";
  out += "#define AS_BACKWARD_ROWS " + std::to_string(kBackwardRows) + "\n\n";
  out += expr::scalar_functions_source();
  out += "\n\n";
  for (const std::string& f : functors) out += f;
  // The candidate is the same for a whole block, so the switch costs one branch per block, and each
  // case is the candidate's own inlined straight-line code.
  out +=
      "template <class Op>\n__device__ __forceinline__ void as_dispatch(int candidate, const float* theta, Op& op) {\n";
  out += "  switch (candidate) {\n";
  for (std::size_t i = 0; i < functors.size(); ++i) {
    out += "    case " + std::to_string(i) + ": op(" + candidate_name(static_cast<int>(i)) + "(theta)); break;\n";
  }
  out += "    default: (void)theta; (void)op; break;\n  }\n}\n";
  out += kKernels;
  return out;
}

}  // namespace actsearch::kernels
