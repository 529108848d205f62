#!/bin/sh
# Reliability stages of the test suite (issue 7, docs/reliability.md):
#   asan      the whole meson suite built with clang + ASan/UBSan (build-asan)
#   valgrind  the CLI cases (tests/cases/cli.tsv) with every domcov run under memcheck
#   tsan      the threaded tests built with TSan (build-tsan): one handle from 8 and
#             16 threads, mixed calls, batch's pipeline, imports beside readers
#   fuzz      every libFuzzer target 60 s on its corpus (build-fuzz), ASan/UBSan on
#   soak      10M mixed calls from 8 threads, RSS growth bounded (16 MiB)
# Each stage prints "reliability STAGE: N passed, N failed"; tools/test_summary.py
# adds those lines to the meson suite's total.  Usage:
#   tools/reliability.sh [STAGE...]        (default: all, in the order above)
# Environment: RELIABILITY_BUILD_ROOT (where build-asan, build-tsan, build-fuzz go;
# default: the source tree), FUZZ_SECONDS (60), SOAK_CALLS (10000000),
# RELIABILITY_MAIN_BUILD (the release build whose domcov valgrind runs; default build).
# Exit status 0 when every stage passed.
set -u
top="$(cd "$(dirname "$0")/.." && pwd)"
cd "$top"
root="${RELIABILITY_BUILD_ROOT:-$top}"
main_build="${RELIABILITY_MAIN_BUILD:-$top/build}"
fuzz_seconds="${FUZZ_SECONDS:-60}"
soak_calls="${SOAK_CALLS:-10000000}"
stages="${*:-asan valgrind tsan fuzz soak}"
overall=0
mkdir -p "$root"

say() { printf '%s\n' "$*"; }
# stage_line NAME PASSED FAILED
stage_line() {
    say "reliability $1: $2 passed, $3 failed"
    [ "$3" -eq 0 ] || overall=1
}
elapsed() { echo $(( $(date +%s) - $1 )); }

# setup DIR OPTIONS...: configures DIR once with clang.
setup() {
    dir="$1"
    shift
    if [ ! -f "$dir/build.ninja" ]; then
        mkdir -p "$dir"
        CC=clang meson setup "$dir" "$@" >"$dir/setup.log" 2>&1 || { cat "$dir/setup.log"; return 1; }
    else
        meson configure "$dir" "$@" >"$dir/setup.log" 2>&1 || { cat "$dir/setup.log"; return 1; }
    fi
}

# Sums the cases of a meson test log like the main suite does; sets P and F.
meson_counts() {
    out="$(/usr/bin/python3 tools/test_summary.py "$1" 2>&1)"
    printf '%s\n' "$out" | grep '^FAILED' || true
    P="$(printf '%s\n' "$out" | tail -n 1 | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')"
    F="$(printf '%s\n' "$out" | tail -n 1 | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')"
    [ -n "$P" ] || { P=0; F=1; }
}

# A quarantine of 8 MiB instead of 256: still catches a use after free of anything freed
# recently, and keeps the tests that bound RSS (batch's memory-flat) meaningful.
san_env() {
    ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1:quarantine_size_mb=8:thread_local_quarantine_size_kb=256"
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
    export ASAN_OPTIONS UBSAN_OPTIONS
}

stage_asan() {
    t0=$(date +%s)
    b="$root/build-asan"
    # The ASan runtime as a shared library (found through the rpath), so that the bindings'
    # interpreters can preload the very runtime the library and the test programs use.
    asan_rt="$(clang -print-file-name=libclang_rt.asan-x86_64.so)"
    setup "$b" -Db_sanitize=address,undefined -Db_lundef=false -Dbench=false \
        "-Dc_link_args=-shared-libasan -Wl,-rpath,${asan_rt%/*}" || { stage_line asan 0 1; return; }
    if ! ninja -C "$b" >"$b/last-build.log" 2>&1; then
        tail -n 30 "$b/last-build.log"
        stage_line asan 0 1
        return
    fi
    san_env
    # The interpreters of the bindings' suites are not instrumented: they load the
    # ASan runtime first.  Their own leaks are not ours: leak checks stay off there.
    meson test -C "$b" --num-processes 2 --print-errorlogs --no-suite bindings \
        >"$b/meson-test.log" 2>&1
    cp "$b/meson-logs/testlog.json" "$b/testlog-main.json"
    LD_PRELOAD="$asan_rt" ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:quarantine_size_mb=8" \
        meson test -C "$b" --num-processes 2 --print-errorlogs --suite bindings \
        >"$b/meson-test-bindings.log" 2>&1
    cat "$b/testlog-main.json" "$b/meson-logs/testlog.json" >"$b/testlog-all.json"
    grep -h -E '^ *[0-9]+/[0-9]+ .*(FAIL|TIMEOUT)' "$b/meson-test.log" "$b/meson-test-bindings.log" || true
    grep -h -E 'ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer' \
        "$b/meson-test.log" "$b/meson-test-bindings.log" 2>/dev/null | sort | uniq -c | head -n 10 || true
    meson_counts "$b/testlog-all.json"
    say "# asan: $(elapsed "$t0") s (logs: $b/meson-test.log, $b/meson-test-bindings.log)"
    stage_line asan "$P" "$F"
}

stage_valgrind() {
    t0=$(date +%s)
    exe="$main_build/cli/domcov"
    if [ ! -x "$exe" ] || ! command -v valgrind >/dev/null 2>&1; then
        say "# valgrind: no $exe or no valgrind"
        stage_line valgrind 0 1
        return
    fi
    logs="$main_build/valgrind"
    rm -rf "$logs"
    mkdir -p "$logs"
    DOMCOV_VALGRIND_EXE="$exe" DOMCOV_VALGRIND_LOGS="$logs" \
        /usr/bin/python3 tests/cli_test.py "$top/tests/reliability/valgrind_wrap.sh" tests/cases/cli.tsv \
        "$main_build/tests/unit.sqlite" "$main_build/data/sample.sqlite" "$logs/scratch" \
        "$top/tests/data/unit" >"$logs/cli.log" 2>&1
    grep -v '^ok' "$logs/cli.log" | tail -n 20
    # Any report at all (errors or definite leaks) is a failure, even in a case that passed.
    reports=0
    for f in "$logs"/vg.*.log; do
        [ -s "$f" ] || continue
        reports=$((reports + 1))
        [ "$reports" -le 3 ] && { say "# valgrind report $f:"; head -n 40 "$f"; }
    done
    line="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$logs/cli.log" | tail -n 1)"
    P="$(printf '%s' "$line" | sed -n 's/^\([0-9]*\) passed.*/\1/p')"
    F="$(printf '%s' "$line" | sed -n 's/.* \([0-9]*\) failed$/\1/p')"
    [ -n "$P" ] || { P=0; F=1; }
    say "# valgrind: $(elapsed "$t0") s, $reports processes with a report (logs: $logs)"
    if [ "$reports" -gt 0 ] && [ "$F" -eq 0 ]; then F=1; fi
    stage_line valgrind "$P" "$F"
}

stage_tsan() {
    t0=$(date +%s)
    b="$root/build-tsan"
    setup "$b" -Db_sanitize=thread -Db_lundef=false -Dbench=false || { stage_line tsan 0 1; return; }
    if ! ninja -C "$b" >"$b/last-build.log" 2>&1; then
        tail -n 30 "$b/last-build.log"
        stage_line tsan 0 1
        return
    fi
    TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:exitcode=66" \
        meson test -C "$b" --num-processes 1 --print-errorlogs --timeout-multiplier 4 \
        threads-sample threads-unit threads-mixed import-concurrent-readers batch soak-short \
        >"$b/meson-test.log" 2>&1
    grep -E '^ *[0-9]+/[0-9]+ .*(FAIL|TIMEOUT)' "$b/meson-test.log" || true
    grep -h -m 5 'WARNING: ThreadSanitizer' "$b/meson-logs/testlog.txt" 2>/dev/null || true
    meson_counts "$b/meson-logs/testlog.json"
    say "# tsan: $(elapsed "$t0") s (log: $b/meson-test.log)"
    stage_line tsan "$P" "$F"
}

# run_fuzzer NAME: 0 when it ran its time without a finding.
run_fuzzer() {
    name="$1"
    b="$root/build-fuzz"
    work="$b/corpus/$name"
    mkdir -p "$work" "$b/artifacts"
    seeds="$top/tests/fuzz/corpus/$name"
    [ -d "$seeds" ] || seeds=""
    (cd "$b" && "./fuzz/fuzz_$name" -max_total_time="$fuzz_seconds" -timeout=20 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$b/artifacts/$name-" \
        "$work" $seeds) >"$b/fuzz-$name.log" 2>&1
}

stage_fuzz() {
    t0=$(date +%s)
    b="$root/build-fuzz"
    setup "$b" -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false -Dbench=false \
        || { stage_line fuzz 0 1; return; }
    if ! ninja -C "$b" >"$b/last-build.log" 2>&1; then
        tail -n 30 "$b/last-build.log"
        stage_line fuzz 0 1
        return
    fi
    san_env
    export ASAN_OPTIONS="$ASAN_OPTIONS:abort_on_error=1"
    targets=""
    for f in "$b"/fuzz/fuzz_*; do
        [ -x "$f" ] && [ -f "$f" ] || continue
        n="${f##*/fuzz_}"
        [ -d "tests/fuzz/corpus/$n" ] || say "# fuzz_$n has no seed corpus in tests/fuzz/corpus/$n"
        targets="$targets $n"
    done
    P=0
    F=0
    # Two at a time: one per core.
    set -- $targets
    while [ $# -gt 0 ]; do
        a="$1"
        shift
        run_fuzzer "$a" &
        pa=$!
        pb=""
        if [ $# -gt 0 ]; then
            bname="$1"
            shift
            run_fuzzer "$bname" &
            pb=$!
        fi
        for pair in "$pa:$a" ${pb:+"$pb:$bname"}; do
            pid="${pair%%:*}"
            n="${pair#*:}"
            if wait "$pid"; then
                P=$((P + 1))
                say "# fuzz_$n: $(grep -E '^(stat::number_of_executed_units|Done )' "$b/fuzz-$n.log" | tr '\n' ' ')"
            else
                F=$((F + 1))
                say "# fuzz_$n FAILED (log: $b/fuzz-$n.log):"
                grep -E -A 12 'ERROR|runtime error|==ABORTING|deadly signal|Test unit written' "$b/fuzz-$n.log" | head -n 40
            fi
        done
    done
    say "# fuzz: $(elapsed "$t0") s, ${fuzz_seconds} s per target"
    stage_line fuzz "$P" "$F"
}

stage_soak() {
    t0=$(date +%s)
    exe="$main_build/tests/reliability/soak"
    if [ ! -x "$exe" ]; then
        say "# soak: no $exe"
        stage_line soak 0 1
        return
    fi
    "$exe" "$main_build/data/sample.sqlite" tests/cases/match.tsv 8 "$soak_calls" 16 >"$main_build/soak.log" 2>&1
    rc=$?
    grep '^soak' "$main_build/soak.log"
    say "# soak: $(elapsed "$t0") s"
    if [ $rc -eq 0 ]; then stage_line soak 1 0; else tail -n 5 "$main_build/soak.log"; stage_line soak 0 1; fi
}

for s in $stages; do
    case "$s" in
    asan | valgrind | tsan | fuzz | soak) "stage_$s" ;;
    *) say "unknown stage $s (asan valgrind tsan fuzz soak)"; overall=1 ;;
    esac
done
exit $overall
