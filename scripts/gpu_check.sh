#!/usr/bin/env bash
# The GPU checks of the CUDA backend in one run, from the bundle that scripts/gpu_bundle.sh makes
# (this file is copied into it). On the GPU machine:
#   bash gpu-bundle/gpu_check.sh        # logs, figures.json and steps.json under $OUT (else gpu-bundle/out)
# Steps, each with its own timeout and log, all inside a total budget of TOTAL_BUDGET_S (default
# 450 s, so the whole run stays under 8 minutes); a failing step is reported and the next one runs:
#   device_tests       every Device.* test (generated code and GPU training against the CPU)
#   nvrtc              cold/cache-hit compile time of 64 candidates per compile lever, on this CPU
#   bandwidth_*        each candidate's activation kernels next to a device-to-device copy
#   train_*            K = 1, 8, 64, 256 candidates in lockstep (device-function and inlined forms)
#   pytorch            PyTorch eager and torch.compile training the same candidates one after
#                      another, and the table + figures.json (a missing torch.compile backend is
#                      reported, not fatal)
#   cpu_tests          the rest of the kernels tests, from the bundle
# Environment: OUT, PYTHON (a python with torch; else the first of python3/python that has it),
# ACTSEARCH_CUDA_LIB_DIRS (extra ':'-separated folders holding the CUDA libraries), TOTAL_BUDGET_S.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${OUT:-$here/out}
mkdir -p "$out" || { echo "gpu_check: cannot create $out" >&2; exit 1; }
: >"$out/gpu_check.log"
: >"$out/steps.tsv"
start=$(date +%s)
deadline=$((start + ${TOTAL_BUDGET_S:-450}))
failures=0

log() { printf '[gpu_check %s] %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$out/gpu_check.log"; }
die() {
  log "FATAL: $*"
  exit 1
}

# step NAME TIMEOUT_S CMD...: CMD's output goes to $out/NAME.log; the timeout is cut to what is
# left of the budget; the outcome is one line of steps.tsv (name, exit status, seconds, limit).
step() {
  local name=$1 limit=$2
  shift 2
  local left=$((deadline - $(date +%s)))
  if ((left < 20)); then
    log "SKIP $name: the time budget (${TOTAL_BUDGET_S:-450} s) is spent"
    printf '%s\tskipped\t0\t0\n' "$name" >>"$out/steps.tsv"
    failures=$((failures + 1))
    return 1
  fi
  ((limit > left)) && limit=$left
  log "RUN  $name (timeout ${limit} s)"
  local t0 rc
  t0=$(date +%s)
  timeout --kill-after=10 "$limit" "$@" >"$out/$name.log" 2>&1
  rc=$?
  local took=$(($(date +%s) - t0))
  if ((rc == 0)); then
    log "OK   $name (${took} s)"
  else
    failures=$((failures + 1))
    if ((rc == 124 || rc == 137)); then
      log "TIMEOUT $name after ${took} s (log: $name.log)"
    else
      log "FAIL $name: exit status $rc after ${took} s (log: $name.log); its last lines:"
    fi
    tail -n 15 "$out/$name.log" | sed 's/^/    /' | tee -a "$out/gpu_check.log"
  fi
  printf '%s\t%s\t%s\t%s\n' "$name" "$rc" "$took" "$limit" >>"$out/steps.tsv"
  return "$rc"
}

# ---- What the bundle needs from this machine ------------------------------------------------------
[[ -f $here/MANIFEST && -x $here/bin/test_kernels && -x $here/bin/kernels_bench ]] ||
  die "$here is not a complete bundle (MANIFEST, bin/test_kernels, bin/kernels_bench); make it with scripts/gpu_bundle.sh"
manifest() { sed -n "s/^$1=//p" "$here/MANIFEST"; }
cuda_major=$(manifest cuda_major)
log "bundle: $(manifest commit), built $(manifest built), CUDA $(manifest cuda_version)"
cp "$here/MANIFEST" "$out/MANIFEST"

# ld.so's cache (ldconfig is in /sbin on some systems and not on a user's PATH).
ld_cache() { { command -v ldconfig >/dev/null && ldconfig -p; } 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; }
version_at_least() { [[ $(printf '%s\n%s\n' "$2" "$1" | sort -V | head -1) == "$2" ]]; }
glibc_needed=$(manifest glibc_needed)
glibc_here=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')
if [[ -n $glibc_needed && -n $glibc_here ]] && ! version_at_least "$glibc_here" "$glibc_needed"; then
  die "this machine has glibc $glibc_here; the bundle's binaries need $glibc_needed or newer"
fi
# The C++ runtime: the bundle's (lib/cxx) where this glibc can run it, else the machine's own if
# it has every symbol version the binaries use.
cxx_dir=""
if [[ -n $glibc_here ]] && version_at_least "$glibc_here" "$(manifest cxx_glibc_needed)"; then
  cxx_dir=$here/lib/cxx
  log "C++ runtime: the bundle's (glibc $glibc_here)"
else
  system_cxx=$(ld_cache | awk '/libstdc\+\+\.so\.6 .*x86-64/ {print $NF; exit}')
  for need in "$(manifest glibcxx_needed)" "$(manifest cxxabi_needed)"; do
    [[ -n $system_cxx ]] && grep -qa "$need" "$system_cxx" ||
      die "glibc $glibc_here cannot run the bundle's C++ runtime (needs $(manifest cxx_glibc_needed)), and this machine's libstdc++ (${system_cxx:-none found}) lacks $need"
  done
  log "C++ runtime: this machine's $system_cxx (glibc $glibc_here is older than the bundle's runtime needs)"
fi

if command -v nvidia-smi >/dev/null; then
  timeout 30 nvidia-smi >"$out/nvidia-smi.txt" 2>&1 || log "nvidia-smi failed (see nvidia-smi.txt)"
  log "GPU: $(timeout 30 nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | head -1)"
else
  log "nvidia-smi is not installed; going on"
fi

# A python with torch, for the peer (the summary itself needs only python).
python=""
for candidate in ${PYTHON:-} python3 python /usr/bin/python3 /opt/conda/bin/python; do
  if command -v "$candidate" >/dev/null && timeout 120 "$candidate" -c 'import torch' 2>/dev/null; then
    python=$(command -v "$candidate")
    break
  fi
done
if [[ -z $python ]]; then
  python=$(command -v python3 || command -v python || true)
  log "no python with torch found: the PyTorch peer will not be measured"
else
  log "python: $python ($(timeout 60 "$python" -c 'import torch; print("torch", torch.__version__, "CUDA", torch.version.cuda, "GPU", torch.cuda.is_available())' 2>&1 | tail -1))"
fi

# The CUDA libraries the binaries link (cuBLAS, NVRTC and its builtins) and nvJitLink (opened for
# the linking lever): the toolkit's folders, pip's nvidia-* wheels next to torch, then ld.so's cache.
search=()
IFS=: read -r -a extra <<<"${ACTSEARCH_CUDA_LIB_DIRS:-}"
search+=("${extra[@]}")
for home in "${CUDA_HOME:-}" "${CUDA_PATH:-}" /usr/local/cuda /usr/local/cuda-"$cuda_major"* /opt/cuda; do
  [[ -n $home ]] && search+=("$home/lib64" "$home/lib" "$home/targets/x86_64-linux/lib")
done
if [[ -n $python ]]; then
  while read -r site; do
    for d in "$site"/nvidia/*/lib "$site"/nvidia/cu"$cuda_major"/lib "$site"/torch/lib; do search+=("$d"); done
  done < <(timeout 60 "$python" -c 'import site, sys; print("\n".join(site.getsitepackages() + [site.getusersitepackages()] + sys.path))' 2>/dev/null)
fi
search+=(/usr/local/nvidia/lib64 /usr/lib/x86_64-linux-gnu /usr/lib64)
lib_dirs=()
find_lib() { # prints the folder holding a file matching $1, or nothing
  local pattern=$1 d f
  for d in "${search[@]}"; do
    [[ -d $d ]] || continue
    for f in "$d"/$pattern; do
      [[ -e $f ]] && { echo "$d"; return 0; }
    done
  done
  f=$(ld_cache | awk -v p="$pattern" '{ if ($1 ~ "^" p) { print $NF; exit } }')
  [[ -n $f ]] && dirname "$f"
}
missing=()
for pattern in "libcublas.so.$cuda_major" "libcublasLt.so.$cuda_major" "libnvrtc.so.$cuda_major" \
  "libnvrtc-builtins.so.$cuda_major*" "libnvJitLink.so.$cuda_major"; do
  dir=$(find_lib "$pattern")
  if [[ -z $dir ]]; then
    missing+=("$pattern")
    continue
  fi
  [[ " ${lib_dirs[*]} " == *" $dir "* ]] || lib_dirs+=("$dir")
  log "found $pattern in $dir"
done
[[ -z $(find_lib "libcuda.so.1") ]] && log "warning: the CUDA driver library libcuda.so.1 was not found; the Device tests will say why they cannot run"
LD_LIBRARY_PATH=$here/lib${cxx_dir:+:$cxx_dir}
for dir in "${lib_dirs[@]}"; do LD_LIBRARY_PATH+=":$dir"; done
export LD_LIBRARY_PATH
log "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
if ((${#missing[@]})); then
  log "missing CUDA $cuda_major libraries: ${missing[*]} (searched: ${search[*]}; set ACTSEARCH_CUDA_LIB_DIRS)"
fi
for b in "$here"/bin/*; do
  if ldd "$b" | grep -q 'not found'; then
    ldd "$b" | grep 'not found' | sed 's/^/    /' | tee -a "$out/gpu_check.log"
    die "$(basename "$b") cannot start: the libraries above are missing (the bundle was built with CUDA $(manifest cuda_version))"
  fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ACTSEARCH_KERNEL_CACHE=$work/kernel-cache
sed "s|@BUNDLE_DATA@|$here/data|" "$here/share/fmnist-mlp4.yaml.in" >"$work/fmnist-mlp4.yaml"
space=$here/share/ramachandran-2unit.yaml
task=$work/fmnist-mlp4.yaml
bench=$here/bin/kernels_bench

# ---- The checks ------------------------------------------------------------------------------------
step device_tests 200 "$here/bin/test_kernels" --gtest_filter='Device.*' --gtest_output="json:$out/device_tests.json"
grep -E '^\[  (PASSED|FAILED) +\]|^\[  SKIPPED \] [0-9]' "$out/device_tests.log" 2>/dev/null | sed 's/^/    /' | tee -a "$out/gpu_check.log"

step nvrtc 150 "$bench" "$space" "$task" --levers function,function-link-1-per-object,function-link-8-per-object,function-16-modules,inlined \
  --no-bandwidth --no-train
step bandwidth_function 90 "$bench" "$space" "$task" --no-nvrtc --no-train --form function
step train_function 150 "$bench" "$space" "$task" --no-nvrtc --no-bandwidth --form function \
  --export "$out/candidates"
cat "$out"/nvrtc.log "$out"/bandwidth_function.log "$out"/train_function.log 2>/dev/null | grep -E $'^[a-z]+\t' \
  >"$out/ours_function.tsv"
if [[ -n $python ]]; then
  step pytorch 210 "$python" "$here/bench/kernels_vs_pytorch.py" --ours "$out/ours_function.tsv" \
    --candidates "$out/candidates" --data "$here/data/fashion-mnist" --eager 8 --compiled 2 --compile-budget 100 --json "$out/figures.json"
else
  log "SKIP pytorch: no python on this machine"
fi
step bandwidth_inlined 120 "$bench" "$space" "$task" --no-nvrtc --no-train --form inlined
step train_inlined 150 "$bench" "$space" "$task" --no-nvrtc --no-bandwidth --form inlined
cat "$out"/bandwidth_inlined.log "$out"/train_inlined.log 2>/dev/null | grep -E $'^[a-z]+\t' >"$out/ours_inlined.tsv"
[[ -n $python && -s $out/ours_inlined.tsv ]] &&
  step summary_inlined 60 "$python" "$here/bench/kernels_vs_pytorch.py" --ours "$out/ours_inlined.tsv" \
    --json "$out/figures_inlined.json"
step cpu_tests 150 "$here/bin/test_kernels" --gtest_filter='-Device.*' --gtest_brief=1

# ---- Outcome ----------------------------------------------------------------------------------------
{
  echo "{"
  echo "  \"total_seconds\": $(($(date +%s) - start)),"
  echo "  \"steps\": ["
  sep=""
  while IFS=$'\t' read -r name rc took limit; do
    printf '%s    {"name": "%s", "exit_status": "%s", "seconds": %s, "timeout": %s}' "$sep" "$name" "$rc" "$took" "$limit"
    sep=$',\n'
  done <"$out/steps.tsv"
  printf '\n  ]\n}\n'
} >"$out/steps.json"
[[ -s $out/pytorch.log ]] && cat "$out/pytorch.log" | tee -a "$out/gpu_check.log"
log "done in $(($(date +%s) - start)) s: $failures step(s) failed or skipped; figures in $out/figures.json, steps in $out/steps.json"
((failures == 0))
