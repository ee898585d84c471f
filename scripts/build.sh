#!/usr/bin/env bash
# Configures and builds credlex into build/ (or $BUILD_DIR), with Ninja and ccache.
# Extra arguments go to CMake, e.g. -DCREDLEX_SANITIZE=ON.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} "$@" >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)"
