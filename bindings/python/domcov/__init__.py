"""domcov: can this address or coordinate get Dom.ru internet or TV?

Python bindings (ctypes, no compiled extension) for libdomcov::

    import domcov
    with domcov.open("build/data/sample.sqlite") as db:
        r = db.check("Екатеринбург, проспект Ленина 5")
        if r.covered:
            print(r.address, r.coverage.internet.technology)
        if r.city:  # known even when the house is not (ambiguous, street only, no point)
            print(r.city.name, r.city.sales_phone)

Results are frozen dataclasses with .to_dict(); failures raise a subclass of
domcov.Error carrying .code (the DOMCOV_ERR_* status) and .message.  The
library is found through the `library=` argument, $DOMCOV_LIBRARY, the
checkout's build/lib/libdomcov.so, or libdomcov.so.0 from the loader.
"""
from ._api import (ADDRESS_MAX_BYTES, CHECK_NO_CITY, CHECK_NO_DISTANCE, CITY_MAX_DISTANCE_M,
                   IMPORT_STRICT, NEAREST_OFFICES_MAX, QC_HOUSE_EXACT, QC_HOUSE_EXTENSION,
                   QC_HOUSE_NOT_FOUND, Database, ImportJob,
                   build_store, distance_m, export_zones, import_houses, import_houses_iter,
                   import_offices,
                   import_offices_iter, import_zones, import_zones_iter, library_path, normalize,
                   open, status_name, strerror, version)
from .errors import (CorruptStore, DatabaseClosed, DatabaseError, Error, FormatVersionError,
                     FunctionUnavailable, GeometryError, InputError, InternalError,
                     InvalidArgument, IOError, LibraryNotFound, NotAStore, OutOfMemory, Status,
                     StoreNotFound, TooLarge, error_class)
from .results import (Address, AddressCity, AddressResult, AddressStatus, Candidate, City,
                      Export, ImportProgress, ImportReport, Office, PointResult, PointStatus,
                      ServiceResult, ServiceStatus, StoreInfo, Suggestion, ZoneHit)

__version__ = "0.1.0"

__all__ = [
    "open", "Database", "normalize", "import_houses", "import_houses_iter", "build_store",
    "import_zones",
    "import_zones_iter", "import_offices", "import_offices_iter", "ImportJob", "export_zones",
    "distance_m", "version", "library_path", "strerror", "status_name", "IMPORT_STRICT",
    "ADDRESS_MAX_BYTES", "NEAREST_OFFICES_MAX", "CITY_MAX_DISTANCE_M", "QC_HOUSE_EXACT",
    "QC_HOUSE_EXTENSION", "QC_HOUSE_NOT_FOUND", "CHECK_NO_DISTANCE", "CHECK_NO_CITY",
    "Status", "Error", "error_class", "InvalidArgument", "DatabaseClosed", "OutOfMemory",
    "IOError", "StoreNotFound", "NotAStore", "FormatVersionError", "CorruptStore",
    "DatabaseError", "InputError", "InternalError", "GeometryError", "TooLarge",
    "LibraryNotFound", "FunctionUnavailable",
    "Address", "AddressCity", "AddressResult", "AddressStatus", "Candidate", "City", "Export",
    "ImportProgress", "ImportReport", "Office", "PointResult", "PointStatus", "ServiceResult", "ServiceStatus",
    "StoreInfo", "Suggestion", "ZoneHit",
]
