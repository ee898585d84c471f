#!/usr/bin/env bash
# Installs what credlex needs on Debian 12, and nothing when it is all there already.
set -euo pipefail
packages=(
  g++ cmake ninja-build ccache
  antlr4 libantlr4-runtime-dev default-jre-headless
  llvm-19-dev clang-19 libzstd-dev
  libboost-graph-dev libfmt-dev catch2 libbenchmark-dev libsimdjson-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all packages present"
  exit 0
fi
echo "setup: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
