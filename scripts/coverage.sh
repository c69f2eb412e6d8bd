#!/usr/bin/env bash
# Builds the suite with clang's source-based coverage (its own build folder), runs it, and prints line and
# branch coverage per top-level folder of the product (tests/ and third-party headers are not counted);
# writes the HTML report to <build>/coverage/index.html and the table to <build>/coverage-summary.txt.
#   scripts/coverage.sh            environment: ACTSEARCH_COVERAGE_BUILD (default build-coverage),
#                                  ACTSEARCH_COVERAGE_CTEST (extra ctest arguments, e.g. "-E Torture")
#   scripts/coverage.sh --report   only the figures, from the counts already under <build>/profiles (to
#                                  add tests run by hand to a first run's, for a before/after comparison)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${ACTSEARCH_COVERAGE_BUILD:-build-coverage}
profiles=$build/profiles
if [[ "${1:-}" != "--report" ]]; then
  scripts/setup.sh >/dev/null
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  mkdir -p "$build"
  # -O1: the counters are placed by the front end, so optimisation does not blur the figures, and the
  # suite's training runs stay fast. No benchmarks, no CUDA (not measured).
  cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -DNDEBUG" -DACTSEARCH_COVERAGE=ON -DACTSEARCH_BUILD_TESTS=ON \
    -DACTSEARCH_BUILD_BENCH=OFF -DACTSEARCH_CUDA=off "${launcher[@]}" >"$build/configure.log" 2>&1 ||
    { cat "$build/configure.log"; exit 1; }
  cmake --build "$build" -j"$(nproc)"

  rm -rf "$profiles"
  mkdir -p "$profiles"
  # %4m: each binary merges its processes' counts into a pool of four files as they exit (the actsearch
  # processes that the CLI tests start included), rather than one file per process.
  read -r -a extra <<<"${ACTSEARCH_COVERAGE_CTEST:-}"
  LLVM_PROFILE_FILE="$PWD/$profiles/%4m.profraw" ctest --test-dir "$build" -j"$(nproc)" --output-on-failure "${extra[@]}" ||
    echo "coverage: some tests failed; the figures below are of what ran" >&2
fi
llvm-profdata-14 merge -sparse "$profiles"/*.profraw -o "$build/coverage.profdata"

objects=()
for binary in "$build"/actsearch "$build"/tests/test_*; do
  [[ -x $binary && -f $binary ]] && objects+=(-object "$binary")
done
ignore='(^/usr/|/tests/|/_deps/|'"$build"'/)'
llvm-cov-14 export -summary-only -instr-profile="$build/coverage.profdata" "${objects[@]:1}" \
  -ignore-filename-regex="$ignore" >"$build/coverage.json"
llvm-cov-14 show -format=html -output-dir="$build/coverage" -show-branches=count \
  -instr-profile="$build/coverage.profdata" "${objects[@]:1}" -ignore-filename-regex="$ignore" >/dev/null

python3 - "$build/coverage.json" "$PWD" >"$build/coverage-summary.txt" <<'PY'
import json, os, sys
data = json.load(open(sys.argv[1]))["data"][0]["files"]
root = sys.argv[2].rstrip("/") + "/"
folders = {}
for f in data:
    name = f["filename"]
    if not name.startswith(root):
        continue
    folder = name[len(root):].split("/")[0]
    s = folders.setdefault(folder, [0, 0, 0, 0])
    s[0] += f["summary"]["lines"]["covered"]; s[1] += f["summary"]["lines"]["count"]
    s[2] += f["summary"]["branches"]["covered"]; s[3] += f["summary"]["branches"]["count"]
def pct(a, b): return f"{100.0 * a / b:6.1f}%" if b else "     -"
print(f"{'folder':<12} {'lines':>16} {'':>7} {'branches':>16} {'':>7}")
total = [0, 0, 0, 0]
for folder in sorted(folders):
    s = folders[folder]
    total = [t + v for t, v in zip(total, s)]
    print(f"{folder:<12} {s[0]:>7}/{s[1]:<8} {pct(s[0], s[1])} {s[2]:>7}/{s[3]:<8} {pct(s[2], s[3])}")
print(f"{'total':<12} {total[0]:>7}/{total[1]:<8} {pct(total[0], total[1])} {total[2]:>7}/{total[3]:<8} {pct(total[2], total[3])}")
PY
cat "$build/coverage-summary.txt"
echo "coverage: HTML report in $build/coverage/index.html"
