#!/usr/bin/env bash
# Installs the Debian packages qfold needs (only those missing), then
# configures and builds qfold in build/. Safe to run repeatedly.
#
# Environment: QFOLD_BUILD_DIR (default: build), QFOLD_BUILD_TYPE (Release),
# QFOLD_CMAKE_ARGS (extra arguments for the first configure),
# QFOLD_EXTRA_PACKAGES (more Debian packages to install).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${QFOLD_BUILD_DIR:-$ROOT/build}"

PACKAGES=(
  cmake ninja-build ccache python3
  clang-22 lld-22 llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  libgtest-dev libgemmlowp-dev
  libonnx-dev libprotobuf-dev protobuf-compiler libonnx-testdata
  libdnnl-dev
  # Parallel loop nests run on LLVM's OpenMP runtime (libomp).
  libomp-22-dev
  # Whole-network tests: torchvision models exported to ONNX at test time.
  python3-torch python3-torchvision python3-onnx python3-numpy
)

# Extra packages a variant of the build needs (the sanitizer runtime).
read -r -a EXTRA <<< "${QFOLD_EXTRA_PACKAGES:-}"
PACKAGES+=("${EXTRA[@]}")

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null |
      grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]})); then
  echo "qfold setup: installing ${missing[*]}"
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then SUDO=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -q
  "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
  # shellcheck disable=SC2086
  cmake -G Ninja -S "$ROOT" -B "$BUILD_DIR" \
    -DCMAKE_BUILD_TYPE="${QFOLD_BUILD_TYPE:-Release}" \
    -DQFOLD_ENABLE_WERROR=ON \
    ${QFOLD_CMAKE_ARGS:-}
fi
cmake --build "$BUILD_DIR"
