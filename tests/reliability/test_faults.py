#!/usr/bin/env python3
"""Faults during imports and builds: kill -9 and a full disk (docs/reliability.md).

Usage: test_faults.py DOMCOV UNIT_STORE SCRATCH UNIT_DATA [--seed N] [--kills N]

 1. kill -9: `domcov import zones`, `domcov import houses` and `domcov build`
    run in a child that is killed after a random delay (seeded; the seed is
    printed).  Afterwards the store is byte for byte what it was (or, when the
    child finished first, the complete new store), PRAGMA integrity_check is
    ok, the row counts are unchanged, and the same import run again succeeds
    although the dead child's PATH.tmp-PID-N file may still be there.
 2. Disk full: the store on a small tmpfs (mounted here when we may: root),
    once so small that the copy of the store cannot be made and once so that
    the copy fits but the import's writes do not; also RLIMIT_FSIZE (writes
    fail with EFBIG) for a build and an import.  Each time: exit status 5
    (DOMCOV_ERR_IO), a message naming the file and the reason, the old store
    byte for byte intact, and no temporary file left behind.
Prints "N passed, N failed".
"""
import glob
import json
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

from rel_check import check, run_parts, sha


def db_state(path):
    """(integrity_check, counts per table) read with SQLite itself."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        counts = tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                       for t in ("cities", "zones", "streets", "houses", "offices"))
        return ok, counts
    finally:
        con.close()


def write_zones(path, n, prefix):
    with open(path, "w") as f:
        f.write('{"type":"FeatureCollection","features":[\n')
        for i in range(n):
            x, y = 30.2 + (i % 100) * 0.002, 50.2 + (i // 100) * 0.002
            ring = [[x, y], [x + 0.0015, y], [x + 0.0015, y + 0.0015], [x, y + 0.0015], [x, y]]
            f.write(json.dumps({"type": "Feature", "properties": {
                "id": f"{prefix}-{i}", "service": "internet" if i % 2 else "tv", "technology": "FTTB",
                "city": "testgrad"}, "geometry": {"type": "Polygon", "coordinates": [ring]}}))
            f.write(",\n" if i + 1 < n else "\n")
        f.write("]}\n")


def write_houses(path, n):
    with open(path, "w", encoding="utf-8") as f:
        f.write("house_id,address,lat,lon\n")
        for i in range(n):
            f.write(f"k-{i},\"Тестоград, ул. Нагрузочная {i // 50 + 1}, {i % 50 + 1}\",50.05,30.05\n")


def leftovers(store):
    return sorted(os.path.basename(p) for p in glob.glob(store + ".tmp-*"))


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, timeout=600, **kw)


# ------------------------------------------------------------------ kill -9

def kill_trials(name, argv_for, fresh, expect_after, trials, rng, scratch):
    """fresh(store) makes the store; argv_for(store) is the command; expect_after(counts) says
    whether counts are those of a completed run."""
    store = os.path.join(scratch, f"kill-{name}.sqlite")
    for p in glob.glob(store + "*"):
        os.unlink(p)
    fresh(store)
    t0 = time.monotonic()
    p = run(argv_for(store))
    full = time.monotonic() - t0
    check(f"kill-{name}-baseline-run", p.returncode in (0, 4), f"exit {p.returncode}: {p.stderr[-300:]!r}")
    print(f"#   {name}: an uninterrupted run takes {full:.2f} s")
    killed = finished = 0
    for trial in range(trials):
        for p in glob.glob(store + "*"):
            os.unlink(p)
        fresh(store)
        before_sha = sha(store)
        before_counts = db_state(store)[1]
        delay = rng.uniform(0.0, full * 1.1)
        child = subprocess.Popen(argv_for(store), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        rc = child.wait()
        what = f"{name} trial {trial} (kill after {delay:.3f} s)"
        if rc == -signal.SIGKILL:
            killed += 1
            ok, counts = db_state(store)
            # Killed before the rename: the old store byte for byte.  Killed after it (while
            # printing the report or exiting): the complete new one.  Never anything between.
            unchanged = sha(store) == before_sha and counts == before_counts
            check(f"kill-{what}: store unchanged or complete", ok == "ok" and (unchanged or expect_after(counts)),
                  f"integrity {ok}, counts {counts} vs {before_counts}")
        else:
            finished += 1
            ok, counts = db_state(store)
            check(f"kill-{what}: finished first, new store complete", ok == "ok" and expect_after(counts),
                  f"exit {rc}, integrity {ok}, counts {counts}")
        stale = leftovers(store)
        # The next run must work whatever the dead child left behind.
        p = run(argv_for(store))
        ok, counts = db_state(store)
        check(f"kill-{what}: next run works (left behind: {', '.join(stale) or 'nothing'})",
              p.returncode in (0, 4) and ok == "ok" and expect_after(counts),
              f"exit {p.returncode}, integrity {ok}, counts {counts}: {p.stderr[-300:]!r}")
    print(f"#   {name}: {killed} killed mid-run, {finished} finished before the kill")


def test_kills(exe, unit, data, scratch, trials, seed):
    rng = random.Random(seed)
    print(f"# kill -9 trials, seed {seed} (rerun with --seed {seed})")
    zones = os.path.join(scratch, "big.geojson")
    write_zones(zones, 3000, "kz")
    base_zones = db_state(unit)[1][1]
    kill_trials("import-zones", lambda s: [exe, "import", "zones", zones, "--store", s],
                lambda s: shutil.copyfile(unit, s), lambda c: c[1] == base_zones + 3000, trials, rng, scratch)
    houses = os.path.join(scratch, "big-houses.csv")
    write_houses(houses, 30000)
    base_houses = db_state(unit)[1][3]
    kill_trials("import-houses", lambda s: [exe, "import", "houses", houses, "--store", s, "--quiet"],
                lambda s: shutil.copyfile(unit, s), lambda c: c[3] == base_houses + 30000, trials, rng, scratch)
    # A build over an existing store: the old one survives a killed build.
    unit_counts = db_state(unit)[1]
    kill_trials("build", lambda s: [exe, "build", "--from", data, "--store", s, "--quiet"],
                lambda s: shutil.copyfile(unit, s), lambda c: c == unit_counts, max(2, trials // 2), rng, scratch)


# ------------------------------------------------------------------ disk full

def can_mount():
    return os.geteuid() == 0 and shutil.which("mount") is not None


def mount_tmpfs(path, size_bytes):
    os.makedirs(path, exist_ok=True)
    size_k = (size_bytes + 1023) // 1024
    p = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_k}k", "tmpfs", path], capture_output=True)
    return p.returncode == 0


def umount(path):
    subprocess.run(["umount", path], capture_output=True)


def full_disk_case(name, exe, argv_for, store_src, size_bytes, scratch, want_words):
    mnt = os.path.join(scratch, f"tmpfs-{name}")
    if not mount_tmpfs(mnt, size_bytes):
        print(f"# {name}: cannot mount a tmpfs here; skipped")
        return
    try:
        store = os.path.join(mnt, "store.sqlite")
        shutil.copyfile(store_src, store)
        before = sha(store)
        p = run(argv_for(store))
        e = p.stderr.decode("utf-8", "replace")
        check(f"disk-full-{name}: exit 5 with the reason",
              p.returncode == 5 and any(w in e for w in want_words), f"exit {p.returncode}: {e[-400:]}")
        ok, _ = db_state(store)
        check(f"disk-full-{name}: old store intact", sha(store) == before and ok == "ok", "changed")
        left = leftovers(store)
        check(f"disk-full-{name}: no temporary file left", not left, f"left: {left}")
        # Once there is room again, the same import works.
        subprocess.run(["mount", "-o", f"remount,size={(size_bytes * 4) // 1024}k", mnt], capture_output=True)
        p = run(argv_for(store))
        check(f"disk-full-{name}: works with room again", p.returncode in (0, 4) and db_state(store)[0] == "ok",
              f"exit {p.returncode}: {p.stderr[-300:]!r}")
    finally:
        umount(mnt)
        shutil.rmtree(mnt, ignore_errors=True)


def fsize_case(name, argv, store, limit, want_words):
    """Runs argv with RLIMIT_FSIZE = limit (SIGXFSZ ignored, so writes fail with EFBIG)."""
    before = sha(store) if os.path.exists(store) else None

    def limit_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    p = subprocess.run(argv, capture_output=True, timeout=600, preexec_fn=limit_files)
    e = p.stderr.decode("utf-8", "replace")
    check(f"fsize-{name}: exit 5 with the reason", p.returncode == 5 and any(w in e for w in want_words),
          f"exit {p.returncode}: {e[-400:]}")
    if before is not None:
        check(f"fsize-{name}: old store intact", sha(store) == before and db_state(store)[0] == "ok", "changed")
    left = leftovers(store)
    check(f"fsize-{name}: no temporary file left", not left, f"left: {left}")


def test_disk_full(exe, unit, data, scratch):
    zones = os.path.join(scratch, "big.geojson")
    if not os.path.exists(zones):
        write_zones(zones, 3000, "kz")
    houses = os.path.join(scratch, "big-houses.csv")
    if not os.path.exists(houses):
        write_houses(houses, 30000)
    size = os.path.getsize(unit)
    words = ("No space left", "disk is full", "File too large", "I/O error")
    if can_mount():
        # The copy of the store does not fit.
        full_disk_case("copy", exe, lambda s: [exe, "import", "zones", zones, "--store", s], unit,
                       size + (512 << 10), scratch, words)
        # The copy fits; the import's own writes do not.
        full_disk_case("zones-writes", exe, lambda s: [exe, "import", "zones", zones, "--store", s], unit,
                       2 * size + (64 << 10), scratch, words)
        full_disk_case("houses-writes", exe, lambda s: [exe, "import", "houses", houses, "--store", s, "--quiet"],
                       unit, 2 * size + (64 << 10), scratch, words)
        full_disk_case("build", exe, lambda s: [exe, "build", "--from", data, "--store", s, "--quiet"], unit,
                       size + (256 << 10), scratch, words)
    else:
        print("# disk full on tmpfs: not root or no mount; only the RLIMIT_FSIZE cases run")
    store = os.path.join(scratch, "fsize.sqlite")
    for p in glob.glob(store + "*"):
        os.unlink(p)
    shutil.copyfile(unit, store)
    fsize_case("import-zones", [exe, "import", "zones", zones, "--store", store], store, size + (64 << 10), words)
    fsize_case("import-houses", [exe, "import", "houses", houses, "--store", store, "--quiet"], store,
               size + (64 << 10), words)
    fsize_case("build", [exe, "build", "--from", data, "--store", store, "--quiet"], store, 256 << 10, words)


def main():
    args = sys.argv[1:]
    seed, trials = int(time.time()) % 100000, 6
    if "--seed" in args:
        i = args.index("--seed")
        seed = int(args[i + 1])
        del args[i:i + 2]
    if "--kills" in args:
        i = args.index("--kills")
        trials = int(args[i + 1])
        del args[i:i + 2]
    exe, unit, scratch, data = args[:4]
    os.makedirs(scratch, exist_ok=True)
    return run_parts((("kill -9", lambda: test_kills(exe, unit, data, scratch, trials, seed)),
                      ("disk full", lambda: test_disk_full(exe, unit, data, scratch))))


if __name__ == "__main__":
    sys.exit(main())
