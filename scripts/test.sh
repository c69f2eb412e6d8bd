#!/usr/bin/env bash
# Sets everything up, builds, and runs the whole test suite.
#   scripts/test.sh              optimised build in build/
#   scripts/test.sh --sanitize   AddressSanitizer + UndefinedBehaviorSanitizer build in build-asan/
set -euo pipefail
cd "$(dirname "$0")/.."

build=build
options=(-DCMAKE_BUILD_TYPE=Release -DACTSEARCH_WERROR=ON -DACTSEARCH_BUILD_TESTS=ON -DACTSEARCH_BUILD_BENCH=ON)
if [[ "${1:-}" == "--sanitize" ]]; then
  build=build-asan
  # -O1 with line tables, as sanitizer builds usually are: file:line in every report, in about half the
  # compile time of -O2 -g (README.md has the figure).
  options=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG"
           -DACTSEARCH_SANITIZE=ON -DACTSEARCH_WERROR=ON -DACTSEARCH_BUILD_TESTS=ON -DACTSEARCH_BUILD_BENCH=OFF)
  # The CUDA libraries map memory where ASan's shadow gap would be; leaks are reported as errors.
  export ASAN_OPTIONS="protect_shadow_gap=0:detect_leaks=1:abort_on_error=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
fi

scripts/setup.sh
jobs=$(nproc)
cmake -S . -B "$build" "${options[@]}"
cmake --build "$build" -j "$jobs"
ctest --test-dir "$build" --output-on-failure -j "$jobs"
