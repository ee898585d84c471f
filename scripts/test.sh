#!/usr/bin/env bash
# Builds credlex and runs the whole test suite: once normally, once under AddressSanitizer and
# UndefinedBehaviorSanitizer (set CREDLEX_SKIP_SANITIZERS=1 to skip that second pass locally).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"
if [ "${CREDLEX_SKIP_SANITIZERS:-0}" != 1 ]; then
  echo "== the same tests under AddressSanitizer + UndefinedBehaviorSanitizer =="
  BUILD_DIR=build-asan BUILD_TYPE=Debug bash scripts/build.sh -DCREDLEX_SANITIZE=ON -DCREDLEX_BENCH=OFF
  # ANTLR's runtime keeps process-wide caches that LeakSanitizer reports as leaks.
  export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  ctest --test-dir build-asan --output-on-failure -j"$(nproc)"
fi
