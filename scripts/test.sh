#!/usr/bin/env bash
# Builds credlex and runs the whole test suite: the README's test command, and what CI runs.
#
#   bash scripts/test.sh          the sanitizer build (build-asan/): AddressSanitizer and
#                                 UndefinedBehaviorSanitizer, every test (CI)
#   bash scripts/test.sh --plain  the optimised build (build/) that the README's main command and
#                                 the benchmarks use, every test at the full case counts
#
# Why CI runs only the sanitizer build: CI has 30 minutes on 2 cores, and one cold build plus one
# test run is what fits (a cold build takes 7 to 13 minutes; both builds with both test runs took
# 35 minutes on this machine, 46 on CI's). The sanitizer build runs every test the plain build
# runs and checks every memory access and undefined operation as it goes; the randomized tests
# run fewer cases there (each test states its counts). Each phase prints its time.
set -euo pipefail
cd "$(dirname "$0")/.."
plain=0
case "${1:-}" in
  "") ;;
  --plain) plain=1 ;;
  *) echo "usage: bash scripts/test.sh [--plain]" >&2; exit 2 ;;
esac
phase() { echo "== [${SECONDS}s] $*"; }
phase "setup"
bash scripts/setup.sh
if [ "$plain" = 1 ]; then
  phase "build (RelWithDebInfo)"
  bash scripts/build.sh
  phase "tests"
  ctest --test-dir build --output-on-failure -j"$(nproc)"
else
  # -O1 rather than Debug's -O0: the instrumented code runs about twice as fast and is still
  # what ASan's authors recommend for finding errors; -g1 keeps file:line in every report.
  phase "build under AddressSanitizer + UndefinedBehaviorSanitizer (-O1)"
  # The benchmarks are left out (a minute of CI); --plain builds them.
  BUILD_DIR=build-asan BUILD_TYPE=Debug bash scripts/build.sh -DCREDLEX_SANITIZE=ON -DCREDLEX_BENCH=OFF \
    -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DCMAKE_C_FLAGS_DEBUG="-O1 -g1"
  # ANTLR's runtime keeps process-wide caches that LeakSanitizer reports as leaks.
  export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  phase "tests under the sanitizers"
  ctest --test-dir build-asan --output-on-failure -j"$(nproc)"
fi
phase "done"
