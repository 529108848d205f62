"""Exceptions: one class per `enum domcov_status`, all subclasses of domcov.Error."""
from __future__ import annotations

import builtins
from enum import IntEnum
from typing import TYPE_CHECKING, Dict, Optional, Type

if TYPE_CHECKING:  # pragma: no cover
    from .results import ImportReport


class Status(IntEnum):
    """enum domcov_status (append-only in C, so values never change meaning)."""

    OK = 0
    ERR_ARG = 1
    ERR_NOMEM = 2
    ERR_IO = 3
    ERR_NOT_STORE = 4
    ERR_FORMAT_VERSION = 5
    ERR_CORRUPT = 6
    ERR_DATABASE = 7
    ERR_INPUT = 8
    ERR_INTERNAL = 9
    ERR_GEOMETRY = 10
    ERR_TOO_LARGE = 11


class Error(Exception):
    """A failed libdomcov call.

    code     the DOMCOV_ERR_* status (an int; None for errors of the binding
             itself: library not found, function missing from the library)
    name     "DOMCOV_ERR_IO", ...
    message  domcov_errmsg() of the failed call, else domcov_strerror()
    """

    code: Optional[int] = None

    def __init__(self, message: str, code: Optional[int] = None, name: Optional[str] = None,
                 report: "Optional[ImportReport]" = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message
        self.name = name if name is not None else _status_name(self.code)
        #: For DOMCOV_ERR_INPUT from an import in strict mode: what was rejected.
        self.report = report

    def __str__(self) -> str:
        return f"{self.name}: {self.message}" if self.name else self.message


def _status_name(code: Optional[int]) -> Optional[str]:
    if code is None:
        return None
    try:
        return "DOMCOV_" + Status(code).name
    except ValueError:
        return "DOMCOV_ERR_UNKNOWN"


class InvalidArgument(Error, ValueError):
    """DOMCOV_ERR_ARG: an argument is NULL, out of range, NaN, invalid UTF-8, ..."""
    code = Status.ERR_ARG


class DatabaseClosed(InvalidArgument):
    """The Database was closed (raised by the binding; code DOMCOV_ERR_ARG)."""


class OutOfMemory(Error, MemoryError):
    """DOMCOV_ERR_NOMEM."""
    code = Status.ERR_NOMEM


class IOError(Error, builtins.OSError):  # noqa: A001 - domcov.IOError by design
    """DOMCOV_ERR_IO: a file cannot be opened, read or written (or an import lock is held)."""
    code = Status.ERR_IO


class StoreNotFound(IOError, FileNotFoundError):
    """DOMCOV_ERR_IO from open() for a path that does not exist."""


class NotAStore(Error):
    """DOMCOV_ERR_NOT_STORE: the file is not a domcov coverage store."""
    code = Status.ERR_NOT_STORE


class FormatVersionError(Error):
    """DOMCOV_ERR_FORMAT_VERSION: a store format this library does not read."""
    code = Status.ERR_FORMAT_VERSION


class CorruptStore(Error):
    """DOMCOV_ERR_CORRUPT: the store is damaged or inconsistent."""
    code = Status.ERR_CORRUPT


class DatabaseError(Error):
    """DOMCOV_ERR_DATABASE: SQLite/SpatiaLite reported an error."""
    code = Status.ERR_DATABASE


class InputError(Error, ValueError):
    """DOMCOV_ERR_INPUT: bad input data (an import source, an unknown city, ...)."""
    code = Status.ERR_INPUT


class InternalError(Error):
    """DOMCOV_ERR_INTERNAL: a bug in libdomcov."""
    code = Status.ERR_INTERNAL


class GeometryError(Error):
    """DOMCOV_ERR_GEOMETRY: a geometry is invalid and cannot be used."""
    code = Status.ERR_GEOMETRY


class TooLarge(Error, ValueError):
    """DOMCOV_ERR_TOO_LARGE: an input exceeds a documented limit."""
    code = Status.ERR_TOO_LARGE


class LibraryNotFound(Error, builtins.OSError):
    """libdomcov could not be loaded (binding error; code None)."""


class FunctionUnavailable(Error, NotImplementedError):
    """The loaded libdomcov lacks a function (built without it; code None)."""


BY_CODE: Dict[int, Type[Error]] = {
    Status.ERR_ARG: InvalidArgument,
    Status.ERR_NOMEM: OutOfMemory,
    Status.ERR_IO: IOError,
    Status.ERR_NOT_STORE: NotAStore,
    Status.ERR_FORMAT_VERSION: FormatVersionError,
    Status.ERR_CORRUPT: CorruptStore,
    Status.ERR_DATABASE: DatabaseError,
    Status.ERR_INPUT: InputError,
    Status.ERR_INTERNAL: InternalError,
    Status.ERR_GEOMETRY: GeometryError,
    Status.ERR_TOO_LARGE: TooLarge,
}


def error_class(code: int) -> Type[Error]:
    """The exception class of a status (domcov.Error for a status this binding does not know)."""
    return BY_CODE.get(code, Error)
