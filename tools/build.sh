#!/bin/sh
# Configures (once) and builds domcov in ./build; quiet unless something fails.
set -eu
cd "$(dirname "$0")/.."
if [ ! -f build/build.ninja ]; then
    meson setup build --buildtype=release >build-setup.log 2>&1 || { cat build-setup.log >&2; exit 1; }
    rm -f build-setup.log
fi
ninja -C build >build/last-build.log 2>&1 || { cat build/last-build.log >&2; exit 1; }
