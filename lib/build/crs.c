/* Reprojection of import files to WGS84 lon/lat with PROJ (see crs.h). */
#include "crs.h"

#include "error.h"
#include "read_file.h"

#include <math.h>
#include <proj.h>
#include <stdlib.h>
#include <string.h>

struct dc_crs {
    PJ_CONTEXT *ctx;  /* one per file: PROJ contexts must not be shared between threads */
    PJ *to_wgs84;
};

static void quiet_proj(void *data, int level, const char *msg)
{
    (void)data;
    (void)level;
    (void)msg;
}

int dc_geojson_crs_name(const dc_json *root, const char **name)
{
    const dc_json *crs = dc_json_get(root, "crs"), *n;

    *name = NULL;
    if (crs == NULL || crs->type == DC_JSON_NULL)
        return 0;
    n = dc_json_get(dc_json_get(crs, "properties"), "name");
    if (n == NULL || n->type != DC_JSON_STRING || n->string[0] == '\0')
        return -1;
    *name = n->string;
    return 0;
}

int dc_geojson_read_collection(const char *path, size_t max_bytes, const char *label,
                               dc_json **root, const dc_json **features, const char **crs_name)
{
    char *text = NULL;
    size_t len = 0;
    dc_json_error jerr;
    const dc_json *type;
    int status;

    *root = NULL;
    *features = NULL;
    *crs_name = NULL;
    if ((status = dc_read_file(path, max_bytes, &text, &len)) != DOMCOV_OK)
        goto cleanup;
    if ((*root = dc_json_parse(text, len, 0, &jerr)) == NULL) {
        status = dc_fail(NULL, DOMCOV_ERR_INPUT, "%s:%lu:%lu: invalid JSON: %s", label, jerr.line,
                         jerr.column, jerr.message);
        goto cleanup;
    }
    type = dc_json_get(*root, "type");
    *features = dc_json_get(*root, "features");
    if (type == NULL || type->type != DC_JSON_STRING || strcmp(type->string, "FeatureCollection") != 0 ||
        *features == NULL || (*features)->type != DC_JSON_ARRAY) {
        status = dc_fail(NULL, DOMCOV_ERR_INPUT, "%s: not a GeoJSON FeatureCollection", label);
        goto cleanup;
    }
    if (dc_geojson_crs_name(*root, crs_name) != 0)
        status = dc_fail(NULL, DOMCOV_ERR_INPUT, "%s: crs member has no properties.name", label);
cleanup:
    free(text);
    if (status != DOMCOV_OK) {
        dc_json_free(*root);
        *root = NULL;
        *features = NULL;
        *crs_name = NULL;
    }
    return status;
}

/* Names meaning "longitude/latitude on WGS84" as GeoJSON writes them: nothing to do. */
static int is_wgs84_lonlat(const char *crs)
{
    static const char *const names[] = {"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84",
                                        "OGC:CRS84", "CRS84", "EPSG:4326",
                                        "urn:ogc:def:crs:EPSG::4326", "WGS84"};
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(crs, names[i]) == 0)
            return 1;
    return 0;
}

int dc_crs_open(const char *name, const char *label, dc_crs **out)
{
    dc_crs *c = NULL;
    PJ *p = NULL;
    int status = DOMCOV_OK;

    *out = NULL;
    if (name == NULL || is_wgs84_lonlat(name))
        return DOMCOV_OK;
    if ((c = calloc(1, sizeof *c)) == NULL || (c->ctx = proj_context_create()) == NULL) {
        status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "cannot create a PROJ context");
        goto cleanup;
    }
    /* The library never prints: PROJ's own messages go nowhere. */
    proj_log_func(c->ctx, NULL, quiet_proj);
    p = proj_create_crs_to_crs(c->ctx, name, "EPSG:4326", NULL);
    if (p == NULL) {
        status = dc_fail(NULL, DOMCOV_ERR_INPUT, "%s: unknown or unusable CRS '%.80s'", label, name);
        goto cleanup;
    }
    /* GeoJSON positions are easting/northing or lon/lat whatever the CRS's axis order says. */
    c->to_wgs84 = proj_normalize_for_visualization(c->ctx, p);
    if (c->to_wgs84 == NULL)
        status = dc_fail(NULL, DOMCOV_ERR_INPUT, "%s: cannot reproject from CRS '%.80s'", label, name);
cleanup:
    proj_destroy(p);
    if (status != DOMCOV_OK)
        dc_crs_free(c);
    else
        *out = c;
    return status;
}

int dc_crs_to_wgs84(dc_crs *c, double x, double y, double *lon, double *lat)
{
    if (c != NULL) {
        PJ_COORD out = proj_trans(c->to_wgs84, PJ_FWD, proj_coord(x, y, 0, 0));
        x = out.lp.lam;
        y = out.lp.phi;
    }
    if (!isfinite(x) || !isfinite(y) || x < -180 || x > 180 || y < -90 || y > 90)
        return -1;
    *lon = x;
    *lat = y;
    return 0;
}

void dc_crs_free(dc_crs *c)
{
    if (c == NULL)
        return;
    proj_destroy(c->to_wgs84);
    if (c->ctx)
        proj_context_destroy(c->ctx);
    free(c);
}
