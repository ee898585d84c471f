#!/usr/bin/env bash
# Runs issue 5's benchmarks and prints the table: interpreter vs JIT vs hand-written C++ on a
# seeded population of the SPC policies, single-decision latency, compile time per policy and
# tier (bench_engine), then front-end throughput (bench_frontend). Build first, in Release:
#   BUILD_DIR=build-release bash scripts/build.sh -DCMAKE_BUILD_TYPE=Release
#   BUILD_DIR=build-release bash bench/run.sh            # 1M entities (needs ~3 GB of memory)
#   BUILD_DIR=build-release bash bench/run.sh --entities 100000 --interp 20000   # quicker
# Arguments go to bench_engine (--help lists them). Other jobs on the machine skew the figures:
# the load is printed with them; repeat the run when it is high.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'); $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GB; $(uptime | sed 's/.*load/load/')"
echo "== commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), build $BUILD_DIR ($(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$BUILD_DIR/CMakeCache.txt"))"
"$BUILD_DIR/bench/bench_engine" "$@"
if [ -z "${CREDLEX_BENCH_SKIP_FRONTEND:-}" ]; then
  "$BUILD_DIR/bench/bench_frontend" --benchmark_counters_tabular=true
fi
