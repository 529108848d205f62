"""One Database shared by 8 threads gives the single-threaded answers."""
from __future__ import annotations

import random
import threading
import time
from typing import Any, Callable, List, Tuple

import domcov

THREADS = 8


def _run_threads(target: Callable[[int], Any], n: int = THREADS) -> List[Any]:
    results: List[Any] = [None] * n
    errors: List[BaseException] = []
    barrier = threading.Barrier(n)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = target(i)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors[0]
    return results


def _queries(db_points: List[Tuple[float, float]], addresses: List[str]):
    return ([("p", p) for p in db_points] + [("a", a) for a in addresses]
            + [("s", a) for a in addresses])


def _answer(db: domcov.Database, q) -> Any:
    kind, arg = q
    if kind == "p":
        return db.check_point(*arg).to_dict()
    if kind == "s":  # the status call: its strings are the db's, copied while the call holds it
        return db.check_status(arg).to_dict()
    return db.check(arg).to_dict()


def test_eight_threads_match_single_threaded(sample):
    rng = random.Random(6)
    points = [(58.0105, 56.2502), (56.8389, 60.6057), (55.7963, 49.1088), (54.9893, 73.3682)]
    points += [(rng.uniform(54.9, 58.1), rng.uniform(49.0, 73.5)) for _ in range(150)]
    points += [(rng.uniform(57.98, 58.03), rng.uniform(56.20, 56.30)) for _ in range(150)]
    addresses = ["Пермь, Ленина 50", "Ленина 5", "Екатеринбург, ул. Малышева, 16",
                 "Казань, Баумана 1", "Омск, Ленина 2", "Москва, Тверская 1", "екб, малышева 5",
                 "Пермь, ул. Гашкова 7"]
    queries = _queries(points, addresses)
    expected = [_answer(sample, q) for q in queries]

    def work(i: int) -> int:
        order = list(range(len(queries))) * 3
        random.Random(i).shuffle(order)
        for k in order:
            got = _answer(sample, queries[k])
            assert got == expected[k], f"thread {i}: {queries[k]}"
        return len(order)

    assert sum(_run_threads(work)) == THREADS * 3 * len(queries)


def test_error_messages_are_per_thread(unit):
    def work(i: int) -> int:
        lat = 91 + i
        for _ in range(300):
            try:
                unit.check_point(lat, 30)
            except domcov.InvalidArgument as e:
                assert f"latitude {lat} " in e.message, (i, e.message)
            else:
                raise AssertionError("no error")
            assert unit.check_point(50.02, 30.02).internet.zone_id == "inet-a"
        return 1

    assert sum(_run_threads(work)) == THREADS


def test_close_while_threads_query(unit_path):
    db = domcov.open(unit_path)
    stop = time.monotonic() + 5
    started = threading.Event()

    def work(i: int) -> Tuple[int, int]:
        ok = closed = 0
        while time.monotonic() < stop:
            try:
                r = db.check_point(50.02 + i * 0.001, 30.02)
                assert r.internet.zone_id == "inet-a"
                ok += 1
                started.set()
            except domcov.DatabaseClosed:
                closed += 1
                break
        return ok, closed

    closer = threading.Thread(target=lambda: (started.wait(10), time.sleep(0.05), db.close()))
    closer.start()
    counts = _run_threads(work)
    closer.join()
    assert db.closed
    assert sum(ok for ok, _ in counts) > 0
    assert all(closed == 1 for _, closed in counts)


def test_reload_while_threads_query(unit_path):
    with domcov.open(unit_path) as db:
        done = threading.Event()

        def reloader() -> None:
            while not done.is_set():
                db.reload()

        t = threading.Thread(target=reloader)
        t.start()
        try:
            def work(i: int) -> int:
                for _ in range(300):
                    assert db.check_point(50.08, 30.16).internet.zone_id == "inet-b"
                return 1
            assert sum(_run_threads(work)) == THREADS
        finally:
            done.set()
            t.join()
