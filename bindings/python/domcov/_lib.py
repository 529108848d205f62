"""Low level: finding libdomcov, the C structs as ctypes structures, prototypes.

The structures mirror include/domcov.h field for field (same order, same C
types); tests/test_layout.py compares them with the header.  Nothing here is
public API.
"""
from __future__ import annotations

import ctypes
import os
import threading
from ctypes import (POINTER, Structure, c_char_p, c_double, c_int, c_longlong, c_uint,
                    c_void_p)
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union

from .errors import FunctionUnavailable, LibraryNotFound

StrPath = Union[str, "os.PathLike[str]"]

SONAME = "libdomcov.so.0"
SERVICE_COUNT = 2  # DOMCOV_SERVICE_COUNT


# --------------------------------------------------------------------------
# Structures (include/domcov.h)

class StoreInfoC(Structure):
    _fields_ = [
        ("format_version", c_int),
        ("data_version", c_char_p),
        ("built_at", c_char_p),
        ("source", c_char_p),
        ("path", c_char_p),
        ("zones", c_longlong),
        ("cities", c_longlong),
        ("streets", c_longlong),
        ("houses", c_longlong),
        ("houses_with_point", c_longlong),
        ("offices", c_longlong),
        ("has_bbox", c_int),
        ("min_lat", c_double),
        ("min_lon", c_double),
        ("max_lat", c_double),
        ("max_lon", c_double),
    ]


class ServiceStatusC(Structure):
    _fields_ = [
        ("service", c_int),
        ("available", c_int),
        ("status", c_int),
        ("technology", c_char_p),
        ("zone_id", c_char_p),
    ]


class ServiceResultC(Structure):
    # domcov_service_status's members, then the distance.
    _fields_ = ServiceStatusC._fields_ + [
        ("distance_m", c_double),
        ("nearest_zone_id", c_char_p),
    ]


class ZoneHitC(Structure):
    _fields_ = [
        ("zone_id", c_char_p),
        ("service", c_int),
        ("status", c_int),
        ("technology", c_char_p),
        ("name", c_char_p),
    ]


class CityC(Structure):
    _fields_ = [
        ("match", c_int),
        ("code", c_char_p),
        ("name", c_char_p),
        ("type", c_char_p),
        ("region", c_char_p),
        ("support_phone", c_char_p),
        ("sales_phone", c_char_p),
        ("distance_m", c_double),
    ]


class PointResultC(Structure):
    _fields_ = [
        ("lat", c_double),
        ("lon", c_double),
        ("services", ServiceResultC * SERVICE_COUNT),
        ("city", CityC),
        ("zone_count", c_int),
        ("zones", POINTER(ZoneHitC)),
    ]


class PointStatusC(Structure):
    _fields_ = [
        ("services", ServiceStatusC * SERVICE_COUNT),
        ("zone_count", c_int),
    ]


class ImportReportC(Structure):
    _fields_ = [
        ("read", c_longlong),
        ("imported", c_longlong),
        ("updated", c_longlong),
        ("without_point", c_longlong),
        ("repaired", c_longlong),
        ("rejected", c_longlong),
        ("message_count", c_int),
        ("messages", POINTER(c_char_p)),
        ("deleted", c_longlong),
    ]


class ZoneImportOptionsC(Structure):
    _fields_ = [
        ("service", c_char_p),
        ("technology", c_char_p),
        ("status", c_char_p),
        ("city", c_char_p),
        ("crs", c_char_p),
        ("replace_city", c_char_p),
        ("flags", c_uint),
    ]


class OfficeImportOptionsC(Structure):
    _fields_ = [
        ("crs", c_char_p),
        ("flags", c_uint),
    ]


class ImportProgressC(Structure):
    _fields_ = [
        ("done", c_longlong),
        ("total", c_longlong),
        ("finished", c_int),
    ]


class ExportC(Structure):
    _fields_ = [
        ("features", c_longlong),
        ("length", c_longlong),
        ("text", c_void_p),  # read with ctypes.string_at(text, length)
    ]


class OfficeC(Structure):
    _fields_ = [
        ("id", c_char_p),
        ("kind", c_int),
        ("name", c_char_p),
        ("address", c_char_p),
        ("hours", c_char_p),
        ("city_code", c_char_p),
        ("lat", c_double),
        ("lon", c_double),
        ("distance_m", c_double),
    ]


class OfficeListC(Structure):
    _fields_ = [
        ("lat", c_double),
        ("lon", c_double),
        ("count", c_int),
        ("offices", POINTER(OfficeC)),
    ]


class HouseImportOptionsC(Structure):
    _fields_ = [
        ("address_column", c_char_p),
        ("lat_column", c_char_p),
        ("lon_column", c_char_p),
        ("id_column", c_char_p),
        ("city", c_char_p),
        ("delimiter", c_int),
        ("flags", c_uint),
    ]


class AddressC(Structure):
    _fields_ = [
        ("canonical", c_char_p),
        ("postcode", c_char_p),
        ("country", c_char_p),
        ("region", c_char_p),
        ("region_type", c_char_p),
        ("district", c_char_p),
        ("district_type", c_char_p),
        ("city", c_char_p),
        ("city_type", c_char_p),
        ("street", c_char_p),
        ("street_type", c_char_p),
        ("house", c_char_p),
        ("letter", c_char_p),
        ("korpus", c_char_p),
        ("stroenie", c_char_p),
        ("flat", c_char_p),
        ("flat_type", c_char_p),
        ("flags", c_int),
    ]


class MatchOptionsC(Structure):
    _fields_ = [
        ("default_city", c_char_p),
        ("max_candidates", c_int),
    ]


class CandidateC(Structure):
    _fields_ = [
        ("match_level", c_int),
        ("score", c_double),
        ("house_id", c_char_p),
        ("address", c_char_p),
        ("city_code", c_char_p),
        ("has_point", c_int),
        ("lat", c_double),
        ("lon", c_double),
    ]


class AddressResultC(Structure):
    _fields_ = [
        ("status", c_int),
        ("match_level", c_int),
        ("qc_house", c_int),
        ("street_fuzzy", c_int),
        ("address", c_char_p),
        ("house_id", c_char_p),
        ("city_code", c_char_p),
        ("has_point", c_int),
        ("lat", c_double),
        ("lon", c_double),
        ("coverage", POINTER(PointResultC)),
        ("parsed", POINTER(AddressC)),
        ("candidate_count", c_int),
        ("candidates", POINTER(CandidateC)),
        ("city", CityC),
    ]


class AddressStatusC(Structure):
    # domcov_check_address_status's answer: the strings are the db's, not freed.
    _fields_ = [
        ("status", c_int),
        ("match_level", c_int),
        ("qc_house", c_int),
        ("street_fuzzy", c_int),
        ("house_id", c_char_p),
        ("city_code", c_char_p),
        ("has_point", c_int),
        ("lat", c_double),
        ("lon", c_double),
        ("coverage", PointStatusC),
    ]


class SuggestionC(Structure):
    _fields_ = [
        ("text", c_char_p),
        ("value", c_char_p),
        ("city_code", c_char_p),
        ("house_id", c_char_p),
        ("is_house", c_int),
    ]


class SuggestionsC(Structure):
    _fields_ = [
        ("count", c_int),
        ("items", POINTER(SuggestionC)),
    ]


# The C struct name of each structure, for the layout test.
STRUCTS: Dict[str, Any] = {
    "domcov_store_info": StoreInfoC,
    "domcov_service_result": ServiceResultC,
    "domcov_zone_hit": ZoneHitC,
    "domcov_city": CityC,
    "domcov_point_result": PointResultC,
    "domcov_service_status": ServiceStatusC,
    "domcov_point_status": PointStatusC,
    "domcov_import_report": ImportReportC,
    "domcov_zone_import_options": ZoneImportOptionsC,
    "domcov_office_import_options": OfficeImportOptionsC,
    "domcov_import_progress": ImportProgressC,
    "domcov_export": ExportC,
    "domcov_office": OfficeC,
    "domcov_office_list": OfficeListC,
    "domcov_house_import_options": HouseImportOptionsC,
    "domcov_address": AddressC,
    "domcov_match_options": MatchOptionsC,
    "domcov_candidate": CandidateC,
    "domcov_address_result": AddressResultC,
    "domcov_address_status": AddressStatusC,
    "domcov_suggestion": SuggestionC,
    "domcov_suggestions": SuggestionsC,
}


# --------------------------------------------------------------------------
# Prototypes: name -> (restype, argtypes).  Every function is bound on first
# use, so a library built without some of them (an older one, or one built
# while the address normalizer was missing) still serves the others.

_pp = POINTER
PROTOTYPES: Dict[str, Tuple[Any, List[Any]]] = {
    "domcov_status_name": (c_char_p, [c_int]),
    "domcov_strerror": (c_char_p, [c_int]),
    "domcov_errmsg": (c_char_p, [c_void_p]),
    "domcov_version": (c_char_p, []),
    "domcov_open": (c_int, [c_char_p, c_uint, _pp(c_void_p)]),
    "domcov_close": (None, [c_void_p]),
    "domcov_store_info_get": (c_int, [c_void_p, _pp(_pp(StoreInfoC))]),
    "domcov_store_info_free": (None, [_pp(StoreInfoC)]),
    "domcov_service_name": (c_char_p, [c_int]),
    "domcov_zone_status_name": (c_char_p, [c_int]),
    "domcov_check_point": (c_int, [c_void_p, c_double, c_double, _pp(_pp(PointResultC))]),
    "domcov_check_point_ex": (c_int, [c_void_p, c_double, c_double, c_uint,
                                      _pp(_pp(PointResultC))]),
    "domcov_point_result_free": (None, [_pp(PointResultC)]),
    "domcov_check_point_status": (c_int, [c_void_p, c_double, c_double, _pp(PointStatusC)]),
    "domcov_distance_m": (c_int, [c_double, c_double, c_double, c_double, _pp(c_double)]),
    "domcov_build_store": (c_int, [c_char_p, c_char_p, c_uint, _pp(_pp(ImportReportC))]),
    "domcov_import_report_free": (None, [_pp(ImportReportC)]),
    "domcov_import_zones": (c_int, [c_char_p, c_char_p, _pp(ZoneImportOptionsC),
                                    _pp(_pp(ImportReportC))]),
    "domcov_import_offices": (c_int, [c_char_p, c_char_p, _pp(OfficeImportOptionsC),
                                      _pp(_pp(ImportReportC))]),
    "domcov_import_zones_begin": (c_int, [c_char_p, c_char_p, _pp(ZoneImportOptionsC),
                                          _pp(c_void_p)]),
    "domcov_import_offices_begin": (c_int, [c_char_p, c_char_p, _pp(OfficeImportOptionsC),
                                            _pp(c_void_p)]),
    "domcov_import_step": (c_int, [c_void_p, c_int, _pp(ImportProgressC)]),
    "domcov_import_commit": (c_int, [c_void_p, _pp(_pp(ImportReportC))]),
    "domcov_import_free": (None, [c_void_p]),
    "domcov_export_zones": (c_int, [c_char_p, c_char_p, _pp(_pp(ExportC))]),
    "domcov_export_free": (None, [_pp(ExportC)]),
    "domcov_office_kind_name": (c_char_p, [c_int]),
    "domcov_nearest_offices": (c_int, [c_void_p, c_double, c_double, c_int, c_int,
                                       _pp(_pp(OfficeListC))]),
    "domcov_office_list_free": (None, [_pp(OfficeListC)]),
    "domcov_import_houses": (c_int, [c_char_p, c_char_p, _pp(HouseImportOptionsC),
                                     _pp(_pp(ImportReportC))]),
    "domcov_import_houses_begin": (c_int, [c_char_p, c_char_p, _pp(HouseImportOptionsC),
                                           _pp(c_void_p)]),
    "domcov_city_count": (c_int, [c_void_p, _pp(c_int)]),
    "domcov_city_get": (c_int, [c_void_p, c_int, _pp(CityC)]),
    "domcov_city_find": (c_int, [c_void_p, c_char_p, _pp(CityC)]),
    "domcov_normalize": (c_int, [c_char_p, _pp(_pp(AddressC))]),
    "domcov_address_free": (None, [_pp(AddressC)]),
    "domcov_match_status_name": (c_char_p, [c_int]),
    "domcov_match_level_name": (c_char_p, [c_int]),
    "domcov_check_address": (c_int, [c_void_p, c_char_p, _pp(MatchOptionsC),
                                      _pp(_pp(AddressResultC))]),
    "domcov_check_address_ex": (c_int, [c_void_p, c_char_p, _pp(MatchOptionsC), c_uint,
                                         _pp(_pp(AddressResultC))]),
    "domcov_address_result_free": (None, [_pp(AddressResultC)]),
    "domcov_check_address_status": (c_int, [c_void_p, c_char_p, _pp(MatchOptionsC),
                                             _pp(AddressStatusC)]),
    "domcov_suggest": (c_int, [c_void_p, c_char_p, _pp(MatchOptionsC), c_int,
                               _pp(_pp(SuggestionsC))]),
    "domcov_suggestions_free": (None, [_pp(SuggestionsC)]),
}


class Library:
    """One loaded libdomcov with its functions bound on first use (thread-safe)."""

    def __init__(self, path: str, cdll: ctypes.CDLL) -> None:
        self.path = path
        self._cdll = cdll
        self._funcs: Dict[str, Any] = {}
        self._lock = threading.Lock()

    def fn(self, name: str) -> Any:
        f = self._funcs.get(name)
        if f is not None:
            return f
        with self._lock:
            f = self._funcs.get(name)
            if f is None:
                try:
                    f = getattr(self._cdll, name)
                except AttributeError:
                    raise FunctionUnavailable(
                        f"{name} is not in {self.path}: the library was built without it "
                        "(an older or partial build)") from None
                restype, argtypes = PROTOTYPES[name]
                f.restype = restype
                f.argtypes = argtypes
                self._funcs[name] = f
        return f

    def has(self, name: str) -> bool:
        try:
            self.fn(name)
            return True
        except FunctionUnavailable:
            return False


_loaded: Dict[str, Library] = {}
_default: Optional[Library] = None
_load_lock = threading.Lock()


def build_tree_library() -> Optional[Path]:
    """<repo>/build/lib/libdomcov.so when this package runs from a checkout."""
    here = Path(__file__).resolve()
    if len(here.parents) < 4 or here.parents[1].name != "python" or here.parents[2].name != "bindings":
        return None  # an installed package, not <repo>/bindings/python/domcov
    candidate = here.parents[3] / "build" / "lib" / "libdomcov.so"
    return candidate if candidate.exists() else None


def _load_path(path: str) -> Library:
    key = os.path.abspath(path) if os.sep in path else path
    lib = _loaded.get(key)
    if lib is None:
        try:
            cdll = ctypes.CDLL(path)
        except OSError as e:
            raise LibraryNotFound(f"cannot load libdomcov from {path}: {e}") from None
        lib = Library(path, cdll)
        _loaded[key] = lib
    return lib


def load(path: Optional[StrPath] = None) -> Library:
    """Loads libdomcov: PATH, else $DOMCOV_LIBRARY, else the build tree, else the soname."""
    global _default
    with _load_lock:
        if path is not None:
            return _load_path(os.fspath(path))
        if _default is not None:
            return _default
        env = os.environ.get("DOMCOV_LIBRARY")
        if env:
            _default = _load_path(env)
            return _default
        local = build_tree_library()
        if local is not None:
            _default = _load_path(str(local))
            return _default
        try:
            _default = _load_path(SONAME)
        except LibraryNotFound as e:
            raise LibraryNotFound(
                f"libdomcov not found: pass library=PATH, set DOMCOV_LIBRARY, build the "
                f"checkout (meson setup build && ninja -C build) or install it "
                f"(meson install -C build): {e}") from None
        return _default
