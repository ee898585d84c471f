#!/usr/bin/env bash
# The main job on the bundled policies: build, check every policy, run their tests on every backend,
# verify layout, explain one decision, build one policy for agencies, simulate the sample
# populations and compare two versions of the restoration rules (reports in out/).
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
echo "== credlex simulate: the SPC judgment-defaulter rules on the sample population (10,000 entities) =="
results=${CREDLEX_RESULTS:-out}
./build/compiler/driver/credlex simulate policies/spc/judgment_defaulters_2017.clx \
  --population docs/examples/population/spc/judgment_defaulters_2017 --out "$results/spc"
echo "== credlex simulate: a counter-example policy that checks but punishes beyond its limits on data =="
./build/compiler/driver/credlex gen-population policies/examples/limits_broken_on_data.clx --entities 10000 \
  --out "$results/counter-example-population" --force >/dev/null
./build/compiler/driver/credlex simulate policies/examples/limits_broken_on_data.clx \
  --population "$results/counter-example-population" --out "$results/counter-example"
echo "== credlex diff: the NDRC credit-restoration rules of 2019 and 2023 on the restoration sample =="
./build/compiler/driver/credlex diff policies/ndrc/credit_restoration_2019.clx policies/ndrc/credit_restoration_2023.clx \
  --population docs/examples/population/restoration --out "$results/restoration-2019-2023"
echo "reports to open in a browser: $results/spc/report.html, $results/counter-example/report.html,"
echo "  $results/restoration-2019-2023/diff.html"
echo "all bundled policies check without errors (their warnings, W0708 and W0711, are legal findings: policies/README.md §7),"
echo "pass their tests on every backend and are canonically formatted"
