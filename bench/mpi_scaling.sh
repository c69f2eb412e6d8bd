#!/usr/bin/env bash
# The overhead of a distributed campaign on one machine: the quickstart campaign in one process with
# 2 training threads against mpirun -n 3 (rank 0 coordinating, 2 workers with 1 training thread each) on
# the same 2 cores, with their leaderboards compared; then rank 0's job rate with jobs that train almost
# nothing (build/bench/mpi_coordinator_bench), turned into the number of workers one coordinator keeps
# busy at the quickstart's mean job duration. Build first (scripts/test.sh or cmake --build build).
#
#   bench/mpi_scaling.sh [CONFIG]     (default configs/quickstart.yaml)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${ACTSEARCH_BUILD:-$here/build}"
config="$(realpath "${1:-$here/configs/quickstart.yaml}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root=()
[[ $(id -u) == 0 ]] && root=(--allow-run-as-root)

# The config with absolute task and space paths and a given number of threads per process.
variant() {  # threads out
  local dir
  dir="$(dirname "$config")"
  sed -E -e "s|^workers:.*|workers: $1|" \
    -e "s#^(task|space): *([^/ ][^ ]*)\$#\1: $dir/\2#" "$config" >"$2"
  grep -q '^workers:' "$2" || echo "workers: $1" >>"$2"
}
variant 2 "$work/one.yaml"
variant 1 "$work/mpi.yaml"
name="$(sed -n 's/^name: *//p' "$config")"

timed() {  # label command...
  local start end
  start=$(date +%s.%N)
  "${@:2}" >"$work/$1.out" 2>"$work/$1.err" || { echo "$1 failed:"; tail -20 "$work/$1.err"; exit 1; }
  end=$(date +%s.%N)
  printf '%s\n' "$(echo "$end - $start" | bc)"
}
echo "campaign $name ($config) on $(nproc) cores"
one=$(timed one "$build/actsearch" run "$work/one.yaml" --db "$work/one.db" --no-report)
echo "1 process x 2 threads:                         ${one} s"
mpi=$(timed mpi mpirun --oversubscribe "${root[@]}" -n 3 "$build/actsearch" run "$work/mpi.yaml" --db "$work/mpi.db" --no-report)
echo "mpirun -n 3 (coordinator + 2 workers x 1 thread): ${mpi} s  ($(echo "scale=3; $mpi / $one" | bc)x)"
"$build/actsearch" leaderboard --db "$work/one.db" --campaign "$name" --format json >"$work/one.json"
"$build/actsearch" leaderboard --db "$work/mpi.db" --campaign "$name" --format json >"$work/mpi.json"
if cmp -s "$work/one.json" "$work/mpi.json"; then echo "leaderboards: identical"; else echo "leaderboards: DIFFER"; exit 1; fi
grep -h "trained .* job(s)" "$work/mpi.err" | sort
job=$(sqlite3 "$work/mpi.db" "SELECT printf('%.3f', avg(wall_seconds)) FROM evaluations WHERE status = 'done'")
echo "mean job wall time: ${job} s"
echo
mpirun --oversubscribe "${root[@]}" -n 3 "$build/bench/mpi_coordinator_bench" --jobs 20000 --job-seconds "$job"
