#!/usr/bin/env bash
# Sets up and builds qfold, then runs the whole test suite (lit + FileCheck
# regression tests, GoogleTest unit tests, docs freshness).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${QFOLD_BUILD_DIR:-$ROOT/build}"
"$ROOT/scripts/setup.sh"
cmake --build "$BUILD_DIR" --target check-qfold
