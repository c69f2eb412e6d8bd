#!/usr/bin/env bash
# The CPU trainer against PyTorch on the same protocol, printed as one table.
# Usage: bench/trainer_vs_pytorch.sh [BUILD_DIR] [REPEATS]   (BUILD_DIR defaults to ./build)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
repeats=${2:-3}
bench=$build/bench/trainer_vs_pytorch
[[ -x $bench ]] || { echo "missing $bench: build target trainer_vs_pytorch first" >&2; exit 1; }
# PyTorch comes from the Debian interpreter (python3-torch); a python3 earlier on PATH may lack it.
python=/usr/bin/python3

ours=$(mktemp)
trap 'rm -f "$ours"' EXIT
"$bench" "$root/configs/tasks/fmnist-mlp4.yaml" --repeats "$repeats" >"$ours"
"$python" "$root/bench/trainer_vs_pytorch.py" --ours "$ours" --repeats "$repeats"
