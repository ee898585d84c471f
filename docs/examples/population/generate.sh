#!/usr/bin/env bash
# Regenerates the sample populations of this folder (README.md):
#   bash docs/examples/population/generate.sh [CREDLEX] [OUT]
# CREDLEX defaults to build/compiler/driver/credlex, OUT to this folder. The CTest test
# `generate_samples` runs it into the build folder and compares the result byte for byte.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
credlex=${1:-$root/build/compiler/driver/credlex}
out=${2:-$here}
for policy in judgment_defaulters_2017 high_consumption_2015; do
  "$credlex" gen-population "$root/policies/spc/$policy.clx" --out "$out/spc/$policy" \
    --entities 10000 --seed 1 --from 2016-01-01 --to 2026-01-01 --format csv --force
done
# One population for the three NDRC versions (2019, 2023, 2025 declare the same events).
"$credlex" gen-population "$root/policies/ndrc/credit_restoration_2025.clx" --out "$out/restoration" \
  --entities 10000 --seed 1 --from 2020-01-01 --to 2026-01-01 --format csv --force
