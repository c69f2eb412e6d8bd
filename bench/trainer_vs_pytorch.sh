#!/usr/bin/env bash
# The CPU trainer against PyTorch on the same protocol, printed as one table.
# Usage: bench/trainer_vs_pytorch.sh [BUILD_DIR] [REPEATS]   (BUILD_DIR defaults to ./build)
# Each repeat runs every activation once with ours and then once with PyTorch, so the two sides
# see the same machine load; the table gives medians over the repeats and each side's CPU
# utilisation. PyTorch is pinned to one core: torch.set_num_threads(1) and its BLAS and OpenMP
# pools (OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1); OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are left
# as the machine sets them for both sides.
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
