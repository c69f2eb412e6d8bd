#!/usr/bin/env bash
# The CUDA backend against PyTorch. Any machine with the CUDA toolkit: NVRTC cold-compile and
# cache-hit times of 64 candidates for each compile lever (CompileOptions: inlined or device
# functions, NVRTC/ptxas options, several modules in parallel, per-candidate compile + nvJitLink).
# A machine with a GPU also: each candidate's activation kernels' bandwidth next to a
# device-to-device copy, and K = 1, 8, 64, 256 candidates trained in lockstep next to PyTorch
# eager and torch.compile training the same candidates one after another.
# Usage: bench/kernels_vs_pytorch.sh [BUILD_DIR] [ARCH]   (BUILD_DIR defaults to ./build)
#   LEVERS=all|name,...  which compile levers to time (kernels_bench --levers; default all)
#   FORM=inlined|function, NO_LINK=1  how the GPU part compiles its modules (default: the backend's)
#   JSON=FILE            also write every figure as JSON
# scripts/gpu_check.sh runs the same GPU part from the bundle made by scripts/gpu_bundle.sh.
#
# The compile levers, measured on the 2-core build host (shared: load average 11-16 on its 2 cores,
# so wall times were 3-4x the CPU times) for 64 candidates, sm_90, process CPU seconds of a cold
# compile: inlined 18.4, inlined with ptxas -O1 12.5, device functions in one module 3.0-6.1 over
# four runs, device functions compiled apart and linked 3.3 one candidate per object, 1.6 eight per
# object, 1.25 thirty-two per object. ptxas is ~90% of a one-module compile (the same module to PTX
# only: 0.57 s). These chose CompileOptions' defaults (kernels/nvrtc.hpp).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
bench=$build/bench/kernels_bench
[[ -x $bench ]] || { echo "missing $bench: build target kernels_bench first" >&2; exit 1; }
python=${PYTHON:-/usr/bin/python3}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
options=(--levers "${LEVERS:-all}" --export "$work/candidates")
[[ -n ${2:-} ]] && options+=(--arch "$2")
[[ -n ${FORM:-} ]] && options+=(--form "$FORM")
[[ ${NO_LINK:-0} == 1 ]] && options+=(--no-link)
"$bench" "$root/spaces/definitions/ramachandran-2unit.yaml" "$root/configs/tasks/fmnist-mlp4.yaml" "${options[@]}" \
  >"$work/ours.tsv"
"$python" "$root/bench/kernels_vs_pytorch.py" --ours "$work/ours.tsv" --candidates "$work/candidates" \
  ${JSON:+--json "$JSON"}
