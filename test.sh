#!/bin/sh
# Installs what is missing, builds, and runs every test: the meson suite (C
# drivers, CLI cases, symbol exports, threads) and the bindings' suites, then the
# reliability stages of tools/reliability.sh (sanitizers, valgrind, fuzzers, soak).
# Ends with one line "N passed, N failed" counting every case of every suite.
set -eu
top="$(cd "$(dirname "$0")" && pwd)"
cd "$top"
tools/deps.sh test
tools/build.sh
status=0
meson test -C build --print-errorlogs --num-processes 2 >build/meson-test.log 2>&1 || status=$?
tail -n 12 build/meson-test.log
# Reliability stages (docs/reliability.md): ASan/UBSan suite, valgrind CLI cases,
# TSan threads, 60 s per fuzzer, the 10M-call soak.  RELIABILITY=0 skips them.
rel_logs=""
if [ "${RELIABILITY:-1}" != 0 ]; then
    tools/reliability.sh >build/reliability.log 2>&1 || status=1
    grep -E '^(reliability |# )' build/reliability.log || true
    rel_logs=build/reliability.log
fi
/usr/bin/python3 tools/test_summary.py build/meson-logs/testlog.json $rel_logs || status=1
exit $status
