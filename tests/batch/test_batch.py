#!/usr/bin/env python3
"""Tests of `domcov batch` (docs/batch.md).  Standard library only.

Usage: test_batch.py DOMCOV UNIT_STORE SAMPLE_STORE SCRATCH SOURCE_ROOT [--update]

 1. Fixtures: tests/batch/cases/NAME (inputs, written by make_cases.py) run on
    the unit store; the output must equal NAME.expected... byte for byte.
    --update rewrites the expected files from the current output (review the diff).
 2. Exit statuses and messages of unusable inputs and bad options.
 3. stdin/stdout, --output, the summary and the progress line.
 4. Order and count with 1, 2 and 8 threads on a generated file full of bad rows.
 5. Memory stays flat: the peak RSS of 200k rows is that of 20k rows.
 6. 100k rows on the sample store compared row by row with single `domcov check` answers.
Prints "N passed, N failed".
"""
import concurrent.futures
import csv
import io
import json
import os
import random
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")

STATUS_COLS = ["domcov_status", "domcov_match_level", "domcov_house_id", "domcov_address",
               "domcov_lat", "domcov_lon", "domcov_internet", "domcov_tv", "domcov_error"]

# name, input, extra args, expected file, exit status
FIXTURES = [
    ("points", "points.csv", [], "points.expected.csv", 0),
    ("bad-rows", "bad_rows.csv", [], "bad_rows.expected.csv", 0),
    ("semicolon-detected", "semicolon.csv", [], "semicolon.expected.csv", 0),
    ("tab-detected", "tab.tsv", [], "tab.expected.tsv", 0),
    ("tab-given", "tab.tsv", ["--delimiter", "tab"], "tab.expected.tsv", 0),
    ("bom-crlf", "bom.csv", [], "bom.expected.csv", 0),
    ("empty-file", "empty.csv", [], "empty.expected.csv", 0),
    ("header-only", "header_only.csv", [], "header_only.expected.csv", 0),
    ("jsonl", "rows.jsonl", [], "rows.expected.jsonl", 0),
    ("jsonl-to-csv", "rows.jsonl", ["--format", "csv"], "rows_as_csv.expected.csv", 0),
    ("csv-to-jsonl", "points.csv", ["--format", "jsonl"], "points_as_jsonl.expected.jsonl", 0),
    ("bad-rows-to-jsonl", "bad_rows.csv", ["--format", "jsonl"], "bad_rows_as_jsonl.expected.jsonl", 0),
    ("named-columns", "columns.csv", ["--lat-column", "Y", "--lon-column", "X"], "columns.expected.csv", 0),
    ("addresses", "addresses.csv", [], "addresses.expected.csv", 0),
    ("addresses-jsonl-city", "addresses.jsonl", ["--city", "testgrad"], "addresses.expected.jsonl", 0),
]

# name, args ({cases}, {scratch}, {unit} substituted), exit status, stderr must contain
ERRORS = [
    ("no-usable-columns", ["{cases}/columns.csv"], 4, "no address column and no latitude/longitude columns"),
    ("unknown-column", ["{cases}/columns.csv", "--lat-column", "Nope", "--lon-column", "X"], 4, "no column 'Nope'"),
    ("half-column-pair", ["{cases}/columns.csv", "--lat-column", "Y"], 2, "give both --lat-column and --lon-column"),
    ("forced-wrong-delimiter", ["{cases}/semicolon.csv", "--delimiter", ","], 4, "no address column"),
    ("bad-delimiter", ["{cases}/points.csv", "--delimiter", "x"], 2, "--delimiter must be"),
    ("bad-threads", ["{cases}/points.csv", "--threads", "0"], 2, "--threads must be 1.."),
    ("bad-format", ["{cases}/points.csv", "--format", "xml"], 2, "--format must be csv or jsonl"),
    ("missing-input", ["{scratch}/nope.csv"], 4, "cannot open"),
    ("output-is-input", ["{scratch}/same.csv", "--output", "{scratch}/same.csv"], 2, "--output is the input"),
    ("header-not-utf8", ["{scratch}/cp1251.csv"], 4, "header is not UTF-8"),
    ("unterminated-header", ["{scratch}/badheader.csv"], 4, "the header cannot be read"),
    ("two-inputs", ["{cases}/points.csv", "{cases}/tab.tsv"], 2, "one input only"),
    ("unknown-option", ["--frobnicate"], 2, "unknown or incomplete option"),
    ("missing-store", ["{cases}/points.csv", "--store", "{scratch}/nope.sqlite"], 3, "cannot open the store"),
    ("unknown-city", ["{cases}/addresses.csv", "--city", "nowhere"], 4, "'nowhere' is not in the store"),
]


class Runner:
    def __init__(self, exe, unit, sample, scratch, root, update):
        self.exe, self.unit, self.sample, self.scratch = exe, unit, sample, scratch
        self.root, self.update = root, update
        self.passed = self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {name}: {detail}")

    def run(self, args, store=None, stdin=None, env=None):
        argv = [self.exe, "batch", "--store", store or self.unit] + args
        e = dict(os.environ)
        e.pop("DOMCOV_STORE", None)
        if env:
            e.update(env)
        return subprocess.run(argv, input=stdin, capture_output=True, timeout=120, env=e)


def fixtures(r):
    for name, inp, args, expected, want_exit in FIXTURES:
        p = r.run([os.path.join(CASES, inp), "--quiet"] + args)
        path = os.path.join(CASES, expected)
        if r.update and p.returncode == want_exit:
            with open(path, "wb") as f:
                f.write(p.stdout)
        try:
            with open(path, "rb") as f:
                want = f.read()
        except OSError as e:
            r.check(name, False, str(e))
            continue
        problems = []
        if p.returncode != want_exit:
            problems.append(f"exit {p.returncode}, expected {want_exit}: {p.stderr[:300]!r}")
        if p.stdout != want:
            a, b = p.stdout.split(b"\n"), want.split(b"\n")
            for i, (x, y) in enumerate(zip(a, b)):
                if x != y:
                    problems.append(f"output line {i + 1}: {x[:200]!r}, expected {y[:200]!r}")
                    break
            else:
                problems.append(f"{len(a)} output lines, expected {len(b)}")
        r.check(name, not problems, "; ".join(problems))


def errors(r):
    with open(os.path.join(r.scratch, "same.csv"), "wb") as f:
        f.write(b"id,lat,lon\n1,50.02,30.02\n")
    with open(os.path.join(r.scratch, "cp1251.csv"), "wb") as f:
        f.write("адрес;широта\n".encode("cp1251") + "Пермь;58\n".encode("cp1251"))
    with open(os.path.join(r.scratch, "badheader.csv"), "wb") as f:
        f.write(b'id,"lat,lon\n1,2,3\n')
    subst = {"cases": CASES, "scratch": r.scratch, "unit": r.unit}
    for name, args, want_exit, err in ERRORS:
        p = r.run([a.format(**subst) for a in args])
        stderr = p.stderr.decode("utf-8", "replace")
        problems = []
        if p.returncode != want_exit:
            problems.append(f"exit {p.returncode}, expected {want_exit}")
        if err not in stderr:
            problems.append(f"stderr lacks {err!r}: {stderr[:300]!r}")
        if name == "output-is-input":
            with open(os.path.join(r.scratch, "same.csv"), "rb") as f:
                if f.read() != b"id,lat,lon\n1,50.02,30.02\n":
                    problems.append("the input was overwritten")
        r.check(name, not problems, "; ".join(problems))
    p = subprocess.run([r.exe, "batch", "--help"], capture_output=True)
    r.check("help", p.returncode == 0 and b"--threads" in p.stdout and b"domcov_status" in p.stdout,
            p.stdout[:200])


def streams(r):
    with open(os.path.join(CASES, "points.csv"), "rb") as f:
        data = f.read()
    with open(os.path.join(CASES, "points.expected.csv"), "rb") as f:
        want = f.read()
    p = r.run(["--quiet"], stdin=data)
    r.check("stdin-to-stdout", p.returncode == 0 and p.stdout == want, p.stderr[:300])
    p = r.run(["--input", "-", "--output", "-", "--quiet"], stdin=data)
    r.check("dash-stdin-stdout", p.returncode == 0 and p.stdout == want, p.stderr[:300])
    out = os.path.join(r.scratch, "out.csv")
    p = r.run(["--input", os.path.join(CASES, "points.csv"), "--output", out])
    with open(out, "rb") as f:
        got = f.read()
    r.check("output-file", p.returncode == 0 and got == want and p.stdout == b"", p.stderr[:300])
    # JSON Lines detected from content on stdin (no file name to go by).
    with open(os.path.join(CASES, "rows.jsonl"), "rb") as f:
        jdata = f.read()
    with open(os.path.join(CASES, "rows.expected.jsonl"), "rb") as f:
        jwant = f.read()
    p = r.run(["--quiet"], stdin=jdata)
    r.check("jsonl-detected-on-stdin", p.returncode == 0 and p.stdout == jwant, p.stderr[:300])
    # The summary: counts per status.
    p = r.run([os.path.join(CASES, "bad_rows.csv"), "--no-progress"])
    err = p.stderr.decode("utf-8", "replace")
    r.check("summary", "18 rows in" in err and "3 matched, 0 ambiguous, 0 not_found, 15 invalid" in err
            and "CSV line 3: invalid UTF-8" in err, err[:500])
    # The progress line appears only when asked (stderr is not a terminal here).
    p = r.run([os.path.join(CASES, "bad_rows.csv")])
    r.check("no-progress-off-tty", b"rows/s" in p.stderr and b"\r" not in p.stderr, p.stderr[:300])
    p = r.run([os.path.join(CASES, "bad_rows.csv"), "--progress"])
    r.check("progress-forced", b"\r" in p.stderr and p.stdout.count(b"\n") == 19, p.stderr[:300])


# ---------------------------------------------------------------- threads

GOOD = [("50.02", "30.02"), ("50.05", "30.05"), ("50.05", "30.35"), ("10", "10")]
BAD = [b'%d,50.02,30.0\xff2,x\n', b'%d,50.02,"30.02,x\n', b'%d,50.02\n', b'%d,abc,30,x\n',
       b'%d,91,30,x\n', b'%d,5\x000,30,x\n', b'%d,50.02,30.02,x,y\n', b'%d,"50.02"z,30,x\n']


def gen_mixed(path, n, seed):
    """n rows: mostly good points, some with embedded newlines, about 10% bad.
    Returns the number of rows (each bad kind is one row)."""
    rnd = random.Random(seed)
    with open(path, "wb") as f:
        f.write(b"id,lat,lon,note\n")
        for i in range(n):
            k = rnd.random()
            if k < 0.1:
                f.write(rnd.choice(BAD).replace(b"%d", str(i).encode()))
            else:
                lat, lon = rnd.choice(GOOD)
                note = '"multi\nline, ""quoted"""' if k < 0.15 else "n%d" % i
                f.write(f"{i},{lat},{lon},{note}\n".encode())
    return n


def output_ids(data):
    """The first field of every output row (the id, or the raw row of an unsplittable one)."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8", "surrogateescape"), newline="")))
    return rows


def threads(r):
    path = os.path.join(r.scratch, "mixed.csv")
    n = gen_mixed(path, 30000, 7)
    outs = {}
    for t in (1, 2, 8):
        p = r.run([path, "--threads", str(t), "--quiet"])
        outs[t] = p.stdout
        rows = output_ids(p.stdout)
        problems = []
        if p.returncode != 0:
            problems.append(f"exit {p.returncode}")
        if len(rows) != n + 1:
            problems.append(f"{len(rows) - 1} rows, expected {n}")
        else:
            for i, row in enumerate(rows[1:]):
                first = row[0]
                if first.split(",")[0] != str(i):
                    problems.append(f"row {i + 1} starts with {first[:40]!r}")
                    break
                if row[-9] not in ("matched", "invalid") or len(row) != 13:
                    problems.append(f"row {i + 1}: {row!r}")
                    break
        r.check(f"order-and-count-threads-{t}", not problems, "; ".join(problems))
    r.check("same-output-1-2-8-threads", outs[1] == outs[2] == outs[8], "outputs differ")
    # JSON Lines with threads.
    jpath = os.path.join(r.scratch, "mixed.jsonl")
    rnd = random.Random(3)
    with open(jpath, "wb") as f:
        for i in range(20000):
            k = rnd.random()
            if k < 0.05:
                f.write(b'{"id":%d,"lat":' % i + b"\n")
            elif k < 0.1:
                f.write(b"[%d]\n" % i)
            else:
                lat, lon = rnd.choice(GOOD)
                f.write(('{"id":%d,"lat":%s,"lon":"%s"}\n' % (i, lat, lon)).encode())
    j1 = r.run([jpath, "--threads", "1", "--quiet"]).stdout
    j8 = r.run([jpath, "--threads", "8", "--quiet"]).stdout
    lines = j8.split(b"\n")
    ok = j1 == j8 and len(lines) == 20001 and lines[-1] == b""
    if ok:
        for i, line in enumerate(lines[:-1]):
            o = json.loads(line)
            if "id" in o:
                ok = o["id"] == i
            else:
                raw = o["domcov_raw"]
                ok = raw in ('{"id":%d,"lat":' % i, "[%d]" % i)
            if not ok:
                break
    r.check("jsonl-order-threads-1-8", ok, "JSON Lines output out of order or differs")


def memory(r):
    small, big = os.path.join(r.scratch, "m20k.csv"), os.path.join(r.scratch, "m200k.csv")
    gen_mixed(small, 20000, 11)
    gen_mixed(big, 200000, 11)
    peaks = {}
    for name, path in (("20k", small), ("200k", big)):
        argv = [r.exe, "batch", "--store", r.unit, path, "--quiet", "--threads", "2",
                "--output", os.devnull]
        proc = subprocess.Popen(argv)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        peaks[name] = usage.ru_maxrss  # KiB
    r.check("memory-flat", peaks["200k"] < peaks["20k"] + 8 * 1024,
            f"peak RSS {peaks['20k']} KiB for 20k rows, {peaks['200k']} KiB for 200k rows")


# ---------------------------------------------------------------- against domcov check

def house_addresses(root):
    names = {}
    with open(os.path.join(root, "data", "cities.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            names[row["code"]] = row["name"]
    out = []
    houses = os.path.join(root, "data", "houses")
    for fn in sorted(os.listdir(houses)):
        with open(os.path.join(houses, fn), encoding="utf-8") as f:
            for row in csv.DictReader(f):
                out.append(row | {"city_name": names.get(row["city"], row["city"])})
    return out


def address_styles(h, style):
    num = h["house"] + h["letter"] + (" к" + h["korpus"] if h["korpus"] else "") + \
        (" с" + h["stroenie"] if h["stroenie"] else "")
    if style == 0:
        return f"г. {h['city_name']}, {h['street_type']}. {h['street']}, д. {num}"
    if style == 1:
        return f"{h['city_name']}, {h['street']} {num}"
    if style == 2:
        return f"{h['street']} {h['street_type']} {num}, {h['city_name'].lower()}"
    return f"Россия, {h['city_name']}, {h['street_type']} {h['street']}, дом {num}, кв. 5"


def check_answer(r, query):
    kind, a, b = query
    if kind == "p":
        argv = [r.exe, "check", "--store", r.sample, "--json", "--lat", a, "--lon", b]
    else:
        argv = [r.exe, "check", "--store", r.sample, "--json", a]
    p = subprocess.run(argv, capture_output=True, timeout=60)
    if p.returncode not in (0, 1):
        return {"error": p.stderr.decode("utf-8", "replace")}
    return json.loads(p.stdout)


def expected_row(query, ans):
    """The domcov_* columns batch must write for a query, from check's JSON."""
    if "error" in ans:
        return None
    if query[0] == "p":
        s = ans["services"]
        return {"domcov_status": "matched", "domcov_match_level": "point", "domcov_house_id": "",
                "domcov_address": "", "lat": ans["lat"], "lon": ans["lon"],
                "domcov_internet": s["internet"]["status"], "domcov_tv": s["tv"]["status"],
                "domcov_error": ""}
    cov = ans.get("coverage")
    return {"domcov_status": ans["status"], "domcov_match_level": ans["match_level"],
            "domcov_house_id": ans["house_id"] or "", "domcov_address": ans["address"] or "",
            "lat": ans["lat"], "lon": ans["lon"],
            "domcov_internet": cov["services"]["internet"]["status"] if cov else "",
            "domcov_tv": cov["services"]["tv"]["status"] if cov else "", "domcov_error": ""}


def against_check(r):
    rnd = random.Random(42)
    queries = []
    # Points: some anywhere in the sample's bounding box, most near its cities.
    for _ in range(40):
        queries.append(("p", "%.6f" % rnd.uniform(54.9415, 58.0675), "%.6f" % rnd.uniform(49.088, 73.4085)))
    for clat, clon in ((58.0105, 56.2502), (56.8389, 60.6057), (55.7963, 49.1088), (54.9893, 73.3682)):
        for _ in range(25):
            queries.append(("p", "%.6f" % (clat + rnd.uniform(-0.06, 0.06)), "%.6f" % (clon + rnd.uniform(-0.1, 0.1))))
    houses = house_addresses(r.root)
    for i in range(120):
        queries.append(("a", address_styles(rnd.choice(houses), i % 4), ""))
    queries += [("a", "Пермь, Несуществующая 1", ""), ("a", "Екатеринбург, Ленина", ""),
                ("a", "Казань", ""), ("a", "ул. Баумана 1", "")]
    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        answers = list(ex.map(lambda q: check_answer(r, q), queries))
    t_check = time.time() - t0
    expect = [expected_row(q, a) for q, a in zip(queries, answers)]
    bad = [q for q, e in zip(queries, expect) if e is None]
    r.check("check-answers", not bad, f"domcov check failed for {bad[:3]}")

    n = 100000
    picks = [rnd.randrange(len(queries)) for _ in range(n)]
    path = os.path.join(r.scratch, "big.csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "address", "lat", "lon"])
        for i, k in enumerate(picks):
            kind, a, b = queries[k]
            w.writerow([i, a if kind == "a" else "", a if kind == "p" else "", b])
    t0 = time.time()
    p = r.run([path, "--quiet", "--threads", "2"], store=r.sample)
    t_batch = time.time() - t0
    rows = list(csv.DictReader(io.StringIO(p.stdout.decode("utf-8"), newline="")))
    problems = []
    if p.returncode != 0:
        problems.append(f"exit {p.returncode}: {p.stderr[:300]!r}")
    if len(rows) != n:
        problems.append(f"{len(rows)} rows, expected {n}")
    mismatches = 0
    for i, row in enumerate(rows[:n]):
        e = expect[picks[i]]
        if e is None:
            continue
        diff = [k for k in e if k not in ("lat", "lon") and row[k] != e[k]]
        for k in ("lat", "lon"):
            got = row["domcov_" + k]
            if e[k] is None:
                if got != "":
                    diff.append(k)
            elif got == "" or abs(float(got) - e[k]) > 1.5e-7:
                diff.append(k)
        if row["id"] != str(i):
            diff.append("id")
        if diff:
            mismatches += 1
            if mismatches <= 3:
                problems.append(f"row {i + 1} {queries[picks[i]]}: " +
                                ", ".join(f"{k}={row.get('domcov_' + k, row.get(k))!r} want {e.get(k)!r}"
                                          for k in diff))
    if mismatches:
        problems.append(f"{mismatches} rows differ from domcov check")
    print(f"# {len(queries)} distinct queries checked singly in {t_check:.1f} s; "
          f"batch of {n} rows {t_batch:.2f} s")
    r.check("100k-rows-vs-check", not problems, "; ".join(problems))


def main():
    args = [a for a in sys.argv[1:] if a != "--update"]
    if len(args) != 5:
        print(__doc__)
        return 2
    exe, unit, sample, scratch, root = args
    os.makedirs(scratch, exist_ok=True)
    r = Runner(exe, unit, sample, scratch, root, "--update" in sys.argv)
    for part in (fixtures, errors, streams, threads, memory, against_check):
        t0 = time.time()
        part(r)
        print(f"# {part.__name__}: {time.time() - t0:.1f} s")
    print(f"{r.passed} passed, {r.failed} failed")
    return 1 if r.failed or not r.passed else 0


if __name__ == "__main__":
    sys.exit(main())
