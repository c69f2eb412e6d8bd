#!/usr/bin/env bash
# Builds every libFuzzer target of tests/fuzz (clang 14, ASan + UBSan + coverage, in its own build folder)
# and runs each for SECONDS (default 60), starting from its checked-in seed corpus and dictionary.
# Prints per target: executions, executions per second, corpus size, crashes (crash, leak, timeout or
# out-of-memory inputs, saved under <build>/artifacts/<target>/). Exits non-zero if any target crashed.
#   scripts/fuzz.sh [SECONDS]          the short run (CI: 30 s per target); its corpus is <build>/corpus
#   scripts/fuzz.sh --long [SECONDS]   the nightly run (default 600 s per target) on a corpus kept between
#                                      runs in ACTSEARCH_FUZZ_CORPUS (default ~/.cache/actsearch/fuzz-corpus),
#                                      minimised (libFuzzer -merge=1) after each target's run
#   environment: ACTSEARCH_FUZZ_BUILD (default build-fuzz), ACTSEARCH_FUZZ_TARGETS (space-separated
#   subset), ACTSEARCH_FUZZ_CXX
set -euo pipefail
cd "$(dirname "$0")/.."
long=0
if [[ "${1:-}" == "--long" ]]; then
  long=1
  shift
fi
seconds=${1:-$((long ? 600 : 60))}
build=${ACTSEARCH_FUZZ_BUILD:-build-fuzz}
corpus_root=$build/corpus
((long)) && corpus_root=${ACTSEARCH_FUZZ_CORPUS:-$HOME/.cache/actsearch/fuzz-corpus}
cxx=${ACTSEARCH_FUZZ_CXX:-clang++-14}
all_targets=(expr_parse expr_semantics space_yaml task_yaml campaign_yaml idx database kernel_cache)
read -r -a targets <<<"${ACTSEARCH_FUZZ_TARGETS:-${all_targets[*]}}"

scripts/setup.sh >/dev/null
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
mkdir -p "$build"
# -O1 with line tables, as fuzzing builds usually are (a third less compile time than -O3 -g).
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only -DNDEBUG" \
  -DCMAKE_CXX_COMPILER="$cxx" -DACTSEARCH_FUZZ=ON \
  -DACTSEARCH_CUDA=off "${launcher[@]}" >"$build/configure.log" 2>&1 || { cat "$build/configure.log"; exit 1; }
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/fuzz_}"

# Leaks are crashes too; a SEGV inside a signal handler must not hang the run.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:handle_abort=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

total_crashes=0
printf '%-16s %12s %10s %8s %8s\n' target executions exec/s corpus crashes
for t in "${targets[@]}"; do
  seeds=tests/fuzz/corpus/$t
  work=$corpus_root/$t
  artifacts=$build/artifacts/$t
  log=$build/logs/$t.log
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  dict=()
  [[ -f tests/fuzz/$t.dict ]] && dict=(-dict="tests/fuzz/$t.dict")
  start=$(date +%s)
  # A crash ends the run (libFuzzer's default): its input is the regression test to write.
  "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "${dict[@]}" "$work" "$seeds" >"$log" 2>&1 || true
  elapsed=$(($(date +%s) - start))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  corpus=$(grep -o 'corp: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
  crashes=$(find "$artifacts" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  # A run that died before printing its statistics counts as a crash even without an artifact.
  if [[ -z $execs ]]; then
    ((crashes == 0)) && crashes=1
    echo "fuzz: $t printed no statistics after ${elapsed}s; last lines of $log:" >&2
    tail -20 "$log" >&2
  fi
  if ((long && crashes == 0)); then
    # Keeps the corpus that long runs accumulate small: only inputs that add coverage stay.
    minimised=$work.merged
    rm -rf "$minimised"
    mkdir -p "$minimised"
    if "$build/tests/fuzz/fuzz_$t" -merge=1 -timeout=10 -rss_limit_mb=2048 "$minimised" "$work" >"$log.merge" 2>&1; then
      rm -rf "$work"
      mv "$minimised" "$work"
      corpus=$(find "$work" -type f | wc -l)
    fi
  fi
  printf '%-16s %12s %10s %8s %8s\n' "$t" "${execs:-?}" "${rate:-?}" "${corpus:-?}" "$crashes"
  if ((crashes > 0)); then
    for a in "$artifacts"/*; do [[ $a == */slow-unit-* ]] || echo "  $a" >&2; done
    grep -m1 -A12 'ERROR: \|fuzz property failed\|runtime error' "$log" >&2 || true
  fi
  total_crashes=$((total_crashes + crashes))
done
if ((total_crashes > 0)); then
  echo "fuzz: $total_crashes crashing input(s); each must become a regression test" >&2
  exit 1
fi
