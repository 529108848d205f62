#!/bin/sh
# Runs $DOMCOV_VALGRIND_EXE (the domcov command) under valgrind memcheck: for
# tests/cli_test.py in tools/reliability.sh, as the "domcov" it runs.  A memory
# error or a definite leak makes the exit status 99 (the case then fails) and
# the report goes to $DOMCOV_VALGRIND_LOGS/vg.PID.log.
exec valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
    --show-leak-kinds=definite --num-callers=30 \
    --suppressions="$(dirname "$0")/valgrind.supp" \
    --log-file="${DOMCOV_VALGRIND_LOGS:-/tmp}/vg.%p.log" \
    "$DOMCOV_VALGRIND_EXE" "$@"
