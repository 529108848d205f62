"""Every status maps to an exception class carrying the code and domcov_errmsg's message."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

import domcov
from domcov import Status

CLASSES = {
    Status.ERR_ARG: domcov.InvalidArgument,
    Status.ERR_NOMEM: domcov.OutOfMemory,
    Status.ERR_IO: domcov.IOError,
    Status.ERR_NOT_STORE: domcov.NotAStore,
    Status.ERR_FORMAT_VERSION: domcov.FormatVersionError,
    Status.ERR_CORRUPT: domcov.CorruptStore,
    Status.ERR_DATABASE: domcov.DatabaseError,
    Status.ERR_INPUT: domcov.InputError,
    Status.ERR_INTERNAL: domcov.InternalError,
    Status.ERR_GEOMETRY: domcov.GeometryError,
    Status.ERR_TOO_LARGE: domcov.TooLarge,
}


def test_every_status_has_a_class():
    assert set(CLASSES) == {s for s in Status if s != Status.OK}
    for status, cls in CLASSES.items():
        assert domcov.error_class(status) is cls
        assert issubclass(cls, domcov.Error)
        e = cls("boom", code=status)
        assert e.code == status == cls.code
        assert e.name == f"DOMCOV_{status.name}" == domcov.status_name(status)
        assert str(e) == f"DOMCOV_{status.name}: boom"
    assert len(set(CLASSES.values())) == len(CLASSES)


def test_unknown_status_is_a_plain_error():
    cls = domcov.error_class(99)
    assert cls is domcov.Error
    e = cls("x", code=99)
    assert e.code == 99 and e.name == "DOMCOV_ERR_UNKNOWN"


def test_python_base_classes():
    assert issubclass(domcov.InvalidArgument, ValueError)
    assert issubclass(domcov.TooLarge, ValueError)
    assert issubclass(domcov.IOError, OSError)
    assert issubclass(domcov.StoreNotFound, FileNotFoundError)
    assert issubclass(domcov.StoreNotFound, domcov.IOError)
    assert issubclass(domcov.OutOfMemory, MemoryError)
    assert issubclass(domcov.DatabaseClosed, domcov.InvalidArgument)


def _sql(path: Path, sql: str) -> None:
    con = sqlite3.connect(path)
    try:
        con.executescript(sql)
        con.commit()
    finally:
        con.close()


def fixture(name: str, unit_path: Path, tmp: Path) -> str:
    path = tmp / f"{name}.sqlite"
    if name == "empty_path":
        return ""
    if name == "directory":
        path.mkdir()
    elif name == "text":
        path.write_text("house_id,address\n1,ул. Ленина 5\n", encoding="utf-8")
    elif name == "empty":
        path.write_bytes(b"")
    elif name == "truncated":
        data = unit_path.read_bytes()
        path.write_bytes(data[: len(data) // 3])
    elif name == "other_schema":
        _sql(path, "CREATE TABLE leads(id INTEGER PRIMARY KEY, address TEXT);")
    elif name in ("newer_format", "no_meta"):
        shutil.copyfile(unit_path, path)
        _sql(path, "PRAGMA user_version = 99;" if name == "newer_format" else "DELETE FROM meta;")
    return str(path)


@pytest.mark.parametrize("name,cls,status,message", [
    ("missing", domcov.StoreNotFound, Status.ERR_IO, "No such file or directory"),
    ("directory", domcov.IOError, Status.ERR_IO, "directory"),
    ("empty_path", domcov.InvalidArgument, Status.ERR_ARG, "empty"),
    ("empty", domcov.NotAStore, Status.ERR_NOT_STORE, "not an SQLite database"),
    ("text", domcov.NotAStore, Status.ERR_NOT_STORE, "not an SQLite database"),
    ("other_schema", domcov.NotAStore, Status.ERR_NOT_STORE, "not a domcov store"),
    ("newer_format", domcov.FormatVersionError, Status.ERR_FORMAT_VERSION, "format version 99"),
    ("truncated", domcov.CorruptStore, Status.ERR_CORRUPT, ""),
    ("no_meta", domcov.CorruptStore, Status.ERR_CORRUPT, "meta"),
])
def test_open_errors(unit_path, tmp_path, name, cls, status, message):
    path = fixture(name, unit_path, tmp_path)
    with pytest.raises(cls) as e:
        domcov.open(path)
    assert type(e.value) is cls
    assert e.value.code == status
    assert e.value.name == f"DOMCOV_{status.name}"
    assert message in e.value.message
    assert e.value.message != domcov.strerror(status)  # the detailed message, not the generic one
    if name == "directory":
        assert not isinstance(e.value, domcov.StoreNotFound)


def test_point_out_of_range_message(unit):
    with pytest.raises(domcov.InvalidArgument) as e:
        unit.check_point(91, 30)
    assert e.value.code == Status.ERR_ARG
    assert "91" in e.value.message and "latitude" in e.value.message


def test_nul_in_text_is_refused_before_the_call(unit):
    with pytest.raises(domcov.InvalidArgument) as e:
        domcov.normalize("Пермь\0Ленина 5")
    assert "NUL" in e.value.message
    with pytest.raises(domcov.InvalidArgument):
        unit.check("Пермь\0Ленина 5")
    with pytest.raises(domcov.InvalidArgument):
        domcov.open("a\0b")


def test_wrong_argument_types(unit):
    with pytest.raises(TypeError):
        unit.check(42)  # type: ignore[arg-type]


def test_invalid_utf8_from_the_library(unit):
    with pytest.raises(domcov.InvalidArgument) as e:
        unit.check(b"\xff\xfe \xd0")
    assert e.value.code == Status.ERR_ARG and e.value.message


@pytest.mark.parametrize("text", ["", " ,.;!"])
def test_nothing_recognisable_is_not_found(unit, text):
    # domcov.h: text with nothing recognisable (empty, punctuation) is not found at level none
    r = unit.check(text)
    assert (r.status, r.match_level, r.coverage, r.candidates) == ("not_found", "none", None, [])


def test_too_large_address(unit):
    with pytest.raises(domcov.TooLarge) as e:
        unit.check("Пермь, Ленина " + "5" * domcov.ADDRESS_MAX_BYTES)
    assert e.value.code == Status.ERR_TOO_LARGE and e.value.message
    with pytest.raises(domcov.TooLarge):
        domcov.normalize("а" * domcov.ADDRESS_MAX_BYTES)


def test_input_error(unit_path):
    with pytest.raises(domcov.InputError) as e:
        domcov.export_zones(unit_path, "no-such-city")
    assert e.value.code == Status.ERR_INPUT and "no-such-city" in e.value.message


def test_input_error_carries_the_strict_report(unit_copy, tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", '
                   '"properties": {"id": "z-bad", "service": "internet", "technology": "FTTB", '
                   '"city": "testgrad"}, "geometry": {"type": "Point", "coordinates": [30, 50]}}]}',
                   encoding="utf-8")
    before = unit_copy.read_bytes()
    with pytest.raises(domcov.InputError) as e:
        domcov.import_zones(unit_copy, bad, strict=True)
    assert e.value.report is not None and e.value.report.rejected == 1
    assert e.value.report.messages and "z-bad" in " ".join(e.value.report.messages)
    assert unit_copy.read_bytes() == before  # the store is unchanged


def test_function_unavailable():
    import ctypes
    from domcov import _lib
    libc = _lib.Library("libc", ctypes.CDLL(None))
    with pytest.raises(domcov.FunctionUnavailable) as e:
        libc.fn("domcov_normalize")
    assert e.value.code is None and "domcov_normalize" in str(e.value)
    assert isinstance(e.value, NotImplementedError)


def test_library_not_found(tmp_path):
    with pytest.raises(domcov.LibraryNotFound):
        domcov.open("x.sqlite", library=tmp_path / "libnothere.so")
