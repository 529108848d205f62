"""Fixtures for the Python binding's tests.

Paths come from the environment the meson test sets (tests/bindings/meson.build),
else from the checkout's build tree:

  DOMCOV_LIBRARY         libdomcov.so             build/lib/libdomcov.so
  DOMCOV_TEST_SAMPLE     the bundled sample store build/data/sample.sqlite
  DOMCOV_TEST_UNIT       the unit-test store      build/tests/unit.sqlite
  DOMCOV_TEST_UNIT_DATA  its sources              tests/data/unit
  DOMCOV_TEST_LAYOUT     the ABI dump program     build/tests/bindings/layout_dump

The run ends with a line "N passed, N failed" for tools/test_summary.py.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(HERE.parent))  # the package from this checkout

BUILD = REPO / "build"
# The tests use the default lookup: make it find the library under test.
if not os.environ.get("DOMCOV_LIBRARY") and (BUILD / "lib" / "libdomcov.so").exists():
    os.environ["DOMCOV_LIBRARY"] = str(BUILD / "lib" / "libdomcov.so")

import domcov  # noqa: E402


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value) if value else default


def _need(path: Path, what: str, var: str) -> Path:
    if not path.exists():
        pytest.fail(f"{what} not found at {path}: build the checkout (meson setup build && "
                    f"ninja -C build) or set {var}", pytrace=False)
    return path


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return _need(_env_path("DOMCOV_TEST_SAMPLE", BUILD / "data" / "sample.sqlite"),
                 "the sample store", "DOMCOV_TEST_SAMPLE")


@pytest.fixture(scope="session")
def unit_path() -> Path:
    return _need(_env_path("DOMCOV_TEST_UNIT", BUILD / "tests" / "unit.sqlite"),
                 "the unit store", "DOMCOV_TEST_UNIT")


@pytest.fixture(scope="session")
def unit_data() -> Path:
    return _need(_env_path("DOMCOV_TEST_UNIT_DATA", REPO / "tests" / "data" / "unit"),
                 "the unit store's sources", "DOMCOV_TEST_UNIT_DATA")


@pytest.fixture(scope="session")
def unit_counts(unit_data: Path) -> dict:
    """Row counts of the unit store, worked out from its sources (which grow)."""
    houses = []
    for f in sorted((unit_data / "houses").glob("*.csv")):
        with f.open(encoding="utf-8", newline="") as fh:
            houses += list(csv.DictReader(fh))
    with (unit_data / "cities.csv").open(encoding="utf-8", newline="") as fh:
        cities = list(csv.DictReader(fh))
    zones = sum(len(json.loads(f.read_text(encoding="utf-8"))["features"])
                for f in (unit_data / "zones").glob("*.geojson"))
    return {"zones": zones, "cities": len(cities), "houses": len(houses),
            "houses_with_point": sum(1 for h in houses if h["lat"] and h["lon"]),
            "streets": len({(h["city"], h["street_type"], h["street"]) for h in houses}),
            "offices": 0}


@pytest.fixture(scope="session")
def sample(sample_path: Path):
    with domcov.open(sample_path) as db:
        yield db


@pytest.fixture(scope="session")
def unit(unit_path: Path):
    with domcov.open(unit_path) as db:
        yield db


@pytest.fixture
def unit_copy(unit_path: Path, tmp_path: Path) -> Path:
    """A writable copy of the unit store."""
    dst = tmp_path / "unit.sqlite"
    shutil.copyfile(unit_path, dst)
    return dst


@pytest.fixture(scope="session")
def layout() -> dict:
    """The ABI of domcov.h as the C compiler sees it (tests/bindings/gen_layout.py)."""
    path = _env_path("DOMCOV_TEST_LAYOUT", BUILD / "tests" / "bindings" / "layout_dump")
    if not path.exists():
        if os.environ.get("DOMCOV_TEST_LAYOUT"):
            pytest.fail(f"DOMCOV_TEST_LAYOUT={path} does not exist")
        pytest.skip(f"no layout_dump at {path} (built by meson in tests/bindings)")
    return json.loads(subprocess.run([str(path)], check=True, capture_output=True,
                                     text=True).stdout)


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ARG001
    stats = terminalreporter.stats
    passed = len(stats.get("passed", [])) + len(stats.get("xfailed", []))
    failed = (len(stats.get("failed", [])) + len(stats.get("error", []))
              + len(stats.get("xpassed", [])))
    terminalreporter.write_line(f"{passed} passed, {failed} failed")
