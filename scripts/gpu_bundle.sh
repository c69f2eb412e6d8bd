#!/usr/bin/env bash
# Builds the bundle that scripts/gpu_check.sh runs on a GPU machine which has CUDA, PyTorch, CMake
# and ninja but none of Debian's libraries and no network: the kernels test and bench binaries
# (CUDA on, sm_90 checked, portable x86-64-v3 code), every shared library they need that is not
# part of glibc or of CUDA, the Fashion-MNIST files the bench trains on, the Python peer and the
# check script. Everything inside is addressed relative to the bundle.
#
# Usage: scripts/gpu_bundle.sh [--no-build] [--no-dry-run]
#   BUILD_DIR (default build-gpu) and BUNDLE_DIR (default gpu-bundle) are relative to the repository
#   root, both ignored by git.
#
# Not bundled, by design: glibc (the binaries need GLIBC_2.34 or newer, Debian's C++ runtime in
# lib/cxx 2.36: MANIFEST says which, gpu_check.sh chooses) and the
# CUDA libraries: the driver (libcuda.so.1) belongs to the machine, and cuBLAS (52 + 517 MB),
# NVRTC (105 MB) and nvJitLink (95 MB) alone are ten times the 64 MiB budget. gpu_check.sh finds
# the machine's CUDA ${major} libraries and says clearly when they are missing. OpenBLAS's 35 MB
# multi-architecture library is replaced by the reference BLAS (libblas3): in these binaries BLAS
# only serves the CPU side of the comparisons, on small networks.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$root/${BUILD_DIR:-build-gpu}
bundle=$root/${BUNDLE_DIR:-gpu-bundle}
limit_bytes=$((64 * 1024 * 1024))
do_build=1
dry_run=1
for arg in "$@"; do
  case $arg in
    --no-build) do_build=0 ;;
    --no-dry-run) dry_run=0 ;;
    *) echo "gpu_bundle.sh: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done

say() { echo "[gpu_bundle] $*"; }
die() { echo "[gpu_bundle] error: $*" >&2; exit 1; }

data_src=/usr/share/datasets/fashion-mnist
reference_blas=/usr/lib/x86_64-linux-gnu/blas/libblas.so.3
[[ -d $data_src ]] || die "missing $data_src (scripts/setup.sh installs the data set)"
[[ -f $reference_blas ]] || die "missing $reference_blas (apt-get install libblas3)"

if ((do_build)); then
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root} CMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER:-ccache}
  generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  mkdir -p "$build"
  say "configuring $build (CUDA on, -march=x86-64-v3 instead of the build machine's CPU)"
  cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DACTSEARCH_CUDA=on \
    -DACTSEARCH_NATIVE=OFF -DCMAKE_CXX_FLAGS=-march=x86-64-v3 -DACTSEARCH_WERROR=ON >"$build/gpu_bundle.configure.log" 2>&1 ||
    { tail -30 "$build/gpu_bundle.configure.log" >&2; die "configure failed (log: $build/gpu_bundle.configure.log)"; }
  say "building test_kernels and kernels_bench"
  cmake --build "$build" -j"${JOBS:-2}" --target test_kernels kernels_bench
fi
binaries=("$build/tests/test_kernels" "$build/bench/kernels_bench")
for b in "${binaries[@]}"; do [[ -x $b ]] || die "missing $b (run without --no-build)"; done
nvcc=$(sed -n 's/^CUDAToolkit_NVCC_EXECUTABLE:[A-Z]*=//p' "$build/CMakeCache.txt")
cuda_version=$("${nvcc:-nvcc}" --version 2>/dev/null | sed -n 's/.*release \([0-9.]*\),.*/\1/p')
cuda_major=$(ldd "${binaries[0]}" | sed -n 's/.*libnvrtc\.so\.\([0-9]*\) .*/\1/p' | head -1)
[[ -n $cuda_major ]] || die "cannot tell which CUDA major version ${binaries[0]} links (no libnvrtc.so.N)"

say "assembling $bundle"
rm -rf "$bundle"
mkdir -p "$bundle"/{bin,lib/cxx,data/fashion-mnist,share,bench}
cp "${binaries[@]}" "$bundle/bin/"
strip --strip-unneeded "$bundle"/bin/* 2>/dev/null || true

# Libraries that stay the machine's: glibc's and CUDA's.
machine_lib() {
  case $1 in
    linux-vdso.so.* | ld-linux*.so.* | libc.so.* | libm.so.* | libpthread.so.* | libdl.so.* | librt.so.* | \
      libresolv.so.* | libutil.so.* | libmvec.so.*) return 0 ;;
    libcuda.so.* | libnvrtc*.so.* | libcublas*.so.* | libnvJitLink.so.* | libcudart.so.*) return 0 ;;
  esac
  return 1
}

# Every library the binaries load (ldd gives the transitive closure), BLAS swapped for the reference.
declare -A copied=()
copy_closure() {
  local object=$1 name path
  while read -r name path; do
    [[ -n $name ]] || continue
    machine_lib "$name" && continue
    [[ -n ${copied[$name]:-} ]] && continue
    # What the system's libblas.so.3 (OpenBLAS) pulls in is not needed by the reference BLAS.
    [[ $name == libopenblas*.so* ]] && continue
    if [[ $name == libblas.so.3 ]]; then path=$reference_blas; fi
    [[ $path == /* && -f $path ]] || die "$object needs $name, which was not found on this machine"
    # The C++ runtime goes apart: Debian's needs a newer glibc than the binaries do, so
    # gpu_check.sh uses it only where glibc allows, else the machine's own (see MANIFEST).
    local to=$bundle/lib
    [[ $name == libstdc++.so.* || $name == libgcc_s.so.* ]] && to=$bundle/lib/cxx
    cp -L "$path" "$to/$name"
    chmod u+w "$to/$name"
    strip --strip-unneeded "$to/$name" 2>/dev/null || true
    copied[$name]=$path
    copy_closure "$path"
  done < <(ldd "$object" | awk '/=>/ {print $1, $3} !/=>/ && $1 ~ /^\// {next}')
}
for b in "${binaries[@]}"; do copy_closure "$b"; done
[[ -n ${copied[libblas.so.3]:-} ]] && copy_closure "$reference_blas"

# The data the checks use: Fashion-MNIST (the bench's 50k/10k split comes from the training files;
# the loader also reads the test files).
cp "$data_src"/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz "$bundle/data/fashion-mnist/"
cp "$root/spaces/definitions/ramachandran-2unit.yaml" "$bundle/share/"
# The task with its data directory left for gpu_check.sh to fill in (the bundle's absolute path
# is only known where it runs).
sed 's|^\(  dir:\).*|\1 @BUNDLE_DATA@/fashion-mnist|' "$root/configs/tasks/fmnist-mlp4.yaml" \
  >"$bundle/share/fmnist-mlp4.yaml.in"
grep -q '@BUNDLE_DATA@' "$bundle/share/fmnist-mlp4.yaml.in" || die "could not find the dataset dir in the task file"
cp "$root/bench/kernels_vs_pytorch.py" "$root/bench/trainer_vs_pytorch.py" "$bundle/bench/"
cp "$root/scripts/gpu_check.sh" "$bundle/gpu_check.sh"
chmod +x "$bundle/gpu_check.sh"

newest() { objdump -T "$@" 2>/dev/null | grep -o "$pattern" | sort -uV | tail -1; }
pattern='GLIBC_[0-9][0-9.]*'
glibc_needed=$(newest "$bundle"/bin/* "$bundle"/lib/*.so*)
cxx_glibc_needed=$(newest "$bundle"/lib/cxx/*)
pattern='GLIBCXX_[0-9][0-9.]*'
glibcxx_needed=$(newest "$bundle"/bin/* "$bundle"/lib/*.so*)
pattern='CXXABI_[0-9][0-9.]*'
cxxabi_needed=$(newest "$bundle"/bin/* "$bundle"/lib/*.so*)
{
  echo "commit=$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet 2>/dev/null || echo +changes)"
  echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ) on $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "cuda_major=$cuda_major"
  echo "cuda_version=$cuda_version"
  echo "glibc_needed=${glibc_needed#GLIBC_}"
  echo "cxx_glibc_needed=${cxx_glibc_needed#GLIBC_}"
  echo "glibcxx_needed=$glibcxx_needed"
  echo "cxxabi_needed=$cxxabi_needed"
  echo "cxx_flags=-O3 -march=x86-64-v3"
  echo "libraries=$(cd "$bundle/lib" && echo *.so* cxx/*)"
} >"$bundle/MANIFEST"

size=$(du -sb "$bundle" | cut -f1)
say "bundle: $(du -sh "$bundle" | cut -f1) ($size bytes; limit $limit_bytes)"
((size <= limit_bytes)) || die "the bundle is over 64 MiB"

if ((dry_run)); then
  bundle_path=$bundle/lib:$bundle/lib/cxx
  say "dry run with LD_LIBRARY_PATH=$bundle_path only"
  # Every library must come from the bundle, except glibc's and CUDA's (which on this machine
  # ld.so finds through its cache, and on the GPU machine gpu_check.sh adds).
  for b in "$bundle"/bin/*; do
    while read -r name _ path _; do
      [[ $path == "not" ]] && die "$(basename "$b"): $name not found"
      machine_lib "$name" && continue
      [[ $path == "$bundle/lib/"* ]] || die "$(basename "$b"): $name resolves to $path, outside the bundle"
    done < <(env -i LD_LIBRARY_PATH="$bundle_path" ldd "$b" | awk '/=>/')
  done
  env -i PATH=/usr/bin:/bin LD_LIBRARY_PATH="$bundle_path" "$bundle/bin/kernels_bench" \
    "$bundle/share/ramachandran-2unit.yaml" /dev/null --no-nvrtc --no-bandwidth --no-train >/dev/null ||
    die "kernels_bench does not start from the bundle"
  env -i PATH=/usr/bin:/bin HOME="${TMPDIR:-/tmp}" LD_LIBRARY_PATH="$bundle_path" \
    ACTSEARCH_KERNEL_CACHE="$(mktemp -d)" "$bundle/bin/test_kernels" --gtest_brief=1 >"$build/gpu_bundle.dry-run.log" 2>&1 ||
    { tail -30 "$build/gpu_bundle.dry-run.log" >&2; die "test_kernels failed from the bundle (log: $build/gpu_bundle.dry-run.log)"; }
  say "dry run passed: $(grep -E '^\[  (PASSED|SKIPPED|FAILED) +\]' "$build/gpu_bundle.dry-run.log" | head -2 | tr '\n' ' ')"
fi
say "done: copy $(basename "$bundle")/ to the GPU machine and run $(basename "$bundle")/gpu_check.sh"
