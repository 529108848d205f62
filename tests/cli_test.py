#!/usr/bin/env python3
"""CLI tests from tests/cases/cli.tsv: arguments, exit status, output checks.

Columns: name, arguments (shell words; {unit}, {sample}, {scratch}, {data}
{regdata} are substituted), expected exit status, checks separated by ' ;; ':
  out~TEXT          stdout contains TEXT        err~TEXT   stderr contains TEXT
  out!~TEXT         stdout lacks TEXT           out=       stdout is empty
  json:PATH=VALUE   stdout is one JSON object; PATH like services.internet.available,
                    zones.0.zone_id; VALUE compared as JSON (true, 12, "x", null),
                    or json:PATH~NUMBER~TOL for a number within a tolerance
  env:NAME=VALUE    run with this environment variable (NAME= removes it)
"""
import json
import os
import shlex
import shutil
import subprocess
import sys


def lookup(obj, path):
    for part in path.split("."):
        if isinstance(obj, list):
            obj = obj[int(part)]
        else:
            obj = obj[part]
    return obj


def run_case(exe, cols, subst):
    name, args, want_exit = cols[0], cols[1], int(cols[2])
    checks = [c for c in (cols[3] if len(cols) > 3 else "").split(" ;; ") if c]
    env = dict(os.environ)
    env.pop("DOMCOV_STORE", None)
    for c in checks:
        if c.startswith("env:"):
            k, _, v = c[4:].partition("=")
            if v:
                env[k] = v.format(**subst)
            else:
                env.pop(k, None)
    argv = [exe] + [a.format(**subst) for a in shlex.split(args)]
    p = subprocess.run(argv, capture_output=True, env=env, timeout=60)
    out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    problems = []
    if p.returncode != want_exit:
        problems.append(f"exit {p.returncode}, expected {want_exit}")
    parsed = None
    for c in checks:
        if c.startswith("env:"):
            continue
        if c.startswith("out~"):
            if c[4:] not in out:
                problems.append(f"stdout lacks {c[4:]!r}")
        elif c.startswith("out!~"):
            if c[5:] in out:
                problems.append(f"stdout has {c[5:]!r}")
        elif c.startswith("err~"):
            if c[4:].format(**subst) not in err:
                problems.append(f"stderr lacks {c[4:]!r}")
        elif c == "out=":
            if out:
                problems.append("stdout not empty")
        elif c.startswith("json:") or c.startswith("jsonlen:"):
            if parsed is None:
                try:
                    parsed = json.loads(out)
                except ValueError as e:
                    problems.append(f"stdout is not JSON: {e}")
                    break
            spec = c[c.index(":") + 1:]
            try:
                if c.startswith("jsonlen:"):
                    path, _, val = spec.partition("=")
                    got = lookup(parsed, path) if path else parsed
                    if len(got) != int(val):
                        problems.append(f"len({path}) = {len(got)}, expected {val}")
                elif "~" in spec and "=" not in spec.split("~")[0]:
                    path, num, tol = spec.split("~")
                    got = lookup(parsed, path)
                    if not isinstance(got, (int, float)) or abs(got - float(num)) > float(tol):
                        problems.append(f"{path} = {got!r}, expected {num}±{tol}")
                else:
                    path, _, val = spec.partition("=")
                    got = lookup(parsed, path)
                    if got != json.loads(val):
                        problems.append(f"{path} = {got!r}, expected {val}")
            except (KeyError, IndexError, ValueError) as e:
                problems.append(f"{spec}: {e!r}")
        else:
            problems.append(f"unknown check {c!r}")
    return name, problems, out, err


def main():
    exe, cases, unit, sample, scratch, data = sys.argv[1:7]
    # Cases build on each other (an import, then checks on its store): start clean.
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    subst = {"unit": unit, "sample": sample, "scratch": scratch, "data": data,
             "regdata": os.path.join(os.path.dirname(os.path.abspath(data)), "register"),
             "long": "ул. Ленина " * 1000}
    passed = failed = 0
    with open(cases, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            name, problems, out, err = run_case(exe, cols, subst)
            if problems:
                failed += 1
                print(f"{cases}:{lineno}: {name}: " + "; ".join(problems))
                print("  stdout: " + out[:500].replace("\n", "\n          "))
                print("  stderr: " + err[:500].replace("\n", "\n          "))
            else:
                passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
