#!/usr/bin/env bash
# The long checks that do not fit CI's budget (45 minutes on 2 cores), for a nightly run:
#   - the I/O fault loop at every one of the campaign's I/O calls (CI: a sample of 40);
#   - the allocation fault loops at 400 sampled allocations each (CI: 30);
#   - every fuzz target for 10 minutes on a corpus kept between nights (CI: 30 s from the seeds);
#   - the coverage report (scripts/coverage.sh).
# Each step prints its wall time. Environment: ACTSEARCH_NIGHTLY_FUZZ_SECONDS (default 600).
set -euo pipefail
cd "$(dirname "$0")/.."
step() {
  local start=$SECONDS
  "$@"
  echo "nightly: '$*' took $((SECONDS - start)) s (total $SECONDS s)"
}
faults() {
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DACTSEARCH_WERROR=ON -DACTSEARCH_BUILD_TESTS=ON >/dev/null
  cmake --build build --target test_faults
  ACTSEARCH_FAULT_SAMPLE=all build/tests/test_faults --gtest_filter='IoFaults.*'
  ACTSEARCH_FAULT_SAMPLE=400 build/tests/test_faults --gtest_filter='AllocationFaults.*'
}
scripts/setup.sh >/dev/null
step faults
step scripts/fuzz.sh --long "${ACTSEARCH_NIGHTLY_FUZZ_SECONDS:-600}"
step scripts/coverage.sh
