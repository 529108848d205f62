/*
 * domcov_export_zones: a store's zones back to GeoJSON, exactly.
 *
 * The geometry blobs are decoded with the reader's own decoder, and every
 * coordinate is printed with as many digits as it takes to read back as the
 * same double, so export -> import -> export reproduces the text.
 */
#include "domcov.h"

#include "error.h"
#include "geo/polygon.h"
#include "name_key.h"
#include "store/schema.h"
#include "strbuf.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The result struct sits at the start of the text's buffer: one allocation, no copy. */
#define HEADER_BYTES ((sizeof(domcov_export) + 15) / 16 * 16)

static void put_json_string(dc_strbuf *sb, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    if (s == NULL) {
        dc_strbuf_puts(sb, "null");
        return;
    }
    dc_strbuf_putc(sb, '"');
    for (; *p; p++) {
        if (*p == '"' || *p == '\\')
            dc_strbuf_printf(sb, "\\%c", *p);
        else if (*p < 0x20)
            dc_strbuf_printf(sb, "\\u%04x", *p);
        else
            dc_strbuf_putc(sb, (char)*p);
    }
    dc_strbuf_putc(sb, '"');
}

/* The fewest of 15..17 significant digits that read back as v (v is finite: the store checks it). */
static void put_number(dc_strbuf *sb, double v)
{
    char buf[40], *comma;
    int prec;

    for (prec = 15; prec < 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    if (prec == 17)
        snprintf(buf, sizeof buf, "%.17g", v);
    /* A host program's locale may print a decimal comma; JSON wants a point. */
    if ((comma = strchr(buf, ',')) != NULL)
        *comma = '.';
    dc_strbuf_puts(sb, buf);
}

static void put_ring(dc_strbuf *sb, const dc_mpoly *mp, const dc_ring *ring)
{
    uint32_t i;

    dc_strbuf_putc(sb, '[');
    for (i = 0; i < ring->count; i++) {
        const double *xy = &mp->xy[2 * ((size_t)ring->start + i)];
        dc_strbuf_puts(sb, i ? ",[" : "[");
        put_number(sb, xy[0]);
        dc_strbuf_putc(sb, ',');
        put_number(sb, xy[1]);
        dc_strbuf_putc(sb, ']');
    }
    dc_strbuf_putc(sb, ']');
}

static void put_polygon(dc_strbuf *sb, const dc_mpoly *mp, const dc_poly *poly)
{
    uint32_t r;

    dc_strbuf_putc(sb, '[');
    for (r = 0; r < poly->ring_count; r++) {
        if (r)
            dc_strbuf_putc(sb, ',');
        put_ring(sb, mp, &mp->rings[poly->first_ring + r]);
    }
    dc_strbuf_putc(sb, ']');
}

/* A single polygon is written as a Polygon, as people draw them; more as a MultiPolygon. */
static void put_geometry(dc_strbuf *sb, const dc_mpoly *mp)
{
    uint32_t p;

    if (mp->npolys == 1) {
        dc_strbuf_puts(sb, "{\"type\":\"Polygon\",\"coordinates\":");
        put_polygon(sb, mp, &mp->polys[0]);
        dc_strbuf_putc(sb, '}');
        return;
    }
    dc_strbuf_puts(sb, "{\"type\":\"MultiPolygon\",\"coordinates\":[");
    for (p = 0; p < mp->npolys; p++) {
        if (p)
            dc_strbuf_putc(sb, ',');
        put_polygon(sb, mp, &mp->polys[p]);
    }
    dc_strbuf_puts(sb, "]}");
}

static int query_int(sqlite3 *db, const char *sql, long long *v)
{
    sqlite3_stmt *st = NULL;
    int ok = sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW;

    if (ok)
        *v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return ok ? 0 : -1;
}

static int open_store(const char *path, sqlite3 **db)
{
    long long app = 0, version = 0;

    if (sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return dc_fail(NULL, DOMCOV_ERR_IO, "cannot open store '%s': %s", path,
                       *db ? sqlite3_errmsg(*db) : "out of memory");
    if (query_int(*db, "PRAGMA application_id", &app) != 0 || app != DC_STORE_APPLICATION_ID)
        return dc_fail(NULL, DOMCOV_ERR_NOT_STORE, "'%s' is not a domcov store", path);
    if (query_int(*db, "PRAGMA user_version", &version) != 0 || version < DOMCOV_STORE_FORMAT_MIN ||
        version > DOMCOV_STORE_FORMAT_MAX)
        return dc_fail(NULL, DOMCOV_ERR_FORMAT_VERSION,
                       "store '%s' has format version %lld; this library reads %d to %d", path,
                       version, DOMCOV_STORE_FORMAT_MIN, DOMCOV_STORE_FORMAT_MAX);
    return DOMCOV_OK;
}

static int find_city(sqlite3 *db, const char *city, long long *id)
{
    sqlite3_stmt *st = NULL;
    char key[512];
    int rc;

    *id = 0;
    if (dc_name_key(city, key, sizeof key) != 0)
        return dc_fail(NULL, DOMCOV_ERR_ARG, "city name is too long or not UTF-8");
    if (sqlite3_prepare_v2(db, "SELECT id FROM cities WHERE code = ?1 OR name = ?1 OR name_key = ?2 "
                               "ORDER BY code = ?1 DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK)
        return dc_fail(NULL, DOMCOV_ERR_CORRUPT, "cities: %s", sqlite3_errmsg(db));
    sqlite3_bind_text(st, 1, city, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW)
        return DOMCOV_OK;
    if (rc == SQLITE_DONE)
        return dc_fail(NULL, DOMCOV_ERR_INPUT, "city '%.80s' is not in the store's cities", city);
    return dc_fail(NULL, DOMCOV_ERR_CORRUPT, "cities: %s", sqlite3_errmsg(db));
}

static void put_feature(dc_strbuf *sb, sqlite3_stmt *st, const dc_mpoly *mp)
{
    static const char *const keys[] = {"id", "service", "technology", "status", "city", "name"};
    int k;

    dc_strbuf_puts(sb, "{\"type\":\"Feature\",\"properties\":{");
    for (k = 0; k < 6; k++) {
        dc_strbuf_printf(sb, "%s\"%s\":", k ? "," : "", keys[k]);
        put_json_string(sb, (const char *)sqlite3_column_text(st, k));
    }
    dc_strbuf_puts(sb, "},\"geometry\":");
    put_geometry(sb, mp);
    dc_strbuf_putc(sb, '}');
}

int domcov_export_zones(const char *store_path, const char *city, domcov_export **out)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    dc_strbuf sb = DC_STRBUF_INIT;
    domcov_export *exp;
    long long city_id = 0, n = 0;
    char err[160];
    int status = DOMCOV_OK, rc;

    dc_clear_error();
    if (out == NULL)
        return dc_fail(NULL, DOMCOV_ERR_ARG, "out is NULL");
    *out = NULL;
    if (store_path == NULL || *store_path == '\0')
        return dc_fail(NULL, DOMCOV_ERR_ARG, "store path is empty");
    if ((status = open_store(store_path, &db)) != DOMCOV_OK ||
        (city && *city && (status = find_city(db, city, &city_id)) != DOMCOV_OK))
        goto cleanup;
    if (sqlite3_prepare_v2(db,
                           "SELECT z.zone_id, z.service, z.technology, z.status, c.code, z.name, z.geom "
                           "FROM zones z LEFT JOIN cities c ON c.id = z.city_id "
                           "WHERE ?1 = 0 OR z.city_id = ?1 ORDER BY z.zone_id",
                           -1, &st, NULL) != SQLITE_OK) {
        status = dc_fail(NULL, DOMCOV_ERR_CORRUPT, "store '%s': zones: %s", store_path,
                         sqlite3_errmsg(db));
        goto cleanup;
    }
    sqlite3_bind_int64(st, 1, city_id);
    dc_strbuf_append(&sb, (const char[HEADER_BYTES]){0}, HEADER_BYTES);
    dc_strbuf_puts(&sb, "{\"type\":\"FeatureCollection\",\"features\":[\n");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        dc_mpoly mp;
        int g = dc_mpoly_from_spatialite(sqlite3_column_blob(st, 6), (size_t)sqlite3_column_bytes(st, 6),
                                         &mp, err, sizeof err);
        if (g != 0) {
            status = g == -2 ? dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory")
                             : dc_fail(NULL, DOMCOV_ERR_CORRUPT, "store '%s': zone '%s' geometry: %s",
                                       store_path, (const char *)sqlite3_column_text(st, 0), err);
            goto cleanup;
        }
        if (n++)
            dc_strbuf_puts(&sb, ",\n");
        put_feature(&sb, st, &mp);
        dc_mpoly_free(&mp);
    }
    if (rc != SQLITE_DONE) {
        status = dc_fail(NULL, DOMCOV_ERR_CORRUPT, "store '%s': zones: %s", store_path,
                         sqlite3_errmsg(db));
        goto cleanup;
    }
    dc_strbuf_puts(&sb, n ? "\n]}\n" : "]}\n");
    if (sb.failed) {
        status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory for the export");
        goto cleanup;
    }
    exp = (domcov_export *)(void *)sb.data;
    exp->features = n;
    exp->length = (long long)(sb.len - HEADER_BYTES);
    exp->text = sb.data + HEADER_BYTES;
    *out = (domcov_export *)(void *)dc_strbuf_take(&sb);
cleanup:
    dc_strbuf_free(&sb);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return status;
}

void domcov_export_free(domcov_export *exp)
{
    free(exp);
}
