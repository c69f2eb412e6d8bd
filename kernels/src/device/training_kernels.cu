// The training kernels over [K, ...] slots: the part of every generated module that is the same
// for all candidates (codegen.hpp describes the layout). Not compiled on its own: the build embeds
// this file's text (kernels/CMakeLists.txt) and assemble_module() puts it after what it uses:
//   AS_BLOCK_THREADS, AS_BACKWARD_ROWS   launch shapes shared with the host (codegen.hpp)
//   as_dispatch(candidate, theta, op)    calls op(f) with slot's candidate functor f, whose
//                                        f(x, phi, slope, dtheta) computes phi, phi', dphi/dtheta
//                                        and whose kParams counts its parameters
//   as_sgd, as_sgd_momentum, as_adam     the optimiser rules (trainer/optimizer_rules.hpp)
//   Divergence, as_batch_divergence      the divergence rule (trainer/divergence_rule.hpp)
// Every NVRTC test compiles it as part of a module, so a syntax error fails the test suite.
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
                                               const float* params, float* grads, as_i64 param_stride, int bias_offset,
                                               int theta_offset, int rows, int cols, as_i64 matrix_stride,
                                               float* theta_partials, int theta_width, const int* candidate_of) {
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

// One thread per slot, after each batch: the divergence rule of every backend
// (as_batch_divergence). A slot that diverges is marked inactive (its updates stop) and records
// why (the rule's Divergence as an int), the loss and the step; the others are untouched.
extern "C" __global__ void step_status(const double* batch_loss_sum, const float* grad_sums, int count, double factor,
                                       long long step, int first_step, unsigned char* active, double* first_loss,
                                       double* epoch_loss, int* code, double* code_loss, long long* code_step,
                                       int slots) {
  const int k = blockIdx.x * blockDim.x + threadIdx.x;
  if (k >= slots || !active[k]) return;
  const double loss = batch_loss_sum[k] / (double)count;
  if (first_step) first_loss[k] = loss;
  const Divergence why = as_batch_divergence(loss, first_loss[k], factor, grad_sums[k]);
  if (why != Divergence::None) {
    active[k] = 0;
    code[k] = (int)why;
    code_loss[k] = loss;
    code_step[k] = step;
  } else {
    epoch_loss[k] += loss * (double)count;
  }
}

// torch.optim.SGD with the CPU optimiser's rule (optimizer_rules.hpp); inactive slots are frozen.
extern "C" __global__ void sgd_update(float* params, const float* grads, float* velocity, const unsigned char* decay,
                                      const unsigned char* active, as_i64 param_stride, int count, float lr,
                                      float momentum, float weight_decay, int nesterov) {
  const int k = blockIdx.z;
  if (!active[k]) return;
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= count) return;
  const as_i64 at = k * param_stride + i;
  const float wd = decay[i] ? weight_decay : 0.0f;
  if (velocity == nullptr) {
    params[at] = as_sgd(params[at], grads[at], lr, wd);
  } else {
    float v = velocity[at];
    params[at] = as_sgd_momentum(params[at], grads[at], v, lr, momentum, wd, nesterov != 0);
    velocity[at] = v;
  }
}

// torch.optim.Adam / AdamW with the CPU optimiser's rule; step_size and inv_sqrt_bc2 come from the
// host (as_adam_corrections, in double precision), as in the CPU optimiser.
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
  float m = first[at], s = second[at];
  params[at] = as_adam(params[at], grads[at], m, s, lr, beta1, beta2, step_size, inv_sqrt_bc2, eps, wd, decoupled != 0);
  first[at] = m;
  second[at] = s;
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
