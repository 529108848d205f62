/*
 * The store writer: SQLite + SpatiaLite into a temporary file, fsync, rename.
 *
 * The temporary file is written without a journal (nobody else can see it),
 * then made durable with fsync before the rename, and the directory is
 * synced after it, so a crash leaves either the old store or the new one.
 */
#include "store_writer.h"

#include "error.h"
#include "name_key.h"
#include "store/schema.h"
#include "store_copy.h"
#include "strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>
#include <spatialite.h>

enum stmt_id {
    ST_META, ST_CITY, ST_ZONE, ST_STREET, ST_HOUSE, ST_OFFICE, ST_CITY_ID, ST_CITY_LABEL,
    ST_HOUSE_EXISTS, ST_CITY_CENTRES, ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
    "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)",
    "INSERT INTO cities(code, name, name_key, type, region, lat, lon, support_phone, sales_phone, "
    "timezone, centre) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, MakePoint(?7, ?6, 4326))",
    "INSERT INTO zones(zone_id, service, technology, status, city_id, name, geom) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, CastToMultiPolygon(GeomFromWKB(?7, 4326)))",
    "INSERT INTO streets(city_id, type, name, name_key) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT(city_id, type, name) DO UPDATE SET name_key = excluded.name_key RETURNING id",
    /* Upsert: a register import updates the houses it already has, by external id. */
    "INSERT INTO houses(ext_id, street_id, number, letter, korpus, stroenie, address, lat, lon, geom) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, CASE WHEN ?8 IS NULL THEN NULL "
    "ELSE MakePoint(?9, ?8, 4326) END) "
    "ON CONFLICT(ext_id) DO UPDATE SET street_id = excluded.street_id, number = excluded.number, "
    "letter = excluded.letter, korpus = excluded.korpus, stroenie = excluded.stroenie, "
    "address = excluded.address, lat = excluded.lat, lon = excluded.lon, geom = excluded.geom",
    "INSERT INTO offices(ext_id, city_id, kind, name, address, hours, lat, lon, geom) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, MakePoint(?8, ?7, 4326))",
    "SELECT id FROM cities WHERE code = ?1 OR name = ?1 OR name_key = ?2 ORDER BY code = ?1 DESC LIMIT 1",
    "SELECT name, type FROM cities WHERE id = ?1",
    "SELECT 1 FROM houses WHERE ext_id = ?1",
    /* Cities created by a register import start at their first house: move them to the mean. */
    "UPDATE cities SET lat = (SELECT avg(h.lat) FROM houses h JOIN streets s ON s.id = h.street_id "
    "WHERE s.city_id = cities.id AND h.lat IS NOT NULL), lon = (SELECT avg(h.lon) FROM houses h "
    "JOIN streets s ON s.id = h.street_id WHERE s.city_id = cities.id AND h.lat IS NOT NULL), "
    "centre = MakePoint((SELECT avg(h.lon) FROM houses h JOIN streets s ON s.id = h.street_id "
    "WHERE s.city_id = cities.id AND h.lat IS NOT NULL), (SELECT avg(h.lat) FROM houses h JOIN "
    "streets s ON s.id = h.street_id WHERE s.city_id = cities.id AND h.lat IS NOT NULL), 4326) "
    "WHERE id = ?1 AND EXISTS (SELECT 1 FROM houses h JOIN streets s ON s.id = h.street_id "
    "WHERE s.city_id = cities.id AND h.lat IS NOT NULL)",
};

/* Statements of imports into an existing store (dc_writer_open_copy): upserts by id. */
enum update_stmt_id { UST_CLAIM, UST_ZONE_FIND, UST_ZONE_UPDATE, UST_OFFICE_FIND, UST_OFFICE_UPDATE,
                      UST_PRUNE_LIST, UST_PRUNE_DELETE, UST_COUNT };

static const char *const update_stmt_sql[UST_COUNT] = {
    "INSERT INTO temp.dc_claimed(tbl, id) VALUES (?1, ?2)",
    "SELECT id FROM zones WHERE zone_id = ?1",
    "UPDATE zones SET service = ?2, technology = ?3, status = ?4, city_id = ?5, name = ?6, "
    "geom = CastToMultiPolygon(GeomFromWKB(?7, 4326)) WHERE id = ?8 AND zone_id = ?1",
    "SELECT id FROM offices WHERE ext_id = ?1",
    "UPDATE offices SET city_id = ?2, kind = ?3, name = ?4, address = ?5, hours = ?6, lat = ?7, "
    "lon = ?8, geom = MakePoint(?8, ?7, 4326) WHERE id = ?9 AND ext_id = ?1",
    "SELECT zone_id FROM zones WHERE city_id = ?1 AND zone_id NOT IN "
    "(SELECT id FROM temp.dc_claimed WHERE tbl = 'zones') ORDER BY zone_id",
    "DELETE FROM zones WHERE city_id = ?1 AND zone_id NOT IN "
    "(SELECT id FROM temp.dc_claimed WHERE tbl = 'zones')",
};

struct dc_writer {
    char *final_path, *temp_path;
    sqlite3 *db;
    void *spatialite_cache;
    sqlite3_stmt *st[ST_COUNT];
    sqlite3_stmt *ust[UST_COUNT];  /* update writers only */
    char *label_name, *label_type;
    int committed;
    int update;                    /* opened by dc_writer_open_copy */
    int lock_fd;                   /* the import lock, or -1 (a build takes none) */
};

static pthread_once_t spatialite_once = PTHREAD_ONCE_INIT;

static void init_spatialite(void)
{
    spatialite_initialize();
}

static int sql_fail(dc_writer *w, const char *what)
{
    int code = sqlite3_extended_errcode(w->db);

    if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
        return dc_fail(NULL, DOMCOV_ERR_INPUT, "%s: duplicate id (%s)", what, sqlite3_errmsg(w->db));
    if ((code & 0xff) == SQLITE_CONSTRAINT)
        return dc_fail(NULL, DOMCOV_ERR_INPUT, "%s: %s", what, sqlite3_errmsg(w->db));
    if ((code & 0xff) == SQLITE_FULL || (code & 0xff) == SQLITE_IOERR) {
        int err = sqlite3_system_errno(w->db);  /* ENOSPC, EFBIG, EIO, ...: the real reason */
        return dc_fail(NULL, DOMCOV_ERR_IO, "writing '%s' (%s): %s%s%s%s", w->temp_path, what,
                       sqlite3_errmsg(w->db), err ? " (" : "", err ? strerror(err) : "", err ? ")" : "");
    }
    return dc_fail(NULL, DOMCOV_ERR_DATABASE, "%s: %s", what, sqlite3_errmsg(w->db));
}

static int exec_sql(dc_writer *w, const char *sql, const char *what)
{
    char *msg = NULL;
    int rc = sqlite3_exec(w->db, sql, NULL, NULL, &msg);

    sqlite3_free(msg);
    return rc == SQLITE_OK ? DOMCOV_OK : sql_fail(w, what);
}

/* Runs SpatiaLite setup functions, which signal failure by returning 0.  Everything,
 * the spatial metadata included, goes into the one transaction the writer commits at the
 * end: a full disk then fails as a write error (DOMCOV_ERR_IO), not inside SpatiaLite. */
static int exec_spatial(dc_writer *w)
{
    static const char *const statements[] = {"SELECT InitSpatialMetadata(0)",
                                             DC_SCHEMA_GEOMETRY_STATEMENTS};
    size_t i;
    /* A cache big enough for SpatiaLite's tables, so that its setup never writes to the file
       itself: its errors would come back as "setup failed", a full disk's included. */
    int status = exec_sql(w, "PRAGMA cache_size = -262144; BEGIN;", "schema");

    for (i = 0; i < sizeof statements / sizeof statements[0] && status == DOMCOV_OK; i++) {
        sqlite3_stmt *st = NULL;
        int code;
        if (sqlite3_prepare_v2(w->db, statements[i], -1, &st, NULL) != SQLITE_OK)
            status = sql_fail(w, statements[i]);
        else if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0) != 1)
            status = ((code = sqlite3_extended_errcode(w->db) & 0xff) == SQLITE_FULL || code == SQLITE_IOERR)
                         ? sql_fail(w, "spatial metadata")
                         : dc_fail(NULL, DOMCOV_ERR_DATABASE, "SpatiaLite setup failed: %s", statements[i]);
        sqlite3_finalize(st);
        /* The schema goes in after the spatial metadata, before the geometry columns. */
        if (i == 0 && status == DOMCOV_OK)
            status = exec_sql(w, DC_SCHEMA_SQL, "schema");
    }
    return status == DOMCOV_OK ? exec_sql(w, "PRAGMA cache_size = -2000;", "schema") : status;
}

/* Build time: now, or SOURCE_DATE_EPOCH for reproducible builds. */
static void build_time(char *buf, size_t size)
{
    time_t now = time(NULL);
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    struct tm tm;

    if (epoch && *epoch)
        now = (time_t)strtoll(epoch, NULL, 10);
    gmtime_r(&now, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The meta rows every new store starts with; a source may override data_version and source. */
static int default_meta(dc_writer *w)
{
    char built[32], fmt[16];
    int status;

    build_time(built, sizeof built);
    snprintf(fmt, sizeof fmt, "%d", DC_STORE_FORMAT_CURRENT);
    if ((status = dc_writer_meta(w, "built_at", built)) ||
        (status = dc_writer_meta(w, "format_version", fmt)) ||
        (status = dc_writer_meta(w, "generator", "libdomcov " DOMCOV_VERSION_STRING)) ||
        (status = dc_writer_meta(w, "data_version", built)))
        return status;
    return dc_writer_meta(w, "source", "");
}

/* Writers started in this process: each has a working file of its own. */
static atomic_uint writer_seq;

/*
 * PATH.tmp-PID-N (a build) or PATH.tmp-PID-N.import (an import's copy): the
 * number keeps two writers of one path in one process apart, so the one that
 * fails (an import finding the lock held) never removes the other's file.
 */
static char *temp_path_for(const char *final_path, const char *suffix)
{
    dc_strbuf sb = DC_STRBUF_INIT;

    dc_strbuf_printf(&sb, "%s.tmp-%ld-%u%s", final_path, (long)getpid(), atomic_fetch_add(&writer_seq, 1u),
                     suffix);
    return sb.failed ? NULL : dc_strbuf_take(&sb);
}

int dc_writer_create(const char *final_path, dc_writer **out)
{
    dc_writer *w;
    int status = DOMCOV_OK, i;
    char app[64];

    *out = NULL;
    pthread_once(&spatialite_once, init_spatialite);
    w = calloc(1, sizeof *w);
    if (w)
        w->lock_fd = -1;
    if (w == NULL || (w->final_path = strdup(final_path)) == NULL ||
        (w->temp_path = temp_path_for(final_path, "")) == NULL) {
        dc_writer_free(w);
        return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
    }
    unlink(w->temp_path);
    if (sqlite3_open_v2(w->temp_path, &w->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        status = dc_fail(NULL, DOMCOV_ERR_IO, "cannot create '%s': %s", w->temp_path,
                         w->db ? sqlite3_errmsg(w->db) : "out of memory");
        goto cleanup;
    }
    w->spatialite_cache = spatialite_alloc_connection();
    spatialite_init_ex(w->db, w->spatialite_cache, 0);
    /* The library never prints: SpatiaLite's own error messages go nowhere. */
    spatialite_set_silent_mode(w->spatialite_cache);
    snprintf(app, sizeof app, "PRAGMA application_id = %d;", DC_STORE_APPLICATION_ID);
    if ((status = exec_sql(w, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;", "setup")) ||
        (status = exec_sql(w, app, "setup")) ||
        (status = exec_spatial(w)))
        goto cleanup;
    for (i = 0; i < ST_COUNT; i++)
        if (sqlite3_prepare_v2(w->db, stmt_sql[i], -1, &w->st[i], NULL) != SQLITE_OK) {
            status = sql_fail(w, "prepare");
            goto cleanup;
        }
    status = default_meta(w);
cleanup:
    if (status != DOMCOV_OK)
        dc_writer_free(w);
    else
        *out = w;
    return status;
}

static int query_int(dc_writer *w, const char *sql, long long *value)
{
    sqlite3_stmt *st = NULL;
    int status = DOMCOV_OK;

    if (sqlite3_prepare_v2(w->db, sql, -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
        status = dc_fail(NULL, DOMCOV_ERR_NOT_STORE, "'%s' is not a domcov store: %s", w->final_path,
                         sqlite3_errmsg(w->db));
    else
        *value = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return status;
}

/* Only a store of exactly the format we write may be edited: anything else would be misread later. */
static int check_store_identity(dc_writer *w)
{
    long long app = 0, version = 0;
    int status;

    if ((status = query_int(w, "PRAGMA application_id", &app)) != DOMCOV_OK ||
        (status = query_int(w, "PRAGMA user_version", &version)) != DOMCOV_OK)
        return status;
    if (app != DC_STORE_APPLICATION_ID)
        return dc_fail(NULL, DOMCOV_ERR_NOT_STORE,
                       "'%s' is an SQLite database but not a domcov store (application_id %lld)",
                       w->final_path, app);
    if (version != DC_STORE_FORMAT_CURRENT)
        return dc_fail(NULL, DOMCOV_ERR_FORMAT_VERSION,
                       "store '%s' has format version %lld; this library (%s) imports into format "
                       "version %d only", w->final_path, version, DOMCOV_VERSION_STRING,
                       DC_STORE_FORMAT_CURRENT);
    return DOMCOV_OK;
}

int dc_writer_open_copy(const char *final_path, dc_writer **out)
{
    dc_writer *w;
    int status = DOMCOV_OK, i;

    *out = NULL;
    pthread_once(&spatialite_once, init_spatialite);
    w = calloc(1, sizeof *w);
    if (w)
        w->lock_fd = -1;
    if (w == NULL || (w->final_path = strdup(final_path)) == NULL ||
        (w->temp_path = temp_path_for(final_path, ".import")) == NULL) {
        dc_writer_free(w);
        return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
    }
    w->update = 1;
    if ((status = dc_store_precheck(final_path)) != DOMCOV_OK ||
        (status = dc_store_lock(final_path, &w->lock_fd)) != DOMCOV_OK ||
        (status = dc_store_copy(final_path, w->temp_path)) != DOMCOV_OK)
        goto cleanup;
    if (sqlite3_open_v2(w->temp_path, &w->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        status = dc_fail(NULL, DOMCOV_ERR_IO, "cannot open '%s': %s", w->temp_path,
                         w->db ? sqlite3_errmsg(w->db) : "out of memory");
        goto cleanup;
    }
    w->spatialite_cache = spatialite_alloc_connection();
    spatialite_init_ex(w->db, w->spatialite_cache, 0);
    spatialite_set_silent_mode(w->spatialite_cache);
    /* The copy is private until the rename, so a memory journal is enough to roll back a row. */
    if ((status = exec_sql(w, "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; "
                              "PRAGMA temp_store = MEMORY;", "setup")) ||
        (status = check_store_identity(w)) ||
        (status = exec_sql(w, "CREATE TEMP TABLE dc_claimed (tbl TEXT NOT NULL, id TEXT NOT NULL, "
                              "PRIMARY KEY (tbl, id)); BEGIN;", "setup")))
        goto cleanup;
    for (i = 0; i < ST_COUNT; i++)
        if (sqlite3_prepare_v2(w->db, stmt_sql[i], -1, &w->st[i], NULL) != SQLITE_OK) {
            status = sql_fail(w, "prepare");
            goto cleanup;
        }
    for (i = 0; i < UST_COUNT; i++)
        if (sqlite3_prepare_v2(w->db, update_stmt_sql[i], -1, &w->ust[i], NULL) != SQLITE_OK) {
            status = sql_fail(w, "prepare");
            goto cleanup;
        }
cleanup:
    if (status != DOMCOV_OK)
        dc_writer_free(w);
    else
        *out = w;
    return status;
}

int dc_writer_open_or_create(const char *final_path, dc_writer **out, int *created)
{
    int fd = -1, status;

    *out = NULL;
    *created = 0;
    if (access(final_path, F_OK) == 0 || errno != ENOENT)
        return dc_writer_open_copy(final_path, out);
    /* A new store: without the lock, two imports creating it would each rename theirs over it. */
    if ((status = dc_store_lock(final_path, &fd)) != DOMCOV_OK)
        return status;
    if (access(final_path, F_OK) == 0) {
        /* An import that held the lock a moment ago created it: import into that one. */
        dc_store_unlock(fd);
        return dc_writer_open_copy(final_path, out);
    }
    status = dc_writer_create(final_path, out);
    if (status == DOMCOV_OK) {
        (*out)->lock_fd = fd;
        *created = 1;
    } else {
        dc_store_unlock(fd);
    }
    return status;
}

int dc_writer_is_update(const dc_writer *w)
{
    return w->update;
}

/* Runs a bound statement to completion; resets it for the next use. */
static int step_done(dc_writer *w, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    int status = (rc == SQLITE_DONE || rc == SQLITE_ROW) ? DOMCOV_OK : sql_fail(w, what);

    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return status;
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static void bind_id_or_null(sqlite3_stmt *st, int i, int64_t id)
{
    if (id > 0)
        sqlite3_bind_int64(st, i, id);
    else
        sqlite3_bind_null(st, i);
}

int dc_writer_meta(dc_writer *w, const char *key, const char *value)
{
    sqlite3_stmt *st = w->st[ST_META];

    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
    return step_done(w, st, "meta");
}

int dc_writer_city(dc_writer *w, const dc_city_row *row, int64_t *id)
{
    sqlite3_stmt *st = w->st[ST_CITY];
    char key[512];
    int status;

    if (dc_name_key(row->name, key, sizeof key) != 0)
        return dc_fail(NULL, DOMCOV_ERR_INPUT, "city name is too long or not UTF-8");
    sqlite3_bind_text(st, 1, row->code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, row->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, row->type, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, row->region, -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(st, 6, row->lat);
    sqlite3_bind_double(st, 7, row->lon);
    sqlite3_bind_text(st, 8, row->support_phone, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 9, row->sales_phone, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 10, row->timezone, -1, SQLITE_TRANSIENT);
    status = step_done(w, st, "city");
    if (status == DOMCOV_OK && id)
        *id = sqlite3_last_insert_rowid(w->db);
    return status;
}

static void bind_zone(sqlite3_stmt *st, const dc_zone_row *row)
{
    sqlite3_bind_text(st, 1, row->zone_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, row->service, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, row->technology, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, row->status, -1, SQLITE_TRANSIENT);
    bind_id_or_null(st, 5, row->city_id);
    bind_text_or_null(st, 6, row->name);
    sqlite3_bind_blob(st, 7, row->wkb, (int)row->wkb_len, SQLITE_TRANSIENT);
}

int dc_writer_zone(dc_writer *w, const dc_zone_row *row)
{
    bind_zone(w->st[ST_ZONE], row);
    return step_done(w, w->st[ST_ZONE], "zone");
}

int dc_writer_claim(dc_writer *w, const char *table, const char *id)
{
    sqlite3_stmt *st = w->ust[UST_CLAIM];
    int rc;

    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc == SQLITE_CONSTRAINT)
        return dc_fail(NULL, DOMCOV_ERR_INPUT, "id '%.80s' appears more than once in this import", id);
    return rc == SQLITE_DONE ? DOMCOV_OK : sql_fail(w, "claim");
}

/* Row id of an existing row by its external id; 0 when there is none. */
static int find_row(dc_writer *w, sqlite3_stmt *st, const char *id, int64_t *rowid)
{
    int rc;

    *rowid = 0;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *rowid = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? DOMCOV_OK : sql_fail(w, "lookup");
}

int dc_writer_zone_upsert(dc_writer *w, const dc_zone_row *row, int *updated)
{
    int64_t rowid;
    int status;

    *updated = 0;
    if ((status = find_row(w, w->ust[UST_ZONE_FIND], row->zone_id, &rowid)) != DOMCOV_OK)
        return status;
    if (rowid == 0)
        return dc_writer_zone(w, row);
    bind_zone(w->ust[UST_ZONE_UPDATE], row);
    sqlite3_bind_int64(w->ust[UST_ZONE_UPDATE], 8, rowid);
    *updated = 1;
    return step_done(w, w->ust[UST_ZONE_UPDATE], "zone");
}

int dc_writer_prune_city_zones(dc_writer *w, int64_t city_id, int max_ids, char **ids,
                               long long *count)
{
    sqlite3_stmt *list = w->ust[UST_PRUNE_LIST], *del = w->ust[UST_PRUNE_DELETE];
    dc_strbuf sb = DC_STRBUF_INIT;
    long long n = 0;
    int rc, status;

    *count = 0;
    if (ids)
        *ids = NULL;
    sqlite3_bind_int64(list, 1, city_id);
    while ((rc = sqlite3_step(list)) == SQLITE_ROW) {
        if (n < max_ids)
            dc_strbuf_printf(&sb, "%s%s", n ? ", " : "", (const char *)sqlite3_column_text(list, 0));
        else if (n == max_ids)
            dc_strbuf_puts(&sb, ", ...");
        n++;
    }
    sqlite3_reset(list);
    if (rc != SQLITE_DONE) {
        dc_strbuf_free(&sb);
        return sql_fail(w, "replace city");
    }
    sqlite3_bind_int64(del, 1, city_id);
    if ((status = step_done(w, del, "replace city")) != DOMCOV_OK || sb.failed) {
        dc_strbuf_free(&sb);
        return status != DOMCOV_OK ? status : dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
    }
    *count = sqlite3_changes(w->db);
    if (ids)
        *ids = dc_strbuf_take(&sb);
    else
        dc_strbuf_free(&sb);
    return DOMCOV_OK;
}

int dc_writer_street(dc_writer *w, int64_t city_id, const char *type, const char *name, int64_t *id)
{
    sqlite3_stmt *st = w->st[ST_STREET];
    char key[512];
    int rc, status = DOMCOV_OK;

    if (dc_name_key(name, key, sizeof key) != 0)
        return dc_fail(NULL, DOMCOV_ERR_INPUT, "street name is too long or not UTF-8");
    sqlite3_bind_int64(st, 1, city_id);
    sqlite3_bind_text(st, 2, type, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, key, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    else
        status = sql_fail(w, "street");
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return status;
}

int dc_writer_house(dc_writer *w, const dc_house_row *row)
{
    sqlite3_stmt *st = w->st[ST_HOUSE];

    sqlite3_bind_text(st, 1, row->ext_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, row->street_id);
    sqlite3_bind_text(st, 3, row->number, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, row->letter ? row->letter : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, row->korpus ? row->korpus : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, row->stroenie ? row->stroenie : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, row->address, -1, SQLITE_TRANSIENT);
    if (row->has_point) {
        sqlite3_bind_double(st, 8, row->lat);
        sqlite3_bind_double(st, 9, row->lon);
    }
    return step_done(w, st, "house");
}

int dc_writer_house_upsert(dc_writer *w, const dc_house_row *row, int *updated)
{
    sqlite3_stmt *st = w->st[ST_HOUSE_EXISTS];

    sqlite3_bind_text(st, 1, row->ext_id, -1, SQLITE_TRANSIENT);
    *updated = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return dc_writer_house(w, row);
}

int dc_writer_recentre_city(dc_writer *w, int64_t city_id)
{
    sqlite3_bind_int64(w->st[ST_CITY_CENTRES], 1, city_id);
    return step_done(w, w->st[ST_CITY_CENTRES], "city centre");
}

static void bind_office(sqlite3_stmt *st, const dc_office_row *row)
{
    sqlite3_bind_text(st, 1, row->ext_id, -1, SQLITE_TRANSIENT);
    bind_id_or_null(st, 2, row->city_id);
    sqlite3_bind_text(st, 3, row->kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, row->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, row->address, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, row->hours ? row->hours : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(st, 7, row->lat);
    sqlite3_bind_double(st, 8, row->lon);
}

int dc_writer_office(dc_writer *w, const dc_office_row *row)
{
    bind_office(w->st[ST_OFFICE], row);
    return step_done(w, w->st[ST_OFFICE], "office");
}

int dc_writer_office_upsert(dc_writer *w, const dc_office_row *row, int *updated)
{
    int64_t rowid;
    int status;

    *updated = 0;
    if ((status = dc_writer_claim(w, "offices", row->ext_id)) != DOMCOV_OK ||
        (status = find_row(w, w->ust[UST_OFFICE_FIND], row->ext_id, &rowid)) != DOMCOV_OK)
        return status;
    if (rowid == 0)
        return dc_writer_office(w, row);
    bind_office(w->ust[UST_OFFICE_UPDATE], row);
    sqlite3_bind_int64(w->ust[UST_OFFICE_UPDATE], 9, rowid);
    *updated = 1;
    return step_done(w, w->ust[UST_OFFICE_UPDATE], "office");
}

int64_t dc_writer_city_id(dc_writer *w, const char *code_or_name)
{
    sqlite3_stmt *st = w->st[ST_CITY_ID];
    char key[512];
    int64_t id = 0;

    if (code_or_name == NULL || dc_name_key(code_or_name, key, sizeof key) != 0)
        return 0;
    sqlite3_bind_text(st, 1, code_or_name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return id;
}

int dc_writer_city_label(dc_writer *w, int64_t city_id, const char **name, const char **type)
{
    sqlite3_stmt *st = w->st[ST_CITY_LABEL];
    int found = 0;

    free(w->label_name);
    free(w->label_type);
    w->label_name = w->label_type = NULL;
    sqlite3_bind_int64(st, 1, city_id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        w->label_name = strdup((const char *)sqlite3_column_text(st, 0));
        w->label_type = strdup((const char *)sqlite3_column_text(st, 1));
        found = w->label_name && w->label_type;
    }
    sqlite3_reset(st);
    *name = w->label_name;
    *type = w->label_type;
    return found ? DOMCOV_OK : dc_fail(NULL, DOMCOV_ERR_INPUT, "unknown city id %lld", (long long)city_id);
}

static int fsync_path(const char *path, int directory)
{
    int fd = open(path, directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
    int rc;

    if (fd < 0)
        return -1;
    rc = fsync(fd);
    close(fd);
    return rc;
}

int dc_writer_commit(dc_writer *w)
{
    char version[32];
    char *dir_copy = NULL;
    int status, i;

    snprintf(version, sizeof version, "PRAGMA user_version = %d;", DC_STORE_FORMAT_CURRENT);
    if ((status = exec_sql(w, version, "format version")) ||
        (status = exec_sql(w, "COMMIT;", "commit")))
        return status;
    for (i = 0; i < ST_COUNT; i++) {
        sqlite3_finalize(w->st[i]);
        w->st[i] = NULL;
    }
    for (i = 0; i < UST_COUNT; i++) {
        sqlite3_finalize(w->ust[i]);
        w->ust[i] = NULL;
    }
    /* A fresh store is compacted; an import changes a few pages of a possibly huge copy, so a
       whole-file rewrite would cost more than the free pages it saves. */
    if (!w->update && (status = exec_sql(w, "VACUUM;", "vacuum")) != DOMCOV_OK)
        return status;
    sqlite3_close(w->db);
    w->db = NULL;
    spatialite_cleanup_ex(w->spatialite_cache);
    w->spatialite_cache = NULL;
    if (fsync_path(w->temp_path, 0) != 0)
        return dc_fail(NULL, DOMCOV_ERR_IO, "cannot sync '%s': %s", w->temp_path, strerror(errno));
    if (rename(w->temp_path, w->final_path) != 0)
        return dc_fail(NULL, DOMCOV_ERR_IO, "cannot rename '%s' to '%s': %s", w->temp_path,
                       w->final_path, strerror(errno));
    w->committed = 1;
    if ((dir_copy = strdup(w->final_path)) != NULL)
        fsync_path(dirname(dir_copy), 1);
    free(dir_copy);
    /* The new store is in place: the next import may start now, not when this one is freed. */
    dc_store_unlock(w->lock_fd);
    w->lock_fd = -1;
    return DOMCOV_OK;
}

void dc_writer_free(dc_writer *w)
{
    int i;

    if (w == NULL)
        return;
    for (i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(w->st[i]);
    for (i = 0; i < UST_COUNT; i++)
        sqlite3_finalize(w->ust[i]);
    sqlite3_close(w->db);
    if (w->spatialite_cache)
        spatialite_cleanup_ex(w->spatialite_cache);
    if (!w->committed && w->temp_path)
        unlink(w->temp_path);
    dc_store_unlock(w->lock_fd);  /* after the rename or the unlink: the next import sees the result */
    free(w->label_name);
    free(w->label_type);
    free(w->final_path);
    free(w->temp_path);
    free(w);
}
