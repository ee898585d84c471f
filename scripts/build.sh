#!/usr/bin/env bash
# Configures and builds credlex into build/ (or $BUILD_DIR), with Ninja and ccache.
# Extra arguments go to CMake, e.g. -DCREDLEX_SANITIZE=ON; they come last, so they win.
# RelWithDebInfo (the default) is built with line tables only (-g1): backtraces, profiles and
# sanitizer reports keep their file:line, and a cold build on 2 cores takes minutes less than
# with full -g. Pass -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g -DNDEBUG" to debug with variables.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo}
flags=()
if [ "$BUILD_TYPE" = RelWithDebInfo ]; then
  flags=(-DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG")
fi
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" "${flags[@]}" "$@" >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)"
