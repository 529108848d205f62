"""Address functions: normalize, check, suggest, import_houses (need the normalizer in the library)."""
from __future__ import annotations

import json

import pytest

import domcov


def test_normalize_parts():
    a = domcov.normalize("екб, малышева 5")
    assert isinstance(a, domcov.Address)
    assert (a.city, a.street, a.house) == ("екатеринбург", "малышева", "5")
    assert a.canonical and not a.transliterated


def test_normalize_all_parts():
    a = domcov.normalize("620014, Свердловская обл., г. Екатеринбург, ул. Малышева, д. 5а")
    assert (a.postcode, a.region, a.region_type) == ("620014", "свердловская", "обл")
    assert (a.city, a.city_type, a.street, a.street_type) == ("екатеринбург", "г", "малышева", "ул")
    assert (a.house, a.letter) == ("5", "а")
    b = domcov.normalize("Пермь, ул. Ленина, д. 50 корп. 2, кв. 7")
    assert (b.house, b.korpus, b.flat, b.flat_type) == ("50", "2", "7", "кв")
    assert b.to_dict()["korpus"] == "2"


def test_normalize_transliterated(unit):
    a = unit.normalize("Ekaterinburg, ul. Malysheva 5")
    assert a.transliterated and a.city == "екатеринбург" and a.house == "5"


def test_check_exact_house(unit):
    r = unit.check("Тестоград, ул. Ленина, 1")
    assert (r.status, r.match_level, r.qc_house) == ("matched", "house_exact", 2)
    assert r.matched and not r.ambiguous and not r.street_fuzzy
    assert (r.house_id, r.city_code, r.address) == ("t-1", "testgrad", "г. Тестоград, ул. Ленина, д. 1")
    assert (r.lat, r.lon) == (50.02, 30.02)
    assert r.coverage is not None and r.covered
    assert r.coverage.internet.zone_id == "inet-a" and r.coverage.tv.zone_id == "tv-a"
    assert r.coverage.city.sales_phone == "8-800-700-67-90"
    assert r.parsed is not None and r.parsed.city == "тестоград" and r.parsed.house == "1"
    c = r.candidates[0]
    assert (c.house_id, c.match_level, c.score, c.lat, c.lon) == ("t-1", "house_exact", 1.0, 50.02, 30.02)
    assert r.query == "Тестоград, ул. Ленина, 1"


def test_check_not_covered_house(unit):
    r = unit.check("Тестоград, пр-кт Мира, 5/2 стр. 1")
    assert r.house_id == "t-3" and r.coverage is not None and not r.covered
    assert r.coverage.internet.distance_m == pytest.approx(716.21, abs=0.5)


def test_check_house_without_point(unit):
    r = unit.check("Тестоград, ул. 8 Марта, 10")
    assert r.matched and r.house_id == "t-4"
    assert r.lat is None and r.lon is None and r.coverage is None and not r.covered


def test_check_default_city(unit):
    assert unit.check("ул. Ленина, 1", city="testgrad").house_id == "t-1"
    assert unit.check("ул. Ленина, 1", city="Тестоград", max_candidates=2).house_id == "t-1"


def test_check_ambiguous(sample):
    r = sample.check("Ленина 5")
    assert r.status == "ambiguous" and r.ambiguous and not r.matched
    assert r.house_id is None and r.coverage is None
    assert len(r.candidates) >= 2
    assert all(c.house_id and c.lat is not None and 0 <= c.score <= 1 for c in r.candidates)
    assert len({c.city_code for c in r.candidates}) >= 2


def test_check_not_found(sample):
    r = sample.check("Москва, Тверская 1")
    assert r.status == "not_found" and r.coverage is None and r.house_id is None


def test_check_street_only(sample):
    r = sample.check("Пермь, ул. Ленина")
    assert r.status == "not_found" and r.match_level == "street"
    assert r.address == "г. Пермь, ул. Ленина"


def test_check_sample_covered(sample):
    r = sample.check("Пермь, Ленина 50")
    assert r.matched and r.city_code == "perm" and r.coverage.internet.available


def test_address_result_to_dict(unit):
    d = unit.check("Тестоград, ул. Ленина, 1").to_dict()
    assert d["status"] == "matched" and d["covered"] is True
    assert d["coverage"]["services"]["internet"]["zone_id"] == "inet-a"
    assert d["parsed"]["street"] == "ленина"
    assert d["candidates"][0]["house_id"] == "t-1"
    json.dumps(d, ensure_ascii=False)


def test_suggest_streets_and_houses(unit):
    s = unit.suggest("Тестоград, Лен")
    assert s and s[0] == domcov.Suggestion("ул. Ленина", "г. Тестоград, ул. Ленина", "testgrad",
                                           None, False)
    h = unit.suggest("Тестоград, ул. Ленина, 3")
    assert h and h[0].is_house and h[0].house_id == "t-2"
    assert h[0].to_dict()["is_house"] is True


def test_suggest_limit(sample):
    assert len(sample.suggest("Пермь, ул", limit=3)) <= 3
    with pytest.raises(domcov.InvalidArgument) as e:
        sample.suggest("Пермь", limit=0)
    assert "limit" in e.value.message


def test_import_houses_and_reload(unit_copy, tmp_path):
    csv = tmp_path / "houses.csv"
    csv.write_text("house_id,address,lat,lon\n"
                   'x-1,"Тестоград, ул. Ленина, 7",50.021,30.021\n'
                   'x-2,"Тестоград, ул. Ленина, 9",,\n'
                   'x-3,"Тестоград, ул. Новая, 2",50.03,30.03\n'
                   "x-4,,50.03,30.03\n", encoding="utf-8")
    with domcov.open(unit_copy) as db:
        before = db.info().houses
        r = db.import_houses(csv)
        assert isinstance(r, domcov.ImportReport)
        assert (r.read, r.imported, r.updated, r.without_point, r.rejected) == (4, 3, 0, 1, 1)
        assert len(r.messages) == 2 and any(":5:" in m and "rejected" in m for m in r.messages)
        assert db.info().houses == before + 3  # reloaded
        hit = db.check("Тестоград, ул. Ленина, 7")
        assert hit.house_id == "x-1" and hit.coverage.internet.zone_id == "inet-a"
        again = db.import_houses(csv, reload=False)
        assert again.updated == 3 and again.imported == 0


def test_import_houses_strict_and_columns(unit_copy, tmp_path):
    csv = tmp_path / "houses.csv"
    csv.write_text("id;adr;y;x\n"
                   "y-1;ул. Ленина, 11;50.022;30.022\n"
                   "y-2;;50.03;30.03\n", encoding="utf-8")
    before = unit_copy.read_bytes()
    opts = dict(id_column="id", address_column="adr", lat_column="y", lon_column="x",
                delimiter=";", city="testgrad")
    with pytest.raises(domcov.InputError) as e:
        domcov.import_houses(unit_copy, csv, strict=True, **opts)
    assert e.value.report is not None and e.value.report.rejected == 1
    assert unit_copy.read_bytes() == before
    r = domcov.import_houses(unit_copy, csv, **opts)
    assert r.imported == 1 and r.rejected == 1
    with domcov.open(unit_copy) as db:
        assert db.check("Тестоград, ул. Ленина, 11").house_id == "y-1"


PERM = domcov.AddressCity("perm", "Пермь", "г", "Пермский край", "8-800-333-7000", "8-800-700-67-90")


def test_city_of_an_ambiguous_address(sample):
    r = sample.check("Пермь, Монастырская 45")
    assert r.status == "ambiguous" and r.coverage is None and r.house_id is None
    assert [c.address for c in r.candidates] == ["г. Пермь, ул. Монастырская, д. 45 корп. 1",
                                                 "г. Пермь, ул. Монастырская, д. 45 корп. 2"]
    assert r.city == PERM
    assert r.to_dict()["city"] == {"code": "perm", "name": "Пермь", "type": "г",
                                   "region": "Пермский край", "support_phone": "8-800-333-7000",
                                   "sales_phone": "8-800-700-67-90"}


@pytest.mark.parametrize("text,status,level", [
    ("Пермь, ул. Ленина", "not_found", "street"),
    ("Пермь, ул. Несуществующая, 1", "not_found", "city"),
    ("Пермь, Ленина 50", "matched", "house_exact"),
])
def test_city_whenever_it_is_known(sample, text, status, level):
    r = sample.check(text)
    assert (r.status, r.match_level, r.city) == (status, level, PERM)


@pytest.mark.parametrize("text", ["Ленина 5", "Москва, Тверская 1", "!!!"])
def test_no_city(sample, text):
    r = sample.check(text)
    assert r.city is None and r.to_dict()["city"] is None


def test_city_of_a_house_without_point(unit):
    r = unit.check("Тестоград, ул. 8 Марта, 10")
    assert r.matched and r.coverage is None
    assert r.city == domcov.AddressCity("testgrad", "Тестоград", "г", "Тестовая обл.",
                                        "8-800-333-7000", "8-800-700-67-90")
    # The address's city, not the coverage's: its phones come from the register.
    covered = unit.check("Тестоград, ул. Ленина, 1")
    assert covered.city.code == covered.coverage.city.code == "testgrad"


def test_city_phones_are_the_city_s(unit_copy, tmp_path):
    csv = tmp_path / "houses.csv"
    csv.write_text("house_id,address,lat,lon\n"
                   'p-1,"Плановск, ул. Садовая, 1",,\n', encoding="utf-8")
    assert domcov.import_houses(unit_copy, csv).without_point == 1
    with domcov.open(unit_copy) as db:
        r = db.check("Плановск, Садовая 1")
        assert r.matched and r.house_id == "p-1" and r.coverage is None
        assert (r.city.code, r.city.sales_phone, r.city.support_phone) == \
            ("planovsk", "8-800-222-2222", "8-800-111-1111")
        assert db.check("Плановск, Садовая 3").city.code == "planovsk"


@pytest.mark.parametrize("text", ["Тестоград, пр-кт Мира, 5/2 стр. 1", "Тестоград, ул. Ленина, 1"])
def test_check_without_distance_and_coverage_city(unit, text):
    full = unit.check(text)
    fast = unit.check(text, distance=False, coverage_city=False)
    assert full.coverage is not None and fast.coverage is not None
    assert (fast.status, fast.house_id, fast.covered) == (full.status, full.house_id, full.covered)
    assert fast.city == full.city and fast.city is not None  # the address's city stays
    assert fast.coverage.city is None and full.coverage.city is not None
    for a, b in ((fast.coverage.internet, full.coverage.internet), (fast.coverage.tv, full.coverage.tv)):
        assert (a.available, a.status, a.zone_id) == (b.available, b.status, b.zone_id)
        if not a.available:
            assert a.distance_m is None and a.nearest_zone_id is None
    assert [z.zone_id for z in fast.coverage.zones] == [z.zone_id for z in full.coverage.zones]
    assert fast.to_dict()["coverage"]["city"] is None


def test_check_flags_with_default_city(unit):
    r = unit.check("ул. Ленина, 1", city="testgrad", distance=False, coverage_city=False)
    assert r.house_id == "t-1" and r.covered and r.coverage.city is None
    no_dist = unit.check("Тестоград, пр-кт Мира, 5/2 стр. 1", distance=False)
    assert no_dist.coverage.internet.distance_m is None
    assert no_dist.coverage.city is not None and no_dist.coverage.city.code == "testgrad"
