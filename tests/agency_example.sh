#!/usr/bin/env bash
# The agency example (docs/examples/agency): builds the SPC policy's shared library and header
# with the built credlex, compiles main.c with the system C compiler exactly as the example's
# README says, runs it and compares its output with expected.txt. Then asks the reference
# interpreter (`credlex decide` on the same history, population/) what holds on the days around
# each change, so the expected output cannot drift from the interpreter.
# Usage: agency_example.sh CREDLEX SOURCE_DIR WORK_DIR. Exit 77 (skipped) without `cc`.
set -euo pipefail
credlex=$1 source_dir=$2 work=$3
example=$source_dir/docs/examples/agency
policy=$source_dir/policies/spc/judgment_defaulters_2017.clx
command -v cc >/dev/null || { echo "no C compiler \`cc\` on PATH: skipped"; exit 77; }

rm -rf "$work" && mkdir -p "$work" && cp "$example/main.c" "$work/" && cd "$work"
"$credlex" build "$policy" --emit shared -o libspc.so --header spc.h
cc -std=c99 -Wall -Wextra -pedantic -Werror main.c -L. -lspc -o agency
LD_LIBRARY_PATH=. ./agency > actual.txt
sed "s/@SOURCE_SHA256@/$(sha256sum "$policy" | cut -d' ' -f1)/" "$example/expected.txt" > expected.txt
diff -u expected.txt actual.txt
"$credlex" build --verify-artifact libspc.so "$policy" > /dev/null

# What the interpreter says on the day before and the day of each change in expected.txt.
check() {  # DATE SUMMARY
  local out
  out=$("$credlex" decide "$policy" --population "$example/population" --entity P1 --at "$1" | head -1)
  [[ "$out" == *": $2" ]] || { echo "interpreter on $1: \`$out\`, expected \`$2\`"; exit 1; }
}
check 2020-01-09 "on no list, under no measure, with no grade"
check 2020-01-10 "on 1 list, under 3 measures, 1 grade"
check 2020-06-04 "on 1 list, under 3 measures, 1 grade"
check 2020-06-05 "on 0 lists, under 1 measure, 1 grade"
check 2021-03-03 "on 0 lists, under 1 measure, 1 grade"
check 2021-03-04 "on 1 list, under 4 measures, 1 grade"
check 2023-03-03 "on 1 list, under 4 measures, 1 grade"
check 2023-03-04 "on 0 lists, under 2 measures, 1 grade"
# The two credit records last 5 years after their listings (Credit Reporting Regulations Art 16).
check 2025-06-04 "on 0 lists, under 2 measures, 1 grade"
check 2025-06-05 "on 0 lists, under 1 measure, 1 grade"
check 2028-03-03 "on 0 lists, under 1 measure, 1 grade"
check 2028-03-04 "on 0 lists, under 0 measures, 1 grade"
echo "agency example: output as expected"
