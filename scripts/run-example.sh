#!/usr/bin/env bash
# The main job on the bundled policies: build, check every policy, run their tests, verify layout.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
mapfile -t policies < <(find policies -name '*.clx' -not -path 'policies/examples/*' | sort)
echo "== credlex check ${#policies[@]} policies =="
./build/compiler/driver/credlex check "${policies[@]}"
echo "== credlex test (every test block, through the reference interpreter) =="
./build/compiler/driver/credlex test "${policies[@]}"
echo "== credlex fmt --check =="
./build/compiler/driver/credlex fmt --check "${policies[@]}"
echo "== credlex decide --explain: a listed person on 2021-09-01 (tests/data/decide/spc) =="
./build/compiler/driver/credlex decide policies/spc/judgment_defaulters_2017.clx \
  --population tests/data/decide/spc --entity P1 --at 2021-09-01 --explain
echo "all bundled policies check cleanly, pass their tests and are canonically formatted"
