/* GEOS reference answers for a store (see geos_ref.h). */
#include "geos_ref.h"

#include <sqlite3.h>
/* after sqlite3.h, which it needs */
#include <spatialite.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void on_geos_msg(const char *msg, void *unused)
{
    (void)unused;
    fprintf(stderr, "GEOS: %s\n", msg);
}

static int load(geos_ref *r, sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    GEOSWKBReader *rd = GEOSWKBReader_create_r(r->ctx);
    long long n = 0;
    int rc = -1;

    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM zones", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW)
        goto cleanup;
    n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    r->zone_ids = calloc((size_t)n + 1, sizeof *r->zone_ids);
    r->geoms = calloc((size_t)n + 1, sizeof *r->geoms);
    r->prepared = calloc((size_t)n + 1, sizeof *r->prepared);
    r->items = calloc((size_t)n + 1, sizeof *r->items);
    r->found = calloc((size_t)n + 1, sizeof *r->found);
    if (!r->zone_ids || !r->geoms || !r->prepared || !r->items || !r->found)
        goto cleanup;
    if (sqlite3_prepare_v2(db, "SELECT zone_id, AsBinary(geom) FROM zones ORDER BY id", -1, &st,
                           NULL) != SQLITE_OK)
        goto cleanup;
    while (sqlite3_step(st) == SQLITE_ROW && r->n < n) {
        int i = r->n;
        r->zone_ids[i] = strdup((const char *)sqlite3_column_text(st, 0));
        r->geoms[i] = GEOSWKBReader_read_r(r->ctx, rd, sqlite3_column_blob(st, 1),
                                           (size_t)sqlite3_column_bytes(st, 1));
        if (r->zone_ids[i] == NULL || r->geoms[i] == NULL)
            goto cleanup;
        r->prepared[i] = GEOSPrepare_r(r->ctx, r->geoms[i]);
        r->items[i] = i;
        GEOSSTRtree_insert_r(r->ctx, r->tree, r->geoms[i], &r->items[i]);
        r->n++;
    }
    rc = r->n == n ? 0 : -1;
cleanup:
    if (rc != 0)
        fprintf(stderr, "geos_ref: cannot read zones: %s\n", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    GEOSWKBReader_destroy_r(r->ctx, rd);
    return rc;
}

int geos_ref_open(geos_ref *r, const char *store_path)
{
    sqlite3 *db = NULL;
    void *cache = spatialite_alloc_connection();
    int rc = -1;

    memset(r, 0, sizeof *r);
    r->ctx = GEOS_init_r();
    GEOSContext_setErrorMessageHandler_r(r->ctx, on_geos_msg, NULL);
    r->tree = GEOSSTRtree_create_r(r->ctx, 10);
    if (sqlite3_open_v2(store_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "geos_ref: cannot open %s\n", store_path);
        goto cleanup;
    }
    spatialite_init_ex(db, cache, 0);
    rc = load(r, db);
    if (rc == 0) {
        /* Build the tree now, outside any timing: a first query would do it. */
        int dummy[1];
        geos_ref_query(r, 0, 0, dummy);
    }
cleanup:
    sqlite3_close(db);
    spatialite_cleanup_ex(cache);
    if (rc != 0)
        geos_ref_close(r);
    return rc;
}

void geos_ref_close(geos_ref *r)
{
    int i;

    if (r->ctx == NULL)
        return;
    if (r->tree)
        GEOSSTRtree_destroy_r(r->ctx, r->tree);
    for (i = 0; i < r->n; i++) {
        GEOSPreparedGeom_destroy_r(r->ctx, r->prepared[i]);
        GEOSGeom_destroy_r(r->ctx, r->geoms[i]);
        free(r->zone_ids[i]);
    }
    free(r->zone_ids);
    free(r->geoms);
    free(r->prepared);
    free(r->items);
    free(r->found);
    GEOS_finish_r(r->ctx);
    memset(r, 0, sizeof *r);
}

static void collect(void *item, void *userdata)
{
    geos_ref *r = userdata;
    r->found[r->nfound++] = *(int *)item;
}

static int int_cmp(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

int geos_ref_query(geos_ref *r, double lon, double lat, int *out)
{
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(r->ctx, lon, lat);
    int i, n = 0;

    r->nfound = 0;
    GEOSSTRtree_query_r(r->ctx, r->tree, pt, collect, r);
    for (i = 0; i < r->nfound; i++)
        if (GEOSPreparedIntersects_r(r->ctx, r->prepared[r->found[i]], pt) == 1)
            out[n++] = r->found[i];
    GEOSGeom_destroy_r(r->ctx, pt);
    if (n > 1)
        qsort(out, (size_t)n, sizeof *out, int_cmp);
    return n;
}
