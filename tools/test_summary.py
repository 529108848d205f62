#!/usr/bin/env python3
"""Sums the test cases of a meson run into one closing line.

Every test driver prints its own "N passed, N failed" line; those counts are
added up.  A test that printed no such line counts as one case, passed or
failed by its exit status.  A test whose counts say passed but whose exit
status failed (a crash after the summary) counts one more failure.

Further arguments are logs of tools/reliability.sh: their lines
"reliability STAGE: N passed, N failed" are added too.  A log that does not
exist counts one failure (the stages were meant to run and did not).
"""
import json
import re
import sys

LINE = re.compile(r"^(\d+) passed, (\d+) failed", re.M)
STAGE = re.compile(r"^reliability ([\w-]+): (\d+) passed, (\d+) failed$", re.M)


def main():
    passed = failed = 0
    failures = []
    with open(sys.argv[1], encoding="utf-8") as f:
        for row in f:
            t = json.loads(row)
            ok = t["result"] in ("OK", "EXPECTEDFAIL", "SKIP")
            found = LINE.findall(t.get("stdout") or "")
            if found:
                p, fl = (int(x) for x in found[-1])
                passed += p
                failed += fl
                if not ok and fl == 0:
                    failed += 1
            elif ok:
                passed += 1
            else:
                failed += 1
            if not ok:
                failures.append(t["name"])
    for log in sys.argv[2:]:
        try:
            with open(log, encoding="utf-8", errors="replace") as f:
                text = f.read()
        except OSError:
            failed += 1
            failures.append(f"reliability ({log} missing)")
            continue
        for stage, p, fl in STAGE.findall(text):
            passed += int(p)
            failed += int(fl)
            if int(fl):
                failures.append(f"reliability {stage}")
    for name in failures:
        print(f"FAILED: {name}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or failures else 0


if __name__ == "__main__":
    sys.exit(main())
