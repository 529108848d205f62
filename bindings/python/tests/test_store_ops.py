"""Building, importing into and exporting stores; offices."""
from __future__ import annotations

import json

import pytest

import domcov

ZONE = {"type": "FeatureCollection", "features": [{
    "type": "Feature",
    "properties": {"id": "inet-new", "name": "new square"},
    "geometry": {"type": "Polygon", "coordinates": [
        [[30.50, 50.50], [30.52, 50.50], [30.52, 50.52], [30.50, 50.52], [30.50, 50.50]]]}}]}


def test_build_store(unit_data, tmp_path):
    store = tmp_path / "built.sqlite"
    r = domcov.build_store(unit_data, store, strict=True)
    assert r.rejected == 0 and r.imported > 0 and r.read >= r.imported
    with domcov.open(store) as db:
        info = db.info()
        assert (info.data_version, info.zones, info.cities, info.houses) == ("unit-1", 4, 2, 4)
        assert db.check_point(50.02, 30.02).internet.zone_id == "inet-a"


def test_build_store_missing_source(tmp_path):
    with pytest.raises(domcov.Error) as e:
        domcov.build_store(tmp_path / "nothing", tmp_path / "x.sqlite")
    assert e.value.code in (domcov.Status.ERR_IO, domcov.Status.ERR_INPUT) and e.value.message


def test_import_zones_with_defaults_and_progress(unit_copy, tmp_path):
    src = tmp_path / "zones.geojson"
    src.write_text(json.dumps(ZONE), encoding="utf-8")
    seen = []
    r = domcov.import_zones(unit_copy, src, service="internet", technology="GPON",
                            city="testgrad", progress=seen.append, step=1)
    assert (r.read, r.imported, r.rejected) == (1, 1, 0)
    assert seen and seen[-1].finished and seen[-1].done == 1 and seen[-1].total == 1
    with domcov.open(unit_copy) as db:
        p = db.check_point(50.51, 30.51)
        assert (p.internet.available, p.internet.technology, p.internet.zone_id) == \
            (True, "GPON", "inet-new")
    again = domcov.import_zones(unit_copy, src, service="internet", technology="FTTB",
                                city="testgrad")
    assert again.updated == 1


def test_import_offices_and_nearest(unit_copy, tmp_path):
    src = tmp_path / "offices.csv"
    src.write_text("id,city,kind,name,address,hours,lat,lon\n"
                   'of-1,testgrad,office,"Офис, центр","ул. Ленина, 1",пн-пт 9-18,50.02,30.02\n'
                   "t-9,testgrad,terminal,Терминал,ул. Мира,,50.05,30.05\n", encoding="utf-8")
    r = domcov.import_offices(unit_copy, src)
    assert (r.imported, r.rejected) == (2, 0)
    with domcov.open(unit_copy) as db:
        assert db.info().offices == 2
        near = db.nearest_offices(50.021, 30.021, limit=5)
        assert [o.id for o in near] == ["of-1", "t-9"]
        o = near[0]
        assert (o.kind, o.name, o.address, o.hours, o.city_code) == \
            ("office", "Офис, центр", "ул. Ленина, 1", "пн-пт 9-18", "testgrad")
        assert (o.lat, o.lon) == (50.02, 30.02)
        assert o.distance_m == pytest.approx(domcov.distance_m(50.021, 30.021, 50.02, 30.02))
        assert [x.id for x in db.nearest_offices(50.02, 30.02, kind="terminal")] == ["t-9"]
        with pytest.raises(domcov.InvalidArgument):
            db.nearest_offices(50, 30, limit=0)


def test_nearest_offices_sample(sample):
    near = sample.nearest_offices(58.0105, 56.2502, limit=3, kind="office")
    assert len(near) == 3 and all(o.kind == "office" and o.city_code == "perm" for o in near)
    assert [o.distance_m for o in near] == sorted(o.distance_m for o in near)


def test_export_zones(unit_path, tmp_path):
    exp = domcov.export_zones(unit_path)
    assert exp.features == 4
    doc = json.loads(exp.text)
    assert sorted(f["properties"]["id"] for f in doc["features"]) == \
        ["inet-a", "inet-b", "inet-planned", "tv-a"]
    one = domcov.export_zones(unit_path, "planovsk")
    assert one.features == 1 and "inet-planned" in one.text
