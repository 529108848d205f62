/*
 * domcov.h — can this address or coordinate get Dom.ru internet or TV?
 *
 * The one public header of libdomcov.  Conventions (see docs/api.md):
 *
 *  - Every function returns an int status (DOMCOV_OK or a DOMCOV_ERR_*) and
 *    writes its result through its last parameter.  domcov_strerror() names a
 *    status; domcov_errmsg() gives the detailed message of the last failed call.
 *  - Every object the library allocates has a named free function that
 *    accepts NULL.
 *  - Coordinates are WGS84 degrees, always in (lat, lon) order and named so;
 *    distances are metres and end in _m.
 *  - Strings are NUL-terminated UTF-8.  Strings inside a result belong to the
 *    result and live until it is freed.
 *  - Only ints, doubles, UTF-8 strings, opaque pointers and plain structs cross
 *    this interface (no varargs, no structs by value), so FFI bindings can
 *    use it directly.
 *
 * Thread safety:
 *  - A domcov_db handle is immutable once domcov_open() returned it: any
 *    number of threads may call the query functions (domcov_check_point,
 *    domcov_store_info, ...) on one handle at the same time without locking.
 *    domcov_close() must not race with any other call on the same handle.
 *  - Functions that take no handle (domcov_normalize, domcov_strerror, ...)
 *    are safe from any thread.
 *  - domcov_errmsg() reports the last failure *of the calling thread*, so
 *    concurrent callers never see each other's messages.
 *
 * Store updates:
 *  - A store is replaced as a whole (imports write a new file and rename it
 *    over the old one).  An open handle keeps answering from the data it
 *    loaded at open; open the store again to see an update.
 */
#ifndef DOMCOV_H
#define DOMCOV_H

#include "domcov_version.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define DOMCOV_API
#else
#define DOMCOV_API __attribute__((visibility("default")))
#endif

/* An open coverage store (opaque). */
typedef struct domcov_db domcov_db;

/* ------------------------------------------------------------------ */
/* Status codes.  Append-only: a released value never changes meaning. */

enum domcov_status {
    DOMCOV_OK = 0,
    DOMCOV_ERR_ARG = 1,            /* an argument is NULL, out of range, NaN, ... */
    DOMCOV_ERR_NOMEM = 2,          /* out of memory */
    DOMCOV_ERR_IO = 3,             /* a file cannot be opened, read or written */
    DOMCOV_ERR_NOT_STORE = 4,      /* the file is not a domcov coverage store */
    DOMCOV_ERR_FORMAT_VERSION = 5, /* a store of a format version this library does not read */
    DOMCOV_ERR_CORRUPT = 6,        /* the store is damaged or inconsistent */
    DOMCOV_ERR_DATABASE = 7,       /* SQLite/SpatiaLite reported an error */
    DOMCOV_ERR_INPUT = 8,          /* bad input data (import source, ...): see domcov_errmsg */
    DOMCOV_ERR_INTERNAL = 9,       /* a bug: please report with domcov_errmsg() */
    DOMCOV_ERR_GEOMETRY = 10,      /* a geometry is invalid and cannot be used */
    DOMCOV_ERR_TOO_LARGE = 11      /* an input exceeds a documented limit */
};

/* "DOMCOV_OK", "DOMCOV_ERR_ARG", ... for a status; "DOMCOV_ERR_UNKNOWN" otherwise. */
DOMCOV_API const char *domcov_status_name(int status);
/* A short English description of a status ("invalid argument", ...).  Never NULL. */
DOMCOV_API const char *domcov_strerror(int status);
/*
 * The detailed message of the last call that failed in the calling thread,
 * e.g. "latitude 91 is out of range [-90, 90]".  With db == NULL it returns
 * the thread's last message whatever it was about (use it after a failed
 * domcov_open or a handle-less call); with a handle it returns "" when the
 * thread's last failure was about another handle.  "" when nothing failed.
 * The string stays valid until the next domcov_ call in this thread.
 */
DOMCOV_API const char *domcov_errmsg(const domcov_db *db);

/* The library's version as "MAJOR.MINOR.PATCH" (may differ from the header's). */
DOMCOV_API const char *domcov_version(void);

/* ------------------------------------------------------------------ */
/* Stores */

/* Store format versions this library reads (inclusive). */
#define DOMCOV_STORE_FORMAT_MIN 1
#define DOMCOV_STORE_FORMAT_MAX 1

/* Flags for domcov_open; none are defined yet: pass 0. */
#define DOMCOV_OPEN_DEFAULT 0u

/*
 * Opens a coverage store read-only and loads its query indexes.  On failure
 * *out is NULL and the status says why: DOMCOV_ERR_IO (missing/unreadable),
 * DOMCOV_ERR_NOT_STORE (not SQLite, or SQLite of another schema),
 * DOMCOV_ERR_FORMAT_VERSION (a format outside DOMCOV_STORE_FORMAT_MIN..MAX),
 * DOMCOV_ERR_CORRUPT.
 */
DOMCOV_API int domcov_open(const char *path, unsigned flags, domcov_db **out);
/* Releases the handle; NULL is allowed. */
DOMCOV_API void domcov_close(domcov_db *db);

typedef struct domcov_store_info {
    int format_version;
    const char *data_version;  /* "2026-11-24.1" or as the source said */
    const char *built_at;      /* ISO 8601 UTC */
    const char *source;        /* free text: what the store was built from */
    const char *path;          /* the path it was opened from */
    long long zones;           /* rows per table */
    long long cities;
    long long streets;
    long long houses;
    long long houses_with_point;
    long long offices;         /* offices and payment terminals */
    int has_bbox;              /* 0 when the store has no zones */
    double min_lat, min_lon, max_lat, max_lon; /* bounding box of all zones */
} domcov_store_info;

DOMCOV_API int domcov_store_info_get(const domcov_db *db, domcov_store_info **out);
DOMCOV_API void domcov_store_info_free(domcov_store_info *info);

/* ------------------------------------------------------------------ */
/* Point checks */

enum domcov_service {
    DOMCOV_SERVICE_INTERNET = 0,
    DOMCOV_SERVICE_TV = 1
};
#define DOMCOV_SERVICE_COUNT 2

/* "internet", "tv"; NULL for anything else. */
DOMCOV_API const char *domcov_service_name(int service);

enum domcov_zone_status {
    DOMCOV_ZONE_NONE = 0,    /* no zone of this service contains the point */
    DOMCOV_ZONE_ACTIVE = 1,  /* connected now */
    DOMCOV_ZONE_PLANNED = 2  /* only a planned zone contains the point */
};

/* "none", "active", "planned"; NULL for anything else. */
DOMCOV_API const char *domcov_zone_status_name(int status);

/* The nearest city is looked for this far from its centre, at most. */
#define DOMCOV_CITY_MAX_DISTANCE_M 50000.0

typedef struct domcov_service_result {
    int service;            /* enum domcov_service */
    int available;          /* 1: an active zone covers the point */
    int status;             /* enum domcov_zone_status of the best covering zone */
    const char *technology; /* "FTTB", "GPON", "DOCSIS", ...; NULL when status is NONE */
    const char *zone_id;    /* the best covering zone's id; NULL when status is NONE */
    /*
     * When not available: geodesic distance (WGS84) to the nearest active
     * zone of this service, or -1 when the store has none.  0 when available.
     */
    double distance_m;
    const char *nearest_zone_id; /* the zone distance_m refers to, or NULL */
} domcov_service_result;

typedef struct domcov_zone_hit {
    const char *zone_id;
    int service;
    int status;             /* DOMCOV_ZONE_ACTIVE or DOMCOV_ZONE_PLANNED */
    const char *technology;
    const char *name;       /* may be NULL */
} domcov_zone_hit;

enum domcov_city_match {
    DOMCOV_CITY_NONE = 0,     /* no city within DOMCOV_CITY_MAX_DISTANCE_M */
    DOMCOV_CITY_ZONE = 1,     /* a zone of that city covers the point */
    DOMCOV_CITY_NEAREST = 2   /* the nearest city centre within the limit */
};

typedef struct domcov_city {
    int match;                 /* enum domcov_city_match */
    const char *code;          /* stable id, e.g. "perm"; NULL when match is NONE */
    const char *name;          /* "Пермь" */
    const char *type;          /* "г" */
    const char *region;        /* "Пермский край" */
    const char *support_phone; /* regional number for subscribers */
    const char *sales_phone;   /* number for new connections */
    double distance_m;         /* from the point to the city centre */
} domcov_city;

typedef struct domcov_point_result {
    double lat, lon;
    domcov_service_result services[DOMCOV_SERVICE_COUNT]; /* indexed by enum domcov_service */
    domcov_city city;
    int zone_count;               /* every zone covering the point */
    const domcov_zone_hit *zones; /* best first: active before planned */
} domcov_point_result;

/*
 * Checks which services cover a point.  A point on a zone's boundary (outer
 * ring or hole) counts as covered.  Latitude must be in [-90, 90] and
 * longitude in [-180, 180], both finite, else DOMCOV_ERR_ARG.
 */
DOMCOV_API int domcov_check_point(const domcov_db *db, double lat, double lon,
                                  domcov_point_result **out);
DOMCOV_API void domcov_point_result_free(domcov_point_result *result);

/*
 * Geodesic distance in metres between two points on the WGS84 ellipsoid
 * (Karney's algorithm, as in PROJ's geodesic.h).  DOMCOV_ERR_ARG for a
 * coordinate out of range or not finite.
 */
DOMCOV_API int domcov_distance_m(double lat1, double lon1, double lat2, double lon2,
                                 double *out_m);

/* ------------------------------------------------------------------ */
/* Building stores */

/* What an import or a build did.  Messages name the file, the row or feature and the reason. */
typedef struct domcov_import_report {
    long long read;          /* rows and features read */
    long long imported;      /* added */
    long long updated;       /* replaced a row with the same id */
    long long without_point; /* houses kept without usable coordinates */
    long long repaired;      /* invalid geometries repaired (and imported) */
    long long rejected;      /* rows and features not imported */
    int message_count;
    const char *const *messages; /* "zones/perm.geojson: feature 3 (id x): rejected: ..." */
} domcov_import_report;

/* Any rejected row or feature fails the whole operation; nothing is written. */
#define DOMCOV_IMPORT_STRICT 0x1u

/*
 * Builds a new store at store_path from a source directory (layout in
 * docs/store-format.md: store.conf, cities.csv, zones/ *.geojson,
 * houses/ *.csv, offices.csv).  The store is written to a temporary file
 * and renamed over store_path only when complete, so readers of an old
 * store at that path are never disturbed and a failed build leaves it
 * as it was.  *out receives the report on DOMCOV_OK, and on
 * DOMCOV_ERR_INPUT (strict mode: what was rejected); else NULL.
 */
DOMCOV_API int domcov_build_store(const char *source_dir, const char *store_path, unsigned flags,
                                  domcov_import_report **out);
DOMCOV_API void domcov_import_report_free(domcov_import_report *report);

/* ------------------------------------------------------------------ */
/* Address normalization (no store needed) */

/*
 * The parts of a free-text Russian address.  Every part is normalized for
 * matching: lower case, ё folded to е (й kept), abbreviations expanded to
 * one canonical short form, Latin transliteration turned back to Cyrillic.
 * A part that the text does not contain is NULL.
 */
typedef struct domcov_address {
    const char *canonical;   /* all parts in one canonical string */
    const char *postcode;    /* "620014" */
    const char *country;     /* "россия" */
    const char *region;      /* "свердловская" */
    const char *region_type; /* "обл", "край", "респ", "ао", ... */
    const char *district;    /* "исилькульский" */
    const char *district_type; /* "р-н" */
    const char *city;        /* "екатеринбург" */
    const char *city_type;   /* "г", "пгт", "рп", "п", "с", "д", "снт", ... */
    const char *street;      /* "малышева", "1-я красноармейская", "8 марта" */
    const char *street_type; /* "ул", "пр-кт", "пер", "б-р", "ш", "наб", ... */
    const char *house;       /* house number with its slash part: "5", "5/2" */
    const char *letter;      /* "а" */
    const char *korpus;      /* "2" */
    const char *stroenie;    /* "1" */
    const char *flat;        /* apartment or office, kept but not used for coverage */
    const char *flat_type;   /* "кв", "оф" */
    int flags;               /* DOMCOV_ADDR_* bits */
} domcov_address;

#define DOMCOV_ADDR_TRANSLITERATED 0x1  /* the input was Latin and was transliterated */
#define DOMCOV_ADDR_AMBIGUOUS      0x2  /* a token could be read more than one way */

/* Longest input accepted by the normalizer, in bytes. */
#define DOMCOV_ADDRESS_MAX_BYTES 4096

DOMCOV_API int domcov_normalize(const char *text, domcov_address **out);
DOMCOV_API void domcov_address_free(domcov_address *address);

#ifdef __cplusplus
}
#endif

#endif /* DOMCOV_H */
