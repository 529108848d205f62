"""Opening, closing, reloading; finding the library."""
from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

import domcov
from domcov import _lib

PACKAGE_DIR = Path(domcov.__file__).resolve().parents[1]


def test_context_manager_closes(unit_path):
    with domcov.open(unit_path) as db:
        assert not db.closed
        assert db.check_point(50.02, 30.02).internet.available
    assert db.closed
    assert "closed" in repr(db)


def test_close_twice_and_use_after_close(unit_path):
    db = domcov.open(str(unit_path))
    db.close()
    db.close()
    for call in (lambda: db.check_point(50, 30), lambda: db.info(), lambda: db.check("Ленина 1"),
                 lambda: db.suggest("Лен"), lambda: db.reload(),
                 lambda: db.import_houses("x.csv")):
        with pytest.raises(domcov.DatabaseClosed) as e:
            call()
        assert e.value.code == domcov.Status.ERR_ARG
        assert isinstance(e.value, domcov.InvalidArgument)


def test_garbage_collection_closes(unit_path):
    db = domcov.open(unit_path)
    finalizer = db._finalizer
    assert finalizer.alive
    del db
    gc.collect()
    assert not finalizer.alive


def test_path_like_and_str(unit_path):
    with domcov.open(Path(unit_path)) as a, domcov.open(str(unit_path)) as b:
        assert a.info() == b.info()
        assert a.path == str(unit_path)


def test_reload_sees_a_replaced_store(unit_copy, sample_path):
    db = domcov.open(unit_copy)
    try:
        assert db.info().data_version == "unit-1"
        os.replace(_copy(sample_path, unit_copy.parent / "next.sqlite"), unit_copy)
        assert db.info().data_version == "unit-1"  # the open handle keeps its data
        db.reload()
        assert db.info().cities == 4
    finally:
        db.close()


def _copy(src: Path, dst: Path) -> Path:
    dst.write_bytes(src.read_bytes())
    return dst


def test_explicit_library_path():
    path = os.environ["DOMCOV_LIBRARY"]
    assert domcov.library_path(path) == path
    assert domcov.version(library=path).count(".") == 2


def test_version_format():
    major, minor, patch = (int(x) for x in domcov.version().split("."))
    assert major >= 0 and minor >= 0 and patch >= 0


def _lookup(env: dict) -> str:
    code = "import domcov; print(domcov.library_path())"
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd="/",
                         capture_output=True, text=True)
    return out.stdout.strip() if out.returncode == 0 else "ERROR " + out.stderr.strip()


def test_lookup_order():
    base = {k: v for k, v in os.environ.items() if k != "DOMCOV_LIBRARY"}
    base["PYTHONPATH"] = str(PACKAGE_DIR)
    lib = os.environ["DOMCOV_LIBRARY"]
    # 1. $DOMCOV_LIBRARY
    assert _lookup({**base, "DOMCOV_LIBRARY": lib}) == lib
    # 2. the checkout's build tree, 3. the soname
    build = _lib.build_tree_library()
    got = _lookup(base)
    if build is not None:
        assert got == str(build)
    else:
        assert got == _lib.SONAME or got.startswith("ERROR") and "LibraryNotFound" in got
