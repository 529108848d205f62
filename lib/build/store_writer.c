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
#include "strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>
#include <spatialite.h>

enum stmt_id { ST_META, ST_CITY, ST_ZONE, ST_STREET, ST_HOUSE, ST_OFFICE, ST_CITY_ID, ST_CITY_LABEL, ST_COUNT };

static const char *const stmt_sql[ST_COUNT] = {
    "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)",
    "INSERT INTO cities(code, name, name_key, type, region, lat, lon, support_phone, sales_phone, "
    "timezone, centre) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, MakePoint(?7, ?6, 4326))",
    "INSERT INTO zones(zone_id, service, technology, status, city_id, name, geom) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, CastToMultiPolygon(GeomFromWKB(?7, 4326)))",
    "INSERT INTO streets(city_id, type, name, name_key) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT(city_id, type, name) DO UPDATE SET name_key = excluded.name_key RETURNING id",
    "INSERT INTO houses(ext_id, street_id, number, letter, korpus, stroenie, address, lat, lon, geom) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, CASE WHEN ?8 IS NULL THEN NULL "
    "ELSE MakePoint(?9, ?8, 4326) END)",
    "INSERT INTO offices(ext_id, city_id, kind, name, address, hours, lat, lon, geom) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, MakePoint(?8, ?7, 4326))",
    "SELECT id FROM cities WHERE code = ?1 OR name = ?1 OR name_key = ?2 ORDER BY code = ?1 DESC LIMIT 1",
    "SELECT name, type FROM cities WHERE id = ?1",
};

struct dc_writer {
    char *final_path, *temp_path;
    sqlite3 *db;
    void *spatialite_cache;
    sqlite3_stmt *st[ST_COUNT];
    char *label_name, *label_type;
    int committed;
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
    if ((code & 0xff) == SQLITE_FULL || (code & 0xff) == SQLITE_IOERR)
        return dc_fail(NULL, DOMCOV_ERR_IO, "writing '%s' (%s): %s", w->temp_path, what,
                       sqlite3_errmsg(w->db));
    return dc_fail(NULL, DOMCOV_ERR_DATABASE, "%s: %s", what, sqlite3_errmsg(w->db));
}

static int exec_sql(dc_writer *w, const char *sql, const char *what)
{
    char *msg = NULL;
    int rc = sqlite3_exec(w->db, sql, NULL, NULL, &msg);

    sqlite3_free(msg);
    return rc == SQLITE_OK ? DOMCOV_OK : sql_fail(w, what);
}

/* Runs SpatiaLite setup functions, which signal failure by returning 0. */
static int exec_spatial(dc_writer *w)
{
    static const char *const statements[] = {"SELECT InitSpatialMetadata(1)",
                                             DC_SCHEMA_GEOMETRY_STATEMENTS};
    size_t i;
    int status = DOMCOV_OK;

    for (i = 0; i < sizeof statements / sizeof statements[0] && status == DOMCOV_OK; i++) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(w->db, statements[i], -1, &st, NULL) != SQLITE_OK)
            status = sql_fail(w, statements[i]);
        else if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0) != 1)
            status = dc_fail(NULL, DOMCOV_ERR_DATABASE, "SpatiaLite setup failed: %s", statements[i]);
        sqlite3_finalize(st);
        /* The schema goes in after the spatial metadata, before the geometry columns. */
        if (i == 0 && status == DOMCOV_OK)
            status = exec_sql(w, "BEGIN;" DC_SCHEMA_SQL, "schema");
    }
    return status;
}

static char *temp_path_for(const char *final_path)
{
    dc_strbuf sb = DC_STRBUF_INIT;

    dc_strbuf_printf(&sb, "%s.tmp-%ld", final_path, (long)getpid());
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
    if (w == NULL || (w->final_path = strdup(final_path)) == NULL ||
        (w->temp_path = temp_path_for(final_path)) == NULL) {
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
cleanup:
    if (status != DOMCOV_OK)
        dc_writer_free(w);
    else
        *out = w;
    return status;
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

int dc_writer_zone(dc_writer *w, const dc_zone_row *row)
{
    sqlite3_stmt *st = w->st[ST_ZONE];

    sqlite3_bind_text(st, 1, row->zone_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, row->service, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, row->technology, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, row->status, -1, SQLITE_TRANSIENT);
    bind_id_or_null(st, 5, row->city_id);
    bind_text_or_null(st, 6, row->name);
    sqlite3_bind_blob(st, 7, row->wkb, (int)row->wkb_len, SQLITE_TRANSIENT);
    return step_done(w, st, "zone");
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

int dc_writer_office(dc_writer *w, const dc_office_row *row)
{
    sqlite3_stmt *st = w->st[ST_OFFICE];

    sqlite3_bind_text(st, 1, row->ext_id, -1, SQLITE_TRANSIENT);
    bind_id_or_null(st, 2, row->city_id);
    sqlite3_bind_text(st, 3, row->kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, row->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, row->address, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, row->hours ? row->hours : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(st, 7, row->lat);
    sqlite3_bind_double(st, 8, row->lon);
    return step_done(w, st, "office");
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
    if ((status = exec_sql(w, "VACUUM;", "vacuum")) != DOMCOV_OK)
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
    return DOMCOV_OK;
}

void dc_writer_free(dc_writer *w)
{
    int i;

    if (w == NULL)
        return;
    for (i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(w->st[i]);
    sqlite3_close(w->db);
    if (w->spatialite_cache)
        spatialite_cleanup_ex(w->spatialite_cache);
    if (!w->committed && w->temp_path)
        unlink(w->temp_path);
    free(w->label_name);
    free(w->label_type);
    free(w->final_path);
    free(w->temp_path);
    free(w);
}
