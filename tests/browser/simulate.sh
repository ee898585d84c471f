#!/usr/bin/env bash
# The browser test on real results (CTest `simulate_browser`): `credlex simulate` on the shipped
# SPC sample population and on a generated population for the counter-example policy, `credlex
# diff` of the NDRC restoration rules of 2019 and 2023 on the restoration sample; then every page
# is opened in headless Chromium, which must show the numbers of its JSON with no console error.
#   simulate.sh CREDLEX SOURCE_DIR WORK_DIR ARTIFACT_DIR
# Exit 77 (skipped) when Chromium, node or the npm packages are missing.
set -euo pipefail
credlex=$1 src=$2 work=$3 artifacts=$4
source "$(dirname "$0")/needs.sh" simulate_browser
rm -rf "$work"
mkdir -p "$work" "$artifacts"
"$credlex" simulate "$src/policies/spc/judgment_defaulters_2017.clx" \
  --population "$src/docs/examples/population/spc/judgment_defaulters_2017" --out "$work/spc" --threads 2
"$credlex" gen-population "$src/policies/examples/limits_broken_on_data.clx" --entities 2000 --out "$work/counter-population" >/dev/null
"$credlex" simulate "$src/policies/examples/limits_broken_on_data.clx" --population "$work/counter-population" --out "$work/counter" --threads 2
"$credlex" diff "$src/policies/ndrc/credit_restoration_2019.clx" "$src/policies/ndrc/credit_restoration_2023.clx" \
  --population "$src/docs/examples/population/restoration" --out "$work/restoration" --threads 2
# Screenshots are named after the page: one name per page.
cp "$work/spc/report.html" "$work/spc-report.html"
cp "$work/counter/report.html" "$work/counter-example-report.html"
cp "$work/restoration/diff.html" "$work/restoration-2019-2023-diff.html"
mkdir -p "$artifacts/simulate"
unset LD_PRELOAD ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS
exec node "$here/check_pages.mjs" --chromium "$chromium" \
  --report "$work/spc/report.json" "$work/spc-report.html" \
  --report "$work/counter/report.json" "$work/counter-example-report.html" \
  --diff "$work/restoration/diff.json" "$work/restoration-2019-2023-diff.html" \
  --screenshots "$artifacts/simulate"
