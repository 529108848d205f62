/* Offices from GeoJSON Points (see offices_geojson.h). */
#include "offices_geojson.h"

#include "crs.h"
#include "error.h"
#include "json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Office files are small; anything this big is a mistake, not a file to parse into memory. */
#define MAX_OFFICES_BYTES ((size_t)256 << 20)

struct dc_offices_reader {
    const char *label;
    dc_crs *crs;
    dc_json *root;
    const dc_json *features;
    size_t next;
};

int dc_offices_open(const char *path, const char *label, const char *crs, dc_offices_reader **out)
{
    dc_offices_reader *r;
    const char *file_crs = NULL;
    int status;

    *out = NULL;
    if ((r = calloc(1, sizeof *r)) == NULL)
        return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
    r->label = label;
    if ((status = dc_geojson_read_collection(path, MAX_OFFICES_BYTES, label, &r->root, &r->features,
                                             &file_crs)) != DOMCOV_OK)
        goto cleanup;
    status = dc_crs_open(file_crs ? file_crs : crs, label, &r->crs);
cleanup:
    if (status != DOMCOV_OK)
        dc_offices_close(r);
    else
        *out = r;
    return status;
}

size_t dc_offices_count(const dc_offices_reader *r)
{
    return r->features->count;
}

/* A string or number property as text ("" when absent); NULL when it is of another type. */
static const char *prop(const dc_json *props, const char *key, char *buf, size_t size)
{
    const dc_json *v = dc_json_get(props, key);

    if (v == NULL || v->type == DC_JSON_NULL)
        return "";
    if (v->type == DC_JSON_STRING)
        return v->string;
    if (v->type == DC_JSON_NUMBER && v->number == floor(v->number) && fabs(v->number) < 1e15) {
        snprintf(buf, size, "%.0f", v->number);
        return buf;
    }
    return NULL;
}

/* Checks and writes one feature; returns a reason to reject it, or NULL (then *status says how it went). */
static const char *office_feature(dc_offices_reader *r, dc_writer *w, const dc_json *f, int *updated,
                                  int *status, char *why, size_t whylen)
{
    const dc_json *props = dc_json_get(f, "properties"), *geom = dc_json_get(f, "geometry");
    const dc_json *type = dc_json_get(f, "type"), *gtype = dc_json_get(geom, "type");
    const dc_json *coords = dc_json_get(geom, "coordinates");
    char idbuf[32];
    const char *city;
    dc_office_row row;

    *status = DOMCOV_OK;
    memset(&row, 0, sizeof row);
    if (f->type != DC_JSON_OBJECT || type == NULL || type->type != DC_JSON_STRING ||
        strcmp(type->string, "Feature") != 0)
        return "not a GeoJSON Feature";
    row.ext_id = prop(props, "id", idbuf, sizeof idbuf);
    row.kind = prop(props, "kind", NULL, 0);
    row.name = prop(props, "name", NULL, 0);
    row.address = prop(props, "address", NULL, 0);
    row.hours = prop(props, "hours", NULL, 0);
    city = prop(props, "city", NULL, 0);
    if (row.ext_id == NULL || !*row.ext_id)
        return "property 'id' is missing";
    if (!row.kind || !row.name || !row.address || !row.hours || !city)
        return "properties kind, name, address, hours and city must be strings";
    if (strcmp(row.kind, "office") != 0 && strcmp(row.kind, "terminal") != 0) {
        snprintf(why, whylen, "kind '%.40s' is not office or terminal", row.kind);
        return why;
    }
    if (*city && (row.city_id = dc_writer_city_id(w, city)) == 0) {
        snprintf(why, whylen, "city '%.60s' is not in the store's cities", city);
        return why;
    }
    if (gtype == NULL || gtype->type != DC_JSON_STRING || strcmp(gtype->string, "Point") != 0)
        return "geometry is not a Point";
    if (coords == NULL || coords->type != DC_JSON_ARRAY || coords->count < 2 ||
        coords->items[0]->type != DC_JSON_NUMBER || coords->items[1]->type != DC_JSON_NUMBER)
        return "Point coordinates are not [x, y] numbers";
    if (dc_crs_to_wgs84(r->crs, coords->items[0]->number, coords->items[1]->number, &row.lon,
                        &row.lat) != 0) {
        snprintf(why, whylen, "(%.12g, %.12g) is not a coordinate%s", coords->items[0]->number,
                 coords->items[1]->number, r->crs ? " after reprojection" : " (lon, lat)");
        return why;
    }
    if (dc_writer_is_update(w))
        *status = dc_writer_office_upsert(w, &row, updated);
    else
        *status = dc_writer_office(w, &row);
    if (*status == DOMCOV_ERR_INPUT) {
        *status = DOMCOV_OK;
        snprintf(why, whylen, "%s", domcov_errmsg(NULL));
        return why;
    }
    return NULL;
}

int dc_offices_next(dc_offices_reader *r, dc_writer *w, dc_report *report, int *done)
{
    int status = DOMCOV_OK, updated = 0;
    char where[200], why[320];
    const char *reason;
    char idbuf[32];
    const dc_json *f;
    const char *id;

    if (r->next < r->features->count) {
        f = r->features->items[r->next];
        id = prop(dc_json_get(f, "properties"), "id", idbuf, sizeof idbuf);
        if (id && *id)
            snprintf(where, sizeof where, "%s:%lu: feature %zu (id %.60s)", r->label, f->line, r->next, id);
        else
            snprintf(where, sizeof where, "%s:%lu: feature %zu", r->label, f->line, r->next);
        report->read++;
        reason = office_feature(r, w, f, &updated, &status, why, sizeof why);
        if (reason) {
            dc_report_add(report, where, "rejected: %s", reason);
            report->rejected++;
        } else if (status == DOMCOV_OK) {
            if (updated)
                report->updated++;
            else
                report->imported++;
        }
        r->next++;
    }
    *done = r->next >= r->features->count;
    return status;
}

void dc_offices_close(dc_offices_reader *r)
{
    if (r == NULL)
        return;
    dc_crs_free(r->crs);
    dc_json_free(r->root);
    free(r);
}
