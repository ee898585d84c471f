#!/usr/bin/env bash
# The browser test (CTest `report_browser`): renders the report and diff fixtures to HTML with
# credlex_report_render, then check_pages.mjs opens both in headless Chromium.
#   run.sh RENDER_TOOL FIXTURE_DIR PAGE_DIR ARTIFACT_DIR
# Exit 77 (skipped) when Chromium, node or the npm packages (npm ci --prefix tests/browser) are
# missing.
set -euo pipefail
render=$1 fixtures=$2 pages=$3 artifacts=$4
source "$(dirname "$0")/needs.sh" report_browser
mkdir -p "$pages" "$artifacts"
"$render" report "$fixtures/report.json" "$pages/report.html"
"$render" diff "$fixtures/diff.json" "$pages/diff.html"
"$render" report "$fixtures/empty.json" "$pages/empty.html"
"$render" report "$fixtures/hostile.json" "$pages/hostile.html"
# The sanitizer runtime of an ASan build must not be inherited by node or Chromium.
unset LD_PRELOAD ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS
exec node "$here/check_pages.mjs" --chromium "$chromium" \
  --report "$fixtures/report.json" "$pages/report.html" \
  --diff "$fixtures/diff.json" "$pages/diff.html" \
  --report "$fixtures/empty.json" "$pages/empty.html" \
  --report "$fixtures/hostile.json" "$pages/hostile.html" \
  --screenshots "$artifacts"
