/*
 * GeoJSON zones: FeatureCollection -> validated, repaired, reprojected
 * MULTIPOLYGONs in the store.  GEOS checks validity and repairs with
 * MakeValid; PROJ reprojects from the file's CRS to WGS84 lon/lat.
 */
#include "zones_geojson.h"

#include "crs.h"
#include "error.h"
#include "json.h"
#include "strbuf.h"

#include <geos_c.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* GeoJSON files larger than this are refused rather than parsed into memory. */
#define MAX_GEOJSON_BYTES ((size_t)1 << 30)

typedef struct zone_ctx {
    GEOSContextHandle_t geos;
    dc_crs *crs;             /* NULL when the file is already lon/lat WGS84 */
    const char *crs_name;
    const char *label;
    dc_report *report;
    char where[200];         /* "label:LINE: feature N (id X)" for messages */
    char why[320];           /* reason of the current feature's rejection */
} zone_ctx;

struct dc_zones_reader {
    zone_ctx c;
    const dc_zone_defaults *defaults;
    dc_json *root;
    const dc_json *features;
    size_t next;
};

static void quiet_geos(const char *fmt, ...)
{
    (void)fmt;
}

static int reject(zone_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int reject(zone_ctx *c, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(c->why, sizeof c->why, fmt, ap);
    va_end(ap);
    return -1;
}

static const char *json_type_name(const dc_json *v)
{
    static const char *const names[] = {"null", "false", "true", "a number", "a string", "an array",
                                        "an object"};
    return names[v->type];
}

/*
 * Reads one [x, y, ...] position into lon/lat WGS84; -1 with the reason in
 * c->why.  `at` is "polygon P ring R position I" for the message.
 */
static int read_position(zone_ctx *c, const dc_json *pos, const char *at, double *lon, double *lat)
{
    double x, y;
    int k;

    if (pos->type != DC_JSON_ARRAY || pos->count < 2)
        return reject(c, "%s is %s, not an [x, y] array", at,
                      pos->type == DC_JSON_ARRAY ? "an array of fewer than 2 numbers" : json_type_name(pos));
    for (k = 0; k < 2; k++)
        if (pos->items[k]->type != DC_JSON_NUMBER)
            /* JSON has no NaN: tools that meant NaN write null. */
            return reject(c, "%s: %s is %s, not a number%s", at, k ? "y" : "x",
                          json_type_name(pos->items[k]),
                          pos->items[k]->type == DC_JSON_NULL ? " (NaN?)" : "");
    x = pos->items[0]->number;
    y = pos->items[1]->number;
    if (dc_crs_to_wgs84(c->crs, x, y, lon, lat) == 0)
        return 0;
    if (c->crs)
        return reject(c, "%s (%.12g, %.12g) cannot be reprojected from %.60s to WGS84", at, x, y,
                      c->crs_name);
    return reject(c, "%s (%.12g, %.12g) is not a lon/lat coordinate; if the file is in a projected "
                  "CRS, give it a crs member or --crs", at, x, y);
}

static GEOSGeometry *read_ring(zone_ctx *c, const dc_json *ring, int pi, int ri, int *closed_it)
{
    GEOSCoordSequence *seq;
    size_t n, i, npts;
    double lon0 = 0, lat0 = 0, lon = 0, lat = 0;
    int need_close;

    if (ring->type != DC_JSON_ARRAY) {
        reject(c, "polygon %d ring %d is not an array of positions", pi, ri);
        return NULL;
    }
    n = ring->count;
    if (n == 0) {
        reject(c, "polygon %d ring %d is empty", pi, ri);
        return NULL;
    }
    for (i = 0; i < n; i++) {
        char at[80];
        snprintf(at, sizeof at, "polygon %d ring %d position %zu", pi, ri, i);
        if (read_position(c, ring->items[i], at, &lon, &lat) != 0)
            return NULL;
        if (i == 0) {
            lon0 = lon;
            lat0 = lat;
        }
    }
    need_close = lon != lon0 || lat != lat0;
    npts = n + (size_t)need_close;
    if (npts < 4) {
        reject(c, "polygon %d ring %d has %zu positions, a ring needs at least 4", pi, ri, n);
        return NULL;
    }
    seq = GEOSCoordSeq_create_r(c->geos, (unsigned)npts, 2);
    if (seq == NULL) {
        reject(c, "out of memory");
        return NULL;
    }
    for (i = 0; i < n; i++) {
        read_position(c, ring->items[i], "", &lon, &lat);
        GEOSCoordSeq_setXY_r(c->geos, seq, (unsigned)i, lon, lat);
    }
    if (need_close) {
        GEOSCoordSeq_setXY_r(c->geos, seq, (unsigned)n, lon0, lat0);
        *closed_it = 1;
    }
    return GEOSGeom_createLinearRing_r(c->geos, seq);
}

static GEOSGeometry *read_polygon(zone_ctx *c, const dc_json *rings, int pi, int *closed_it)
{
    GEOSGeometry *shell = NULL, **holes = NULL, *poly = NULL;
    size_t i, nholes = 0;

    if (rings->type != DC_JSON_ARRAY || rings->count == 0) {
        reject(c, "polygon %d has no rings", pi);
        return NULL;
    }
    holes = calloc(rings->count, sizeof *holes);
    if (holes == NULL) {
        reject(c, "out of memory");
        return NULL;
    }
    shell = read_ring(c, rings->items[0], pi, 0, closed_it);
    if (shell == NULL)
        goto cleanup;
    for (i = 1; i < rings->count; i++) {
        holes[nholes] = read_ring(c, rings->items[i], pi, (int)i, closed_it);
        if (holes[nholes] == NULL)
            goto cleanup;
        nholes++;
    }
    poly = GEOSGeom_createPolygon_r(c->geos, shell, holes, (unsigned)nholes);
    shell = NULL;
    nholes = 0;
cleanup:
    GEOSGeom_destroy_r(c->geos, shell);
    for (i = 0; i < nholes; i++)
        GEOSGeom_destroy_r(c->geos, holes[i]);
    free(holes);
    return poly;
}

/* Collects the polygons of any geometry into a new MULTIPOLYGON (for MakeValid output too). */
static GEOSGeometry *polygons_of(zone_ctx *c, const GEOSGeometry *g)
{
    int n = GEOSGetNumGeometries_r(c->geos, g), i, k = 0;
    GEOSGeometry **parts = calloc((size_t)(n > 0 ? n : 1) * 4, sizeof *parts);
    GEOSGeometry *out = NULL;

    if (parts == NULL)
        return NULL;
    for (i = 0; i < n; i++) {
        const GEOSGeometry *part = GEOSGetGeometryN_r(c->geos, g, i);
        int t = GEOSGeomTypeId_r(c->geos, part);
        if (t == GEOS_POLYGON && !GEOSisEmpty_r(c->geos, part))
            parts[k++] = GEOSGeom_clone_r(c->geos, part);
        else if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
            GEOSGeometry *sub = polygons_of(c, part);
            int j, m = sub ? GEOSGetNumGeometries_r(c->geos, sub) : 0;
            GEOSGeometry **grown = m > 0 ? realloc(parts, sizeof *parts * (size_t)(k + m + n)) : parts;
            if (grown)
                parts = grown;
            for (j = 0; grown && j < m; j++)
                parts[k++] = GEOSGeom_clone_r(c->geos, GEOSGetGeometryN_r(c->geos, sub, j));
            GEOSGeom_destroy_r(c->geos, sub);
        }
    }
    out = GEOSGeom_createCollection_r(c->geos, GEOS_MULTIPOLYGON, parts, (unsigned)k);
    free(parts);
    return out;
}

static GEOSGeometry *read_geometry(zone_ctx *c, const dc_json *geom, int *closed_it)
{
    const dc_json *type = dc_json_get(geom, "type"), *coords = dc_json_get(geom, "coordinates");
    GEOSGeometry **polys = NULL, *out = NULL;
    size_t i, n = 0, k = 0;
    int multi;

    if (geom == NULL || geom->type == DC_JSON_NULL) {
        reject(c, "no geometry");
        return NULL;
    }
    if (type == NULL || type->type != DC_JSON_STRING) {
        reject(c, "geometry has no type");
        return NULL;
    }
    multi = strcmp(type->string, "MultiPolygon") == 0;
    if (!multi && strcmp(type->string, "Polygon") != 0) {
        reject(c, "geometry type %.40s is not Polygon or MultiPolygon", type->string);
        return NULL;
    }
    if (coords == NULL || coords->type != DC_JSON_ARRAY || coords->count == 0) {
        reject(c, "geometry has no coordinates");
        return NULL;
    }
    n = multi ? coords->count : 1;
    polys = calloc(n, sizeof *polys);
    if (polys == NULL) {
        reject(c, "out of memory");
        return NULL;
    }
    for (i = 0; i < n; i++) {
        polys[k] = read_polygon(c, multi ? coords->items[i] : coords, (int)i, closed_it);
        if (polys[k] == NULL)
            goto cleanup;
        k++;
    }
    out = GEOSGeom_createCollection_r(c->geos, GEOS_MULTIPOLYGON, polys, (unsigned)k);
    k = 0;
cleanup:
    for (i = 0; i < k; i++)
        GEOSGeom_destroy_r(c->geos, polys[i]);
    free(polys);
    return out;
}

/* Validates and, when needed, repairs a zone; NULL (with c->why) when no area survives. */
static GEOSGeometry *make_usable(zone_ctx *c, GEOSGeometry *g, int *repaired)
{
    char *reason;
    GEOSGeometry *fixed, *polys;
    double area = 0;

    if (GEOSisValid_r(c->geos, g) == 1)
        return g;
    reason = GEOSisValidReason_r(c->geos, g);
    snprintf(c->why, sizeof c->why, "%s", reason ? reason : "invalid geometry");
    GEOSFree_r(c->geos, reason);
    fixed = GEOSMakeValid_r(c->geos, g);
    GEOSGeom_destroy_r(c->geos, g);
    if (fixed == NULL)
        return NULL;
    polys = polygons_of(c, fixed);
    GEOSGeom_destroy_r(c->geos, fixed);
    if (polys == NULL || GEOSArea_r(c->geos, polys, &area) != 1 || !(area > 0) ||
        GEOSisValid_r(c->geos, polys) != 1) {
        GEOSGeom_destroy_r(c->geos, polys);
        return NULL;
    }
    *repaired = 1;
    return polys;
}

/* A property as text: strings as they are, numbers printed as integers or %.17g. */
static const char *prop_text(const dc_json *props, const char *key, char *buf, size_t size)
{
    const dc_json *v = dc_json_get(props, key);

    if (v == NULL)
        return NULL;
    if (v->type == DC_JSON_STRING)
        return v->string[0] ? v->string : NULL;
    if (v->type == DC_JSON_NUMBER) {
        if (v->number == floor(v->number) && fabs(v->number) < 1e15)
            snprintf(buf, size, "%.0f", v->number);
        else
            snprintf(buf, size, "%.17g", v->number);
        return buf;
    }
    return NULL;
}

/* Writes a usable zone: inserted when building, upserted by id when importing into a store. */
static int write_zone(zone_ctx *c, dc_writer *w, const dc_zone_row *row, int *updated)
{
    int rc;

    *updated = 0;
    rc = dc_writer_is_update(w) ? dc_writer_zone_upsert(w, row, updated) : dc_writer_zone(w, row);
    if (rc == DOMCOV_ERR_INPUT)
        return reject(c, "%s", domcov_errmsg(NULL));
    return rc;  /* DOMCOV_OK, or a store failure that aborts the import */
}

static int import_feature(zone_ctx *c, dc_writer *w, const dc_json *f, size_t index,
                          const dc_zone_defaults *d)
{
    const dc_json *props, *type;
    const char *id, *service, *technology, *status, *city, *name;
    char idbuf[64], fallback_id[200];
    GEOSGeometry *g = NULL;
    GEOSWKBWriter *wkbw = NULL;
    unsigned char *wkb = NULL;
    size_t wkb_len = 0;
    int closed_it = 0, repaired = 0, updated = 0, rc = -1;
    dc_zone_row row;

    c->why[0] = '\0';
    snprintf(c->where, sizeof c->where, "%s:%lu: feature %zu", c->label, f->line, index);
    type = dc_json_get(f, "type");
    if (f->type != DC_JSON_OBJECT || type == NULL || type->type != DC_JSON_STRING ||
        strcmp(type->string, "Feature") != 0) {
        reject(c, "not a GeoJSON Feature");
        goto cleanup;
    }
    props = dc_json_get(f, "properties");
    id = prop_text(props, "id", idbuf, sizeof idbuf);
    if (id == NULL)
        id = prop_text(f, "id", idbuf, sizeof idbuf);
    if (id == NULL) {
        snprintf(fallback_id, sizeof fallback_id, "%s#%zu", c->label, index);
        id = fallback_id;
        dc_report_add(c->report, c->where, "warning: no id, using '%s'", id);
    }
    snprintf(c->where, sizeof c->where, "%s:%lu: feature %zu (id %.60s)", c->label, f->line, index, id);
    /* Claimed before any check, so that --replace-city keeps the stored version of a rejected zone. */
    if (dc_writer_is_update(w) && (rc = dc_writer_claim(w, "zones", id)) != DOMCOV_OK) {
        if (rc == DOMCOV_ERR_INPUT)
            reject(c, "%s", domcov_errmsg(NULL));
        rc = rc == DOMCOV_ERR_INPUT ? -1 : rc;
        goto cleanup;
    }
    rc = -1;
    service = prop_text(props, "service", NULL, 0);
    technology = prop_text(props, "technology", NULL, 0);
    status = prop_text(props, "status", NULL, 0);
    city = prop_text(props, "city", NULL, 0);
    name = prop_text(props, "name", NULL, 0);
    if (service == NULL) service = d ? d->service : NULL;
    if (technology == NULL) technology = d ? d->technology : NULL;
    if (status == NULL) status = d && d->status ? d->status : "active";
    if (city == NULL) city = d ? d->city : NULL;
    if (service == NULL || (strcmp(service, "internet") != 0 && strcmp(service, "tv") != 0)) {
        reject(c, "service '%.40s' is not internet or tv", service ? service : "(missing)");
        goto cleanup;
    }
    if (technology == NULL) {
        reject(c, "no technology (property or --technology)");
        goto cleanup;
    }
    if (strcmp(status, "active") != 0 && strcmp(status, "planned") != 0) {
        reject(c, "status '%.40s' is not active or planned", status);
        goto cleanup;
    }
    memset(&row, 0, sizeof row);
    if (city != NULL && (row.city_id = dc_writer_city_id(w, city)) == 0) {
        reject(c, "city '%.60s' is not in the store's cities", city);
        goto cleanup;
    }
    g = read_geometry(c, dc_json_get(f, "geometry"), &closed_it);
    if (g == NULL)
        goto cleanup;
    g = make_usable(c, g, &repaired);
    if (g == NULL) {
        char why[320];
        snprintf(why, sizeof why, "%s", c->why);
        reject(c, "invalid geometry that cannot be repaired into an area: %s", why);
        goto cleanup;
    }
    wkbw = GEOSWKBWriter_create_r(c->geos);
    GEOSWKBWriter_setOutputDimension_r(c->geos, wkbw, 2);
    wkb = GEOSWKBWriter_write_r(c->geos, wkbw, g, &wkb_len);
    if (wkb == NULL) {
        reject(c, "cannot encode the geometry");
        goto cleanup;
    }
    row.zone_id = id;
    row.service = service;
    row.technology = technology;
    row.status = status;
    row.name = name;
    row.wkb = wkb;
    row.wkb_len = wkb_len;
    if ((rc = write_zone(c, w, &row, &updated)) != DOMCOV_OK)
        goto cleanup;  /* -1: rejected; else a fatal store error: the caller aborts */
    if (closed_it)
        dc_report_add(c->report, c->where, "repaired: a ring was not closed; closed it");
    if (repaired)
        dc_report_add(c->report, c->where, "repaired: %s (GEOS MakeValid)", c->why);
    if (closed_it || repaired)
        c->report->repaired++;
    if (updated)
        c->report->updated++;
    else
        c->report->imported++;
cleanup:
    if (rc == -1) {
        dc_report_add(c->report, c->where, "rejected: %s", c->why);
        c->report->rejected++;
        rc = DOMCOV_OK;
    }
    if (wkb)
        GEOSFree_r(c->geos, wkb);
    GEOSWKBWriter_destroy_r(c->geos, wkbw);
    GEOSGeom_destroy_r(c->geos, g);
    return rc;
}

int dc_zones_open(const char *path, const char *label, const dc_zone_defaults *defaults,
                  dc_zones_reader **out)
{
    dc_zones_reader *r;
    const char *crs = NULL;
    int status;

    *out = NULL;
    if ((r = calloc(1, sizeof *r)) == NULL)
        return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
    r->c.label = label;
    r->defaults = defaults;
    if ((status = dc_geojson_read_collection(path, MAX_GEOJSON_BYTES, label, &r->root, &r->features,
                                             &crs)) != DOMCOV_OK)
        goto cleanup;
    /* The file's own crs member wins over the caller's default. */
    if (crs == NULL && defaults)
        crs = defaults->crs;
    r->c.crs_name = crs;
    if ((status = dc_crs_open(crs, label, &r->c.crs)) != DOMCOV_OK)
        goto cleanup;
    r->c.geos = GEOS_init_r();
    if (r->c.geos == NULL) {
        status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "cannot create a GEOS context");
        goto cleanup;
    }
    GEOSContext_setNoticeHandler_r(r->c.geos, quiet_geos);
    GEOSContext_setErrorHandler_r(r->c.geos, quiet_geos);
cleanup:
    if (status != DOMCOV_OK)
        dc_zones_close(r);
    else
        *out = r;
    return status;
}

size_t dc_zones_count(const dc_zones_reader *r)
{
    return r->features->count;
}

int dc_zones_next(dc_zones_reader *r, dc_writer *w, dc_report *report, int *done)
{
    int status = DOMCOV_OK;

    if (r->next < r->features->count) {
        r->c.report = report;
        report->read++;
        status = import_feature(&r->c, w, r->features->items[r->next], r->next, r->defaults);
        r->next++;
    }
    *done = r->next >= r->features->count;
    return status;
}

void dc_zones_close(dc_zones_reader *r)
{
    if (r == NULL)
        return;
    dc_crs_free(r->c.crs);
    if (r->c.geos)
        GEOS_finish_r(r->c.geos);
    dc_json_free(r->root);
    free(r);
}

int dc_import_zones_geojson(dc_writer *w, const char *path, const char *label,
                            const dc_zone_defaults *defaults, dc_report *report)
{
    dc_zones_reader *r = NULL;
    int status, done = 0;

    if ((status = dc_zones_open(path, label, defaults, &r)) != DOMCOV_OK)
        return status;
    while (status == DOMCOV_OK && !done)
        status = dc_zones_next(r, w, report, &done);
    dc_zones_close(r);
    return status;
}
