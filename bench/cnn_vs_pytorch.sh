#!/usr/bin/env bash
# One epoch of fmnist-cnn and fmnist-resnet, this trainer against PyTorch, both on one core
# (OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1, torch.set_num_threads(1)), same architecture, initial
# weights, batches and optimiser, for ReLU, Swish and Mish; medians over REPEATS interleaved runs and
# each side's CPU utilisation. Usage: bench/cnn_vs_pytorch.sh [BUILD_DIR] [REPEATS]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
repeats=${2:-3}
bench=$build/bench/cnn_vs_pytorch
[[ -x $bench ]] || { echo "missing $bench: build target cnn_vs_pytorch first" >&2; exit 1; }
python=/usr/bin/python3
pin=(env OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1)

for task in fmnist-cnn fmnist-resnet; do
  ours=$(mktemp)
  theirs=$(mktemp)
  for ((r = 0; r < repeats; ++r)); do
    for name in relu swish mish; do
      "${pin[@]}" "$bench" "$root/configs/tasks/$task.yaml" --only "$name" >>"$ours"
      "${pin[@]}" "$python" "$root/bench/cnn_vs_pytorch.py" "$root/configs/tasks/$task.yaml" --only "$name" >>"$theirs"
    done
  done
  "$python" "$root/bench/cnn_vs_pytorch.py" --ours "$ours" --torch "$theirs" \
    --title "$task: one epoch (training + validation on 10k), median of $repeats, one core each"
  echo
  rm -f "$ours" "$theirs"
done
