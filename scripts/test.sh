#!/usr/bin/env bash
# Sets everything up, builds, and runs the whole test suite.
#   scripts/test.sh              optimised build in build/
#   scripts/test.sh --sanitize   AddressSanitizer + UndefinedBehaviorSanitizer build in build-sanitize/ (clang),
#                                which also measures coverage and prints its summary per folder
set -euo pipefail
cd "$(dirname "$0")/.."

build=build
options=(-DCMAKE_BUILD_TYPE=Release -DACTSEARCH_WERROR=ON -DACTSEARCH_BUILD_TESTS=ON -DACTSEARCH_BUILD_BENCH=ON)
sanitize=false
if [[ "${1:-}" == "--sanitize" ]]; then
  sanitize=true
  build=build-sanitize
  # -O1 with line tables, as sanitizer builds usually are: file:line in every report, in about half the
  # compile time of -O2 -g (README.md has the figure). Clang, so that the same run also counts coverage
  # (source-based, scripts/coverage.sh reads it): the figures cost no build of their own.
  options=(-DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo
           "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" -DACTSEARCH_SANITIZE=ON -DACTSEARCH_COVERAGE=ON
           -DACTSEARCH_WERROR=ON -DACTSEARCH_BUILD_TESTS=ON -DACTSEARCH_BUILD_BENCH=OFF)
  # The CUDA libraries map memory where ASan's shadow gap would be; leaks are reported as errors.
  export ASAN_OPTIONS="protect_shadow_gap=0:detect_leaks=1:abort_on_error=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
fi

scripts/setup.sh
jobs=$(nproc)
cmake -S . -B "$build" "${options[@]}"
cmake --build "$build" -j "$jobs"
if $sanitize; then
  # %4m: each binary merges its processes' counts into a pool of four files as they exit.
  rm -rf "$build/profiles"
  export LLVM_PROFILE_FILE="$PWD/$build/profiles/%4m.profraw"
fi
ctest --test-dir "$build" --output-on-failure -j "$jobs"
if $sanitize; then ACTSEARCH_COVERAGE_BUILD="$build" scripts/coverage.sh --report; fi
