#!/usr/bin/env python3
"""The shared library exports exactly the functions domcov.h declares with DOMCOV_API."""
import re
import subprocess
import sys


def declared(header):
    text = open(header, encoding="utf-8").read()
    # DOMCOV_API <return type> name(  -- possibly split over lines
    return set(re.findall(r"DOMCOV_API\s[^;(]*?\b(domcov_\w+)\s*\(", text))


def exported(lib):
    out = subprocess.run(["nm", "-D", "--defined-only", lib], check=True,
                         capture_output=True, text=True).stdout
    return {line.split()[-1].split("@")[0] for line in out.splitlines()
            if len(line.split()) >= 3 and line.split()[1] in "TWDBR"}


def main():
    lib, header = sys.argv[1], sys.argv[2]
    want, have = declared(header), exported(lib)
    failed = 0
    for name in sorted(want - have):
        print(f"declared in domcov.h but not exported: {name}")
        failed += 1
    for name in sorted(have - want):
        print(f"exported but not declared with DOMCOV_API: {name}")
        failed += 1
    for name in sorted(have):
        if not name.startswith("domcov_"):
            print(f"exported name without the domcov_ prefix: {name}")
            failed += 1
    print(f"{len(want)} declared, {len(have)} exported")
    print(f"{1 if not failed else 0} passed, {failed} failed")
    return 1 if failed or not want else 0


if __name__ == "__main__":
    sys.exit(main())
