#!/usr/bin/env bash
# Issue 6's benchmarks: `credlex simulate` end to end on a generated population (seeded, the same
# on every machine). Figures: events per second and peak memory (GNU time's maximum resident set)
#   1. from the population folder (JSONL: ingest + replay + findings + report), 2 threads
#   2. from the columnar cache (the second run on the same folder), 2 threads and 1 thread
#   3. the same with the reference interpreter (--backend interp)
#   4. peak memory at ENTITIES and 4 × ENTITIES from the cache: it must not grow with the population
# Build first, in Release:
#   BUILD_DIR=build-release bash scripts/build.sh -DCMAKE_BUILD_TYPE=Release
#   BUILD_DIR=build-release bash bench/simulate.sh [ENTITIES (default 1000000)] [WORK_DIR]
# Needs about 3 GB of disk per million entities. Other jobs on the machine skew the figures: the
# load is printed with them.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
N=${1:-1000000}
WORK=${2:-/tmp/credlex-bench-simulate}
POLICY=policies/spc/judgment_defaulters_2017.clx
CREDLEX="$BUILD_DIR/compiler/driver/credlex"
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'); $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GB; $(uptime | sed 's/.*load/load/')"
echo "== commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), build $BUILD_DIR ($(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$BUILD_DIR/CMakeCache.txt")), policy $POLICY"
mkdir -p "$WORK"

generate() {  # generate N DIR
  if [ ! -f "$2/entities.csv" ]; then
    rm -rf "$2"
    "$CREDLEX" gen-population "$POLICY" --entities "$1" --seed 1 --format jsonl --out "$2" >/dev/null
  fi
}

# measure LABEL EVENTS ARGS...: runs credlex with GNU time, prints events/s and peak RSS.
measure() {
  local label=$1 events=$2
  shift 2
  local log="$WORK/time.log"
  /usr/bin/time -v -o "$log" "$CREDLEX" "$@" >/dev/null 2>"$WORK/stderr.log" || { cat "$WORK/stderr.log"; exit 1; }
  local seconds rss
  seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  awk -v l="$label" -v e="$events" -v s="$seconds" -v r="$rss" \
    'BEGIN {printf "%-58s %8.2f s %12.0f events/s %8d MiB\n", l, s, e/s, r}'
}


generate "$N" "$WORK/pop-$N"
EVENTS=$(wc -l < "$WORK/pop-$N/events.jsonl")
echo "== population: $N entities, $EVENTS events ($(du -sh "$WORK/pop-$N" | cut -f1))"
rm -rf "$WORK/out"
measure "from JSONL (ingest + replay + report), jit, 2 threads" "$EVENTS" simulate "$POLICY" --population "$WORK/pop-$N" --out "$WORK/out" --threads 2
measure "from the cache, jit, 2 threads" "$EVENTS" simulate "$POLICY" --population "$WORK/pop-$N" --out "$WORK/out" --threads 2
measure "from the cache, jit, 1 thread" "$EVENTS" simulate "$POLICY" --population "$WORK/pop-$N" --out "$WORK/out" --threads 1
measure "from the cache, interpreter, 2 threads" "$EVENTS" simulate "$POLICY" --population "$WORK/pop-$N" --out "$WORK/out" --threads 2 --backend interp
measure "from the cache, interpreter, 1 thread" "$EVENTS" simulate "$POLICY" --population "$WORK/pop-$N" --out "$WORK/out" --threads 1 --backend interp
if [ -z "${CREDLEX_BENCH_SKIP_4X:-}" ]; then
  M=$((4 * N))
  generate "$M" "$WORK/pop-$M"
  EVENTS4=$(wc -l < "$WORK/pop-$M/events.jsonl")
  rm -rf "$WORK/out4"
  measure "4x population from JSONL, jit, 2 threads ($M entities)" "$EVENTS4" simulate "$POLICY" --population "$WORK/pop-$M" --out "$WORK/out4" --threads 2
  measure "4x population from the cache, jit, 2 threads" "$EVENTS4" simulate "$POLICY" --population "$WORK/pop-$M" --out "$WORK/out4" --threads 2
fi
