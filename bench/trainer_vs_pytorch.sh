#!/usr/bin/env bash
# The CPU trainer against PyTorch on the same protocol, printed as one table.
# Usage: bench/trainer_vs_pytorch.sh [BUILD_DIR] [REPEATS]   (BUILD_DIR defaults to ./build)
# Each repeat runs every activation once with ours and then once with PyTorch, so the two sides
# see the same machine load; the table gives medians over the repeats and each side's CPU
# utilisation. PyTorch is pinned to one core: torch.set_num_threads(1) and its BLAS and OpenMP
# pools (OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1); OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are left
# as the machine sets them for both sides.
#
# Measured on the 2-core build host (shared: load average 8-12, each side 40-55% of a core), 3
# repeats (medians), ours/PyTorch seconds then CPU seconds:
#   before erfc's FMAs and gelu's normal_cdf rows (load 8.3-12.2):
#     relu 2.177/3.562 0.61x, 0.866/1.400 0.62x; swish 2.335/3.777 0.62x, 0.915/1.454 0.63x;
#     mish 2.547/4.634 0.55x, 1.006/1.803 0.56x; complex 2.834/6.143 0.46x, 1.120/2.439 0.46x
#   after (load 8.7-9.2): relu 1.847/3.196 0.58x, 0.890/1.316 0.68x; swish 1.857/2.696 0.69x,
#     0.868/1.351 0.64x; mish 2.401/3.475 0.69x, 1.040/1.668 0.62x; complex 2.070/4.033 0.51x,
#     1.027/2.229 0.46x (the four activations do not touch erfc: the difference is the load)
#   mish from one exponential (the rows mish and mish_slope; load 2.3-4.5): relu 0.816/1.315 0.62x,
#     0.771/1.104 0.70x; swish 0.886/1.112 0.80x, 0.806/1.099 0.73x; mish 0.863/1.585 0.54x,
#     0.848/1.571 0.54x; complex 1.094/2.279 0.48x, 1.059/2.007 0.53x (mish accuracy unchanged)
#   validation accuracy ours/PyTorch: relu 0.8472/0.8536, swish 0.8560/0.8560, mish 0.8577/0.8577,
#     complex 0.8561/0.8525; candidate-epochs/s 0.516 (1 thread) and 0.536 (2 threads, 2 at once).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
repeats=${2:-3}
bench=$build/bench/trainer_vs_pytorch
[[ -x $bench ]] || { echo "missing $bench: build target trainer_vs_pytorch first" >&2; exit 1; }
# PyTorch comes from the Debian interpreter (python3-torch); a python3 earlier on PATH may lack it.
python=/usr/bin/python3
task=$root/configs/tasks/fmnist-mlp4.yaml
peer=(env OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 "$python" "$root/bench/trainer_vs_pytorch.py")

ours=$(mktemp)
theirs=$(mktemp)
trap 'rm -f "$ours" "$theirs"' EXIT
for ((r = 0; r < repeats; ++r)); do
  for name in relu swish mish complex; do
    "$bench" "$task" --only "$name" --repeats 1 >>"$ours"
    "${peer[@]}" --only "$name" --repeats 1 >>"$theirs"
  done
done
"$bench" "$task" --rates-only >>"$ours"
"${peer[@]}" --rate-only >>"$theirs"
"$python" "$root/bench/trainer_vs_pytorch.py" --ours "$ours" --torch "$theirs"
