#!/usr/bin/env bash
# Installs every build, test and benchmark dependency from Debian packages. Idempotent: packages
# already present are left alone, so a second run costs one dpkg query.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libeigen3-dev libtbb-dev libyaml-cpp-dev libsqlite3-dev sqlite3 libcli11-dev
  libfmt-dev libspdlog-dev nlohmann-json3-dev libgtest-dev libgmock-dev libbenchmark-dev
  zlib1g-dev libopenmpi-dev openmpi-bin libblas-dev
  clang-14 libclang-rt-14-dev
  dataset-fashion-mnist
  python3 python3-numpy python3-torch libopenblas0-pthread python3-matplotlib python3-mpmath python3-scipy python3-sympy
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  as_root=()
  [[ $(id -u) -eq 0 ]] || as_root=(sudo)
  echo "setup: installing ${missing[*]}"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all ${#packages[@]} packages present"
fi
