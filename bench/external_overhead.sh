#!/usr/bin/env bash
# What the external-task protocol (docs/EXTERNAL.md) costs per evaluation, next to the script's own
# training time: `actsearch eval --task` of a task that trains through tests/external/tiny_train.py (a
# PyTorch MLP on synthetic blobs), whose wall time from process start to result read is set against the
# seconds the script itself reports for its epochs. The interpreter's start and `import torch` are
# timed alone, as the part of the overhead that belongs to Python rather than to the protocol.
#   bench/external_overhead.sh [repetitions]      (build first: cmake --build build --target actsearch)
set -euo pipefail
cd "$(dirname "$0")/.."
repetitions=${1:-5}
python=${ACTSEARCH_PYTHON:-/usr/bin/python3}
actsearch=build/actsearch
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cores=$(nproc --all)
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1

median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
seconds_of() {  # the wall time of a command, in seconds
  local start end
  start=$(date +%s.%N); "$@" > /dev/null 2>&1; end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

echo "external-task protocol overhead; $repetitions repetitions, medians; $cores cores; $python"
echo "torch $("$python" -c 'import torch; print(torch.__version__)'); one thread per run"
echo
start_s=$(for _ in $(seq "$repetitions"); do seconds_of "$python" -c pass; done | median)
import_s=$(for _ in $(seq "$repetitions"); do seconds_of "$python" -c 'import torch'; done | median)
printf "%-44s %8.3f s\n" "python3 start" "$start_s"
printf "%-44s %8.3f s\n" "python3 start + import torch" "$import_s"
echo
printf "%-28s %10s %12s %12s %9s %14s\n" "budget" "wall (s)" "training (s)" "overhead (s)" "overhead" "beyond import"
for epochs in 2 20; do
  cat > "$work/task.yaml" <<YAML
name: overhead
training: {epochs: $epochs}
external:
  framework: pytorch
  command: "'$python' '$PWD/tests/external/tiny_train.py' --module {module} --result {result} --seed {seed} --epochs {epochs} --threads {threads}"
YAML
  for i in $(seq "$repetitions"); do
    "$actsearch" eval 'x*sigmoid(beta*x)' --task "$work/task.yaml" --seed "$i" --json |
      "$python" -c 'import json, sys
t = json.load(sys.stdin)["training"]
assert t["status"] == "ok", t["message"]
train = sum(e["seconds"] for e in t["epochs"])
print(t["wall_seconds"], train, t["wall_seconds"] - train)'
  done > "$work/runs.txt"
  wall=$(cut -d' ' -f1 "$work/runs.txt" | median)
  train=$(cut -d' ' -f2 "$work/runs.txt" | median)
  over=$(cut -d' ' -f3 "$work/runs.txt" | median)
  printf "%-28s %10.3f %12.3f %12.3f %8.0f%% %12.3f s\n" "600 examples x $epochs epochs" "$wall" "$train" "$over" \
    "$(echo "100 * $over / $wall" | bc -l)" "$(echo "$over - $import_s" | bc -l)"
done
echo
echo "overhead = wall time of the run (spawn to result read) - the script's own epoch seconds: process"
echo "start, import torch, loading the candidate module, building the model and data, writing and reading"
echo "the result. \"beyond import\": the overhead less starting Python with torch (the line above)."
