/*
 * domcov_open: checks that a file is a domcov store of a format we read,
 * then loads cities and zones into memory.  Queries never touch SQLite.
 *
 * The file is opened with immutable=1: stores are only ever replaced by an
 * atomic rename, never written in place, so no locking is needed and a
 * reader keeps a consistent view of the file it opened.
 */
#include "store.h"

#include "error.h"
#include "schema.h"
#include "strbuf.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *dup_text(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return strdup(t ? (const char *)t : "");
}

int dc_technology_rank(const char *technology)
{
    static const char *const order[] = {"GPON", "FTTB", "FTTH", "DOCSIS"};
    size_t i;

    for (i = 0; i < sizeof order / sizeof order[0]; i++)
        if (strcmp(technology, order[i]) == 0)
            return (int)i;
    return (int)(sizeof order / sizeof order[0]);
}

int32_t dc_store_city_by_id(const domcov_db *db, int64_t id)
{
    uint32_t i;

    for (i = 0; i < db->ncities; i++)
        if (db->cities[i].id == id)
            return (int32_t)i;
    return -1;
}

/* Opens the SQLite file read-only after checking the header ourselves. */
static int open_sqlite(const char *path, sqlite3 **out)
{
    unsigned char header[16];
    struct stat stt;
    FILE *f;
    size_t got;
    dc_strbuf uri = DC_STRBUF_INIT;
    const char *p;
    int rc;

    *out = NULL;
    if (stat(path, &stt) != 0)
        return dc_fail(NULL, DOMCOV_ERR_IO, "cannot open store '%s': %s", path, strerror(errno));
    if (S_ISDIR(stt.st_mode))
        return dc_fail(NULL, DOMCOV_ERR_IO, "cannot open store '%s': it is a directory", path);
    f = fopen(path, "rb");
    if (f == NULL)
        return dc_fail(NULL, DOMCOV_ERR_IO, "cannot open store '%s': %s", path, strerror(errno));
    got = fread(header, 1, sizeof header, f);
    fclose(f);
    if (got < sizeof header || memcmp(header, "SQLite format 3", 16) != 0)
        return dc_fail(NULL, DOMCOV_ERR_NOT_STORE,
                       "'%s' is not a domcov store: not an SQLite database (%lld bytes)", path,
                       (long long)stt.st_size);

    /* A URI so that immutable=1 can be given; escape what URIs reserve. */
    dc_strbuf_puts(&uri, "file:");
    for (p = path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#')
            dc_strbuf_printf(&uri, "%%%02X", (unsigned char)*p);
        else
            dc_strbuf_putc(&uri, *p);
    }
    dc_strbuf_puts(&uri, "?mode=ro&immutable=1");
    if (uri.failed) {
        dc_strbuf_free(&uri);
        return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
    }
    rc = sqlite3_open_v2(uri.data, out, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                         NULL);
    dc_strbuf_free(&uri);
    if (rc != SQLITE_OK) {
        rc = dc_fail(NULL, DOMCOV_ERR_IO, "cannot open store '%s': %s", path,
                     *out ? sqlite3_errmsg(*out) : sqlite3_errstr(rc));
        sqlite3_close(*out);
        *out = NULL;
        return rc;
    }
    return DOMCOV_OK;
}

static int pragma_int(sqlite3 *db, const char *sql, long long *value)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        *value = sqlite3_column_int64(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

/* Maps an SQLite failure while reading to our statuses. */
static int read_failure(sqlite3 *sq, const char *path, const char *what)
{
    int code = sqlite3_errcode(sq);

    if (code == SQLITE_NOTADB)
        return dc_fail(NULL, DOMCOV_ERR_NOT_STORE, "'%s' is not a domcov store: %s", path,
                       sqlite3_errmsg(sq));
    return dc_fail(NULL, DOMCOV_ERR_CORRUPT, "store '%s' cannot be read (%s): %s", path, what,
                   sqlite3_errmsg(sq));
}

static int check_identity(sqlite3 *sq, domcov_db *db)
{
    long long app = 0, version = 0;

    if (pragma_int(sq, "PRAGMA application_id", &app) != SQLITE_OK)
        return read_failure(sq, db->path, "header");
    if (app != DC_STORE_APPLICATION_ID)
        return dc_fail(NULL, DOMCOV_ERR_NOT_STORE,
                       "'%s' is an SQLite database but not a domcov store (application_id %lld, "
                       "expected %d)",
                       db->path, app, DC_STORE_APPLICATION_ID);
    if (pragma_int(sq, "PRAGMA user_version", &version) != SQLITE_OK)
        return read_failure(sq, db->path, "header");
    if (version < DOMCOV_STORE_FORMAT_MIN || version > DOMCOV_STORE_FORMAT_MAX)
        return dc_fail(NULL, DOMCOV_ERR_FORMAT_VERSION,
                       "store '%s' has format version %lld; this library (%s) reads format "
                       "versions %d to %d",
                       db->path, version, DOMCOV_VERSION_STRING, DOMCOV_STORE_FORMAT_MIN,
                       DOMCOV_STORE_FORMAT_MAX);
    db->format_version = (int)version;
    return DOMCOV_OK;
}

static int load_meta(sqlite3 *sq, domcov_db *db)
{
    sqlite3_stmt *st = NULL;
    int rc;

    if (sqlite3_prepare_v2(sq, "SELECT key, value FROM meta", -1, &st, NULL) != SQLITE_OK)
        return read_failure(sq, db->path, "meta table");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 0);
        char **slot = NULL;

        if (key == NULL)
            continue;
        if (strcmp(key, "data_version") == 0)
            slot = &db->data_version;
        else if (strcmp(key, "built_at") == 0)
            slot = &db->built_at;
        else if (strcmp(key, "source") == 0)
            slot = &db->source;
        if (slot != NULL) {
            free(*slot);
            if ((*slot = dup_text(st, 1)) == NULL)
                break;
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return rc == SQLITE_ROW ? dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory")
                                : read_failure(sq, db->path, "meta table");
    return DOMCOV_OK;
}

static int load_cities(sqlite3 *sq, domcov_db *db)
{
    sqlite3_stmt *st = NULL;
    long long n = 0;
    int rc, status = DOMCOV_OK;

    if (pragma_int(sq, "SELECT count(*) FROM cities", &n) != SQLITE_OK)
        return read_failure(sq, db->path, "cities table");
    db->cities = calloc((size_t)n + 1, sizeof *db->cities);
    if (db->cities == NULL)
        return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory for %lld cities", n);
    if (sqlite3_prepare_v2(sq,
                           "SELECT id, code, name, type, region, support_phone, sales_phone, "
                           "timezone, lat, lon FROM cities ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK)
        return read_failure(sq, db->path, "cities table");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && db->ncities < (uint32_t)n) {
        dc_city *c = &db->cities[db->ncities++];

        c->id = sqlite3_column_int64(st, 0);
        c->code = dup_text(st, 1);
        c->name = dup_text(st, 2);
        c->type = dup_text(st, 3);
        c->region = dup_text(st, 4);
        c->support_phone = dup_text(st, 5);
        c->sales_phone = dup_text(st, 6);
        c->timezone = dup_text(st, 7);
        c->lat = sqlite3_column_double(st, 8);
        c->lon = sqlite3_column_double(st, 9);
        if (!c->code || !c->name || !c->type || !c->region || !c->support_phone ||
            !c->sales_phone || !c->timezone) {
            status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
        {
            /* In the order of DC_CITY_LEN_*. */
            const char *shown[] = {c->code, c->name, c->type, c->region, c->support_phone, c->sales_phone};

            for (size_t k = 0; k < sizeof shown / sizeof shown[0]; k++)
                c->len[k] = strlen(shown[k]);
        }
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        status = read_failure(sq, db->path, "cities table");
cleanup:
    sqlite3_finalize(st);
    return status;
}

static int parse_service(const char *s)
{
    if (strcmp(s, "internet") == 0)
        return DOMCOV_SERVICE_INTERNET;
    if (strcmp(s, "tv") == 0)
        return DOMCOV_SERVICE_TV;
    return -1;
}

static int load_zones(sqlite3 *sq, domcov_db *db)
{
    sqlite3_stmt *st = NULL;
    long long n = 0;
    int rc, status = DOMCOV_OK;
    char err[160];

    if (pragma_int(sq, "SELECT count(*) FROM zones", &n) != SQLITE_OK)
        return read_failure(sq, db->path, "zones table");
    db->zones = calloc((size_t)n + 1, sizeof *db->zones);
    if (db->zones == NULL)
        return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory for %lld zones", n);
    if (sqlite3_prepare_v2(sq,
                           "SELECT zone_id, service, technology, status, city_id, name, geom "
                           "FROM zones ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK)
        return read_failure(sq, db->path, "zones table");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && db->nzones < (uint32_t)n) {
        dc_zone *z = &db->zones[db->nzones];
        const char *service = (const char *)sqlite3_column_text(st, 1);
        const char *zstatus = (const char *)sqlite3_column_text(st, 3);
        int g;

        z->zone_id = dup_text(st, 0);
        z->technology = dup_text(st, 2);
        z->name = sqlite3_column_type(st, 5) == SQLITE_NULL ? NULL : dup_text(st, 5);
        z->city = sqlite3_column_type(st, 4) == SQLITE_NULL
                      ? -1
                      : dc_store_city_by_id(db, sqlite3_column_int64(st, 4));
        z->service = parse_service(service ? service : "");
        z->status = zstatus && strcmp(zstatus, "active") == 0    ? DOMCOV_ZONE_ACTIVE
                    : zstatus && strcmp(zstatus, "planned") == 0 ? DOMCOV_ZONE_PLANNED
                                                                 : DOMCOV_ZONE_NONE;
        if (z->zone_id == NULL || z->technology == NULL) {
            status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
        db->nzones++;
        if (z->service < 0 || z->status == DOMCOV_ZONE_NONE) {
            status = dc_fail(NULL, DOMCOV_ERR_CORRUPT,
                             "store '%s': zone '%s' has service '%s' and status '%s'", db->path,
                             z->zone_id, service ? service : "NULL", zstatus ? zstatus : "NULL");
            goto cleanup;
        }
        z->tech_rank = dc_technology_rank(z->technology);
        g = dc_mpoly_from_spatialite(sqlite3_column_blob(st, 6),
                                     (size_t)sqlite3_column_bytes(st, 6), &z->geom, err, sizeof err);
        if (g == -2) {
            status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
        if (g != 0) {
            status = dc_fail(NULL, DOMCOV_ERR_CORRUPT, "store '%s': zone '%s' geometry: %s",
                             db->path, z->zone_id, err);
            goto cleanup;
        }
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        status = read_failure(sq, db->path, "zones table");
        goto cleanup;
    }
    status = dc_point_prepare(db);
cleanup:
    sqlite3_finalize(st);
    return status;
}

static int load_counts(sqlite3 *sq, domcov_db *db)
{
    if (pragma_int(sq, "SELECT count(*) FROM streets", &db->count_streets) != SQLITE_OK ||
        pragma_int(sq, "SELECT count(*) FROM houses", &db->count_houses) != SQLITE_OK ||
        pragma_int(sq, "SELECT count(lat) FROM houses", &db->count_houses_with_point) != SQLITE_OK ||
        pragma_int(sq, "SELECT count(*) FROM offices", &db->count_offices) != SQLITE_OK)
        return read_failure(sq, db->path, "table counts");
    return DOMCOV_OK;
}

int domcov_open(const char *path, unsigned flags, domcov_db **out)
{
    sqlite3 *sq = NULL;
    domcov_db *db = NULL;
    int status;

    dc_clear_error();
    if (out == NULL)
        return dc_fail(NULL, DOMCOV_ERR_ARG, "out is NULL");
    *out = NULL;
    if (path == NULL || *path == '\0')
        return dc_fail(NULL, DOMCOV_ERR_ARG, "store path is empty");
    if (flags != DOMCOV_OPEN_DEFAULT)
        return dc_fail(NULL, DOMCOV_ERR_ARG, "unknown open flags 0x%x", flags);

    db = calloc(1, sizeof *db);
    if (db == NULL || (db->path = strdup(path)) == NULL) {
        status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    if ((status = open_sqlite(path, &sq)) != DOMCOV_OK)
        goto cleanup;
    if ((status = check_identity(sq, db)) != DOMCOV_OK)
        goto cleanup;
    if ((status = load_meta(sq, db)) != DOMCOV_OK ||
        (status = load_cities(sq, db)) != DOMCOV_OK ||
        (status = load_zones(sq, db)) != DOMCOV_OK ||
        (status = load_counts(sq, db)) != DOMCOV_OK ||
        (status = dc_load_offices(sq, db)) != DOMCOV_OK ||
        (status = dc_register_load(sq, db, &db->reg)) != DOMCOV_OK)
        goto cleanup;
    if (db->data_version == NULL || db->built_at == NULL || db->source == NULL) {
        status = dc_fail(NULL, DOMCOV_ERR_CORRUPT,
                         "store '%s': meta table lacks data_version, built_at or source", path);
        goto cleanup;
    }
    *out = db;
    db = NULL;
cleanup:
    sqlite3_close(sq);
    domcov_close(db);
    return status;
}

void domcov_close(domcov_db *db)
{
    uint32_t i;

    if (db == NULL)
        return;
    for (i = 0; i < db->ncities; i++) {
        dc_city *c = &db->cities[i];
        free(c->code);
        free(c->name);
        free(c->type);
        free(c->region);
        free(c->support_phone);
        free(c->sales_phone);
        free(c->timezone);
    }
    for (i = 0; i < db->nzones; i++) {
        free(db->zones[i].zone_id);
        free(db->zones[i].technology);
        free(db->zones[i].name);
        dc_mpoly_free(&db->zones[i].geom);
    }
    dc_point_release(db);
    dc_free_offices(db);
    dc_register_free(&db->reg);
    free(db->cities);
    free(db->zones);
    free(db->data_version);
    free(db->built_at);
    free(db->source);
    free(db->path);
    free(db);
}
