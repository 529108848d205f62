#!/usr/bin/env python3
"""Hostile files and arguments through the domcov command (docs/reliability.md).

Usage: test_hostile_cli.py DOMCOV UNIT_STORE SAMPLE_STORE SCRATCH UNIT_DATA

 1. A 1 GB CSV line, and a 1 GB JSON line, streamed through `domcov batch`
    from a pipe, and a 1 GB CSV line through `domcov import houses`: the long
    row is one invalid/rejected row, the rows after it are still checked, and
    the peak RSS stays within a fixed bound above the same command's RSS on a
    small input (the bound: HUGE_LINE_EXTRA_MIB).
 2. GeoJSON nested 10,000 deep (zones, offices, a batch JSONL line): a clear
    error naming the nesting, exit 4, no crash, the store untouched.
 3. SQL metacharacters as an address, a house id and a city name in imports,
    a zone id, and --city: stored and read back as text, no table dropped,
    PRAGMA integrity_check ok.
 4. NUL bytes and invalid UTF-8 in batch rows: invalid rows with the reason;
    coordinates NaN/inf/out of range on the command line: exit 4.
Prints "N passed, N failed".
"""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time

from rel_check import check, run_parts, sha

GIB = 1 << 30
MIB = 1 << 20
# Peak RSS allowed above the same command on a 2-row input, for a 1 GB line.
HUGE_LINE_EXTRA_MIB = 64
DEEP = 10000


def run_measured(argv, stdin_writer=None, stdin_bytes=None, env=None, timeout=600):
    """Runs argv; returns (exit, stdout, stderr, max RSS KiB, seconds).  stdin_writer(fd)
    streams the input through a pipe so that nothing big touches the disk."""
    t0 = time.monotonic()
    p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env)
    out, err = [], []
    ts = [threading.Thread(target=lambda: out.append(p.stdout.read())),
          threading.Thread(target=lambda: err.append(p.stderr.read()))]
    for t in ts:
        t.start()
    try:
        if stdin_writer:
            stdin_writer(p.stdin)
        elif stdin_bytes is not None:
            p.stdin.write(stdin_bytes)
    except BrokenPipeError:
        pass
    try:
        p.stdin.close()
    except BrokenPipeError:
        pass
    for t in ts:
        t.join(timeout)
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return (p.returncode, out[0] if out else b"", err[0] if err else b"", usage.ru_maxrss,
            time.monotonic() - t0)


def huge_line_writer(head, filler, size, tail):
    block = filler * (MIB // len(filler))

    def write(f):
        f.write(head)
        left = size
        while left > 0:
            n = min(left, len(block))
            f.write(block[:n])
            left -= n
        f.write(tail)
    return write


def integrity(path):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def query(path, sql, *args):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def test_huge_lines(exe, unit, scratch):
    env = dict(os.environ, DOMCOV_STORE=unit)
    small_csv = b"address,lat,lon\nx,50.02,30.02\ny,,\n"
    # Baselines: the same commands on a small input.
    base_batch = run_measured([exe, "batch", "-", "--quiet", "--threads", "2"], stdin_bytes=small_csv,
                              env=env)
    good_tail = b"\nlast,50.02,30.02\n"
    rc, out, err, rss, secs = run_measured(
        [exe, "batch", "-", "--quiet", "--threads", "2"],
        stdin_writer=huge_line_writer(b"address,lat,lon\nfirst,50.02,30.02\n", b"a", GIB, b",1,2" + good_tail),
        env=env)
    lines = out.decode("utf-8", "replace").splitlines()
    print(f"#   batch CSV 1 GB line: exit {rc}, {secs:.1f} s, max RSS {rss // 1024} MiB "
          f"(small input: {base_batch[3] // 1024} MiB)")
    check("batch-csv-1gb-line-rows", rc == 0 and len(lines) == 4 and ",invalid," in lines[2]
          and "longer than" in lines[2] and lines[3].startswith("last,") and ",matched," in lines[3],
          f"exit {rc}, {len(lines)} lines: {[l[:120] for l in lines]} {err[-300:]!r}")
    check("batch-csv-1gb-line-memory", rss <= base_batch[3] + HUGE_LINE_EXTRA_MIB * 1024,
          f"max RSS {rss} KiB vs {base_batch[3]} KiB on a small input")

    base_jsonl = run_measured([exe, "batch", "-", "--quiet", "--input-format", "jsonl"],
                              stdin_bytes=b'{"lat":50.02,"lon":30.02}\n', env=env)
    rc, out, err, rss, secs = run_measured(
        [exe, "batch", "-", "--quiet", "--input-format", "jsonl"],
        stdin_writer=huge_line_writer(b'{"address":"', b"b", GIB, b'"}\n{"lat":50.02,"lon":30.02}\n'),
        env=env)
    lines = out.decode("utf-8", "replace").splitlines()
    print(f"#   batch JSONL 1 GB line: exit {rc}, {secs:.1f} s, max RSS {rss // 1024} MiB "
          f"(small input: {base_jsonl[3] // 1024} MiB)")
    ok = rc == 0 and len(lines) == 2
    if ok:
        first, second = json.loads(lines[0]), json.loads(lines[1])
        ok = (first.get("domcov_status") == "invalid" and "longer than" in (first.get("domcov_error") or "")
              and second.get("domcov_status") == "matched")
    check("batch-jsonl-1gb-line-rows", ok, f"exit {rc}, {[l[:200] for l in lines]} {err[-300:]!r}")
    check("batch-jsonl-1gb-line-memory", rss <= base_jsonl[3] + HUGE_LINE_EXTRA_MIB * 1024,
          f"max RSS {rss} KiB vs {base_jsonl[3]} KiB")

    # import houses reads the CSV by path: /dev/stdin is the pipe.
    store = os.path.join(scratch, "houses-huge.sqlite")
    for p in (store, store + ".lock"):
        if os.path.exists(p):
            os.unlink(p)
    head = b"house_id,address,lat,lon\n"
    good = b"h1,\"\xd0\x9f\xd0\xb5\xd1\x80\xd0\xbc\xd1\x8c, \xd1\x83\xd0\xbb. \xd0\x9b\xd0\xb5\xd0\xbd\xd0\xb8\xd0\xbd\xd0\xb0, 5\",58.01,56.25\n"
    base_imp = run_measured([exe, "import", "houses", "/dev/stdin", "--store", store + ".base", "--quiet"],
                            stdin_bytes=head + good)
    rc, out, err, rss, secs = run_measured(
        [exe, "import", "houses", "/dev/stdin", "--store", store, "--quiet"],
        stdin_writer=huge_line_writer(head + b"h0,\"", b"c", GIB, b"\",1,2\n" + good))
    e = err.decode("utf-8", "replace")
    print(f"#   import houses 1 GB line: exit {rc}, {secs:.1f} s, max RSS {rss // 1024} MiB "
          f"(small input: {base_imp[3] // 1024} MiB)")
    check("import-houses-1gb-line", rc == 4 and "longer than" in e and "imported 1" in e,
          f"exit {rc}: {e[-400:]}")
    check("import-houses-1gb-line-memory", rss <= base_imp[3] + HUGE_LINE_EXTRA_MIB * 1024,
          f"max RSS {rss} KiB vs {base_imp[3]} KiB")


def test_deep(exe, unit, scratch):
    store = os.path.join(scratch, "deep.sqlite")
    shutil.copyfile(unit, store)
    before = sha(store)
    deep_geom = ('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"d",'
                 '"service":"tv","technology":"X"},"geometry":{"type":"Polygon","coordinates":'
                 + "[" * DEEP + "]" * DEEP + "}}]}")
    deep_top = "[" * DEEP + "]" * DEEP
    deep_obj = '{"a":' * DEEP + "1" + "}" * DEEP
    for name, text in (("deep-coordinates", deep_geom), ("deep-arrays", deep_top), ("deep-objects", deep_obj)):
        path = os.path.join(scratch, name + ".geojson")
        with open(path, "w") as f:
            f.write(text)
        for kind in ("zones", "offices"):
            t0 = time.monotonic()
            p = subprocess.run([exe, "import", kind, path, "--store", store], capture_output=True, timeout=120)
            e = p.stderr.decode("utf-8", "replace")
            # An offices file starting with '[' is not GeoJSON to the sniffer: a CSV without the columns.
            clear = "nest" in e or (kind == "offices" and name == "deep-arrays" and "header has no column" in e)
            check(f"import-{kind}-{name}", p.returncode == 4 and clear and time.monotonic() - t0 < 10,
                  f"exit {p.returncode}: {e[-300:]}")
    check("deep-store-untouched", sha(store) == before, "the store changed")
    env = dict(os.environ, DOMCOV_STORE=unit)
    p = subprocess.run([exe, "batch", "-", "--quiet", "--input-format", "jsonl"], env=env,
                       input=('{"a":' + "[" * DEEP + "]" * DEEP + "}\n" + '{"lat":50.02,"lon":30.02}\n').encode(),
                       capture_output=True, timeout=60)
    lines = p.stdout.decode().splitlines()
    ok = p.returncode == 0 and len(lines) == 2
    if ok:
        first = json.loads(lines[0])
        ok = first["domcov_status"] == "invalid" and "nest" in first["domcov_error"]
    check("batch-jsonl-deep-line", ok, f"exit {p.returncode}: {p.stdout[:300]!r} {p.stderr[-300:]!r}")


SQL = "'; DROP TABLE houses; --"


def test_sql_metacharacters(exe, unit, scratch):
    store = os.path.join(scratch, "sql.sqlite")
    shutil.copyfile(unit, store)
    houses_before = query(store, "SELECT count(*) FROM houses")[0][0]
    csv_path = os.path.join(scratch, "sql-houses.csv")
    with open(csv_path, "w", encoding="utf-8") as f:
        f.write("house_id,address,lat,lon\n")
        f.write(f"\"{SQL}\",\"Тестоград, ул. Ленина, 7\",50.02,30.02\n")        # as a house id
        f.write(f"sql-2,\"Тестоград, {SQL} ул., 3\",50.02,30.02\n")            # in a street
        f.write(f"sql-3,\"г. Robert'); DROP TABLE cities;--, ул. Мира, 1\",50.02,30.02\n")  # a city name
    p = subprocess.run([exe, "import", "houses", csv_path, "--store", store], capture_output=True, timeout=120)
    e = p.stderr.decode("utf-8", "replace")
    tables = {r[0] for r in query(store, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    check("sql-import-houses", p.returncode in (0, 4) and {"houses", "cities", "streets", "zones"} <= tables,
          f"exit {p.returncode}, tables {sorted(tables)}: {e[-300:]}")
    got = query(store, "SELECT ext_id FROM houses WHERE ext_id = ?", SQL)
    check("sql-house-id-stored-as-text", got == [(SQL,)], f"{got}")
    check("sql-houses-count", query(store, "SELECT count(*) FROM houses")[0][0] >= houses_before + 1, "")
    check("sql-integrity", integrity(store) == "ok", integrity(store))
    # The house can be looked up; the city name went in as text.
    p = subprocess.run([exe, "check", "--store", store, "--json", "Тестоград, ул. Ленина, 7"], capture_output=True,
                       timeout=60)
    check("sql-store-still-answers", p.returncode in (0, 1) and b"house" in p.stdout, f"{p.stdout[:300]!r}")

    zones = os.path.join(scratch, "sql-zones.geojson")
    with open(zones, "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {
            "id": SQL, "service": "tv", "technology": "X'); DROP TABLE zones; --", "name": SQL, "city": "testgrad"},
            "geometry": {"type": "Polygon", "coordinates": [[[30, 50], [30.01, 50], [30.01, 50.01], [30, 50]]]}}]}, f)
    p = subprocess.run([exe, "import", "zones", zones, "--store", store], capture_output=True, timeout=120)
    got = query(store, "SELECT technology, name FROM zones WHERE zone_id = ?", SQL)
    check("sql-zone-id", p.returncode == 0 and got == [("X'); DROP TABLE zones; --", SQL)],
          f"exit {p.returncode} {got} {p.stderr[-300:]!r}")
    p = subprocess.run([exe, "export", "zones", "--store", store, "--city", SQL], capture_output=True, timeout=60)
    check("sql-export-city", p.returncode == 4 and p.stderr,
          f"exit {p.returncode} {p.stderr[-200:]!r}")
    p = subprocess.run([exe, "batch", "-", "--quiet", "--store", store, "--city", SQL],
                       input=b"address\n1\n", capture_output=True, timeout=60)
    check("sql-batch-city", p.returncode == 4 and b"not in the store" in p.stderr, f"exit {p.returncode} {p.stderr!r}")
    # A source directory whose city is named with SQL: built as text.
    src = os.path.join(scratch, "sql-src")
    shutil.rmtree(src, ignore_errors=True)
    os.makedirs(os.path.join(src, "zones"))
    with open(os.path.join(src, "store.conf"), "w") as f:
        f.write("data_version=sql\nsource=" + SQL + "\n")
    with open(os.path.join(src, "cities.csv"), "w") as f:
        f.write("code,name,type,region,lat,lon,support_phone,sales_phone,timezone\n")
        f.write(f"\"{SQL}\",\"{SQL}\",г,\"{SQL}\",50,30,1,2,Europe/Moscow\n")
    with open(os.path.join(src, "zones", "z.geojson"), "w") as f:
        json.dump({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {
            "id": "z", "service": "tv", "technology": "X", "city": SQL},
            "geometry": {"type": "Polygon", "coordinates": [[[30, 50], [30.01, 50], [30.01, 50.01], [30, 50]]]}}]}, f)
    built = os.path.join(scratch, "sql-built.sqlite")
    p = subprocess.run([exe, "build", "--from", src, "--store", built, "--strict", "--quiet"], capture_output=True,
                       timeout=120)
    ok = p.returncode == 0 and query(built, "SELECT code FROM cities") == [(SQL,)]
    if ok:
        p = subprocess.run([exe, "check", "--store", built, "--lat", "50.001", "--lon", "30.005", "--json"],
                           capture_output=True, timeout=60)
        ok = p.returncode == 0 and json.loads(p.stdout)["city"]["code"] == SQL
    check("sql-city-name-in-build", ok, f"exit {p.returncode} {p.stdout[:200]!r} {p.stderr[-300:]!r}")


def test_bad_rows_and_args(exe, unit, scratch):
    env = dict(os.environ, DOMCOV_STORE=unit)
    data = (b"address,lat,lon\n"
            b"a\x00b,50.02,30.02\n"            # NUL byte: invalid row
            b"\xff\xfe\xfd,50.02,30.02\n"      # invalid UTF-8: invalid row
            b"ok,50.02,30.02\n"
            b"nan,nan,30\n"
            b"inf,50,inf\n"
            b"far,91,30\n"
            b"huge,1e400,30\n")
    p = subprocess.run([exe, "batch", "-", "--quiet"], env=env, input=data, capture_output=True, timeout=60)
    lines = p.stdout.split(b"\n")
    ok = p.returncode == 0 and len(lines) == 9 and lines[8] == b""
    want = [b"NUL byte", b"invalid UTF-8", b",matched,", b"is not a number", b"is not a number",
            b"out of range", b"is not a number"]
    for i, w in enumerate(want):
        ok = ok and w in lines[i + 1]
    check("batch-nul-utf8-nan-rows", ok, f"exit {p.returncode}: {p.stdout[:900]!r}")
    for args in (["--lat", "nan", "--lon", "30"], ["--lat", "50", "--lon", "inf"], ["--lat", "91", "--lon", "30"],
                 ["--lat", "1e400", "--lon", "30"], ["--lat", "", "--lon", "30"]):
        p = subprocess.run([exe, "check", "--store", unit] + args, capture_output=True, timeout=60)
        check("check-args " + " ".join(args), p.returncode in (2, 4) and p.stderr, f"exit {p.returncode} {p.stderr!r}")
    t0 = time.monotonic()
    p = subprocess.run([exe, "check", "--store", unit, "a" * 100000], capture_output=True, timeout=60)
    check("check-100k-address", p.returncode == 4 and time.monotonic() - t0 < 5, f"exit {p.returncode} {p.stderr!r}")
    p = subprocess.run([exe, "check", "--store", unit, "Пермь, \udcff Ленина".encode("utf-8", "surrogateescape")],
                       capture_output=True, timeout=60)
    check("check-invalid-utf8-arg", p.returncode == 4 and b"UTF-8" in p.stderr, f"exit {p.returncode} {p.stderr!r}")


def main():
    exe, unit, sample, scratch, data = sys.argv[1:6]
    os.makedirs(scratch, exist_ok=True)
    return run_parts((("huge lines", lambda: test_huge_lines(exe, unit, scratch)),
                      ("deep nesting", lambda: test_deep(exe, unit, scratch)),
                      ("SQL metacharacters", lambda: test_sql_metacharacters(exe, unit, scratch)),
                      ("bad rows and arguments", lambda: test_bad_rows_and_args(exe, unit, scratch))))


if __name__ == "__main__":
    sys.exit(main())
