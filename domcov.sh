#!/bin/sh
# Runs the domcov command from a fresh checkout: installs what is missing
# (Debian packages), builds, then runs `domcov` with the given arguments on
# the bundled sample store (or --store / $DOMCOV_STORE).
#   ./domcov.sh check --lat 58.0105 --lon 56.2502
set -eu
top="$(cd "$(dirname "$0")" && pwd)"
"$top/tools/deps.sh" build
"$top/tools/build.sh"
exec "$top/build/cli/domcov" "$@"
