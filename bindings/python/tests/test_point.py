"""Every case of tests/cases/point.tsv (the C suite's table) through the binding."""
from __future__ import annotations

import math
import os
from pathlib import Path

import pytest

import domcov

CASES = Path(os.environ.get("DOMCOV_TEST_POINT_CASES")
             or Path(__file__).resolve().parents[3] / "tests" / "cases" / "point.tsv")


def load_cases():
    cases = []
    for n, line in enumerate(CASES.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        lat, lon, want = line.split("\t")[:3]
        cases.append(pytest.param(float(lat), float(lon), want, id=f"line{n}:{lat},{lon}"))
    return cases


def service_str(s: domcov.ServiceResult) -> str:
    return "none" if s.status == "none" else f"{s.status}/{s.technology}/{s.zone_id}"


@pytest.mark.parametrize("lat,lon,want", load_cases())
def test_point_case(unit, lat, lon, want):
    expect = dict(tok.split("=", 1) for tok in want.split())
    if "status" in expect:
        with pytest.raises(domcov.Error) as e:
            unit.check_point(lat, lon)
        assert e.value.name == expect["status"]
        assert e.value.message  # domcov_errmsg of this call
        return
    r = unit.check_point(lat, lon)
    assert (r.lat == lat or (math.isnan(lat))) and r.lon == lon
    for name in ("internet", "tv"):
        s = getattr(r, name)
        assert service_str(s) == expect[name]
        assert s.available == (s.status == "active")
        if s.available:
            assert s.distance_m == 0
        if f"{name}_m" in expect:
            value = expect[f"{name}_m"]
            if value == "none":
                assert s.distance_m is None
            else:
                m, _, tol = value.partition("~")
                assert s.distance_m == pytest.approx(float(m), abs=float(tol or 0.5))
        if f"{name}_near" in expect:
            assert s.nearest_zone_id == expect[f"{name}_near"]
    city = "none" if r.city.match == "none" else f"{r.city.code}/{r.city.match}"
    assert city == expect["city"]
    if r.city.match != "none":
        assert r.city.sales_phone and r.city.support_phone
    if "zones" in expect:
        assert ",".join(z.zone_id for z in r.zones) == expect["zones"]


def test_point_result_to_dict(unit):
    d = unit.check_point(50.05, 30.05).to_dict()
    assert d["covered"] is False
    assert d["services"]["internet"]["available"] is False
    assert d["services"]["internet"]["distance_m"] == pytest.approx(716.21, abs=0.5)
    assert d["services"]["internet"]["nearest_zone_id"] == "inet-a"
    assert d["city"]["match"] == "nearest" and d["zones"] == []
    import json
    json.dumps(d)  # JSON-ready


def test_sample_perm_centre(sample):
    r = sample.check_point(58.0105, 56.2502)
    assert r.internet.available and r.tv.available and r.covered
    assert r.city.code == "perm" and r.city.name == "Пермь"
    assert r.internet.zone_id.startswith("perm-")


def test_coordinates_must_be_numbers(unit):
    with pytest.raises(TypeError):
        unit.check_point("north", 30)
    r = unit.check_point("50.02", 30.02)  # anything float() takes
    assert r.internet.zone_id == "inet-a"


def test_distance():
    assert domcov.distance_m(0, 0, 0, 1) == pytest.approx(111319.4908, abs=1e-3)
    assert domcov.distance_m(50, 30, 50, 30) == 0
    with pytest.raises(domcov.InvalidArgument):
        domcov.distance_m(91, 0, 0, 0)


def _status_only(r: domcov.PointResult):
    return ([(s.available, s.status, s.technology, s.zone_id) for s in (r.internet, r.tv)],
            [z.zone_id for z in r.zones])


@pytest.mark.parametrize("lat,lon", [(50.05, 30.05), (50.02, 30.02), (50.05, 30.35), (10, 10)])
def test_check_point_without_distance_and_city(unit, lat, lon):
    full = unit.check_point(lat, lon)
    fast = unit.check_point(lat, lon, distance=False, city=False)
    assert _status_only(fast) == _status_only(full) and fast.covered == full.covered
    assert fast.city is None
    for s in (fast.internet, fast.tv):
        assert s.distance_m == (0 if s.available else None)
        if not s.available:
            assert s.nearest_zone_id is None
    d = fast.to_dict()
    assert d["city"] is None
    assert d["services"]["internet"]["distance_m"] == fast.internet.distance_m


def test_check_point_flags_one_at_a_time(unit):
    full = unit.check_point(50.05, 30.05)  # uncovered, near inet-a, in Тестоград's reach
    assert full.internet.distance_m is not None and full.city.code == "testgrad"
    no_dist = unit.check_point(50.05, 30.05, distance=False)
    assert no_dist.internet.distance_m is None and no_dist.internet.nearest_zone_id is None
    assert no_dist.tv.distance_m is None
    assert no_dist.city == full.city
    no_city = unit.check_point(50.05, 30.05, city=False)
    assert no_city.city is None
    assert no_city.internet == full.internet and no_city.tv == full.tv
    assert unit.check_point(50.05, 30.05, distance=True, city=True) == full


def test_check_flags_constants():
    assert domcov.CHECK_NO_DISTANCE == 0x1 and domcov.CHECK_NO_CITY == 0x2


def test_check_point_flags_still_validate(unit):
    with pytest.raises(domcov.InvalidArgument):
        unit.check_point(91, 0, distance=False, city=False)


@pytest.mark.parametrize("lat,lon,want", load_cases())
def test_point_status_case(unit, lat, lon, want):
    """point_status answers every case as check_point does, less distances, city and zones."""
    if "status=" in want:
        with pytest.raises(domcov.Error) as full:
            unit.check_point(lat, lon)
        with pytest.raises(type(full.value)) as fast:
            unit.point_status(lat, lon)
        assert fast.value.message == full.value.message
        return
    full = unit.check_point(lat, lon)
    st = unit.point_status(lat, lon)
    assert (st.lat, st.lon) == (full.lat, full.lon)
    for name in ("internet", "tv"):
        a, b = getattr(st, name), getattr(full, name)
        assert (a.service, a.available, a.status, a.technology, a.zone_id) == \
            (b.service, b.available, b.status, b.technology, b.zone_id)
    assert st.zone_count == len(full.zones)
    assert st.covered == full.covered


def test_point_status_fields(unit):
    st = unit.point_status(50.05, 30.35)  # a planned zone only
    assert isinstance(st, domcov.PointStatus)
    assert st.internet == domcov.ServiceStatus("internet", False, "planned", "GPON", "inet-planned")
    assert st.tv == domcov.ServiceStatus("tv", False, "none", None, None)
    assert st.zone_count == 1 and not st.covered
    assert st.services == {"internet": st.internet, "tv": st.tv}
    d = unit.point_status(50.08, 30.16).to_dict()
    assert d == {"lat": 50.08, "lon": 30.16, "covered": True, "zone_count": 2,
                 "services": {"internet": {"available": True, "status": "active",
                                           "technology": "GPON", "zone_id": "inet-b"},
                              "tv": {"available": True, "status": "active",
                                     "technology": "DOCSIS", "zone_id": "tv-a"}}}
    import json
    json.dumps(d)


def test_point_status_sample_agrees_with_check_point(sample):
    """A lattice over Perm's centre: the same services as the status-only check_point."""
    covered = 0
    for i in range(40):
        for j in range(40):
            lat, lon = 57.98 + i * 0.0015, 56.20 + j * 0.003
            st = sample.point_status(lat, lon)
            r = sample.check_point(lat, lon, distance=False, city=False)
            assert [(s.available, s.status, s.technology, s.zone_id) for s in (st.internet, st.tv)] == \
                [(s.available, s.status, s.technology, s.zone_id) for s in (r.internet, r.tv)]
            assert st.zone_count == len(r.zones)
            covered += st.covered
    assert 100 < covered < 1600  # the lattice reaches in and out of the zones


def test_point_status_arguments(unit):
    with pytest.raises(TypeError):
        unit.point_status("north", 30)
    with pytest.raises(domcov.InvalidArgument) as e:
        unit.point_status(50, 181)
    assert "longitude 181" in e.value.message
    assert unit.point_status("50.02", 30.02).internet.zone_id == "inet-a"
