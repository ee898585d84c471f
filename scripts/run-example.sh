#!/usr/bin/env bash
# The main job on the bundled policies: build, check every policy, run their tests on every backend,
# verify layout, explain one decision, build one policy for agencies.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
mapfile -t policies < <(find policies -name '*.clx' -not -path 'policies/examples/*' | sort)
echo "== credlex check ${#policies[@]} policies =="
./build/compiler/driver/credlex check "${policies[@]}"
echo "== credlex test --backend all (every test block: interpreter, JIT, ahead-of-time library) =="
./build/compiler/driver/credlex test --backend all "${policies[@]}"
echo "== credlex fmt --check =="
./build/compiler/driver/credlex fmt --check "${policies[@]}"
echo "== credlex decide --explain: a listed person on 2021-09-01 (tests/data/decide/spc) =="
./build/compiler/driver/credlex decide policies/spc/judgment_defaulters_2017.clx \
  --population tests/data/decide/spc --entity P1 --at 2021-09-01 --explain
echo "== credlex build: the SPC policy as a shared library with its C header, then verified =="
out=$(mktemp -d)
./build/compiler/driver/credlex build policies/spc/judgment_defaulters_2017.clx --emit shared -o "$out/libspc.so" --header "$out/spc.h"
./build/compiler/driver/credlex build --verify-artifact "$out/libspc.so" policies/spc/judgment_defaulters_2017.clx
rm -rf "$out"
echo "all bundled policies check without errors (warnings are legal findings: policies/README.md),"
echo "pass their tests on every backend and are canonically formatted"
