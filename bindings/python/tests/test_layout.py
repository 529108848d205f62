"""The ctypes declarations against domcov.h as the C compiler sees it.

tests/bindings/layout_dump (generated from the header by gen_layout.py)
prints every struct's size, field offsets and declared types, every enum, the
numeric macros and every function's signature; a field added, moved or
retyped in the header, or a new function, fails here.
"""
from __future__ import annotations

import ctypes
import re
from ctypes import POINTER, c_char_p, c_double, c_int, c_longlong, c_uint, c_void_p

import pytest

import domcov
from domcov import _lib, errors, results

OPAQUE = {"domcov_db", "domcov_import"}
PRIMITIVE = {"int": c_int, "unsigned": c_uint, "double": c_double, "long long": c_longlong}
# Deliberate differences: the export's text is read with its length (string_at).
EXCEPTIONS = {("domcov_export", "text"): c_void_p}


def expected_ctype(ctype: str, macros: dict):
    t = ctype.replace("*const", "*").replace("const ", "")
    t = re.sub(r"\s*\*\s*", "*", " ".join(t.split())).strip()  # "char * *" -> "char**"
    m = re.match(r"^([\w ]+?)\s*(\**)\s*(?:\[(\w+)\])?$", t)
    assert m, f"unexpected C type {ctype!r}"
    base, stars, arr = m.group(1), len(m.group(2)), m.group(3)
    if base == "void" and stars == 0:
        return None
    if base == "char" and stars >= 1:
        typ, stars = c_char_p, stars - 1
    elif base in OPAQUE and stars >= 1:
        typ, stars = c_void_p, stars - 1
    elif base in PRIMITIVE:
        typ = PRIMITIVE[base]
    elif base in _lib.STRUCTS:
        typ = _lib.STRUCTS[base]
    else:
        return f"<no ctypes mapping for C type {ctype!r}>"  # fails the comparison, named
    for _ in range(stars):
        typ = POINTER(typ)
    if arr:
        n = int(macros[arr]) if arr in macros else int(arr)
        typ = typ * n
    return typ


def same_type(a, b) -> bool:
    if a is b:
        return True
    if hasattr(a, "_length_") and hasattr(b, "_length_"):
        return a._length_ == b._length_ and same_type(a._type_, b._type_)
    return False


def test_every_header_struct_is_mirrored(layout):
    assert set(layout["structs"]) == set(_lib.STRUCTS)


@pytest.mark.parametrize("name", sorted(_lib.STRUCTS))
def test_struct_layout(layout, name):
    c = layout["structs"][name]
    py = _lib.STRUCTS[name]
    assert [f["name"] for f in c["fields"]] == [f[0] for f in py._fields_], "field order"
    for f, (fname, ftype) in zip(c["fields"], py._fields_):
        want = EXCEPTIONS.get((name, fname)) or expected_ctype(f["type"], layout["macros"])
        assert same_type(ftype, want), f"{name}.{fname}: {f['type']} is not {ftype}"
        assert getattr(py, fname).offset == f["offset"], f"{name}.{fname} offset"
        assert getattr(py, fname).size == f["size"], f"{name}.{fname} size"
    assert ctypes.sizeof(py) == c["size"]
    assert ctypes.alignment(py) == c["align"]


def test_every_header_function_has_a_prototype(layout):
    assert set(layout["functions"]) == set(_lib.PROTOTYPES)


@pytest.mark.parametrize("name", sorted(_lib.PROTOTYPES))
def test_function_prototype(layout, name):
    c = layout["functions"][name]
    restype, argtypes = _lib.PROTOTYPES[name]
    assert same_type(restype, expected_ctype(c["ret"], layout["macros"])) or (
        restype is None and c["ret"] == "void"), f"{name} returns {c['ret']}"
    assert len(argtypes) == len(c["params"]), f"{name}: {c['params']}"
    for i, (got, want) in enumerate(zip(argtypes, c["params"])):
        assert same_type(got, expected_ctype(want, layout["macros"])), f"{name} arg {i}: {want}"


def _enum_names(members: dict) -> list:
    names = sorted(members, key=members.get)
    prefix = re.match(r"^(DOMCOV_(?:[A-Z]+_)?)", names[0]).group(1)
    if not all(n.startswith(prefix) for n in names):
        prefix = "DOMCOV_"
    return [n[len(prefix):].lower() for n in names]


# Every enum of the header -> the binding's names for its values (by value).
ENUMS = {
    "domcov_service": results.SERVICES,
    "domcov_zone_status": results.ZONE_STATUSES,
    "domcov_city_match": results.CITY_MATCHES,
    "domcov_match_status": results.MATCH_STATUSES,
    "domcov_match_level": results.MATCH_LEVELS,
    "domcov_office_kind": results.OFFICE_KINDS,
    "domcov_status": tuple(s.name.lower() for s in domcov.Status),
}

# Every numeric macro of the header -> the binding's value; None: deliberately not exposed.
MACROS = {
    "DOMCOV_STORE_FORMAT_MIN": None,   # StoreInfo.format_version says what a store is
    "DOMCOV_STORE_FORMAT_MAX": None,
    "DOMCOV_OPEN_DEFAULT": None,       # open() takes no flags (none are defined)
    "DOMCOV_SERVICE_COUNT": _lib.SERVICE_COUNT,
    "DOMCOV_CITY_MAX_DISTANCE_M": domcov.CITY_MAX_DISTANCE_M,
    "DOMCOV_IMPORT_STRICT": domcov.IMPORT_STRICT,
    "DOMCOV_NEAREST_OFFICES_MAX": domcov.NEAREST_OFFICES_MAX,
    "DOMCOV_ADDR_TRANSLITERATED": results.ADDR_TRANSLITERATED,
    "DOMCOV_ADDR_AMBIGUOUS": results.ADDR_AMBIGUOUS,
    "DOMCOV_ADDRESS_MAX_BYTES": domcov.ADDRESS_MAX_BYTES,
    "DOMCOV_QC_HOUSE_EXACT": domcov.QC_HOUSE_EXACT,
    "DOMCOV_QC_HOUSE_EXTENSION": domcov.QC_HOUSE_EXTENSION,
    "DOMCOV_QC_HOUSE_NOT_FOUND": domcov.QC_HOUSE_NOT_FOUND,
    "DOMCOV_CHECK_DEFAULT": None,      # check_point()/check() with the keyword defaults
    "DOMCOV_CHECK_NO_DISTANCE": domcov.CHECK_NO_DISTANCE,
    "DOMCOV_CHECK_NO_CITY": domcov.CHECK_NO_CITY,
}


def test_every_header_enum_is_mirrored(layout):
    assert set(layout["enums"]) == set(ENUMS)


@pytest.mark.parametrize("enum", sorted(ENUMS))
def test_enum_names(layout, enum):
    members = layout["enums"][enum]
    assert sorted(members.values()) == list(range(len(members)))
    assert _enum_names(members) == list(ENUMS[enum])


def test_status_enum(layout):
    members = layout["enums"]["domcov_status"]
    assert {k[len("DOMCOV_"):]: v for k, v in members.items()} == \
        {s.name: s.value for s in domcov.Status}
    assert set(errors.BY_CODE) == set(members.values()) - {0}, "an exception class per status"


def test_every_header_macro_is_mirrored(layout):
    assert set(layout["macros"]) == set(MACROS)


@pytest.mark.parametrize("macro", sorted(MACROS))
def test_macro(layout, macro):
    if MACROS[macro] is not None:
        assert layout["macros"][macro] == MACROS[macro]


@pytest.mark.parametrize("fn,names", [
    ("domcov_service_name", results.SERVICES),
    ("domcov_zone_status_name", results.ZONE_STATUSES),
    ("domcov_match_status_name", results.MATCH_STATUSES),
    ("domcov_match_level_name", results.MATCH_LEVELS),
])
def test_library_names_agree(fn, names):
    f = _lib.load().fn(fn)
    assert [f(i).decode() for i in range(len(names))] == list(names)
    assert f(len(names)) is None and f(-1) is None


def test_library_office_kind_names():
    f = _lib.load().fn("domcov_office_kind_name")
    # DOMCOV_OFFICE_ANY is a filter only: the library has no name for it, the binding says "any".
    assert [f(i) for i in range(4)] == [None, b"office", b"terminal", None]
    assert results.OFFICE_KINDS[1:] == ("office", "terminal")


def test_library_status_names():
    for status in domcov.Status:
        assert domcov.status_name(status) == f"DOMCOV_{status.name}"
        assert domcov.strerror(status)
    assert domcov.status_name(len(domcov.Status)) == "DOMCOV_ERR_UNKNOWN"


def test_known_point_reads_every_field(unit):
    """A wrong offset anywhere in domcov_point_result shows up as a wrong value."""
    r = unit.check_point(50.02, 30.02)
    assert (r.lat, r.lon) == (50.02, 30.02)
    assert r.internet == domcov.ServiceResult("internet", True, "active", "FTTB", "inet-a", 0.0, None)
    assert r.tv == domcov.ServiceResult("tv", True, "active", "DOCSIS", "tv-a", 0.0, None)
    assert r.city.match == "zone" and r.city.code == "testgrad" and r.city.name == "Тестоград"
    assert (r.city.type, r.city.region) == ("г", "Тестовая обл.")
    assert (r.city.support_phone, r.city.sales_phone) == ("8-800-333-7000", "8-800-700-67-90")
    assert r.city.distance_m == pytest.approx(3969.18, abs=1)
    assert [(z.zone_id, z.service, z.status, z.technology, z.name) for z in r.zones] == [
        ("inet-a", "internet", "active", "FTTB", "square with a hole"),
        ("tv-a", "tv", "active", "DOCSIS", None)]


def test_known_point_distances(unit):
    r = unit.check_point(50.05, 30.35)  # planned zone of Плановск
    assert (r.internet.available, r.internet.status) == (False, "planned")
    assert (r.internet.technology, r.internet.zone_id) == ("GPON", "inet-planned")
    assert r.internet.distance_m == pytest.approx(10743.2, abs=1)
    assert r.internet.nearest_zone_id == "inet-b"
    assert r.tv.distance_m == pytest.approx(13079.73, abs=2)
    assert r.city.code == "planovsk" and r.city.sales_phone == "8-800-222-2222"
    far = unit.check_point(10, 10)
    assert far.city.match == "none" and far.city.code is None and far.city.distance_m is None
    assert far.zones == [] and not far.covered


def test_store_info_fields(unit, unit_path, unit_counts):
    info = unit.info()
    assert info.format_version == 1
    assert info.data_version == "unit-1"
    assert info.source == "tests/data/unit (test fixture)"
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", info.built_at)
    assert info.path == str(unit_path)
    assert {k: getattr(info, k) for k in unit_counts} == unit_counts
    assert info.bbox == pytest.approx((50.0, 30.0, 50.1, 30.4))
