#!/usr/bin/env bash
# Sets everything up, builds, and runs the quickstart campaign on Fashion-MNIST (a few minutes on two
# cores); ends by printing the leaderboard. Run it again to resume or to see the stored result.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DACTSEARCH_BUILD_TESTS=OFF -DACTSEARCH_BUILD_BENCH=OFF
cmake --build build -j "$(nproc)" --target actsearch
exec build/actsearch run configs/quickstart.yaml "$@"
