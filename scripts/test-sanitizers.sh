#!/usr/bin/env bash
# Builds qfold with AddressSanitizer + UndefinedBehaviorSanitizer (clang-22,
# Debian's libclang-rt-22-dev) in build-sanitizers/ and runs the whole test
# suite under them. Any sanitizer report fails the run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export QFOLD_BUILD_DIR="${QFOLD_BUILD_DIR:-$ROOT/build-sanitizers}"
export QFOLD_BUILD_TYPE=RelWithDebInfo
export QFOLD_CMAKE_ARGS="-DQFOLD_ENABLE_SANITIZERS=ON"
export QFOLD_EXTRA_PACKAGES="libclang-rt-22-dev"
"$ROOT/scripts/setup.sh"

# Leaks are findings too; libMLIR.so is not instrumented, so container
# annotations from it cannot be trusted.
export ASAN_OPTIONS="detect_leaks=1:detect_container_overflow=0:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cmake --build "$QFOLD_BUILD_DIR" --target check-qfold
