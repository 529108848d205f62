"""Database.check_status (domcov_check_address_status) against check().

Every case of tests/cases/match.tsv (the C suite's table, on the sample
store) must give the answer of check(text, distance=False,
coverage_city=False) on every field the two share, and the same errors.
"""
from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any, Dict

import pytest

import domcov

CASES = Path(os.environ.get("DOMCOV_TEST_MATCH_CASES")
             or Path(__file__).resolve().parents[3] / "tests" / "cases" / "match.tsv")


def load_cases():
    """(text, expectations) per case.  The file holds one line of invalid UTF-8
    on purpose: the text is a str when it decodes, else the raw bytes."""
    cases = []
    for n, line in enumerate(CASES.read_bytes().split(b"\n"), 1):
        if not line.strip() or line.startswith(b"#"):
            continue
        raw, want = line.split(b"\t")[:2]
        try:
            text: Any = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw
        expect = dict(tok.split("=", 1) for tok in want.decode("utf-8").split() if "=" in tok)
        cases.append(pytest.param(text, expect, id=f"line{n}"))
    return cases


def status_view(full: domcov.AddressResult) -> Dict[str, Any]:
    """full.to_dict() cut down to the fields check_status gives: no display
    address, city, parsed address or candidates; the coverage a PointStatus's."""
    d = full.to_dict()
    for key in ("address", "city", "parsed", "candidates"):
        del d[key]
    cov = d["coverage"]
    if cov is not None:
        del cov["city"]
        cov["zone_count"] = len(cov.pop("zones"))
        for s in cov["services"].values():
            del s["distance_m"], s["nearest_zone_id"]
    return d


def assert_same_answer(st: domcov.AddressStatus, full: domcov.AddressResult) -> None:
    assert isinstance(st, domcov.AddressStatus)
    assert st.to_dict() == status_view(full)
    for name in ("query", "status", "match_level", "qc_house", "street_fuzzy", "house_id",
                 "city_code", "lat", "lon", "matched", "ambiguous", "covered"):
        assert getattr(st, name) == getattr(full, name), name
    assert (st.coverage is None) == (full.coverage is None)
    if st.coverage is not None:
        assert isinstance(st.coverage, domcov.PointStatus)
        for name in ("internet", "tv"):
            a, b = getattr(st.coverage, name), getattr(full.coverage, name)
            assert (a.service, a.available, a.status, a.technology, a.zone_id) == \
                (b.service, b.available, b.status, b.technology, b.zone_id), name
        assert st.coverage.zone_count == len(full.coverage.zones)


@pytest.mark.parametrize("text,expect", load_cases())
def test_match_case(sample, text, expect):
    city = expect.get("option_city")
    if "error" in expect:
        with pytest.raises(domcov.Error) as full:
            sample.check(text, city=city, distance=False, coverage_city=False)
        with pytest.raises(type(full.value)) as fast:
            sample.check_status(text, city=city)
        assert domcov.status_name(fast.value.code) == expect["error"]
        assert (fast.value.code, fast.value.message) == (full.value.code, full.value.message)
        return
    full = sample.check(text, city=city, distance=False, coverage_city=False)
    st = sample.check_status(text, city=city)
    assert_same_answer(st, full)
    # and the table's own expectations, so that the comparison is not of two wrong answers
    assert st.status == expect["status"]
    for key, field in (("level", "match_level"), ("house", "house_id"), ("city", "city_code")):
        if key in expect:
            assert getattr(st, field) == expect[key], key
    if "fuzzy" in expect:
        assert st.street_fuzzy == (expect["fuzzy"] == "1")
    if "covered" in expect:
        assert st.covered == (expect["covered"] == "1")


@pytest.mark.parametrize("text", ["Тестоград, ул. Ленина, 1", "Тестоград, пр-кт Мира, 5/2 стр. 1",
                                  "Тестоград, ул. 8 Марта, 10", "Тестоград, Ленна 3а к2",
                                  "Тестоград, ул. Ленина, 3а", "Тестоград", "", " ,.;!"])
def test_unit_store(unit, text):
    """Covered, uncovered, without a point, fuzzy, ambiguous, city only, nothing."""
    assert_same_answer(unit.check_status(text),
                       unit.check(text, distance=False, coverage_city=False))


def test_fields(unit):
    st = unit.check_status("Тестоград, Ленна 3а к2")
    assert (st.status, st.match_level, st.qc_house, st.street_fuzzy) == \
        ("matched", "house_exact", domcov.QC_HOUSE_EXACT, True)
    assert (st.house_id, st.city_code, st.lat, st.lon) == ("t-2", "testgrad", 50.025, 30.025)
    assert st.matched and not st.ambiguous and st.covered
    assert st.coverage == domcov.PointStatus(
        50.025, 30.025, domcov.ServiceStatus("internet", True, "active", "FTTB", "inet-a"),
        domcov.ServiceStatus("tv", True, "active", "DOCSIS", "tv-a"), 2)
    d = st.to_dict()
    assert d == {"query": "Тестоград, Ленна 3а к2", "status": "matched",
                 "match_level": "house_exact", "qc_house": 2, "street_fuzzy": True,
                 "covered": True, "house_id": "t-2", "city_code": "testgrad",
                 "lat": 50.025, "lon": 30.025, "coverage": st.coverage.to_dict()}
    json.dumps(d)
    amb = unit.check_status("Тестоград, ул. Ленина, 3а")
    assert (amb.status, amb.match_level, amb.qc_house, amb.house_id) == \
        ("ambiguous", "house_partial", domcov.QC_HOUSE_EXTENSION, None)
    assert amb.ambiguous and not amb.covered and amb.coverage is None and amb.lat is None
    no_point = unit.check_status("Тестоград, ул. 8 Марта, 10")
    assert (no_point.house_id, no_point.lat, no_point.lon, no_point.coverage) == ("t-4", None, None, None)
    assert not no_point.covered
    with pytest.raises(dataclasses.FrozenInstanceError):
        st.status = "not_found"  # type: ignore[misc]


def test_default_city(sample):
    for city in ("perm", "Пермь", "ПЕРМЬ", b"perm"):
        st = sample.check_status("Ленина 27/1", city=city)
        assert (st.status, st.house_id, st.city_code) == ("matched", "perm-000050", "perm")
        assert_same_answer(st, sample.check("Ленина 27/1", city=city, distance=False,
                                            coverage_city=False))
    assert sample.check_status("Ленина 27/1").status == "ambiguous"


def test_bytes_text(sample):
    text = "Пермь, Монастырская 45к2"
    st = sample.check_status(text.encode("utf-8"))
    assert st.query == text and st.house_id == "perm-000009"
    assert st == sample.check_status(text)
    assert st == sample.check_status(bytearray(text.encode("utf-8")))


def _same_error(db: domcov.Database, exc: type, text: Any, **kw: Any) -> None:
    with pytest.raises(exc) as full:
        db.check(text, distance=False, coverage_city=False, **kw)
    with pytest.raises(exc) as fast:
        db.check_status(text, **kw)
    assert str(fast.value) == str(full.value)
    if isinstance(fast.value, domcov.Error):
        assert (fast.value.code, fast.value.message) == (full.value.code, full.value.message)


def test_argument_errors(unit):
    _same_error(unit, domcov.InvalidArgument, b"\xff\xfe \xd0")      # invalid UTF-8: the library's
    _same_error(unit, domcov.InvalidArgument, "Тестоград\0Ленина 1")  # a NUL: the binding's
    _same_error(unit, TypeError, None)
    _same_error(unit, TypeError, 42)
    _same_error(unit, domcov.InvalidArgument, "ул. Ленина, 1", city="nowhere")
    _same_error(unit, domcov.InvalidArgument, "ул. Ленина, 1", city=b"\xff")
    _same_error(unit, TypeError, "ул. Ленина, 1", city=5)
    _same_error(unit, domcov.TooLarge, "Тестоград, Ленина " + "1" * domcov.ADDRESS_MAX_BYTES)
    with pytest.raises(domcov.InvalidArgument) as e:
        unit.check_status("ул. Ленина, 1", city="nowhere")
    assert e.value.code == domcov.Status.ERR_ARG and "nowhere" in e.value.message
    with pytest.raises(TypeError):
        unit.check_status("ул. Ленина, 1", max_candidates=3)  # type: ignore[call-arg]


def test_closed(unit_path):
    db = domcov.open(unit_path)
    db.close()
    with pytest.raises(domcov.DatabaseClosed):
        db.check_status("Тестоград, ул. Ленина, 1")


def test_strings_outlive_the_database(unit_path):
    """The C strings are the db's: the answer holds copies, valid after close()."""
    with domcov.open(unit_path) as db:
        st = db.check_status("Тестоград, ул. Ленина, 1")
    assert (st.house_id, st.city_code, st.coverage.internet.zone_id) == ("t-1", "testgrad", "inet-a")
