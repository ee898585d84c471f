# Sourced by the browser tests: sets `here` and `chromium`, and exits 77 (CTest: skipped) when
# Chromium, node or the npm packages (npm ci --prefix tests/browser) are missing. $1: the test's name.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
chromium=${CREDLEX_CHROMIUM:-/usr/bin/chromium}
for need in "$chromium" "$(command -v node || true)" "$here/node_modules/playwright-core/package.json"; do
  if [ -z "$need" ] || [ ! -e "$need" ]; then
    echo "$1: skipped: ${need:-node} is missing (bash scripts/setup.sh installs it)"
    exit 77
  fi
done
