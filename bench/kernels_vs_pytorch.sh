#!/usr/bin/env bash
# The CUDA backend against PyTorch: NVRTC compile and cache-hit times (any machine with the CUDA
# toolkit), and batched training throughput next to PyTorch on the same GPU (a machine with one).
# Usage: bench/kernels_vs_pytorch.sh [BUILD_DIR] [ARCH]   (BUILD_DIR defaults to ./build)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
bench=$build/bench/kernels_bench
[[ -x $bench ]] || { echo "missing $bench: build target kernels_bench first" >&2; exit 1; }
python=/usr/bin/python3

ours=$(mktemp)
trap 'rm -f "$ours"' EXIT
"$bench" "$root/spaces/definitions/ramachandran-2unit.yaml" "$root/configs/tasks/fmnist-mlp4.yaml" ${2:+"$2"} >"$ours"
"$python" "$root/bench/kernels_vs_pytorch.py" --ours "$ours"
