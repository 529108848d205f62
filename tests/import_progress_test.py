#!/usr/bin/env python3
"""The progress line of `domcov import` from tests/cases/import_progress.tsv.

Each case runs the command with standard error on a pseudo-terminal (tty) or
a pipe (pipe) and checks what it wrote there.  Columns and checks are
described at the top of the case file.
Usage: import_progress_test.py DOMCOV CASES UNIT_STORE SCRATCH REGISTER_DIR IMPORT_DIR
"""
import os
import pty
import shutil
import subprocess
import sys


def read_tty(fd):
    """Everything the child wrote to the terminal, until it closed it."""
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO: no writer left
            break
        if not data:
            break
        chunks.append(data)
    return b"".join(chunks)


def run(argv, tty, stdin_path):
    env = dict(os.environ)
    env.pop("DOMCOV_STORE", None)
    with open(stdin_path, "rb") as f:
        data = f.read()  # fed through a pipe: /dev/stdin cannot be read twice to count its rows
    if not tty:
        p = subprocess.run(argv, input=data, capture_output=True, env=env, timeout=60)
        return p.returncode, p.stderr
    master, slave = pty.openpty()
    p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    p.stdin.write(data)
    p.stdin.close()
    err = read_tty(master)
    os.close(master)
    return p.wait(timeout=60), err


def main():
    exe, cases, unit, scratch, regdata, impdata = sys.argv[1:7]
    os.makedirs(scratch, exist_ok=True)
    passed = failed = 0
    with open(cases, encoding="utf-8") as f:
        lines = [(i + 1, l.rstrip("\n")) for i, l in enumerate(f)]
    for lineno, line in lines:
        if not line or line.startswith("#"):
            continue
        name, mode, args, want, checks = (line.split("\t") + [""] * 5)[:5]
        fresh = os.path.join(scratch, name + "-new.sqlite")
        copy = os.path.join(scratch, name + "-copy.sqlite")
        for p in (fresh, copy):
            if os.path.exists(p):
                os.unlink(p)
        shutil.copyfile(unit, copy)
        subst = {"scratch": scratch, "unit": unit, "regdata": regdata, "impdata": impdata,
                 "fresh": fresh, "copy": copy}
        argv = [exe] + [a.format(**subst) for a in args.split(" ")]
        code, raw = run(argv, mode == "tty", os.path.join(regdata, "update.csv"))
        err = raw.decode("utf-8", "replace").replace("\r\n", "\n")
        problems = []
        if code != int(want):
            problems.append(f"exit {code}, expected {want}")
        for c in filter(None, checks.split(" ;; ")):
            negate = c.startswith("err!~")
            text = c[5 if negate else 4:].replace("\\r", "\r").format(**subst)
            if (text in err) == negate:
                problems.append(f"stderr {'has' if negate else 'lacks'} {text!r}")
        if problems:
            failed += 1
            print(f"{cases}:{lineno}: {name}: " + "; ".join(problems))
            print("  stderr: " + repr(err[:1500]))
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
