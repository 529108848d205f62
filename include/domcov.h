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
 *    result and live until it is freed; those written into a struct the
 *    caller owns (domcov_city_get, domcov_city_find, the *_status checks)
 *    belong to the handle and live until domcov_close.
 *  - A call that fails sets its pointer out-parameter to NULL; unknown flag
 *    bits are DOMCOV_ERR_ARG.
 *  - ABI: the structs a caller allocates (options, domcov_city, the status
 *    structs) keep their layout within one soname (libdomcov.so.0); they
 *    grow only with a new one.  Zero-initialise option structs.
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
    DOMCOV_ERR_GEOMETRY = 10,      /* reserved: invalid geometries are repaired or rejected into
                                      an import's report, never returned as a status */
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
    DOMCOV_CITY_NEAREST = 2,  /* the nearest city centre within the limit */
    DOMCOV_CITY_ADDRESS = 3,  /* the city an address names or its street belongs to */
    DOMCOV_CITY_LOOKUP = 4    /* asked for by index, code or name (domcov_city_get, domcov_city_find) */
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
    const domcov_zone_hit *zones; /* best first: active before planned, then technology
                                     (GPON, FTTB, FTTH, DOCSIS, others), service, zone id */
} domcov_point_result;

/*
 * Checks which services cover a point.  A point on a zone's boundary (outer
 * ring or hole) counts as covered.  Latitude must be in [-90, 90] and
 * longitude in [-180, 180], both finite, else DOMCOV_ERR_ARG.
 */
DOMCOV_API int domcov_check_point(const domcov_db *db, double lat, double lon,
                                  domcov_point_result **out);
DOMCOV_API void domcov_point_result_free(domcov_point_result *result);

/* Flags of domcov_check_point_ex and domcov_check_address_ex: leave out what a
 * caller does not need (a status-only batch), which is most of a check's cost. */
#define DOMCOV_CHECK_DEFAULT 0u
#define DOMCOV_CHECK_NO_DISTANCE 0x1u /* uncovered services: distance_m -1, nearest_zone_id NULL */
#define DOMCOV_CHECK_NO_CITY 0x2u     /* city.match DOMCOV_CITY_NONE */

/* domcov_check_point with DOMCOV_CHECK_* flags; flags 0 is domcov_check_point. */
DOMCOV_API int domcov_check_point_ex(const domcov_db *db, double lat, double lon, unsigned flags,
                                     domcov_point_result **out);

/* One service at a point, as domcov_check_point_status reports it. */
typedef struct domcov_service_status {
    int service;            /* enum domcov_service */
    int available;          /* 1: an active zone of the service covers the point */
    int status;             /* enum domcov_zone_status of the best covering zone (active before planned) */
    const char *technology; /* the best covering zone's; NULL when status is NONE */
    const char *zone_id;    /* the best covering zone's id; NULL when status is NONE */
} domcov_service_status;

typedef struct domcov_point_status {
    domcov_service_status services[DOMCOV_SERVICE_COUNT]; /* indexed by enum domcov_service */
    int zone_count;         /* zones covering the point, all services */
} domcov_point_status;

/*
 * The status-only check of a point, with nothing to free: the services[] of
 * domcov_check_point_ex (available, status, technology, zone_id; the same
 * best zone) and its zone_count, written into *out, a struct the caller
 * owns.  The strings belong to db and stay valid until domcov_close(db).
 * Never allocates, except for a point covered by more than 32 zones (then
 * one temporary heap array, freed before it returns).  The argument checks
 * and messages are domcov_check_point's; on failure *out is as for a point
 * no zone covers (when out is not NULL).
 * Thread safety: any number of threads may call it on one handle at once,
 * each with its own *out.
 */
DOMCOV_API int domcov_check_point_status(const domcov_db *db, double lat, double lon,
                                         domcov_point_status *out);

/* ------------------------------------------------------------------ */
/* Cities */

/*
 * The store's cities with their regional phones, e.g. for an answer that
 * names no single house (an ambiguous address, candidates in several
 * cities): look up a candidate's city_code and show that city's numbers.
 * The city is written into *out, a struct the caller owns; its strings
 * belong to db and stay valid until domcov_close(db), so there is nothing to
 * free.  match is DOMCOV_CITY_LOOKUP and distance_m -1.
 */
DOMCOV_API int domcov_city_count(const domcov_db *db, int *out);
/* The city at index 0 .. count-1, in the store's order; DOMCOV_ERR_ARG out of range. */
DOMCOV_API int domcov_city_get(const domcov_db *db, int index, domcov_city *out);
/*
 * The city with this code ("perm"), else with this name in any case, ё as е
 * ("пермь"), as domcov_match_options.default_city is read.  A city the store
 * does not have is DOMCOV_OK with match DOMCOV_CITY_NONE and NULL strings.
 */
DOMCOV_API int domcov_city_find(const domcov_db *db, const char *code_or_name, domcov_city *out);

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
    long long deleted;       /* rows an import removed (zones of a --replace-city city not in the file) */
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
/* Imports into an existing store, and exports (docs/import.md) */

/*
 * An import edits a copy of the store (PATH.tmp-PID.import beside it) in one
 * transaction and renames it over PATH at commit, so readers never see a
 * half-done import and any failure leaves PATH byte-for-byte as it was.  Only
 * one import per store runs at a time (PATH.lock); a second one fails with
 * DOMCOV_ERR_IO at begin.  Rows are upserted by id: a row whose id is already
 * in the store is replaced and counted as updated.
 */

/*
 * How a zones file is read.  Zero-initialise (all NULL/0: WGS84 lon/lat,
 * status active).  The strings fill in what a feature's properties lack;
 * they are copied by the begin call.
 */
typedef struct domcov_zone_import_options {
    const char *service;      /* "internet" or "tv" */
    const char *technology;   /* "FTTB", "GPON", "DOCSIS", ... */
    const char *status;       /* "active" (default) or "planned" */
    const char *city;         /* city code or name, as in the store's cities */
    /* The CRS of a file without a "crs" member ("EPSG:3857", "EPSG:32640"); NULL: WGS84 lon/lat. */
    const char *crs;
    /*
     * City code or name: after the import, that city's zones whose id the
     * file does not name are deleted, so the file becomes the city's whole
     * coverage.  Also the default city.  Zones of rejected features are kept.
     */
    const char *replace_city;
    unsigned flags;           /* DOMCOV_IMPORT_STRICT */
} domcov_zone_import_options;

/* How an offices file (CSV or GeoJSON Points, told apart by content) is read.  Zero-initialise. */
typedef struct domcov_office_import_options {
    const char *crs;          /* GeoJSON without a "crs" member: its CRS; NULL: WGS84 lon/lat */
    unsigned flags;           /* DOMCOV_IMPORT_STRICT */
} domcov_office_import_options;

/* An import in progress (opaque): begin, step (optional), commit, free; one thread at a time. */
typedef struct domcov_import domcov_import;

typedef struct domcov_import_progress {
    long long done;           /* features or rows processed */
    long long total;          /* all of them; -1 when not known in advance (offices CSV, a pipe) */
    int finished;             /* 1: nothing left, commit next */
} domcov_import_progress;

/*
 * Begins an import: reads and parses the file (a file-level error such as
 * invalid JSON fails here with "FILE:LINE:COLUMN: ..." in domcov_errmsg),
 * takes the store's import lock and copies the store.  opts may be NULL.
 */
DOMCOV_API int domcov_import_zones_begin(const char *store_path, const char *geojson_path,
                                         const domcov_zone_import_options *opts,
                                         domcov_import **out);
DOMCOV_API int domcov_import_offices_begin(const char *store_path, const char *path,
                                           const domcov_office_import_options *opts,
                                           domcov_import **out);
/*
 * Imports up to max_items more features or rows (max_items >= 1) and fills
 * *out.  Lets a caller show progress without callbacks.  A failure other than
 * a rejected feature is fatal: only domcov_import_free may follow.
 */
DOMCOV_API int domcov_import_step(domcov_import *imp, int max_items, domcov_import_progress *out);
/*
 * Imports what is left and replaces the store.  *out receives the report on
 * DOMCOV_OK, and on DOMCOV_ERR_INPUT when DOMCOV_IMPORT_STRICT refused a
 * rejected feature or row (the store is then unchanged); else NULL.
 */
DOMCOV_API int domcov_import_commit(domcov_import *imp, domcov_import_report **out);
/* Ends an import; without a successful commit the store is left unchanged.  NULL allowed. */
DOMCOV_API void domcov_import_free(domcov_import *imp);

/* begin + commit + free in one call; the report as for domcov_import_commit. */
DOMCOV_API int domcov_import_zones(const char *store_path, const char *geojson_path,
                                   const domcov_zone_import_options *opts,
                                   domcov_import_report **out);
DOMCOV_API int domcov_import_offices(const char *store_path, const char *path,
                                     const domcov_office_import_options *opts,
                                     domcov_import_report **out);

/* A store's zones as a GeoJSON FeatureCollection. */
typedef struct domcov_export {
    long long features;       /* zones written */
    long long length;         /* bytes of text, without the final NUL */
    const char *text;         /* RFC 7946 GeoJSON, one feature a line, ends with a newline */
} domcov_export;

/*
 * Exports the zones of a store (all, or of one city given by code or name;
 * DOMCOV_ERR_INPUT for an unknown city) in zone id order.  Properties id,
 * service, technology, status, city (code), name; coordinates in the
 * shortest form that reads back as the same double, so importing the export
 * into another store and exporting again gives the same text.
 */
DOMCOV_API int domcov_export_zones(const char *store_path, const char *city, domcov_export **out);
DOMCOV_API void domcov_export_free(domcov_export *exp);

/* ------------------------------------------------------------------ */
/* Offices and payment terminals */

enum domcov_office_kind {
    DOMCOV_OFFICE_ANY = 0,      /* a filter only: offices and terminals */
    DOMCOV_OFFICE_OFFICE = 1,   /* a sales and service office */
    DOMCOV_OFFICE_TERMINAL = 2  /* a payment terminal */
};

/* "office", "terminal"; NULL for anything else. */
DOMCOV_API const char *domcov_office_kind_name(int kind);

/* The most offices domcov_nearest_offices returns. */
#define DOMCOV_NEAREST_OFFICES_MAX 1000

typedef struct domcov_office {
    const char *id;           /* the source's id */
    int kind;                 /* DOMCOV_OFFICE_OFFICE or DOMCOV_OFFICE_TERMINAL */
    const char *name;
    const char *address;
    const char *hours;        /* free text; "" when unknown */
    const char *city_code;    /* NULL when the office has no city */
    double lat, lon;
    double distance_m;        /* geodesic (WGS84) from the query point */
} domcov_office;

typedef struct domcov_office_list {
    double lat, lon;          /* the query point */
    int count;
    const domcov_office *offices; /* nearest first; equal distances by id */
} domcov_office_list;

/*
 * The `limit` (1..DOMCOV_NEAREST_OFFICES_MAX) offices nearest to a point,
 * of one kind or DOMCOV_OFFICE_ANY.  Fewer when the store has fewer; count 0
 * when it has none.  Offices are loaded at domcov_open.  (Nearest to an
 * address: match the address first, then use its point.)
 */
DOMCOV_API int domcov_nearest_offices(const domcov_db *db, double lat, double lon, int limit,
                                      int kind, domcov_office_list **out);
DOMCOV_API void domcov_office_list_free(domcov_office_list *list);

/* Options of domcov_import_houses; zero/NULL fields take the defaults. */
typedef struct domcov_house_import_options {
    const char *address_column; /* default "address" */
    const char *lat_column;     /* default "lat" */
    const char *lon_column;     /* default "lon" */
    const char *id_column;      /* default "house_id" */
    const char *city;           /* city for addresses that name none (code or name) */
    int delimiter;              /* ',', ';', '\t', '|'; 0 = detect */
    unsigned flags;             /* DOMCOV_IMPORT_STRICT */
} domcov_house_import_options;

/*
 * Loads a register of geocoded addresses (CSV) into a store, creating it
 * when store_path does not exist.  Each address is parsed by the normalizer
 * into city, street and house; rows are upserted by external id.  Rows
 * without usable coordinates (empty, NaN, out of range, the placeholder a
 * failed geocoder leaves) are kept without a point and reported.  Bad rows
 * are rejected into the report with their line and reason; the good rows
 * commit together, atomically (the store is replaced by rename).  With
 * DOMCOV_IMPORT_STRICT any reject leaves the store unchanged.
 *
 * The begin of the step-wise protocol above (domcov_import_step, _commit,
 * _free): the header is checked (a missing column fails here) and the rows
 * are counted, so progress has a total (-1 for a file that cannot be read
 * twice, such as a pipe); then the import lock is taken and the store copied
 * (a new store is created under the same lock).  opts may be NULL.
 */
DOMCOV_API int domcov_import_houses_begin(const char *store_path, const char *csv_path,
                                          const domcov_house_import_options *opts,
                                          domcov_import **out);
/* begin + commit + free in one call; the report as for domcov_import_commit. */
DOMCOV_API int domcov_import_houses(const char *store_path, const char *csv_path,
                                    const domcov_house_import_options *opts,
                                    domcov_import_report **out);

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

/* ------------------------------------------------------------------ */
/* Address checks (with a store) */

enum domcov_match_status {
    DOMCOV_MATCHED = 0,     /* one house found with confidence (match_level house_exact or house_partial) */
    DOMCOV_AMBIGUOUS = 1,   /* several close candidates: see candidates, nothing is asserted */
    DOMCOV_NOT_FOUND = 2    /* no house; match_level says how far the address was understood
                               (a known street alone is NOT_FOUND at DOMCOV_MATCH_STREET) */
};

enum domcov_match_level {
    DOMCOV_MATCH_NONE = 0,
    DOMCOV_MATCH_CITY = 1,          /* the city is known, the street is not */
    DOMCOV_MATCH_STREET = 2,        /* the street is known, the house is not */
    DOMCOV_MATCH_HOUSE_PARTIAL = 3, /* the house number matches, its letter/korpus/stroenie does not
                                       (or the text gave none and the register has one) */
    DOMCOV_MATCH_HOUSE_EXACT = 4    /* every part given matches the register */
};

/* "matched", "ambiguous", "not_found"; "none", "city", "street", "house_partial", "house_exact". */
DOMCOV_API const char *domcov_match_status_name(int status);
DOMCOV_API const char *domcov_match_level_name(int level);

/* House quality codes, as DaData's qc_house. */
#define DOMCOV_QC_HOUSE_EXACT 2      /* house found exactly */
#define DOMCOV_QC_HOUSE_EXTENSION 3  /* house found, korpus/stroenie/letter differ */
#define DOMCOV_QC_HOUSE_NOT_FOUND 10 /* house not found */

typedef struct domcov_match_options {
    const char *default_city; /* city code or name used when the text names none; NULL: all cities.
                                 One the store lacks is DOMCOV_ERR_ARG (when the text names none) */
    int max_candidates;       /* 0 = 5 */
} domcov_match_options;

typedef struct domcov_candidate {
    int match_level;          /* enum domcov_match_level */
    double score;             /* 0..1, higher is closer */
    const char *house_id;     /* NULL for a street candidate */
    const char *address;      /* display address: "г. Пермь, ул. Ленина, д. 50 корп. 2" */
    const char *city_code;
    int has_point;
    double lat, lon;
} domcov_candidate;

typedef struct domcov_address_result {
    int status;               /* enum domcov_match_status */
    int match_level;          /* enum domcov_match_level */
    int qc_house;             /* DOMCOV_QC_HOUSE_* */
    int street_fuzzy;         /* 1: the street was found only with typo tolerance */
    const char *address;      /* display address of what was matched, or NULL */
    const char *house_id;     /* external id of the matched house, or NULL */
    const char *city_code;    /* the matched city, or NULL */
    int has_point;            /* 1: lat/lon hold the house's point and coverage is set */
    double lat, lon;
    const domcov_point_result *coverage; /* coverage at the house, or NULL */
    const domcov_address *parsed;        /* how the text was read */
    int candidate_count;
    const domcov_candidate *candidates;  /* ranked best first; for ambiguous and inexact answers */
    /* The city and its phones whenever it is known (match DOMCOV_CITY_ADDRESS), even
     * without a house point; match DOMCOV_CITY_NONE otherwise.  distance_m is -1. */
    domcov_city city;
} domcov_address_result;

/*
 * Normalizes text, finds the city (the text's, else options->default_city,
 * else every city), the street (exactly, then by a looser key, then with
 * typos) and the house, and checks coverage at the house.  A wrong house is
 * never given with confidence: close alternatives give DOMCOV_AMBIGUOUS.
 * opts may be NULL.  Text with nothing recognisable (empty, punctuation)
 * is DOMCOV_NOT_FOUND at DOMCOV_MATCH_NONE.  DOMCOV_ERR_ARG for invalid
 * UTF-8, DOMCOV_ERR_TOO_LARGE above DOMCOV_ADDRESS_MAX_BYTES.
 */
DOMCOV_API int domcov_check_address(const domcov_db *db, const char *text,
                                    const domcov_match_options *opts,
                                    domcov_address_result **out);
DOMCOV_API void domcov_address_result_free(domcov_address_result *result);
/* domcov_check_address with DOMCOV_CHECK_* flags for the coverage at the house. */
DOMCOV_API int domcov_check_address_ex(const domcov_db *db, const char *text,
                                       const domcov_match_options *opts, unsigned flags,
                                       domcov_address_result **out);

/* The status-only address check, as domcov_check_address_status writes it. */
typedef struct domcov_address_status {
    int status;               /* enum domcov_match_status */
    int match_level;          /* enum domcov_match_level */
    int qc_house;             /* DOMCOV_QC_HOUSE_* */
    int street_fuzzy;         /* 1: the street was found only with typo tolerance */
    const char *house_id;     /* external id of the matched house, or NULL; owned by the db */
    const char *city_code;    /* the matched city, or NULL; owned by the db */
    int has_point;            /* 1: lat/lon hold the house's point, coverage is checked there */
    double lat, lon;
    domcov_point_status coverage; /* at the house; every service NONE when has_point is 0 */
} domcov_address_status;

/*
 * The status-only address check, with nothing to free: the answer of
 * domcov_check_address_ex with DOMCOV_CHECK_NO_DISTANCE | DOMCOV_CHECK_NO_CITY
 * (status, match_level, qc_house, street_fuzzy, house_id, city_code,
 * has_point, lat, lon, and coverage as domcov_check_point_status gives it at
 * the house), written into *out, a struct the caller owns; no parsed
 * address, display address or candidates.  The strings belong to db and
 * stay valid until domcov_close(db).  opts as for domcov_check_address
 * (max_candidates has no effect).  Errors as domcov_check_address; on
 * failure *out is as for a text that names nothing (when out is not NULL).
 * Thread safety: any number of threads may call it on one handle at once,
 * each with its own *out.
 */
DOMCOV_API int domcov_check_address_status(const domcov_db *db, const char *text,
                                           const domcov_match_options *opts,
                                           domcov_address_status *out);

typedef struct domcov_suggestion {
    const char *text;         /* what to show: "ул. Малышева", "ул. Малышева, д. 5" */
    const char *value;        /* the full address to put in the input: "г. Екатеринбург, ул. Малышева" */
    const char *city_code;
    const char *house_id;     /* NULL unless a house */
    int is_house;
} domcov_suggestion;

typedef struct domcov_suggestions {
    int count;
    const domcov_suggestion *items;
} domcov_suggestions;

/*
 * Autocomplete for an address being typed ("Екатеринбург, Мал"): streets
 * whose name or any of its words start with the last words typed, then
 * streets within a typo of them; with a house number typed, the houses of
 * the street starting with it.  At most `limit` (1..100) suggestions.
 */
DOMCOV_API int domcov_suggest(const domcov_db *db, const char *prefix,
                              const domcov_match_options *opts, int limit,
                              domcov_suggestions **out);
DOMCOV_API void domcov_suggestions_free(domcov_suggestions *suggestions);

#ifdef __cplusplus
}
#endif

#endif /* DOMCOV_H */
