#!/bin/sh
# Configures (once) and builds domcov in ./build; quiet unless something fails.
#
# Link-time optimization: the address check crosses many small files (normalizer
# stages, register, hashes); inlining across them is ~8% of its instructions.
# Profile-guided: built instrumented first, run on the sample store and the test
# texts (tools/pgo_train.c), then rebuilt laid out for what ran: address checks
# ~10% faster (docs/performance.md).  Code the run never reached keeps its usual
# optimization (-fprofile-partial-training); a source edited later compiles
# without its stale profile instead of failing (-Wno-coverage-mismatch).  To
# train again: rm -rf build.
set -eu
cd "$(dirname "$0")/.."

# Runs a step with its output in build/LOG, shown only when it fails.
quiet() {
    log=$1
    shift
    "$@" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
}

if [ ! -f build/build.ninja ]; then
    quiet build-setup.log meson setup build --buildtype=release -Db_lto=true -Db_pgo=generate
    rm -f build-setup.log
fi
if [ ! -f build/pgo-trained ]; then
    quiet build/pgo-generate.log meson configure build -Db_pgo=generate
    quiet build/pgo-generate.log ninja -C build
    quiet build/pgo-train.log build/tools/pgo_train build/data/sample.sqlite tests/cases/*.tsv
    quiet build/pgo-use.log meson configure build -Db_pgo=use \
        "-Dc_args=-fprofile-partial-training -Wno-coverage-mismatch"
    touch build/pgo-trained
fi
quiet build/last-build.log ninja -C build
