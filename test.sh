#!/bin/sh
# Installs what is missing, builds, and runs every test: the meson suite (C
# drivers, CLI cases, symbol exports, threads) and the bindings' suites.
# Ends with one line "N passed, N failed" counting every case of every suite.
set -eu
top="$(cd "$(dirname "$0")" && pwd)"
cd "$top"
tools/deps.sh test
tools/build.sh
status=0
meson test -C build --print-errorlogs --num-processes 2 >build/meson-test.log 2>&1 || status=$?
tail -n 12 build/meson-test.log
/usr/bin/python3 tools/test_summary.py build/meson-logs/testlog.json || status=1
exit $status
