"""What the reliability scripts (test_faults.py, test_hostile_cli.py) share:
named checks printed as they go, a file's hash, and main()'s run of the parts
with the closing "N passed, N failed"."""
import hashlib
import time

results = []


def check(name, ok, detail=""):
    results.append((name, ok))
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else ": " + detail), flush=True)


def sha(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def run_parts(parts):
    """Runs each (name, fn) of parts, timed; a crash of a part is a failed check, not an abort.
    Prints the totals; returns the exit status (1 when a check failed or none passed)."""
    for name, fn in parts:
        t0 = time.monotonic()
        try:
            fn()
        except Exception as e:
            import traceback
            traceback.print_exc()
            check(name + " (exception)", False, repr(e))
        print(f"# {name}: {time.monotonic() - t0:.1f} s", flush=True)
    passed = sum(1 for _, ok in results if ok)
    failed = len(results) - passed
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0
