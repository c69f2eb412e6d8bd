#!/usr/bin/env bash
# Faithfulness on any task: the known activations ranked by this engine and by an independent PyTorch
# implementation of the same network (bench/tasks_vs_pytorch.py), each with SEEDS seeds at the task's
# full budget, and the Spearman correlation of the two rankings over the functions that trained in every
# seed on both sides.
# Usage: bench/tasks_vs_pytorch.sh TASK.yaml [SEEDS] [BUILD_DIR]     (SEEDS defaults to 5)
# The engine trains on every core (one job per core, each single-threaded); PyTorch on one thread
# (torch.set_num_threads(1), OPENBLAS_NUM_THREADS=1, OMP_NUM_THREADS=1). Only the rankings are compared.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
task=$1
seeds=${2:-5}
build=${3:-$root/build}
python=/usr/bin/python3  # Debian's interpreter has torch (python3-torch)
known=relu,leaky_relu,prelu,elu,selu,gelu,gelu_tanh,swish,mish,softplus,sigmoid,tanh,softsign,hard_sigmoid,hard_swish,relu6,squared_relu,swish_beta
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# calibrate needs a cheap budget besides the full one: the smallest that still trains, not compared.
"$build/actsearch" calibrate "$task" --seeds "$seeds" --budgets 1000x1 --functions "$known" --json "$work/engine.json" >"$work/engine.txt"
OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 "$python" "$root/bench/tasks_vs_pytorch.py" "$task" \
  --seeds "$seeds" --functions "$known" --json "$work/torch.json"
"$python" "$root/bench/tasks_vs_pytorch.py" --compare "$work/engine.json" "$work/torch.json"
