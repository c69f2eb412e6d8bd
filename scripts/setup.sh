#!/usr/bin/env bash
# Installs every build, test and benchmark dependency from Debian packages. Idempotent: packages
# already present are left alone, so a second run costs one dpkg query.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libeigen3-dev libtbb-dev libyaml-cpp-dev libsqlite3-dev sqlite3 libcli11-dev
  libfmt-dev libspdlog-dev libsleef-dev nlohmann-json3-dev libgtest-dev libgmock-dev libbenchmark-dev
  zlib1g-dev libopenmpi-dev openmpi-bin libblas-dev
  clang-14 libclang-rt-14-dev llvm-14
  dataset-fashion-mnist
  libjs-chart.js chromium
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

# JAX (for the JAX export tests) is not packaged by Debian. It goes into a virtual environment in
# .venv/ (git-ignored) made from Debian's python3 with --system-site-packages, so that the same
# interpreter also has Debian's numpy, scipy, torch and sympy; numpy and scipy are pinned to Debian's
# versions so that pip picks a JAX built for them instead of replacing them (Debian's torch is built
# against its numpy). The export tests use .venv/bin/python3 when it exists.
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/.venv"
has_jax() { [[ -x "$venv/bin/python3" ]] && "$venv/bin/python3" -c \
  'import importlib.util as u, sys; sys.exit(any(u.find_spec(m) is None for m in ("jax", "jaxlib", "numpy", "torch")))' 2>/dev/null; }
if ! has_jax; then
  if ! dpkg-query -W -f='${Status}' python3-venv 2>/dev/null | grep -q "install ok installed"; then
    as_root=()
    [[ $(id -u) -eq 0 ]] || as_root=(sudo)
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv
  fi
  echo "setup: installing jax into $venv"
  /usr/bin/python3 -m venv --system-site-packages "$venv"
  /usr/bin/python3 -c 'import numpy, scipy; print(f"numpy=={numpy.__version__}\nscipy=={scipy.__version__}")' \
    > "$venv/constraints.txt"
  "$venv/bin/python3" -m pip install -q --disable-pip-version-check -c "$venv/constraints.txt" jax jaxlib
  has_jax || { echo "setup: jax did not install into $venv" >&2; exit 1; }
else
  echo "setup: jax present in $venv"
fi
