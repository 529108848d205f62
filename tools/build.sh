#!/bin/sh
# Configures (once) and builds domcov in ./build; quiet unless something fails.
#
# Link-time optimization: the address check crosses many small files (normalizer
# stages, register, hashes); inlining across them is ~8% of its instructions.
# Profile-guided (GCC): built instrumented first, run on the sample store and the
# test texts (tools/pgo_train.c), then rebuilt laid out for what ran: 10% fewer
# instructions an address check, a few percent faster (docs/performance.md).  Code
# the run never reached keeps its usual optimization (-fprofile-partial-training);
# a source edited later compiles without its stale profile instead of failing
# (-Wno-coverage-mismatch), so after larger changes train again: rm -rf build.
# Another compiler (CC=clang) gets the LTO build alone.
set -eu
cd "$(dirname "$0")/.."

# Runs a step with its output in LOG, shown only when it fails.
quiet() {
    log=$1
    shift
    "$@" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
}

pgo=false
if "${CC:-cc}" -v 2>&1 | grep -q '^gcc version'; then
    pgo=true
fi
if [ ! -f build/build.ninja ]; then
    quiet build-setup.log meson setup build --buildtype=release -Db_lto=true
    rm -f build-setup.log
fi
if $pgo && [ ! -f build/pgo-trained ]; then
    find build -name '*.gcda' -delete  # a new training starts from zero, not from old counts
    # The profile flags from the start: the training and the final build compile alike.
    quiet build/pgo-generate.log meson configure build -Db_pgo=generate \
        "-Dc_args=${CFLAGS:-} -fprofile-partial-training -Wno-coverage-mismatch"
    quiet build/pgo-generate.log ninja -C build
    quiet build/pgo-train.log build/tools/pgo_train build/data/sample.sqlite tests/cases/*.tsv
    quiet build/pgo-use.log meson configure build -Db_pgo=use
    touch build/pgo-trained
fi
quiet build/last-build.log ninja -C build
