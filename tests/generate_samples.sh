#!/usr/bin/env bash
# The sample populations in docs/examples/population are what their documented command writes:
# regenerates them into OUT and compares every file byte for byte.
#   generate_samples.sh CREDLEX SOURCE_DIR OUT
set -euo pipefail
credlex=$1 src=$2 out=$3
rm -rf "$out"
mkdir -p "$out"
bash "$src/docs/examples/population/generate.sh" "$credlex" "$out" >/dev/null
for sample in spc restoration; do
  if ! diff -r -q "$src/docs/examples/population/$sample" "$out/$sample"; then
    echo "docs/examples/population/$sample differs from what generate.sh writes; run" >&2
    echo "  bash docs/examples/population/generate.sh" >&2
    echo "and commit the result if the change is intended" >&2
    exit 1
  fi
done
echo "the samples are reproducible"
