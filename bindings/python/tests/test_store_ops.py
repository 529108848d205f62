"""Building, importing into and exporting stores; offices."""
from __future__ import annotations

import json
import os
import shutil

import pytest

import domcov

ZONE = {"type": "FeatureCollection", "features": [{
    "type": "Feature",
    "properties": {"id": "inet-new", "name": "new square"},
    "geometry": {"type": "Polygon", "coordinates": [
        [[30.50, 50.50], [30.52, 50.50], [30.52, 50.52], [30.50, 50.52], [30.50, 50.50]]]}}]}


def test_build_store(unit_data, unit_counts, tmp_path):
    store = tmp_path / "built.sqlite"
    r = domcov.build_store(unit_data, store, strict=True)
    assert r.rejected == 0 and r.deleted == 0 and r.imported > 0 and r.read >= r.imported
    with domcov.open(store) as db:
        info = db.info()
        assert info.data_version == "unit-1"
        assert {k: getattr(info, k) for k in unit_counts} == unit_counts
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
    for o in near:
        assert o.distance_m == pytest.approx(domcov.distance_m(58.0105, 56.2502, o.lat, o.lon))
        assert o.id and o.name and o.address and o.hours is not None
    # kind None (the default) is offices and terminals; limit may be positional.
    both = sample.nearest_offices(58.0105, 56.2502, 10)
    assert len(both) == 10 and {o.kind for o in both} == {"office", "terminal"}
    assert sample.nearest_offices(58.0105, 56.2502, 10, kind="any") == both
    terminals = sample.nearest_offices(58.0105, 56.2502, limit=2, kind="terminal")
    assert [o.kind for o in terminals] == ["terminal", "terminal"]
    assert near[0].to_dict()["kind"] == "office"
    total = sample.info().offices
    assert len(sample.nearest_offices(58.0105, 56.2502, domcov.NEAREST_OFFICES_MAX)) == total


def test_nearest_offices_bad_arguments(sample, unit):
    with pytest.raises(domcov.InvalidArgument):
        sample.nearest_offices(58, 56, limit=domcov.NEAREST_OFFICES_MAX + 1)
    with pytest.raises(domcov.InvalidArgument) as e:
        sample.nearest_offices(58, 56, kind="bank")
    assert "bank" in e.value.message
    with pytest.raises(domcov.InvalidArgument):
        sample.nearest_offices(91, 56)
    with pytest.raises(TypeError):
        sample.nearest_offices(58, 56, limit=2.5)
    assert unit.nearest_offices(50, 30) == []  # a store without offices


def test_export_zones(unit_path, unit_counts):
    exp = domcov.export_zones(unit_path)
    assert isinstance(exp, str) and exp.features == unit_counts["zones"]
    assert exp.endswith("\n") and exp.text == str(exp)
    doc = json.loads(exp)
    assert doc["type"] == "FeatureCollection"
    ids = [f["properties"]["id"] for f in doc["features"]]
    assert ids == sorted(ids) and {"inet-a", "inet-b", "inet-planned", "tv-a"} <= set(ids)
    assert set(doc["features"][0]["properties"]) >= {"id", "service", "technology", "status", "city"}
    one = domcov.export_zones(unit_path, "planovsk")
    assert one.features == 1 and "inet-planned" in one
    assert domcov.export_zones(unit_path, city="Плановск") == one
    assert exp.to_dict() == {"features": exp.features, "text": str(exp)}


def _empty_store(unit_data, tmp_path):
    """A store with the unit store's cities and nothing else."""
    src = tmp_path / "src"
    src.mkdir()
    for name in ("store.conf", "cities.csv"):
        shutil.copyfile(unit_data / name, src / name)
    store = tmp_path / "empty.sqlite"
    r = domcov.build_store(src, store, strict=True)
    assert (r.rejected, r.deleted) == (0, 0)
    return store


def test_export_import_round_trip(unit_path, unit_data, tmp_path):
    text = domcov.export_zones(unit_path)
    src = tmp_path / "export.geojson"
    src.write_text(text, encoding="utf-8")
    store = _empty_store(unit_data, tmp_path)
    assert domcov.export_zones(store).features == 0
    r = domcov.import_zones(store, src, strict=True)
    assert (r.read, r.imported, r.updated, r.rejected, r.deleted) == \
        (text.features, text.features, 0, 0, 0)
    again = domcov.export_zones(store)
    assert again == text and again.features == text.features
    with domcov.open(store) as db, domcov.open(unit_path) as orig:
        for lat, lon in [(50.02, 30.02), (50.05, 30.35), (50.05, 30.05)]:
            assert db.check_point(lat, lon).to_dict() == orig.check_point(lat, lon).to_dict()


def test_import_zones_iter_and_replace_city(unit_copy, tmp_path):
    features = [{"type": "Feature",
                 "properties": {"id": f"z-{i}", "service": "tv", "technology": "DOCSIS"},
                 "geometry": {"type": "Polygon", "coordinates": [[
                     [30.6 + i / 100, 50.6], [30.605 + i / 100, 50.6],
                     [30.605 + i / 100, 50.605], [30.6 + i / 100, 50.6]]]}}
                for i in range(5)]
    features.append({"type": "Feature", "properties": {"id": "bad"},
                     "geometry": {"type": "Point", "coordinates": [30.0, 50.0]}})
    src = tmp_path / "planovsk.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    before = unit_copy.read_bytes()

    job = domcov.import_zones_iter(unit_copy, src, replace_city="planovsk", step=2)
    assert job.progress is None and not job.committed
    seen = list(job)
    assert [p.done for p in seen] == [2, 4, 6] and all(p.total == 6 for p in seen)
    assert [p.finished for p in seen] == [False, False, True]
    r = job.report
    assert job.committed and isinstance(r, domcov.ImportReport)
    # planovsk had one zone (inet-planned), which the file does not name: deleted.
    assert (r.read, r.imported, r.updated, r.rejected, r.deleted) == (6, 5, 0, 1, 1)
    assert any("bad" in m and "rejected" in m for m in r.messages)
    assert any("inet-planned" in m for m in r.messages)
    assert unit_copy.read_bytes() != before
    assert domcov.export_zones(unit_copy, "planovsk").features == 5
    with domcov.open(unit_copy) as db:
        p = db.check_point(50.601, 30.604)  # inside the triangle z-0
        assert (p.tv.available, p.tv.zone_id, p.tv.technology) == (True, "z-0", "DOCSIS")
        assert db.check_point(50.05, 30.35).internet.status == "none"
    with pytest.raises(domcov.InvalidArgument):
        job.step()


def test_import_job_abandoned_leaves_the_store(unit_copy, tmp_path):
    src = tmp_path / "zones.geojson"
    src.write_text(json.dumps(ZONE), encoding="utf-8")
    before = unit_copy.read_bytes()
    with domcov.import_zones_iter(unit_copy, src, service="internet", technology="GPON",
                                  city="testgrad", step=1) as job:
        first = next(job)
        assert first.finished and first.done == 1
        with pytest.raises(domcov.IOError):  # the import lock is held
            domcov.import_zones(unit_copy, src, service="internet", city="testgrad")
    assert not job.committed and job.report is None and list(job) == []
    assert unit_copy.read_bytes() == before
    # commit() imports what is left in one go.
    job = domcov.import_zones_iter(unit_copy, src, service="internet", technology="GPON",
                                   city="testgrad")
    assert job.commit().imported == 1 and job.committed
    with pytest.raises(domcov.InvalidArgument):
        domcov.import_zones_iter(unit_copy, src, step=0)


def test_import_strict_step_wise(unit_copy, tmp_path):
    src = tmp_path / "bad.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": ZONE["features"] + [
        {"type": "Feature", "properties": {"id": "p"},
         "geometry": {"type": "Point", "coordinates": [30, 50]}}]}), encoding="utf-8")
    before = unit_copy.read_bytes()
    seen = []
    with pytest.raises(domcov.InputError) as e:
        domcov.import_zones(unit_copy, src, service="internet", technology="GPON",
                            city="testgrad", strict=True, progress=seen.append, step=1)
    assert e.value.report is not None and (e.value.report.rejected, e.value.report.imported) == (1, 1)
    assert seen[-1].finished and unit_copy.read_bytes() == before


def test_import_offices_iter(unit_copy, tmp_path):
    src = tmp_path / "offices.csv"
    src.write_text("id,city,kind,name,address,hours,lat,lon\n"
                   + "".join(f"o-{i},testgrad,office,Офис {i},ул. Ленина,,50.0{i},30.0{i}\n"
                             for i in range(1, 6)), encoding="utf-8")
    job = domcov.import_offices_iter(unit_copy, src, step=2)
    seen = list(job)
    assert seen[-1].finished and seen[-1].done == 5
    assert all(p.total is None for p in seen)  # CSV: not known in advance
    assert (job.report.read, job.report.imported) == (5, 5)
    with domcov.open(unit_copy) as db:
        assert [o.id for o in db.nearest_offices(50.011, 30.011, limit=2)] == ["o-1", "o-2"]


REGISTER = ("house_id,address,lat,lon\n"
            'h-1,"Тестоград, ул. Ленина, 7",50.021,30.021\n'
            'h-2,"Тестоград, ул. Ленина, 9",,\n'
            'h-3,"Тестоград, ул. Новая, 2",50.03,30.03\n'
            "h-4,,50.03,30.03\n"
            'h-5,"Тестоград, ул. Новая, 4",50.031,30.031\n')


def test_import_houses_iter_creates_the_store(tmp_path):
    csv = tmp_path / "houses.csv"
    csv.write_text(REGISTER, encoding="utf-8")
    store = tmp_path / "new.sqlite"  # does not exist: the import creates it
    job = domcov.import_houses_iter(store, csv, city="Тестоград", step=2)
    assert job.progress is None and not store.exists()
    seen = [(p.done, p.total, p.finished) for p in job]
    assert seen == [(2, 5, False), (4, 5, False), (5, 5, True)]
    r = job.report
    assert job.committed and (r.read, r.imported, r.without_point, r.rejected) == (5, 4, 1, 1)
    assert any(":5:" in m and "rejected" in m for m in r.messages)
    with domcov.open(store) as db:
        assert db.info().houses == 4
        assert db.check("Тестоград, ул. Новая, 4").house_id == "h-5"


def test_import_houses_progress_and_reload(unit_copy, tmp_path):
    csv = tmp_path / "houses.csv"
    csv.write_text(REGISTER, encoding="utf-8")
    seen = []
    with domcov.open(unit_copy) as db:
        before = db.info().houses
        r = db.import_houses(csv, progress=seen.append, step=3)
        assert [(p.done, p.total, p.finished) for p in seen] == [(3, 5, False), (5, 5, True)]
        assert r.imported == 4 and db.info().houses == before + 4  # reloaded
    again = domcov.import_houses(unit_copy, csv, progress=lambda p: None, step=100)
    assert (again.imported, again.updated) == (0, 4)


def test_import_houses_job_abandoned_or_strict(unit_copy, tmp_path):
    csv = tmp_path / "houses.csv"
    csv.write_text(REGISTER, encoding="utf-8")
    before = unit_copy.read_bytes()
    with domcov.import_houses_iter(unit_copy, csv, step=1) as job:
        assert next(job).done == 1
        with pytest.raises(domcov.IOError) as e:  # the job holds the store's import lock
            domcov.import_houses(unit_copy, csv)
        assert "another import" in e.value.message
    assert unit_copy.read_bytes() == before
    with pytest.raises(domcov.InputError) as e:
        domcov.import_houses(unit_copy, csv, strict=True, progress=lambda p: None, step=1)
    assert e.value.report.rejected == 1 and "strict mode" in e.value.message
    assert unit_copy.read_bytes() == before
    bad = tmp_path / "bad.csv"
    bad.write_text("id,adr\n1,x\n", encoding="utf-8")
    with pytest.raises(domcov.InputError) as e:  # the header is checked at begin
        domcov.import_houses_iter(unit_copy, bad)
    assert "header has no column 'house_id'" in e.value.message


def test_import_houses_from_a_pipe_has_no_total(unit_copy):
    r, w = os.pipe()
    try:
        os.write(w, REGISTER.encode("utf-8"))
        os.close(w)
        job = domcov.import_houses_iter(unit_copy, f"/dev/fd/{r}", step=10)
        assert [(p.done, p.total, p.finished) for p in job] == [(5, None, True)]
        assert job.report.imported == 4
    finally:
        os.close(r)
