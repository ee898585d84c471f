#!/usr/bin/env bash
# Installs what credlex needs on Debian 12, and nothing when it is all there already: the Debian
# packages, then the npm packages of the browser test (tests/browser, from its package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(
  g++ cmake ninja-build ccache
  antlr4 libantlr4-runtime-dev default-jre-headless
  llvm-19-dev clang-19 libzstd-dev
  libboost-graph-dev libfmt-dev catch2 libbenchmark-dev libsimdjson-dev
  chromium  # the browser test opens report.html in it (headless)
)
# Node.js for the browser test, from Debian unless a node is already installed.
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all packages present"
else
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# playwright-core drives Debian's /usr/bin/chromium: it must not download a browser of its own.
lock=tests/browser/package-lock.json installed=tests/browser/node_modules/.package-lock.json
if [ ! -f "$installed" ] || [ "$lock" -nt "$installed" ]; then
  echo "setup: npm ci --prefix tests/browser"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix tests/browser --no-audit --no-fund
else
  echo "setup: npm packages of tests/browser present"
fi
