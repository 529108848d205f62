"""The store's cities and their phones: Database.cities() and Database.city()."""
from __future__ import annotations

import pytest

import domcov

TESTGRAD = domcov.AddressCity("testgrad", "Тестоград", "г", "Тестовая обл.", "8-800-333-7000",
                              "8-800-700-67-90")
PLANOVSK = domcov.AddressCity("planovsk", "Плановск", "г", "Тестовая обл.", "8-800-111-1111",
                              "8-800-222-2222")


def test_cities_in_store_order(unit, unit_counts):
    cities = unit.cities()
    assert cities == [TESTGRAD, PLANOVSK] and len(cities) == unit_counts["cities"]
    assert cities[1].to_dict() == {"code": "planovsk", "name": "Плановск", "type": "г",
                                   "region": "Тестовая обл.", "support_phone": "8-800-111-1111",
                                   "sales_phone": "8-800-222-2222"}


@pytest.mark.parametrize("key,want", [
    ("planovsk", PLANOVSK), ("Плановск", PLANOVSK), ("ПЛАНОВСК", PLANOVSK),
    ("тестоград", TESTGRAD), (b"testgrad", TESTGRAD),
    ("PLANOVSK", None), ("Пермь", None), ("", None), (b"\xff", None),
])
def test_city_by_code_or_name(unit, key, want):
    assert unit.city(key) == want


def test_city_of_candidates_across_cities(sample):
    """A chat bot's case: no single house, so the candidates' cities give the phones."""
    r = sample.check("Пермь, Монастырская 45")
    assert r.ambiguous
    phones = {sample.city(c.city_code).sales_phone for c in r.candidates}
    assert phones == {"8-800-700-67-90"}
    assert [c.code for c in sample.cities()] == ["perm", "ekaterinburg", "kazan", "omsk"]


def test_city_bad_arguments(unit_path):
    db = domcov.open(unit_path)
    with pytest.raises(TypeError):
        db.city(7)  # type: ignore[arg-type]
    with pytest.raises(domcov.InvalidArgument):
        db.city("perm\0x")
    db.close()
    with pytest.raises(domcov.DatabaseClosed):
        db.cities()
    with pytest.raises(domcov.DatabaseClosed):
        db.city("planovsk")
