"""The public API: Database (an open store) and the handle-less functions."""
from __future__ import annotations

import math
import os
import threading
import weakref
from ctypes import POINTER, byref, c_double, c_int, c_void_p
from typing import Any, Callable, List, Optional, Tuple, TypeVar, Union

from . import _lib, errors
from ._lib import Library, StrPath
from .errors import DatabaseClosed, Error, InvalidArgument, StoreNotFound, error_class
from .results import (OFFICE_KINDS, Address, AddressCity, AddressResult, AddressStatus, Export,
                      ImportProgress, ImportReport, Office, PointResult, PointStatus, StoreInfo,
                      Suggestion)

Text = Union[str, bytes]
R = TypeVar("R")

#: DOMCOV_IMPORT_STRICT
IMPORT_STRICT = 0x1
#: DOMCOV_ADDRESS_MAX_BYTES
ADDRESS_MAX_BYTES = 4096
#: DOMCOV_NEAREST_OFFICES_MAX
NEAREST_OFFICES_MAX = 1000
#: DOMCOV_CITY_MAX_DISTANCE_M: the nearest city is looked for this far from its centre, at most.
CITY_MAX_DISTANCE_M = 50000.0
#: AddressResult.qc_house values (DOMCOV_QC_HOUSE_*, as DaData's qc_house).
QC_HOUSE_EXACT = 2
QC_HOUSE_EXTENSION = 3
QC_HOUSE_NOT_FOUND = 10
#: DOMCOV_CHECK_* flags, what check_point(distance=False, city=False) and
#: check(distance=False, coverage_city=False) pass: leave out the nearest active
#: zone of an uncovered service and the city of the point (a status-only check
#: is several times faster).
CHECK_NO_DISTANCE = 0x1
CHECK_NO_CITY = 0x2


# --------------------------------------------------------------------------
# Helpers

def _raise(lib: Library, status: int, *, path: Optional[str] = None,
           report: Optional[ImportReport] = None, errmsg: Optional[bytes] = None) -> None:
    """Raises the exception of a failed call.  errmsg must have been read right
    after the call (domcov_errmsg is per thread and valid until the next call)."""
    message = errmsg.decode("utf-8", "replace") if errmsg else ""
    if not message:
        raw = lib.fn("domcov_strerror")(status)
        message = raw.decode("utf-8", "replace") if raw else f"status {status}"
    cls = error_class(status)
    if cls is errors.IOError and path is not None and not os.path.exists(path):
        cls = StoreNotFound
    raise cls(message, code=status, report=report)


def _check(lib: Library, status: int, *, path: Optional[str] = None) -> None:
    if status != 0:
        errmsg = lib.fn("domcov_errmsg")(None)
        _raise(lib, status, path=path, errmsg=errmsg)


def _text(value: Text, what: str) -> bytes:
    """UTF-8 bytes for a C string.  bytes are passed as they are (the library
    validates UTF-8); a NUL inside would silently cut the C string, so it is refused."""
    if isinstance(value, str):
        try:
            raw = value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidArgument(f"{what} is not valid Unicode") from None
    elif isinstance(value, (bytes, bytearray)):
        raw = bytes(value)
    else:
        raise TypeError(f"{what} must be str or bytes, not {type(value).__name__}")
    if b"\0" in raw:
        raise InvalidArgument(f"{what} contains a NUL character")
    return raw


def _opt_text(value: Optional[Text], what: str) -> Optional[bytes]:
    return None if value is None else _text(value, what)


def _path(value: StrPath, what: str = "path") -> bytes:
    raw = os.fsencode(value)
    if b"\0" in raw:
        raise InvalidArgument(f"{what} contains a NUL character")
    return raw


def _coord(value: float, what: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{what} must be a number, not {type(value).__name__}") from None


def _check_flags(distance: bool, city: bool) -> int:
    return (0 if distance else CHECK_NO_DISTANCE) | (0 if city else CHECK_NO_CITY)


def _report(lib: Library, ptr: Any) -> Optional[ImportReport]:
    if not ptr:
        return None
    try:
        return ImportReport._from_c(ptr.contents)
    finally:
        lib.fn("domcov_import_report_free")(ptr)


def _report_call(lib: Library, name: str, *args: Any) -> ImportReport:
    """Runs an import-like call whose last argument receives a report."""
    out = POINTER(_lib.ImportReportC)()
    status = lib.fn(name)(*args, byref(out))
    errmsg = lib.fn("domcov_errmsg")(None) if status != 0 else None
    report = _report(lib, out)
    if status != 0:
        _raise(lib, status, report=report, errmsg=errmsg)
    assert report is not None
    return report


def _match_options(city: Optional[Text], max_candidates: int) -> Any:
    if city is None and not max_candidates:
        return None
    if not 0 <= max_candidates <= 100:
        raise InvalidArgument(f"max_candidates must be 0..100, not {max_candidates}")
    return byref(_lib.MatchOptionsC(_opt_text(city, "city"), max_candidates))


def _address_args(text: Text, city: Optional[Text], max_candidates: int) -> Tuple[bytes, Any, str]:
    """The C text, the match options and the str query of an address check."""
    raw = _text(text, "address")
    opts = _match_options(city, max_candidates)
    return raw, opts, text if isinstance(text, str) else raw.decode("utf-8", "replace")


# --------------------------------------------------------------------------
# Handles: a Database may be closed (or reloaded) while other threads are
# still inside a call on it.  domcov_close must not race with those calls, so
# the native handle is released by whoever finishes with it last.

class _Handle:
    __slots__ = ("ptr", "users", "retired")

    def __init__(self, ptr: int) -> None:
        self.ptr = ptr
        self.users = 0
        self.retired = False


class _State:
    def __init__(self, lib: Library, ptr: int) -> None:
        self.lib = lib
        self.lock = threading.Lock()
        self.current: Optional[_Handle] = _Handle(ptr)

    def acquire(self) -> _Handle:
        with self.lock:
            h = self.current
            if h is None:
                raise DatabaseClosed("the database is closed", code=1)
            h.users += 1
            return h

    def release(self, h: _Handle) -> None:
        with self.lock:
            h.users -= 1
            free = h.retired and h.users == 0
        if free:
            self.lib.fn("domcov_close")(h.ptr)

    def _retire(self, h: Optional[_Handle]) -> None:
        if h is None:
            return
        with self.lock:
            h.retired = True
            free = h.users == 0
        if free:
            self.lib.fn("domcov_close")(h.ptr)

    def replace(self, ptr: int) -> None:
        with self.lock:
            old = self.current
            if old is None:
                self.lib.fn("domcov_close")(ptr)
                raise DatabaseClosed("the database is closed", code=1)
            self.current = _Handle(ptr)
        self._retire(old)

    def close(self) -> None:
        with self.lock:
            old, self.current = self.current, None
        self._retire(old)


def _open_ptr(lib: Library, path: str) -> int:
    out = c_void_p()
    status = lib.fn("domcov_open")(_path(path), 0, byref(out))
    if status != 0:
        errmsg = lib.fn("domcov_errmsg")(None)
        _raise(lib, status, path=path, errmsg=errmsg)
    assert out.value
    return out.value


class Database:
    """An open coverage store.  Use domcov.open(path); close() or a with block.

    Safe to share between threads: every query releases the GIL while the
    library works, and close() (or reload()) waits for no one but frees the
    native handle only after the last call using it returned.
    """

    def __init__(self, path: StrPath, *, library: Optional[StrPath] = None) -> None:
        self._lib = _lib.load(library)
        self.path: str = os.fspath(path)
        self._state = _State(self._lib, _open_ptr(self._lib, self.path))
        self._finalizer = weakref.finalize(self, self._state.close)

    # ---- lifetime

    def close(self) -> None:
        """Closes the store; closing again does nothing.  Later calls raise DatabaseClosed."""
        self._state.close()

    @property
    def closed(self) -> bool:
        return self._state.current is None

    def reload(self) -> None:
        """Opens the store again to see an update (an open handle keeps its data)."""
        ptr = _open_ptr(self._lib, self.path)
        self._state.replace(ptr)

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<domcov.Database {self.path!r}{' closed' if self.closed else ''}>"

    def _call(self, fn: Callable[[int], R]) -> R:
        h = self._state.acquire()
        try:
            return fn(h.ptr)
        finally:
            self._state.release(h)

    # ---- queries

    def info(self) -> StoreInfo:
        """The store's versions, row counts and bounding box."""
        lib = self._lib

        def run(ptr: int) -> StoreInfo:
            out = POINTER(_lib.StoreInfoC)()
            _check(lib, lib.fn("domcov_store_info_get")(ptr, byref(out)))
            try:
                return StoreInfo._from_c(out.contents)
            finally:
                lib.fn("domcov_store_info_free")(out)
        return self._call(run)

    def check_point(self, lat: float, lon: float, *, distance: bool = True,
                    city: bool = True) -> PointResult:
        """Which services cover a point (WGS84 degrees).  InvalidArgument out of range.

        distance=False: no nearest active zone for an uncovered service (its
        distance_m and nearest_zone_id are None); city=False: .city is None.
        Both off, a status-only check, is several times faster.
        """
        lib = self._lib
        la, lo = _coord(lat, "lat"), _coord(lon, "lon")
        flags = _check_flags(distance, city)

        def run(ptr: int) -> PointResult:
            out = POINTER(_lib.PointResultC)()
            if flags:
                status = lib.fn("domcov_check_point_ex")(ptr, la, lo, flags, byref(out))
            else:  # works with a library older than the _ex functions too
                status = lib.fn("domcov_check_point")(ptr, la, lo, byref(out))
            _check(lib, status)
            try:
                return PointResult._from_c(out.contents, city=city)
            finally:
                lib.fn("domcov_point_result_free")(out)
        return self._call(run)

    def point_status(self, lat: float, lon: float) -> PointStatus:
        """The status-only check of a point: per service available, status,
        technology and zone_id (as check_point gives them) and the number of
        covering zones; no distances, city or zone list.  The fastest check
        (domcov_check_point_status: the library allocates nothing).
        InvalidArgument out of range."""
        lib = self._lib
        la, lo = _coord(lat, "lat"), _coord(lon, "lon")

        def run(ptr: int) -> PointStatus:
            out = _lib.PointStatusC()
            _check(lib, lib.fn("domcov_check_point_status")(ptr, la, lo, byref(out)))
            return PointStatus._from_c(la, lo, out)
        return self._call(run)

    def check(self, text: Text, *, city: Optional[Text] = None, max_candidates: int = 0,
              distance: bool = True, coverage_city: bool = True) -> AddressResult:
        """Matches a free-text address to a house and checks coverage there.

        city: code or name assumed when the text names none.  max_candidates: 0 = 5.
        distance, coverage_city: as check_point's distance and city, for .coverage
        (coverage_city=False: .coverage.city is None; .city, the address's city, stays).
        """
        lib = self._lib
        raw, opts, query = _address_args(text, city, max_candidates)
        flags = _check_flags(distance, coverage_city)

        def run(ptr: int) -> AddressResult:
            out = POINTER(_lib.AddressResultC)()
            if flags:
                status = lib.fn("domcov_check_address_ex")(ptr, raw, opts, flags, byref(out))
            else:
                status = lib.fn("domcov_check_address")(ptr, raw, opts, byref(out))
            _check(lib, status)
            try:
                return AddressResult._from_c(query, out.contents, coverage_city=coverage_city)
            finally:
                lib.fn("domcov_address_result_free")(out)
        return self._call(run)

    def check_status(self, text: Text, *, city: Optional[Text] = None) -> AddressStatus:
        """The status-only address check: check()'s status, match_level,
        qc_house, street_fuzzy, house_id, city_code, lat/lon and coverage at
        the house (a PointStatus: no distances, coverage city or zone list);
        no display address, city phones, parsed address or candidates.  The
        answer of check(text, city=city, distance=False, coverage_city=False)
        on every field they share, with the same errors; the fastest address
        check (domcov_check_address_status: nothing to free).

        city: code or name assumed when the text names none.
        """
        lib = self._lib
        raw, opts, query = _address_args(text, city, 0)

        def run(ptr: int) -> AddressStatus:
            out = _lib.AddressStatusC()
            _check(lib, lib.fn("domcov_check_address_status")(ptr, raw, opts, byref(out)))
            return AddressStatus._from_c(query, out)
        return self._call(run)

    def suggest(self, prefix: Text, *, limit: int = 10, city: Optional[Text] = None) -> List[Suggestion]:
        """Autocomplete for an address being typed (limit 1..100)."""
        lib = self._lib
        raw = _text(prefix, "prefix")
        opts = _match_options(city, 0)

        def run(ptr: int) -> List[Suggestion]:
            out = POINTER(_lib.SuggestionsC)()
            _check(lib, lib.fn("domcov_suggest")(ptr, raw, opts, int(limit), byref(out)))
            try:
                c = out.contents
                return [Suggestion._from_c(c.items[i]) for i in range(c.count)]
            finally:
                lib.fn("domcov_suggestions_free")(out)
        return self._call(run)

    def nearest_offices(self, lat: float, lon: float, limit: int = 5,
                        kind: Optional[str] = None) -> List[Office]:
        """The `limit` (1..NEAREST_OFFICES_MAX) offices and payment terminals
        nearest to a point, nearest first; kind None (or "any"), "office" or
        "terminal".  Nearest to an address: check() it, then use its lat/lon."""
        lib = self._lib
        la, lo = _coord(lat, "lat"), _coord(lon, "lon")
        if kind is None:
            kind = "any"
        if kind not in OFFICE_KINDS:
            raise InvalidArgument(f"kind must be None or one of {', '.join(OFFICE_KINDS)}, "
                                  f"not {kind!r}")
        k = OFFICE_KINDS.index(kind)
        if isinstance(limit, bool) or not isinstance(limit, int):
            raise TypeError(f"limit must be an int, not {type(limit).__name__}")

        def run(ptr: int) -> List[Office]:
            out = POINTER(_lib.OfficeListC)()
            _check(lib, lib.fn("domcov_nearest_offices")(ptr, la, lo, limit, k, byref(out)))
            try:
                c = out.contents
                return [Office._from_c(c.offices[i]) for i in range(c.count)]
            finally:
                lib.fn("domcov_office_list_free")(out)
        return self._call(run)

    def cities(self) -> List[AddressCity]:
        """The store's cities with their regional phones, in the store's order."""
        lib = self._lib

        def run(ptr: int) -> List[AddressCity]:
            n = c_int(0)
            _check(lib, lib.fn("domcov_city_count")(ptr, byref(n)))
            found = []
            for i in range(n.value):
                c = _lib.CityC()
                _check(lib, lib.fn("domcov_city_get")(ptr, i, byref(c)))
                found.append(AddressCity._from_c(c))
            return found
        return self._call(run)

    def city(self, code_or_name: Text) -> Optional[AddressCity]:
        """The city with this code ("perm"), else this name in any case ("пермь"),
        with its phones; None when the store has no such city.  For an answer
        that names no single house: db.city(result.candidates[0].city_code)."""
        lib = self._lib
        raw = _text(code_or_name, "code_or_name")

        def run(ptr: int) -> Optional[AddressCity]:
            c = _lib.CityC()
            _check(lib, lib.fn("domcov_city_find")(ptr, raw, byref(c)))
            return AddressCity._from_c(c)
        return self._call(run)

    def normalize(self, text: Text) -> Address:
        """domcov.normalize with this database's library (needs no store)."""
        return normalize(text, library=self._lib)

    def import_houses(self, csv_path: StrPath, *, reload: bool = True, **options: Any) -> ImportReport:
        """Imports an address register (CSV) into this store, then reloads it
        (reload=False keeps answering from the data loaded before).  Options as
        for domcov.import_houses."""
        self._state.release(self._state.acquire())  # raises DatabaseClosed when closed
        report = import_houses(self.path, csv_path, library=self._lib, **options)
        if reload:
            self.reload()
        return report


# --------------------------------------------------------------------------
# Module functions

def open(path: StrPath, *, library: Optional[StrPath] = None) -> Database:  # noqa: A001
    """Opens a coverage store read-only.

    library: the libdomcov to use; default $DOMCOV_LIBRARY, else the checkout's
    build/lib/libdomcov.so, else libdomcov.so.0 from the loader.
    Raises StoreNotFound / IOError, NotAStore, FormatVersionError, CorruptStore.
    """
    return Database(path, library=library)


def _library(library: Union[None, StrPath, Library]) -> Library:
    return library if isinstance(library, Library) else _lib.load(library)


def library_path(library: Optional[StrPath] = None) -> str:
    """The path (or soname) of the libdomcov the binding uses."""
    return _library(library).path


def version(*, library: Optional[StrPath] = None) -> str:
    """The library's version, "MAJOR.MINOR.PATCH"."""
    return str(_library(library).fn("domcov_version")().decode())


def strerror(status: int, *, library: Optional[StrPath] = None) -> str:
    return str(_library(library).fn("domcov_strerror")(int(status)).decode())


def status_name(status: int, *, library: Optional[StrPath] = None) -> str:
    return str(_library(library).fn("domcov_status_name")(int(status)).decode())


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float, *,
               library: Optional[StrPath] = None) -> float:
    """Geodesic distance in metres on WGS84."""
    lib = _library(library)
    out = c_double(math.nan)
    _check(lib, lib.fn("domcov_distance_m")(_coord(lat1, "lat1"), _coord(lon1, "lon1"),
                                            _coord(lat2, "lat2"), _coord(lon2, "lon2"), byref(out)))
    return out.value


def normalize(text: Text, *, library: Union[None, StrPath, Library] = None) -> Address:
    """Parses a free-text Russian address into normalized parts (no store needed)."""
    lib = _library(library)
    raw = _text(text, "address")
    out = POINTER(_lib.AddressC)()
    _check(lib, lib.fn("domcov_normalize")(raw, byref(out)))
    try:
        return Address._from_c(out.contents)
    finally:
        lib.fn("domcov_address_free")(out)


def build_store(source_dir: StrPath, store_path: StrPath, *, strict: bool = False,
                library: Optional[StrPath] = None) -> ImportReport:
    """Builds a store from a source directory (store.conf, cities.csv, zones/, houses/, offices.csv).

    InputError (with .report) when strict and something was rejected."""
    lib = _library(library)
    return _report_call(lib, "domcov_build_store", _path(source_dir), _path(store_path),
                        IMPORT_STRICT if strict else 0)


def _delimiter(value: Union[None, str, int]) -> int:
    if value is None:
        return 0
    if isinstance(value, str):
        if len(value) != 1:
            raise InvalidArgument(f"delimiter must be one character, not {value!r}")
        return ord(value)
    return int(value)


def _house_args(store_path: StrPath, csv_path: StrPath, city: Optional[Text],
                address_column: Optional[Text], lat_column: Optional[Text],
                lon_column: Optional[Text], id_column: Optional[Text],
                delimiter: Union[None, str, int], strict: bool) -> List[Any]:
    opts = _lib.HouseImportOptionsC(
        _opt_text(address_column, "address_column"), _opt_text(lat_column, "lat_column"),
        _opt_text(lon_column, "lon_column"), _opt_text(id_column, "id_column"),
        _opt_text(city, "city"), _delimiter(delimiter), IMPORT_STRICT if strict else 0)
    return [_path(store_path, "store_path"), _path(csv_path, "csv_path"), byref(opts)]


def import_houses(store_path: StrPath, csv_path: StrPath, *, city: Optional[Text] = None,
                  address_column: Optional[Text] = None, lat_column: Optional[Text] = None,
                  lon_column: Optional[Text] = None, id_column: Optional[Text] = None,
                  delimiter: Union[None, str, int] = None, strict: bool = False,
                  progress: Optional[Callable[[ImportProgress], Any]] = None, step: int = 100,
                  library: Union[None, StrPath, Library] = None) -> ImportReport:
    """Loads a CSV register of geocoded addresses into a store (created when missing).

    Columns default to address, lat, lon, house_id; delimiter None detects it.
    strict: any rejected row fails the import (InputError with .report), nothing
    is written.  progress: called with an ImportProgress after every `step` rows
    (total: the file's rows, counted first).  Open handles keep their data:
    Database.import_houses reloads its own."""
    lib = _library(library)
    args = _house_args(store_path, csv_path, city, address_column, lat_column, lon_column,
                       id_column, delimiter, strict)
    if progress is not None:
        return _run(ImportJob(lib, "domcov_import_houses_begin", args, step), progress)
    return _report_call(lib, "domcov_import_houses", *args)


def import_houses_iter(store_path: StrPath, csv_path: StrPath, *, city: Optional[Text] = None,
                       address_column: Optional[Text] = None, lat_column: Optional[Text] = None,
                       lon_column: Optional[Text] = None, id_column: Optional[Text] = None,
                       delimiter: Union[None, str, int] = None, strict: bool = False,
                       step: int = 100,
                       library: Union[None, StrPath, Library] = None) -> ImportJob:
    """import_houses step by step (see import_zones_iter): an ImportJob yielding
    an ImportProgress after every `step` rows; total is None for a file that
    cannot be read twice (a pipe)."""
    lib = _library(library)
    args = _house_args(store_path, csv_path, city, address_column, lat_column, lon_column,
                       id_column, delimiter, strict)
    return ImportJob(lib, "domcov_import_houses_begin", args, step)


def _zone_options(service: Optional[Text], technology: Optional[Text], status: Optional[Text],
                  city: Optional[Text], crs: Optional[Text], replace_city: Optional[Text],
                  strict: bool) -> Any:
    return _lib.ZoneImportOptionsC(
        _opt_text(service, "service"), _opt_text(technology, "technology"),
        _opt_text(status, "status"), _opt_text(city, "city"), _opt_text(crs, "crs"),
        _opt_text(replace_city, "replace_city"), IMPORT_STRICT if strict else 0)


class ImportJob:
    """A step-wise import: iterate it for progress; the store is replaced when
    the iteration ends (or at commit()).

        job = domcov.import_zones_iter(store, "perm.geojson", city="perm")
        for p in job:                       # ImportProgress after every `step` features
            print(f"{p.done}/{p.total}")
        print(job.report.imported)          # committed: the store was replaced

    The file was read and the store copied when the job was made, so file
    errors (invalid JSON, ...) and a held import lock raise there.  close()
    (or the end of a `with` block) before the commit abandons the import and
    leaves the store as it was; a job left unfinished holds the store's import
    lock until it is closed or garbage-collected.  One thread at a time.
    """

    def __init__(self, lib: Library, begin: str, args: List[Any], step: int) -> None:
        if isinstance(step, bool) or not isinstance(step, int):
            raise TypeError(f"step must be an int, not {type(step).__name__}")
        if step < 1:
            raise InvalidArgument(f"step must be at least 1, not {step}")
        self._lib = lib
        self._step = step
        #: The last progress (None before the first step).
        self.progress: Optional[ImportProgress] = None
        #: The report, once committed.
        self.report: Optional[ImportReport] = None
        ptr = c_void_p()
        _check(lib, lib.fn(begin)(*args, byref(ptr)))
        self._ptr: Optional[c_void_p] = ptr
        self._finalizer = weakref.finalize(self, lib.fn("domcov_import_free"), ptr)

    @property
    def committed(self) -> bool:
        return self.report is not None

    def __iter__(self) -> "ImportJob":
        return self

    def __next__(self) -> ImportProgress:
        if self._ptr is None:
            raise StopIteration
        if self.progress is not None and self.progress.finished:
            self.commit()
            raise StopIteration
        return self.step()

    def step(self, max_items: Optional[int] = None) -> ImportProgress:
        """Imports up to max_items (default: the job's step) more features or rows."""
        ptr = self._live()
        n = self._step if max_items is None else max_items
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise InvalidArgument(f"max_items must be an int of at least 1, not {n!r}")
        p = _lib.ImportProgressC()
        status = self._lib.fn("domcov_import_step")(ptr, n, byref(p))
        if status != 0:
            errmsg = self._lib.fn("domcov_errmsg")(None)
            self.close()  # a failed step is fatal: only free may follow
            _raise(self._lib, status, errmsg=errmsg)
        self.progress = ImportProgress(p.done, None if p.total < 0 else p.total, bool(p.finished))
        return self.progress

    def commit(self) -> ImportReport:
        """Imports what is left, replaces the store and returns the report
        (InputError with .report when strict refused a rejected feature)."""
        ptr = self._live()
        try:
            self.report = _report_call(self._lib, "domcov_import_commit", ptr)
        finally:
            self.close()
        return self.report

    def close(self) -> None:
        """Ends the job; without a commit the store is left unchanged.  Closing again does nothing."""
        self._ptr = None
        self._finalizer()

    def _live(self) -> c_void_p:
        if self._ptr is None:
            raise InvalidArgument("the import is " + ("committed" if self.committed else "closed"),
                                  code=1)
        return self._ptr

    def __enter__(self) -> "ImportJob":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        state = ("committed" if self.committed else "closed" if self._ptr is None
                 else f"at {self.progress.done}" if self.progress else "begun")
        return f"<domcov.ImportJob {state}>"


def _run(job: ImportJob, progress: Optional[Callable[[ImportProgress], Any]]) -> ImportReport:
    with job:
        for p in job:
            if progress is not None:
                progress(p)
    assert job.report is not None
    return job.report


def _zone_args(store_path: StrPath, geojson_path: StrPath, service: Optional[Text],
               technology: Optional[Text], status: Optional[Text], city: Optional[Text],
               crs: Optional[Text], replace_city: Optional[Text], strict: bool) -> List[Any]:
    opts = _zone_options(service, technology, status, city, crs, replace_city, strict)
    return [_path(store_path, "store_path"), _path(geojson_path, "geojson_path"), byref(opts)]


def _office_args(store_path: StrPath, path: StrPath, crs: Optional[Text], strict: bool) -> List[Any]:
    opts = _lib.OfficeImportOptionsC(_opt_text(crs, "crs"), IMPORT_STRICT if strict else 0)
    return [_path(store_path, "store_path"), _path(path), byref(opts)]


def import_zones(store_path: StrPath, geojson_path: StrPath, *, service: Optional[Text] = None,
                 technology: Optional[Text] = None, status: Optional[Text] = None,
                 city: Optional[Text] = None, crs: Optional[Text] = None,
                 replace_city: Optional[Text] = None, strict: bool = False,
                 progress: Optional[Callable[[ImportProgress], Any]] = None, step: int = 100,
                 library: Union[None, StrPath, Library] = None) -> ImportReport:
    """Imports a GeoJSON file of zones into a store, atomically (docs/import.md).

    service, technology, status ("active"/"planned"), city: what a feature's
    properties lack.  crs: the CRS of a file without a "crs" member
    ("EPSG:3857"; default WGS84 lon/lat).  replace_city: that city's zones the
    file does not name are deleted (report.deleted).  strict: any rejected
    feature fails the import (InputError with .report), nothing is written.
    progress: called with an ImportProgress after every `step` features.
    Open Databases keep their data until reload()."""
    lib = _library(library)
    args = _zone_args(store_path, geojson_path, service, technology, status, city, crs,
                      replace_city, strict)
    if progress is not None:
        return _run(ImportJob(lib, "domcov_import_zones_begin", args, step), progress)
    return _report_call(lib, "domcov_import_zones", *args)


def import_zones_iter(store_path: StrPath, geojson_path: StrPath, *,
                      service: Optional[Text] = None, technology: Optional[Text] = None,
                      status: Optional[Text] = None, city: Optional[Text] = None,
                      crs: Optional[Text] = None, replace_city: Optional[Text] = None,
                      strict: bool = False, step: int = 100,
                      library: Union[None, StrPath, Library] = None) -> ImportJob:
    """import_zones step by step: an ImportJob yielding an ImportProgress after
    every `step` features; the store is replaced when the iteration ends, and
    the job's .report is set then."""
    lib = _library(library)
    args = _zone_args(store_path, geojson_path, service, technology, status, city, crs,
                      replace_city, strict)
    return ImportJob(lib, "domcov_import_zones_begin", args, step)


def import_offices(store_path: StrPath, path: StrPath, *, crs: Optional[Text] = None,
                   strict: bool = False, progress: Optional[Callable[[ImportProgress], Any]] = None,
                   step: int = 100, library: Union[None, StrPath, Library] = None) -> ImportReport:
    """Imports offices and payment terminals (CSV, or GeoJSON Points in `crs`)
    into a store, atomically; upserted by id.  Options as for import_zones."""
    lib = _library(library)
    args = _office_args(store_path, path, crs, strict)
    if progress is not None:
        return _run(ImportJob(lib, "domcov_import_offices_begin", args, step), progress)
    return _report_call(lib, "domcov_import_offices", *args)


def import_offices_iter(store_path: StrPath, path: StrPath, *, crs: Optional[Text] = None,
                        strict: bool = False, step: int = 100,
                        library: Union[None, StrPath, Library] = None) -> ImportJob:
    """import_offices step by step (see import_zones_iter); total is None for CSV."""
    lib = _library(library)
    return ImportJob(lib, "domcov_import_offices_begin", _office_args(store_path, path, crs, strict),
                     step)


def export_zones(store_path: StrPath, city: Optional[Text] = None, *,
                 library: Union[None, StrPath, Library] = None) -> Export:
    """A store's zones (all, or one city's by code or name) as GeoJSON text,
    in zone id order: a str with .features, the number of zones.  Importing
    it into another store and exporting again gives the same text.
    InputError for an unknown city."""
    lib = _library(library)
    out = POINTER(_lib.ExportC)()
    _check(lib, lib.fn("domcov_export_zones")(_path(store_path, "store_path"),
                                              _opt_text(city, "city"), byref(out)))
    try:
        return Export._from_c(out.contents)
    finally:
        lib.fn("domcov_export_free")(out)


__all__ = ["Database", "open", "library_path", "version", "strerror", "status_name", "distance_m",
           "normalize", "build_store", "import_houses", "import_houses_iter", "import_zones",
           "import_offices",
           "import_zones_iter", "import_offices_iter", "ImportJob", "export_zones", "IMPORT_STRICT", "ADDRESS_MAX_BYTES", "NEAREST_OFFICES_MAX",
           "CITY_MAX_DISTANCE_M", "QC_HOUSE_EXACT", "QC_HOUSE_EXTENSION", "QC_HOUSE_NOT_FOUND", "Error"]
