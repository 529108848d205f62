#!/bin/sh
# Installs the Debian packages domcov needs to build and test, when any is missing.
# Usage: tools/deps.sh [build|test]   (test adds what the test suite and bindings need)
set -eu

packages="gcc libc6-dev pkg-config meson ninja-build python3 libsqlite3-dev libspatialite-dev \
libgeos-dev libproj-dev libutf8proc-dev"
if [ "${1:-build}" = test ]; then
    packages="$packages python3-pytest binutils"
    # tools/reliability.sh: clang with its sanitizer and libFuzzer runtimes, valgrind.
    packages="$packages clang libclang-rt-14-dev valgrind"
    # Node for the bindings' tests: Debian's nodejs and npm, unless a node with
    # its own npm is installed (NodeSource's nodejs bundles npm and conflicts with Debian's).
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        packages="$packages nodejs npm"
    fi
fi

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "domcov: missing Debian packages:$missing" >&2
    echo "Install them as root: apt-get install -y$missing" >&2
    exit 1
fi
echo "domcov: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >&2
