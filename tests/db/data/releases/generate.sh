#!/usr/bin/env bash
# Writes the fixture of every earlier schema version with the release that shipped it: builds that
# release's actsearch from git history, runs campaign.yaml (with task.yaml and space.yaml beside it),
# and keeps the database as an SQL dump (vN/campaign.sql) with the leaderboard that release printed
# (vN/leaderboard.json). tests/db/releases_test.cpp opens every fixture with this build.
#   tests/db/data/releases/generate.sh [VERSION ...]     (default: every version below)
# Needs git history and the build dependencies (scripts/setup.sh); a release takes a few minutes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel)

# Schema version -> the last commit that wrote it (the released migration steps never change).
declare -A releases=([3]=5c7aaa6 [4]=3f19716 [5]=7400c1d [6]=5f8773c [7]=f912c5d)
versions=("$@")
((${#versions[@]})) || versions=(3 4 5 6 7)

work=${ACTSEARCH_RELEASES_WORK:-${TMPDIR:-/tmp}/actsearch-releases}
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
for v in "${versions[@]}"; do
  commit=${releases[$v]:?"no release is known for schema version $v"}
  echo "generate: schema $v from $commit"
  # One source path for every release, so the compiler cache reuses what did not change between them;
  # a fresh build folder, since files come and go between releases.
  src=$work/src
  rm -rf "$src" "$work/build" && mkdir -p "$src"
  git -C "$root" archive "$commit" | tar -x -C "$src"
  cmake -S "$src" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DACTSEARCH_BUILD_TESTS=OFF \
    -DACTSEARCH_BUILD_BENCH=OFF -DACTSEARCH_CUDA=off "${launcher[@]}" >"$work/configure.log"
  cmake --build "$work/build" --target actsearch >"$work/build.log"
  run=$work/run-v$v
  rm -rf "$run" && mkdir -p "$run"
  cp "$here/campaign.yaml" "$here/task.yaml" "$here/space.yaml" "$run/"
  (cd "$run" && "$work/build/actsearch" run campaign.yaml --db fixture.db --top 3 >run.log 2>&1) ||
    { cat "$run/run.log"; exit 1; }
  out=$here/v$v
  mkdir -p "$out"
  # .dump leaves out the header fields that say whose file it is and at which schema version.
  { sqlite3 "$run/fixture.db" .dump
    echo "PRAGMA application_id = $(sqlite3 "$run/fixture.db" 'PRAGMA application_id');"
    echo "PRAGMA user_version = $(sqlite3 "$run/fixture.db" 'PRAGMA user_version');"; } >"$out/campaign.sql"
  "$work/build/actsearch" leaderboard --db "$run/fixture.db" --format json >"$out/leaderboard.json"
  echo "$commit" >"$out/release"
  echo "generate: v$v: $(grep -c '^INSERT INTO evaluations' "$out/campaign.sql") evaluations"
done
