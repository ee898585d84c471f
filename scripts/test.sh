#!/usr/bin/env bash
# Builds credlex and runs the whole test suite: once normally, once under AddressSanitizer and
# UndefinedBehaviorSanitizer (set CREDLEX_SKIP_SANITIZERS=1 to skip that second pass locally).
# Each phase prints its time: CI has 30 minutes on 2 cores (the README's Tests section).
set -euo pipefail
cd "$(dirname "$0")/.."
phase() { echo "== [${SECONDS}s] $*"; }
phase "setup"
bash scripts/setup.sh
phase "build (RelWithDebInfo)"
bash scripts/build.sh
phase "tests"
ctest --test-dir build --output-on-failure -j"$(nproc)"
if [ "${CREDLEX_SKIP_SANITIZERS:-0}" != 1 ]; then
  # -O1 rather than Debug's -O0: the instrumented code runs about twice as fast and is still
  # what ASan's authors recommend for finding errors; -g1 keeps file:line in every report.
  phase "build under AddressSanitizer + UndefinedBehaviorSanitizer (-O1)"
  BUILD_DIR=build-asan BUILD_TYPE=Debug bash scripts/build.sh -DCREDLEX_SANITIZE=ON -DCREDLEX_BENCH=OFF \
    -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DCMAKE_C_FLAGS_DEBUG="-O1 -g1"
  # ANTLR's runtime keeps process-wide caches that LeakSanitizer reports as leaks.
  export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  phase "the same tests under the sanitizers"
  ctest --test-dir build-asan --output-on-failure -j"$(nproc)"
fi
phase "done"
