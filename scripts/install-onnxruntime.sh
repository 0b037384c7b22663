#!/usr/bin/env bash
# Installs ONNX Runtime (the npm package onnxruntime-node) into a cache
# directory, as a reference peer for tests and benchmarks (scripts/ort-run.js).
# Does nothing if the pinned version is already there; prints the directory.
#
# --ignore-scripts: the package's postinstall fetches the CUDA/TensorRT parts
# from the internet (and fails offline); the CPU runtime ships in the package.
#
# Environment: QFOLD_ORT_DIR (default: build/onnxruntime).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ORT_DIR="${QFOLD_ORT_DIR:-$ROOT/build/onnxruntime}"
VERSION=1.30.0 # N-API 6 binaries; loads in Node.js 20.

fail() { echo "install-onnxruntime: $*" >&2; exit 1; }

command -v node >/dev/null || fail "node not found (install Node.js 20)"
command -v npm >/dev/null || fail "npm not found (install npm)"

PACKAGE_JSON="$ORT_DIR/node_modules/onnxruntime-node/package.json"
installed() {
  [[ -f "$PACKAGE_JSON" ]] &&
    [[ "$(node -p "require(process.argv[1]).version" "$PACKAGE_JSON")" == "$VERSION" ]]
}

if ! installed; then
  mkdir -p "$ORT_DIR"
  (cd "$ORT_DIR" && npm install --prefix "$ORT_DIR" --ignore-scripts \
    --no-audit --no-fund "onnxruntime-node@$VERSION" >&2) ||
    fail "npm install onnxruntime-node@$VERSION into $ORT_DIR failed"
  installed || fail "onnxruntime-node@$VERSION missing from $ORT_DIR after npm install"
fi
echo "$ORT_DIR"
