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
echo "all bundled policies check cleanly, pass their tests and are canonically formatted"
